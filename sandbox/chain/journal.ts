// The per-block change journal: for every block the node keeps, each record a
// transaction, receipt or state patch changed, with its value before and
// after and its cause (nearcore's StateChangeCause), as neard keeps state
// changes per block. It answers queries at a past block (the value of a record
// at block B is the `before` of its first change above B, or the current value)
// and EXPERIMENTAL_changes(_in_block). Blocks more than KEPT_HEIGHTS below the
// head are dropped, as neard's garbage collection drops old state.
import v8 from 'node:v8';
import type { ChainState, StateRecordRef } from './state.ts';
import type { AccessKey, Account } from './types.ts';

/** nearcore's StateChangeCauseView (serde tag `type`): the causes this node has. */
export type ChangeCause =
  | { type: 'transaction_processing'; tx_hash: string }
  | { type: 'receipt_processing'; receipt_hash: string }
  | { type: 'action_receipt_gas_reward'; receipt_hash: string }
  | { type: 'migration' };

/** One record, as the journal names it: its table, account (or global key) and own key. */
export type RecordKind = 'account' | 'access_key' | 'data' | 'code' | 'global_by_hash' | 'global_by_account';
export type RecordValue = Account | AccessKey | Uint8Array;

export interface RecordChange {
  kind: RecordKind;
  /** Account id (global_by_hash: hex code hash). */
  owner: string;
  /** access_key: the public key string; data: the hex key. */
  key?: string;
  cause: ChangeCause;
  /** The value before the change. The value after it is not kept: it is the next change's `before`,
   *  or today's value (Journal.afterOf), which halves what the journal holds. */
  before?: RecordValue;
}

const SEP = '\u0000';
export const recordId = (kind: RecordKind, owner: string, key = '') => `${kind}${SEP}${owner}${SEP}${key}`;
const same = (a: RecordValue | undefined, b: RecordValue | undefined) =>
  a === b || (a !== undefined && b !== undefined && v8.serialize(a).equals(v8.serialize(b)));
const copy = <T>(value: T): T => (value === undefined ? value : v8.deserialize(v8.serialize(value)) as T);

/** The current value of a record in the state (undefined: absent). */
export function currentValue(state: ChainState, kind: RecordKind, owner: string, key = ''): RecordValue | undefined {
  switch (kind) {
    case 'account': return state.accounts.get(owner);
    case 'access_key': return state.accessKeys.get(owner)?.get(key);
    case 'data': return state.data.get(owner)?.get(key);
    case 'code': return state.code.get(owner);
    case 'global_by_hash': return state.globalByHash.get(owner);
    case 'global_by_account': return state.globalByAccount.get(owner);
  }
}

/**
 * Records what one cause changes: the state tells it (ChainState.observer) before a record is read
 * or written; the first time, its value is copied. `end` compares with the values after and keeps
 * the records that differ.
 */
export class CauseRecorder {
  private readonly before = new Map<string, { kind: RecordKind; owner: string; key?: string; value: RecordValue | undefined }>();

  constructor(private readonly state: ChainState, private readonly cause: ChangeCause) {
    state.observer = (record) => this.capture(record);
  }

  private keep(kind: RecordKind, owner: string, key?: string): void {
    const id = recordId(kind, owner, key);
    if (this.before.has(id)) return;
    this.before.set(id, { kind, owner, key, value: copy(this.peek(kind, owner, key)) });
  }

  /** Reads without telling the observer (the maps' `get` would). */
  private peek(kind: RecordKind, owner: string, key?: string): RecordValue | undefined {
    const observer = this.state.observer;
    this.state.observer = undefined;
    try {
      return currentValue(this.state, kind, owner, key);
    } finally {
      this.state.observer = observer;
    }
  }

  private capture(record: StateRecordRef): void {
    switch (record.table) {
      case 'account': {
        if (this.before.has(recordId('account', record.accountId))) return;
        this.keep('account', record.accountId);
        const observer = this.state.observer;
        this.state.observer = undefined;
        const keys = [...(this.state.accessKeys.get(record.accountId)?.keys() ?? [])];
        this.state.observer = observer;
        for (const publicKey of keys) this.keep('access_key', record.accountId, publicKey);
        return;
      }
      case 'data': return this.keep('data', record.accountId, record.key);
      case 'code': return this.keep('code', record.accountId);
      case 'globalByHash': return this.keep('global_by_hash', record.key);
      case 'globalByAccount': return this.keep('global_by_account', record.key);
    }
  }

