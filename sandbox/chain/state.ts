// The chain's state: accounts, access keys, contract storage, contract code and
// global contracts, with nearcore's storage-usage accounting. Maps are keyed by
// strings (account ids, key strings, hex). It notes what changed since the last
// block was stored, so a store writes only that (sandbox/store).
import { STORAGE } from '../params/runtime-config.ts';
import { GAS_KEY_INFO_BORSH_LEN, gasKeyNoncesStorage } from './gas-keys.ts';
import { accessKeyIdBytes } from './keys.ts';
import type { AccessKey, Account, AccountContract } from './types.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Bytes an access key takes in state (its trie id, access_keys.rs trie_id_len, + borsh(AccessKey) + record
 *  overhead); `publicKey` is the key's id (keys.ts accessKeyId). */
export function accessKeyStorage(publicKey: string, key: AccessKey): bigint {
  let permission = 1n;
  if (key.permission.kind === 'FunctionCall') {
    const p = key.permission;
    permission += (p.allowance === null ? 1n : 17n) + 4n + BigInt(Buffer.byteLength(p.receiverId));
    permission += 4n + p.methodNames.reduce((n, m) => n + 4n + BigInt(Buffer.byteLength(m)), 0n);
  }
  const idLength = accessKeyIdBytes(publicKey).length;
  // A gas key's permission carries its GasKeyInfo, and each of its nonces is a trie record (gas_key_storage_cost).
  const gasKey = key.gasKey ? GAS_KEY_INFO_BORSH_LEN + gasKeyNoncesStorage(idLength, key.gasKey.nonces.length, STORAGE.numExtraBytesRecord) : 0n;
  return BigInt(idLength) + 8n + permission + gasKey + STORAGE.numExtraBytesRecord;
}

export function dataStorage(key: Uint8Array, value: Uint8Array): bigint {
  return BigInt(key.length + value.length) + STORAGE.numExtraBytesRecord;
}

/** Storage an account's contract reference takes: local code, or just the global identifier. */
export function contractStorage(contract: AccountContract, localCode: Uint8Array | undefined): bigint {
  switch (contract.kind) {
    case 'Local': return BigInt(localCode?.length ?? 0);
    case 'Global': return 32n;
    case 'GlobalByAccount': return BigInt(Buffer.byteLength(contract.accountId));
    case 'None': return 0n;
  }
}

/** What may have changed since `clearChanges()`. */
export interface StateChanges {
  /** Accounts whose record or access keys may have changed (read ones too: callers change records in place). */
  accounts: Set<string>;
  /** Contract data keys (hex) written, by account. */
  data: Map<string, Set<string>>;
  /** Accounts whose contract data was dropped whole (account deleted): all of it is to be rewritten. */
  dataReset: Set<string>;
  code: Set<string>;
  globalByHash: Set<string>;
  globalByAccount: Set<string>;
}

/** A record of the state, as the chain's journal of changes (chain/journal.ts) names it. */
export type StateRecordRef =
  | { table: 'account'; accountId: string }
  | { table: 'data'; accountId: string; key: string }
  | { table: 'code'; accountId: string }
  | { table: 'globalByHash'; key: string }
  | { table: 'globalByAccount'; key: string };

/** A Map that notes the keys written (and, with `reads`, read) into `touched`, telling `notify` first
 *  (records are changed in place after a read, so a read may precede a change). */
class TrackedMap<V> extends Map<string, V> {
  constructor(private readonly touched: Set<string>, private readonly reads = false, private readonly notify: (key: string) => void = () => {}) {
    super();
  }

  override get(key: string): V | undefined {
    if (this.reads) {
      this.notify(key);
      this.touched.add(key);
    }
    return super.get(key);
  }

  override set(key: string, value: V): this {
    this.notify(key);
    this.touched.add(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    this.notify(key);
    this.touched.add(key);
    return super.delete(key);
  }
}

export class ChainState {
  private readonly changed: StateChanges = {
    accounts: new Set(), data: new Map(), dataReset: new Set(), code: new Set(), globalByHash: new Set(), globalByAccount: new Set(),
  };
  /** Told before a record (an account with its keys, a data entry, code) is read or written: the
   *  chain's journal keeps its value before the change (chain/journal.ts). */
  observer?: (record: StateRecordRef) => void;
  private readonly note = (record: StateRecordRef) => this.observer?.(record);
  readonly accounts: Map<string, Account> = new TrackedMap(this.changed.accounts, true, (accountId) => this.note({ table: 'account', accountId }));
  readonly accessKeys: Map<string, Map<string, AccessKey>> = new TrackedMap(this.changed.accounts, true, (accountId) => this.note({ table: 'account', accountId }));
  /** Contract storage per account, by hex key (changes noted by setData). */
  readonly data = new Map<string, Map<string, Uint8Array>>();
  /** Locally deployed code per account. */
  readonly code: Map<string, Uint8Array> = new TrackedMap(this.changed.code, false, (accountId) => this.note({ table: 'code', accountId }));
  /** Global contracts by hex code hash, and by the deploying account. */
  readonly globalByHash: Map<string, Uint8Array> = new TrackedMap(this.changed.globalByHash, false, (key) => this.note({ table: 'globalByHash', key }));
  readonly globalByAccount: Map<string, Uint8Array> = new TrackedMap(this.changed.globalByAccount, false, (key) => this.note({ table: 'globalByAccount', key }));

