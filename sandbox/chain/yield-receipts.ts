// NEP-519 yield/resume on the chain, as nearcore's runtime keeps it in the trie
// (runtime/runtime/src/ext.rs, lib.rs, function_call.rs):
// - a yield's status by (account, data id): Yielded, then ResumeInitiated once
//   promise_yield_resume succeeded (set_promise_yield_status);
// - 85's yield id <-> data id mappings (promise_yield_create_with_id);
// - PromiseYield receipts, stored the moment they are created (instant receipts,
//   receipt.rs is_instant_receipt) until a PromiseResume data receipt arrives;
// - the timeout queue: `yield_timeout_length_in_blocks` after the block that
//   created it, a yield still waiting gets a PromiseResume with no data, so the
//   callback runs with PromiseResult::Failed (resolve_promise_yield_timeouts).
// Changes made by host functions are undone when their receipt fails, as the
// receipt's trie update is.
import { hasFeature } from '../params/features.ts';
import type { RuntimeConfig } from '../params/runtime-config.ts';
import type { YieldHost } from '../vm/types.ts';
import { dataIdFromActionHash, receiptIdFromReceiptId } from './receipt-ids.ts';
import type { ActionReceipt, DataReceipt } from './types.ts';

type YieldStatus = 'Yielded' | 'ResumeInitiated';

/** A receipt and the transaction it belongs to (chain.ts's queue items). */
export interface Originated<R> {
  receipt: R;
  origin: string;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const key = (accountId: string, id: Uint8Array) => `${accountId}\u0000${hex(id)}`;

/** Everything a YieldStore holds, for the home's store (plain arrays, V8-serializable). */
export interface YieldSnapshot {
  status: Array<[string, YieldStatus]>;
  dataIdByYieldId: Array<[string, Uint8Array]>;
  yieldIdByDataId: Array<[string, Uint8Array]>;
  waiting: Array<[string, Originated<ActionReceipt>]>;
  timeouts: Array<{ accountId: string; dataId: Uint8Array; expiresAt: bigint; origin: string }>;
}

export class YieldStore {
  private readonly status = new Map<string, YieldStatus>();
  private readonly dataIdByYieldId = new Map<string, Uint8Array>();
  private readonly yieldIdByDataId = new Map<string, Uint8Array>();
  private readonly waiting = new Map<string, Originated<ActionReceipt>>();
  /** Ordered by expiry, as nearcore's PromiseYieldTimeout queue. */
  private readonly timeouts: Array<{ accountId: string; dataId: Uint8Array; expiresAt: bigint; origin: string }> = [];
  private undo: Array<() => void> = [];
  /** Something changed since the last `changed()`. */
  private dirty = false;

  constructor(private readonly config: RuntimeConfig) {}

  /** Whether anything changed since the last call (the chain then commits a snapshot). */
  changed(): boolean {
    const was = this.dirty;
    this.dirty = false;
    return was;
  }

  snapshot(): YieldSnapshot {
    return {
      status: [...this.status], dataIdByYieldId: [...this.dataIdByYieldId], yieldIdByDataId: [...this.yieldIdByDataId],
      waiting: [...this.waiting], timeouts: [...this.timeouts],
    };
  }

  /** Puts back what a store kept. */
  restore(snapshot: YieldSnapshot): void {
    const refill = <V>(map: Map<string, V>, entries: Array<[string, V]>) => { map.clear(); for (const [k, v] of entries) map.set(k, v); };
    refill(this.status, snapshot.status);
    refill(this.dataIdByYieldId, snapshot.dataIdByYieldId);
    refill(this.yieldIdByDataId, snapshot.yieldIdByDataId);
    refill(this.waiting, snapshot.waiting);
    this.timeouts.splice(0, this.timeouts.length, ...snapshot.timeouts);
    this.dirty = false;
  }