  /** Stops recording; the records whose value changed. */
  end(): RecordChange[] {
    this.state.observer = undefined;
    const out: RecordChange[] = [];
    const seen = new Set(this.before.keys());
    // Keys added to an account during the cause were not there to copy when it was first read.
    for (const { kind, owner } of [...this.before.values()]) {
      if (kind !== 'account') continue;
      for (const publicKey of this.state.accessKeys.get(owner)?.keys() ?? []) {
        const id = recordId('access_key', owner, publicKey);
        if (!seen.has(id)) this.before.set(id, { kind: 'access_key', owner, key: publicKey, value: undefined });
      }
    }
    this.state.observer = undefined;
    for (const { kind, owner, key, value } of this.before.values()) {
      const after = currentValue(this.state, kind, owner, key);
      if (!same(value, after)) out.push({ kind, owner, key, cause: this.cause, before: value });
    }
    return out;
  }
}

/** neard's non-archival node keeps gc_num_epochs_to_keep (DEFAULT_GC_NUM_EPOCHS_TO_KEEP 5,
 *  core/chain-configs/src/client_config.rs) epochs of state; here 5 epochs' worth of heights. */
export const GC_NUM_EPOCHS_TO_KEEP = 5n;

export class Journal {
  /** Each kept block's changes, by height. */
  readonly byHeight = new Map<bigint, RecordChange[]>();
  /** Each record's changes in height order. */
  private readonly byRecord = new Map<string, Array<{ height: bigint; change: RecordChange }>>();
  /** Per account, the ids of its records with changes kept (for listing keys and data at a block). */
  private readonly byOwner = new Map<string, Set<string>>();

  /** The highest height with a change: the state of any block at or above it is today's. */
  lastChange = -1n;

  add(height: bigint, changes: RecordChange[]): void {
    if (changes.length === 0) return;
    if (height > this.lastChange) this.lastChange = height;
    const list = this.byHeight.get(height) ?? [];
    list.push(...changes);
    this.byHeight.set(height, list);
    for (const change of changes) {
      const id = recordId(change.kind, change.owner, change.key);
      const versions = this.byRecord.get(id) ?? [];
      versions.push({ height, change });
      this.byRecord.set(id, versions);
      let owned = this.byOwner.get(change.owner);
      if (!owned) this.byOwner.set(change.owner, (owned = new Set()));
      owned.add(id);
    }
  }

  /** Forgets blocks below `minHeight`; returns the heights dropped. */
  prune(minHeight: bigint): bigint[] {
    const dropped = [...this.byHeight.keys()].filter((h) => h < minHeight);
    if (dropped.length === 0) return dropped;
    for (const height of dropped) this.byHeight.delete(height);
    for (const [id, versions] of this.byRecord) {
      const kept = versions.filter((v) => v.height >= minHeight);
      if (kept.length > 0) this.byRecord.set(id, kept);
      else {
        this.byRecord.delete(id);
        const owner = versions[0].change.owner;
        this.byOwner.get(owner)?.delete(id);
        if (this.byOwner.get(owner)?.size === 0) this.byOwner.delete(owner);
      }
    }
    return dropped;
  }

  /** The value a change left: the `before` of the record's next change, or today's value. */
  afterOf(state: ChainState, change: RecordChange): RecordValue | undefined {
    const versions = this.byRecord.get(recordId(change.kind, change.owner, change.key)) ?? [];
    const i = versions.findIndex((v) => v.change === change);
    return i >= 0 && i + 1 < versions.length ? versions[i + 1].change.before : currentValue(state, change.kind, change.owner, change.key);
  }

  /** A record's value as of the end of block `height`: the value before its first change above it. */
  valueAt(state: ChainState, height: bigint, kind: RecordKind, owner: string, key = ''): RecordValue | undefined {
    const later = this.byRecord.get(recordId(kind, owner, key))?.find((v) => v.height > height);
    return later ? later.change.before : currentValue(state, kind, owner, key);
  }

  /** The keys of `owner`'s records of `kind` that changed above `height` (they may exist at it though not now). */
  changedKeys(owner: string, kind: RecordKind, height: bigint): string[] {
    const out: string[] = [];
    for (const id of this.byOwner.get(owner) ?? []) {
      const versions = this.byRecord.get(id)!;
      const first = versions[0].change;
      if (first.kind === kind && versions.some((v) => v.height > height)) out.push(first.key ?? '');
    }
    return out;
  }
}
