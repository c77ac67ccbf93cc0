// A minimal NEAR host for the toolchain's tests: enough `env` imports to
// instantiate a built contract under Node and call its methods, recording
// what it does. Not the local node's VM (sandbox/vm): no gas, no limits.
import { hostFunctionsAt } from '../near-host-functions.ts';

export interface RecordedAction {
  promise: number;
  receiver: string;
  name: string;
  args: Array<bigint | Uint8Array | string>;
}

export interface CallResult {
  returned?: string;
  logs: string[];
  panic?: string;
  actions: RecordedAction[];
}

export interface CallOptions {
  args?: unknown;
  predecessor?: string;
  signer?: string;
  deposit?: bigint;
  current?: string;
  /** Results of the promises this call is a callback of: bytes, or 'failed'. */
  promiseResults?: Array<Uint8Array | 'failed'>;
}

export class Harness {
  readonly storage = new Map<string, Uint8Array>();
  private readonly module: WebAssembly.Module;

  constructor(wasm: Uint8Array) {
    this.module = new WebAssembly.Module(new Uint8Array(wasm));
  }

  call(method: string, options: CallOptions = {}): CallResult {
    const registers = new Map<bigint, Uint8Array>();
    const result: CallResult = { logs: [], actions: [] };
    const promises: string[] = [];
    const input = new TextEncoder().encode(options.args === undefined ? '' : JSON.stringify(options.args));
    const current = options.current ?? 'contract.test.near';
    const predecessor = options.predecessor ?? 'alice.test.near';
    const signer = options.signer ?? predecessor;
    let memory: WebAssembly.Memory | undefined;
    const mem = () => new Uint8Array(memory!.buffer);
    const read = (len: bigint, ptr: bigint) => mem().slice(Number(ptr), Number(ptr + len));
    const text = (len: bigint, ptr: bigint) => new TextDecoder().decode(read(len, ptr));
    const u128 = (ptr: bigint) => {
      const view = new DataView(memory!.buffer, Number(ptr), 16);
      return view.getBigUint64(0, true) | (view.getBigUint64(8, true) << 64n);
    };
    const writeU128 = (ptr: bigint, value: bigint) => {
      const view = new DataView(memory!.buffer, Number(ptr), 16);
      view.setBigUint64(0, value & 0xffffffffffffffffn, true);
      view.setBigUint64(8, value >> 64n, true);
    };
    const setRegister = (id: bigint, data: Uint8Array) => registers.set(id, data);
    const utf8 = (s: string) => new TextEncoder().encode(s);
    class Panic extends Error {}
    const record = (name: string) => (promise: bigint, ...args: Array<bigint | Uint8Array | string>) => {
      result.actions.push({ promise: Number(promise), receiver: promises[Number(promise)] ?? '?', name, args });
    };
    const handlers: Record<string, (...args: bigint[]) => bigint | void> = {
      read_register: (id, ptr) => { mem().set(registers.get(id)!, Number(ptr)); },
      register_len: (id) => (registers.has(id) ? BigInt(registers.get(id)!.length) : 0xffffffffffffffffn),
      current_account_id: (id) => { setRegister(id, utf8(current)); },
      signer_account_id: (id) => { setRegister(id, utf8(signer)); },
      predecessor_account_id: (id) => { setRegister(id, utf8(predecessor)); },
      signer_account_pk: (id) => { setRegister(id, new Uint8Array(33)); },
      input: (id) => { setRegister(id, input); },
      block_index: () => 100n,
      block_timestamp: () => 1_700_000_000_000_000_000n,
      epoch_height: () => 1n,
      storage_usage: () => 1000n,
      account_balance: (ptr) => { writeU128(ptr, 10n ** 25n); },
      account_locked_balance: (ptr) => { writeU128(ptr, 0n); },
      attached_deposit: (ptr) => { writeU128(ptr, options.deposit ?? 0n); },
      prepaid_gas: () => 300_000_000_000_000n,
      used_gas: () => 0n,
      value_return: (len, ptr) => { result.returned = text(len, ptr); },
      panic_utf8: (len, ptr) => { throw new Panic(text(len, ptr)); },
      panic: () => { throw new Panic('explicit guest panic'); },
      log_utf8: (len, ptr) => { result.logs.push(text(len, ptr)); },
      storage_write: (kl, kp, vl, vp, reg) => {
        const key = text(kl, kp);
        const old = this.storage.get(key);
        if (old) setRegister(reg, old);
        this.storage.set(key, read(vl, vp));
        return old ? 1n : 0n;
      },
      storage_read: (kl, kp, reg) => {
        const value = this.storage.get(text(kl, kp));
        if (!value) return 0n;
        setRegister(reg, value);
        return 1n;
      },
      storage_remove: (kl, kp, reg) => {
        const key = text(kl, kp);
        const old = this.storage.get(key);
        if (!old) return 0n;
        setRegister(reg, old);
        this.storage.delete(key);
        return 1n;
      },
      storage_has_key: (kl, kp) => (this.storage.has(text(kl, kp)) ? 1n : 0n),
      promise_batch_create: (len, ptr) => BigInt(promises.push(text(len, ptr)) - 1),
      promise_batch_then: (_idx, len, ptr) => BigInt(promises.push(text(len, ptr)) - 1),
      promise_batch_action_create_account: (p) => record('create_account')(p),
      promise_batch_action_transfer: (p, amount) => record('transfer')(p, u128(amount)),
      promise_batch_action_add_key_with_full_access: (p, len, ptr, nonce) => record('add_key_full_access')(p, read(len, ptr), nonce),
      promise_batch_action_function_call: (p, ml, mp, al, ap, amount, gas) => record('function_call')(p, text(ml, mp), text(al, ap), u128(amount), gas),
      promise_batch_action_function_call_weight: (p, ml, mp, al, ap, amount, gas, w) => record('function_call_weight')(p, text(ml, mp), text(al, ap), u128(amount), gas, w),
      promise_batch_action_use_global_contract: (p, len, ptr) => record('use_global_contract')(p, read(len, ptr)),
      promise_batch_action_use_global_contract_by_account_id: (p, len, ptr) => record('use_global_contract_by_account_id')(p, text(len, ptr)),
      promise_batch_action_deploy_global_contract: (p, len, ptr) => record('deploy_global_contract')(p, read(len, ptr)),
      promise_batch_action_deploy_global_contract_by_account_id: (p, len, ptr) => record('deploy_global_contract_by_account_id')(p, read(len, ptr)),
      promise_return: (p) => record('promise_return')(p),
      promise_set_refund_to: (p, len, ptr) => record('set_refund_to')(p, text(len, ptr)),
      promise_results_count: () => BigInt(options.promiseResults?.length ?? 0),
      promise_result: (idx, reg) => {
        const r = options.promiseResults?.[Number(idx)];
        if (r === undefined) throw new Error(`harness: no promise result ${idx}`);
        if (r === 'failed') return 2n;
        setRegister(reg, r);
        return 1n;
      },
    };
    const env: Record<string, (...args: bigint[]) => bigint | void> = {};
    for (const name of hostFunctionsAt(Number.MAX_SAFE_INTEGER)) {
      env[name] = handlers[name] ?? (() => { throw new Error(`harness: host function ${name} not provided`); });
    }
    const instance = new WebAssembly.Instance(this.module, { env });
    memory = instance.exports.memory as WebAssembly.Memory;
    const fn = instance.exports[method] as (() => void) | undefined;
    if (!fn) throw new Error(`no exported method ${method}`);
    try {
      fn();
    } catch (error) {
      if (error instanceof Panic) result.panic = error.message;
      else throw error;
    }
    return result;
  }
}
