// The receipts a call creates, named by index (nearcore's ReceiptManager minus
// data ids, which the chain assigns). Promises are receipts or joins of them.
import type { Action, GlobalContractIdentifier, NewReceipt, YieldResume } from './types.ts';
import { HostFailure } from './host-error.ts';

type PromiseEntry = { kind: 'Receipt'; receipt: number } | { kind: 'Joint'; receipts: number[] };

export class ReceiptManager {
  readonly receipts: NewReceipt[] = [];
  private readonly promises: PromiseEntry[] = [];
  /** Weights of function calls for sharing unused gas: [receipt, action, weight]. */
  readonly weights: Array<[number, number, bigint]> = [];
  /** promise_yield_resume payloads (nearcore's data_receipts with is_promise_resume). */
  readonly resumes: YieldResume[] = [];

  /** `maxPromises`: max_promises_per_function_call_action (logic.rs checked_push_promise). */
  constructor(private readonly maxPromises = Number.MAX_SAFE_INTEGER) {}

  private pushPromise(entry: PromiseEntry): bigint {
    this.promises.push(entry);
    if (this.promises.length > this.maxPromises) {
      throw new HostFailure({ kind: 'NumberPromisesExceeded', numberOfPromises: BigInt(this.promises.length), limit: BigInt(this.maxPromises) });
    }
    return BigInt(this.promises.length - 1);
  }

  private promise(index: bigint): PromiseEntry {
    const p = this.promises[Number(index)];
    if (index >= BigInt(this.promises.length) || !p) throw new HostFailure({ kind: 'InvalidPromiseIndex', promiseIdx: index });
    return p;
  }

  /** Receipt indices a promise stands for. */
  receiptsOf(index: bigint): number[] {
    const p = this.promise(index);
    return p.kind === 'Receipt' ? [p.receipt] : p.receipts;
  }

  create(receiverId: string, dependsOn: number[]): bigint {
    this.receipts.push({ receiverId, dependsOn, actions: [] });
    return this.pushPromise({ kind: 'Receipt', receipt: this.receipts.length - 1 });
  }

  /** A PromiseYield receipt to the current account, waiting on `dataId` (receipt_manager.rs create_promise_yield_receipt). */
  createYield(receiverId: string, dataId: Uint8Array): bigint {
    this.receipts.push({ receiverId, dependsOn: [], actions: [], yieldDataId: dataId });
    return this.pushPromise({ kind: 'Receipt', receipt: this.receipts.length - 1 });
  }

  /** Data ids the call has generated so far (ext.rs data_count): one per dependency of each receipt
   *  (create_action_receipt) and one per yield (create_promise_yield_receipt), in creation order. */
  dataIdCount(): number {
    return this.receipts.reduce((n, r) => n + (r.yieldDataId ? 1 : r.dependsOn.length), 0);
  }

  join(indices: bigint[]): bigint {
    const receipts = indices.flatMap((i) => this.receiptsOf(i));
    return this.pushPromise({ kind: 'Joint', receipts });
  }

  /** The receipt a batch action goes to; joint promises take none. */
  receiptFor(index: bigint): NewReceipt {
    return this.receipts[this.receiptIndexFor(index)];
  }

  singleReceipt(index: bigint): number {
    const p = this.promise(index);
    if (p.kind !== 'Receipt') throw new HostFailure({ kind: 'CannotReturnJointPromise' });
    return p.receipt;
  }

  append(index: bigint, action: Action, weight?: bigint): void {
    const receipt = this.receiptFor(index);
    receipt.actions.push(action);
    if (weight !== undefined && weight > 0n) this.weights.push([this.receipts.indexOf(receipt), receipt.actions.length - 1, weight]);
  }

  /** promise_set_refund_to: deposit refunds of the promise's receipt go to `accountId`. */
  setRefundTo(index: bigint, accountId: string): void {
    const p = this.promise(index);
    if (p.kind !== 'Receipt') throw new HostFailure({ kind: 'CannotSetRefundToOnJointPromise' });
    this.receipts[p.receipt].refundTo = accountId;
  }

  /** Appends a DeterministicStateInit with no data yet; returns its action index in the receipt. */
  appendStateInit(index: bigint, code: GlobalContractIdentifier, deposit: bigint): bigint {
    const receipt = this.receiptFor(index);
    receipt.actions.push({ kind: 'DeterministicStateInit', stateInit: { code, data: [] }, deposit });
    return BigInt(receipt.actions.length - 1);
  }

  /** Adds a data entry to the state init at `actionIndex` of the promise's receipt, keeping nearcore's BTreeMap order. */
  setStateInitEntry(index: bigint, actionIndex: bigint, key: Uint8Array, value: Uint8Array): void {
    const receiptIndex = this.receiptIndexFor(index);
    const actions = this.receipts[receiptIndex].actions;
    const action = actionIndex < BigInt(actions.length) ? actions[Number(actionIndex)] : undefined;
    if (action?.kind !== 'DeterministicStateInit') {
      throw new HostFailure({ kind: 'InvalidActionIndex', receiptIndex: BigInt(receiptIndex), actionIndex });
    }
    const data = action.stateInit.data;
    const at = data.findIndex(([k]) => Buffer.compare(k, key) >= 0);
    if (at >= 0 && Buffer.compare(data[at][0], key) === 0) throw new HostFailure({ kind: 'DataEntryAlreadyExists' });
    data.splice(at < 0 ? data.length : at, 0, [key, value]);
  }

  /** The receipt index a batch action goes to (joint promises: CannotAppendActionToJointPromise). */
  receiptIndexFor(index: bigint): number {
    const p = this.promise(index);
    if (p.kind !== 'Receipt') throw new HostFailure({ kind: 'CannotAppendActionToJointPromise' });
    return p.receipt;
  }

  /** nearcore's distribute_gas: unused gas goes to weighted function calls, remainder to the last. */
  distribute(unused: bigint): bigint {
    const total = this.weights.reduce((s, [, , w]) => s + w, 0n);
    if (total === 0n || unused <= 0n) return 0n;
    let given = 0n;
    this.weights.forEach(([r, a, w], i) => {
      const share = i === this.weights.length - 1 ? unused - given : (unused * w) / total;
      const action = this.receipts[r].actions[a];
      if (action.kind === 'FunctionCall') action.gas += share;
      given += share;
    });
    return given;
  }
}
