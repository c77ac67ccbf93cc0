// NEP-519 yield/resume host functions, as near-vm-runner's logic.rs has them:
// promise_yield_create / promise_yield_resume (protocol 67 on) and 85's
// promise_yield_create_with_id / promise_yield_resume_with_yield_id
// (`yield_with_id_host_fns`). A yield is a receipt to the current account with one
// input data id; the chain keeps its status (sandbox/chain/yield-receipts.ts).
import type { ExtCost, RuntimeConfig } from '../params/runtime-config.ts';
import type { GasCounter } from './gas.ts';
import { HostFailure } from './host-error.ts';
import type { CallState } from './host-functions.ts';
import type { VMContext, YieldHost } from './types.ts';

const U64_MAX = 2n ** 64n - 1n;
/** CryptoHash::LENGTH and YieldId::LENGTH (core/primitives-core/src/hash.rs). */
const ID_LENGTH = 32;

/** What the yield functions use of the call's host environment (host-functions.ts). */
export interface YieldKit {
  ctx: VMContext;
  gas: GasCounter;
  state: CallState;
  config: RuntimeConfig;
  cost(name: ExtCost, times?: bigint): void;
  readInput(len: bigint, ptr: bigint): Uint8Array;
  readU128(ptr: bigint): bigint;
  setRegister(id: bigint, data: Uint8Array): void;
}

/** Yield state for one call when the VM runs without a chain (unit tests): nothing outlives the call. */
function callLocalYields(): YieldHost {
  const status = new Map<string, Uint8Array>();
  const byYieldId = new Map<string, Uint8Array>();
  let n = 0;
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  return {
    create(yieldId) {
      if (yieldId && byYieldId.has(hex(yieldId))) return undefined;
      const dataId = new Uint8Array(ID_LENGTH);
      new DataView(dataId.buffer).setUint32(0, ++n, true);
      status.set(hex(dataId), dataId);
      if (yieldId) byYieldId.set(hex(yieldId), dataId);
      return dataId;
    },
    resume: (dataId) => status.has(hex(dataId)),
    dataIdOf: (yieldId) => byYieldId.get(hex(yieldId)),
  };
}