  /** What may have changed since the last `clearChanges()`. */
  changes(): Readonly<StateChanges> {
    return this.changed;
  }

  clearChanges(): void {
    for (const set of [this.changed.accounts, this.changed.dataReset, this.changed.code, this.changed.globalByHash, this.changed.globalByAccount]) set.clear();
    this.changed.data.clear();
  }

  keysOf(accountId: string): Map<string, AccessKey> {
    let keys = this.accessKeys.get(accountId);
    if (!keys) this.accessKeys.set(accountId, (keys = new Map()));
    return keys;
  }

  dataOf(accountId: string): Map<string, Uint8Array> {
    let data = this.data.get(accountId);
    if (!data) this.data.set(accountId, (data = new Map()));
    return data;
  }

  /** The code an account runs, following global references; undefined if none. */
  codeOf(accountId: string): Uint8Array | undefined {
    const account = this.accounts.get(accountId);
    if (!account) return undefined;
    switch (account.contract.kind) {
      case 'Local': return this.code.get(accountId);
      case 'Global': return this.globalByHash.get(hex(account.contract.hash));
      case 'GlobalByAccount': return this.globalByAccount.get(account.contract.accountId);
      case 'None': return undefined;
    }
  }

  setAccessKey(accountId: string, publicKey: string, key: AccessKey): void {
    const account = this.accounts.get(accountId)!;
    const keys = this.keysOf(accountId);
    const old = keys.get(publicKey);
    if (old) account.storageUsage -= accessKeyStorage(publicKey, old);
    keys.set(publicKey, key);
    account.storageUsage += accessKeyStorage(publicKey, key);
  }

  removeAccessKey(accountId: string, publicKey: string): void {
    const keys = this.keysOf(accountId);
    const old = keys.get(publicKey);
    if (!old) return;
    keys.delete(publicKey);
    this.accounts.get(accountId)!.storageUsage -= accessKeyStorage(publicKey, old);
  }

  setData(accountId: string, key: Uint8Array, value: Uint8Array | null): void {
    const account = this.accounts.get(accountId)!;
    const data = this.dataOf(accountId);
    const k = hex(key);
    this.note({ table: 'data', accountId, key: k });
    let written = this.changed.data.get(accountId);
    if (!written) this.changed.data.set(accountId, (written = new Set()));
    written.add(k);
    const old = data.get(k);
    if (old) account.storageUsage -= dataStorage(key, old);
    if (value) {
      data.set(k, value);
      account.storageUsage += dataStorage(key, value);
    } else {
      data.delete(k);
    }
  }

  /** Points the account at new code, keeping storage usage exact. */
  setContract(accountId: string, contract: AccountContract, localCode?: Uint8Array): void {
    const account = this.accounts.get(accountId)!;
    account.storageUsage -= contractStorage(account.contract, this.code.get(accountId));
    this.code.delete(accountId);
    if (contract.kind === 'Local') this.code.set(accountId, localCode!);
    account.contract = contract;
    account.storageUsage += contractStorage(contract, localCode);
  }

  deleteAccount(accountId: string): void {
    for (const key of this.data.get(accountId)?.keys() ?? []) this.note({ table: 'data', accountId, key });
    this.accounts.delete(accountId);
    this.accessKeys.delete(accountId);
    this.data.delete(accountId);
    this.changed.dataReset.add(accountId);
    this.code.delete(accountId);
  }

  /** Saves one account's records; the returned function puts them back. A receipt only
   *  changes its receiver's account (and the global contract it deploys), so this is
   *  what rolls back a failed receipt. */
  checkpoint(accountId: string): () => void {
    const account = this.accounts.get(accountId);
    const saved = {
      account: account && { ...account },
      keys: this.accessKeys.has(accountId) ? new Map(this.accessKeys.get(accountId)) : undefined,
      data: this.data.has(accountId) ? new Map(this.data.get(accountId)) : undefined,
      code: this.code.get(accountId),
      globalByAccount: this.globalByAccount.get(accountId),
    };
    const restore = <V>(map: Map<string, V>, value: V | undefined) => (value === undefined ? map.delete(accountId) : map.set(accountId, value));
    return () => {
      restore(this.accounts, saved.account);
      restore(this.accessKeys, saved.keys);
      restore(this.data, saved.data);
      restore(this.code, saved.code);
      restore(this.globalByAccount, saved.globalByAccount);
    };
  }
}