  private put<V>(map: Map<string, V>, k: string, value: V | undefined): void {
    this.dirty = true;
    const had = map.has(k);
    const old = map.get(k);
    this.undo.push(() => (had ? map.set(k, old as V) : map.delete(k)));
    if (value === undefined) map.delete(k);
    else map.set(k, value);
  }

  /** Starts a receipt: what its host functions change until the next `begin` is undone by the returned function. */
  begin(): () => void {
    this.undo = [];
    return () => {
      this.dirty = true;
      for (const step of this.undo.reverse()) step();
      this.undo = [];
    };
  }

  /** The host functions' view of `accountId`'s yields while the function call of `actionHash` executes
   *  in the block at `height` (ext.rs). */
  host(accountId: string, actionHash: Uint8Array, height: bigint): YieldHost {
    return {
      create: (yieldId, dataIndex) => {
        if (yieldId && this.dataIdByYieldId.has(key(accountId, yieldId))) return undefined;
        // ext.rs generate_data_id: from the call's action hash and how many data ids it generated before.
        const dataId = dataIdFromActionHash(actionHash, height, dataIndex);
        if (yieldId) {
          this.put(this.dataIdByYieldId, key(accountId, yieldId), dataId);
          this.put(this.yieldIdByDataId, key(accountId, dataId), yieldId);
        }
        this.put(this.status, key(accountId, dataId), 'Yielded');
        return dataId;
      },
      resume: (dataId) => {
        const k = key(accountId, dataId);
        if (!this.waiting.has(k) && !this.status.has(k)) return false;
        this.put(this.status, k, 'ResumeInitiated');
        return true;
      },
      dataIdOf: (yieldId) => this.dataIdByYieldId.get(key(accountId, yieldId)),
    };
  }

  /** A PromiseYield receipt its creator's receipt emitted in the block at `height`: kept, its timeout queued. */
  store(receipt: ActionReceipt, origin: string, height: bigint): void {
    this.dirty = true;
    const dataId = receipt.inputDataIds[0];
    this.waiting.set(key(receipt.receiverId, dataId), { receipt, origin });
    const expiresAt = height + this.config.parameters.yield_timeout_length_in_blocks;
    this.timeouts.push({ accountId: receipt.receiverId, dataId, expiresAt, origin });
  }

  /** Timeouts due in the block at `height`: a data-less PromiseResume for each yield still waiting. */
  due(height: bigint): Array<Originated<DataReceipt>> {
    const out: Array<Originated<DataReceipt>> = [];
    while (this.timeouts.length > 0 && this.timeouts[0].expiresAt <= height) {
      this.dirty = true;
      const { accountId, dataId, origin } = this.timeouts.shift()!;
      if (!this.waiting.has(key(accountId, dataId))) continue;
      // resolve_promise_yield_timeouts: from the data id, counting the PromiseResumes this block creates.
      const id = receiptIdFromReceiptId(dataId, height, out.length);
      out.push({ receipt: { kind: 'Data', id, predecessorId: accountId, receiverId: accountId, dataId, data: null, promiseResume: true }, origin });
    }
    return out;
  }

  /** A PromiseResume arrived: the yield receipt to execute now, or nothing (resumed already, or a
   *  timeout after a resume was initiated). */
  arrived(resume: DataReceipt): Originated<ActionReceipt> | undefined {
    const k = key(resume.receiverId, resume.dataId);
    if (resume.data === null && this.status.get(k) === 'ResumeInitiated') return undefined;
    const waiting = this.waiting.get(k);
    if (!waiting) return undefined;
    this.dirty = true;
    this.waiting.delete(k);
    this.status.delete(k);
    const yieldId = this.yieldIdByDataId.get(k);
    if (yieldId && hasFeature(this.config.protocolVersion, 'YieldWithId')) {
      this.yieldIdByDataId.delete(k);
      this.dataIdByYieldId.delete(key(resume.receiverId, yieldId));
    }
    return waiting;
  }
}