/** The resume functions return u32 (imports.rs), an i32 to wasm: a number, not a BigInt. */
export function yieldFunctions(kit: YieldKit): Record<string, (...args: bigint[]) => bigint | number> {
  const { ctx, gas, state, config, cost, readInput } = kit;
  const fees = config.fees;
  const yields = ctx.yields ?? callLocalYields();

  /** logic.rs pay_gas_for_new_receipt(sir = true, [true]): the receipt and its one data dependency,
   *  both to the current account; the data receipt's send and execution are burnt now. */
  const payNewReceipt = () => {
    const receipt = fees.action_receipt_creation;
    const data = fees.data_receipt_creation_base;
    // Booked under new_action_receipt, data dependency included (pay_action_accumulated).
    gas.payAction(receipt.sendSir + data.sendSir + data.execution, receipt.execution, 'new_action_receipt');
  };
  /** The callback's function call, sir: function_call_base and function_call_byte (pay_action_base/per_byte). */
  const payFunctionCall = (numBytes: bigint) => {
    const base = fees.function_call_base;
    const perByte = fees.function_call_per_byte;
    gas.payAction(base.sendSir, base.execution, 'function_call_base');
    gas.payAction(perByte.sendSir * numBytes, perByte.execution * numBytes, 'function_call_byte');
  };
  const methodName = (len: bigint, ptr: bigint): Uint8Array => {
    const method = readInput(len, ptr);
    if (method.length === 0) throw new HostFailure({ kind: 'EmptyMethodName' });
    return method;
  };
  const payload = (len: bigint, ptr: bigint): Uint8Array => {
    const data = readInput(len, ptr);
    const limit = config.parameters.max_yield_payload_size;
    if (BigInt(data.length) > limit) throw new HostFailure({ kind: 'YieldPayloadLength', length: BigInt(data.length), limit });
    return data;
  };
  /** yield_resume_byte times the payload length as given, before the payload is read (u64 overflow: IntegerOverflow). */
  const payResume = (plen: bigint) => {
    cost('yield_resume_base');
    if (config.extCosts.yield_resume_byte * plen > U64_MAX) throw new HostFailure({ kind: 'IntegerOverflow' });
    cost('yield_resume_byte', plen);
  };
  const resume = (dataId: Uint8Array, data: Uint8Array): number => {
    if (!yields.resume(dataId)) return 0;
    state.receipts.resumes.push({ dataId, payload: data });
    return 1;
  };
  const callback = (index: bigint, method: Uint8Array, args: Uint8Array, deposit: bigint, attachedGas: bigint, weight: bigint) => {
    state.receipts.append(index, { kind: 'FunctionCall', methodName: new TextDecoder().decode(method), args, deposit, gas: attachedGas }, weight);
  };

  return {
    // `base` is charged by the caller (host-functions.ts wraps every function).
    promise_yield_create: (mlen, mptr, alen, aptr, attachedGas, weight, registerId) => {
      cost('yield_create_base');
      const method = methodName(mlen, mptr);
      const args = readInput(alen, aptr);
      const numBytes = BigInt(method.length + args.length);
      cost('yield_create_byte', numBytes);
      // Prepaid for the callback, so this call cannot use it any more.
      gas.reserve(attachedGas);
      payNewReceipt();
      const dataId = yields.create(undefined, state.receipts.dataIdCount())!;
      const index = state.receipts.createYield(ctx.currentAccountId, dataId);
      payFunctionCall(numBytes);
      callback(index, method, args, 0n, attachedGas, weight);
      kit.setRegister(registerId, dataId);
      return index;
    },
    promise_yield_create_with_id: (mlen, mptr, alen, aptr, amountPtr, attachedGas, weight, ylen, yptr) => {
      cost('yield_create_with_id_base');
      const amount = kit.readU128(amountPtr);
      const method = methodName(mlen, mptr);
      const args = readInput(alen, aptr);
      const yieldId = readInput(ylen, yptr);
      if (yieldId.length !== ID_LENGTH) throw new HostFailure({ kind: 'YieldIdMalformed' });
      const numBytes = BigInt(method.length + args.length);
      cost('yield_create_byte', numBytes);
      // A yield with this id is pending: u64::MAX, and no receipt is paid for.
      const dataId = yields.create(yieldId.slice(), state.receipts.dataIdCount());
      if (!dataId) return U64_MAX;
      gas.reserve(attachedGas);
      payNewReceipt();
      const index = state.receipts.createYield(ctx.currentAccountId, dataId);
      payFunctionCall(numBytes);
      // one_yocto_on_promise: exactly 1 yoctoNEAR from a zero balance is not deducted (as function calls).
      const subsidized = amount === 1n && config.parameters.one_yocto_on_promise && state.balance === 0n;
      if (!subsidized) {
        if (amount > state.balance) throw new HostFailure({ kind: 'BalanceExceeded' });
        state.balance -= amount;
      }
      callback(index, method, args, amount, attachedGas, weight);
      return index;
    },
    promise_yield_resume: (dlen, dptr, plen, pptr) => {
      payResume(plen);
      const dataId = readInput(dlen, dptr);
      const data = payload(plen, pptr);
      if (dataId.length !== ID_LENGTH) throw new HostFailure({ kind: 'DataIdMalformed' });
      return resume(dataId.slice(), data.slice());
    },
    promise_yield_resume_with_yield_id: (ylen, yptr, plen, pptr) => {
      payResume(plen);
      const yieldId = readInput(ylen, yptr);
      const data = payload(plen, pptr);
      if (yieldId.length !== ID_LENGTH) throw new HostFailure({ kind: 'YieldIdMalformed' });
      const dataId = yields.dataIdOf(yieldId);
      return dataId ? resume(dataId, data.slice()) : 0;
    },
  };
}
