// The node's durable store: one LMDB environment in the home folder
// (data/chain/). Each chain operation's blocks, transactions, receipts and state
// changes are written in one synchronous transaction, flushed to disk before
// `commit` returns; only the records that changed are written.
import type { Database, RootDatabase } from 'lmdb';
import type { ChainChanges, ChainStore } from '../chain/chain.ts';
import type { YieldSnapshot } from '../chain/yield-receipts.ts';
import { ChainState } from '../chain/state.ts';
import type { RecordChange } from '../chain/journal.ts';
import type { AccessKey, Account, Block, TransactionRecord } from '../chain/types.ts';
import { claimHome, releaseHome, type Owner } from './home-lock.ts';
import { accountKey, accountRange, bytes, dataKey, decode, encode, splitAccountKey } from './records.ts';

const VERSION = 1;

/** What a store holds: the state and the whole history. */
export interface Loaded {
  state: ChainState;
  blocks: Block[];
  transactions: TransactionRecord[];
  receipts: Array<[string, string]>;
  /** Yields waiting for a resume (NEP-519), if any were ever kept. */
  yields?: YieldSnapshot;
  /** The per-block change journal (chain/journal.ts) and the height it starts at. */
  journal: Array<[bigint, RecordChange[]]>;
  journalSince: bigint;
}

type Bytes = Database<Buffer, string>;
/** Records keyed by account and a key of their own (accountKey): raw binary keys. */
type ByAccount = Database<Buffer, Buffer>;

/** Removes all of an account's records from `db` (keys copied first: the cursor may reuse its buffers). */
function removeRange(db: ByAccount, accountId: string): void {
  for (const key of [...db.getKeys(accountRange(accountId))].map((k) => Buffer.from(k))) db.remove(key);
}

export class NodeStore implements ChainStore {
  private readonly accounts: Bytes;
  private readonly keys: ByAccount;
  private readonly data: ByAccount;
  private readonly code: Bytes;
  private readonly globalByHash: Bytes;
  private readonly globalByAccount: Bytes;
  private readonly blocks: Database<Buffer, number>;
  private readonly transactions: Bytes;
  private readonly receipts: Database<string, string>;
  /** One record, the chain's yields (chain/yield-receipts.ts): few, rewritten whole when they change. */
  private readonly yields: Bytes;
  private readonly journal: Database<Buffer, number>;

  private readonly meta: Database<string, string>;
  private readonly owner: Owner;

  /** Opens the tables and claims the home: inside one write transaction, so a new store costs one flush, not one per table. */
  private constructor(private readonly env: RootDatabase, private readonly dir: string, home: string) {
    const db = <K extends string | number, V = Buffer>(name: string, encoding: 'binary' | 'string' = 'binary') => env.openDB<V, K>({ name, encoding });
    this.meta = db<string, string>('meta', 'string');
    this.owner = claimHome(this.meta, home);
    this.accounts = db('accounts');
    this.keys = env.openDB<Buffer, Buffer>({ name: 'access_keys', encoding: 'binary', keyEncoding: 'binary' });
    this.data = env.openDB<Buffer, Buffer>({ name: 'contract_data', encoding: 'binary', keyEncoding: 'binary' });
    this.code = db('code');
    this.globalByHash = db('global_by_hash');
    this.globalByAccount = db('global_by_account');
    this.blocks = db<number>('blocks');
    this.transactions = db('transactions');
    this.receipts = db<string, string>('receipt_origins', 'string');
    this.yields = db('yields');
    this.journal = db<number>('journal');
  }

  /** Opens (creating if needed) the store in `dir` and claims it for this process;
   *  throws HomeInUse, naming `home`, if a running node holds it. */
  static async open(dir: string, home = dir): Promise<NodeStore> {
    // Imported here so that `near-sandbox init` does not load the native module.
    const { open } = await import('lmdb');
    // overlappingSync off: a commit returns only once it is flushed to disk.
    const env = open({ path: dir, overlappingSync: false, maxDbs: 16 });
    try {
      return env.transactionSync(() => new NodeStore(env, dir, home));
    } catch (error) {
      void env.close();
      throw error;
    }
  }

  /** The state and history, or undefined for a store nothing was written to yet. */
  load(): Loaded | undefined {
    const version = this.meta.get('version');
    if (version === undefined) return undefined;
    if (version !== String(VERSION)) throw new Error(`the store in ${this.dir} has layout version ${version}; this node reads version ${VERSION}`);
    const state = new ChainState();
    for (const { key, value } of this.accounts.getRange()) state.accounts.set(key, decode<Account>(value));
    for (const { key, value } of this.keys.getRange()) {
      const [accountId, publicKey] = splitAccountKey(key);
      state.keysOf(accountId).set(publicKey, decode<AccessKey>(value));
    }
    for (const { key, value } of this.data.getRange()) {
      const [hexKey, stored] = decode<[string, Uint8Array]>(value);
      state.dataOf(splitAccountKey(key)[0]).set(hexKey, stored);
    }
    for (const { key, value } of this.code.getRange()) state.code.set(key, new Uint8Array(value));
    for (const { key, value } of this.globalByHash.getRange()) state.globalByHash.set(key, new Uint8Array(value));
    for (const { key, value } of this.globalByAccount.getRange()) state.globalByAccount.set(key, new Uint8Array(value));
    state.clearChanges();
    const blocks = [...this.blocks.getRange()].map(({ value }) => decode<Block>(value));
    // A store written before the journal existed: its state is known from its head on.
    let since = this.meta.get('journal_since');
    if (since === undefined) {
      since = String(blocks.reduce((h, b) => (b.height > h ? b.height : h), 0n));
      this.meta.putSync('journal_since', since);
    }
    return {
      journal: [...this.journal.getRange()].map(({ key, value }) => [BigInt(key), decode<RecordChange[]>(value)]),
      journalSince: BigInt(since),
      state,
      blocks,
      transactions: [...this.transactions.getRange()].map(({ value }) => decode<TransactionRecord>(value)),
      receipts: [...this.receipts.getRange()].map(({ key, value }) => [key, value]),
      ...(this.yields.get('yields') ? { yields: decode<YieldSnapshot>(this.yields.get('yields')!) } : {}),
    };
  }

  /** Writes a whole state and history at once (a new store, or one carried over from state.json). */
  initialize(changes: ChainChanges): void {
    const { state } = changes;
    this.env.transactionSync(() => {
      for (const accountId of state.accounts.keys()) this.writeAccount(state, accountId);
      for (const accountId of state.data.keys()) this.resetData(state, accountId);
      for (const [id, code] of state.code) this.code.put(id, bytes(code));
      for (const [key, code] of state.globalByHash) this.globalByHash.put(key, bytes(code));
      for (const [key, code] of state.globalByAccount) this.globalByAccount.put(key, bytes(code));
      this.writeHistory(changes);
      this.meta.put('version', String(VERSION));
      this.meta.put('journal_since', String(changes.blocks.reduce((h, b) => (b.height > h ? b.height : h), 0n)));
    });
  }

  commit(changes: ChainChanges): void {
    const { state } = changes;
    const changed = state.changes();
    this.env.transactionSync(() => {
      for (const accountId of changed.accounts) this.writeAccount(state, accountId);
      for (const accountId of changed.dataReset) this.resetData(state, accountId);
      for (const [accountId, hexKeys] of changed.data) {
        if (changed.dataReset.has(accountId)) continue;
        const data = state.data.get(accountId);
        for (const hexKey of hexKeys) {
          const value = data?.get(hexKey);
          if (value) this.data.put(dataKey(accountId, hexKey), encode([hexKey, value]));
          else this.data.remove(dataKey(accountId, hexKey));
        }
      }
      const mirror = (db: Bytes, keys: Set<string>, map: Map<string, Uint8Array>) => {
        for (const key of keys) {
          const value = map.get(key);
          if (value) db.put(key, bytes(value));
          else db.remove(key);
        }
      };
      mirror(this.code, changed.code, state.code);
      mirror(this.globalByHash, changed.globalByHash, state.globalByHash);
      mirror(this.globalByAccount, changed.globalByAccount, state.globalByAccount);
      this.writeHistory(changes);
    });
  }

  /** Timer blocks: nothing else changed, so each is one small record, put without waiting for the
   *  flush (lmdb-js batches these writes off the main thread). A crash can lose the last few of them,
   *  which no transaction depends on being durable; the next start produces new ones. */
  commitEmptyBlocks(blocks: Block[]): void {
    for (const block of blocks) {
      this.blocks.put(Number(block.height), encode(block)).catch((error: unknown) => console.error(`store: a timer block was not written: ${(error as Error).message}`));
    }
  }

  /** Gives the home folder up and closes the store. */
  async close(): Promise<void> {
    this.env.transactionSync(() => releaseHome(this.meta, this.owner));
    await this.env.close();
  }

  /** An account's record and all its access keys, or their removal if it no longer exists. */
  private writeAccount(state: ChainState, accountId: string): void {
    removeRange(this.keys, accountId);
    const account = state.accounts.get(accountId);
    if (!account) {
      this.accounts.remove(accountId);
      return;
    }
    this.accounts.put(accountId, encode(account));
    for (const [publicKey, key] of state.accessKeys.get(accountId) ?? []) this.keys.put(accountKey(accountId, publicKey), encode(key));
  }

  /** Rewrites all of an account's contract data (after the account was deleted, or at initialization). */
  private resetData(state: ChainState, accountId: string): void {
    removeRange(this.data, accountId);
    for (const [hexKey, value] of state.data.get(accountId) ?? []) this.data.put(dataKey(accountId, hexKey), encode([hexKey, value]));
  }

  private writeHistory({ blocks, transactions, receipts, journal, journalBelow, yields }: ChainChanges): void {
    if (yields) this.yields.put('yields', encode(yields));
    for (const block of blocks) this.blocks.put(Number(block.height), encode(block));
    for (const record of transactions) this.transactions.put(Buffer.from(record.hash).toString('hex'), encode(record));
    for (const [id, origin] of receipts) this.receipts.put(id, origin);
    // A block's changes: one record per height (a height's causes can come in more than one entry).
    const byHeight = new Map<bigint, RecordChange[]>();
    for (const [height, changes] of journal ?? []) byHeight.set(height, [...(byHeight.get(height) ?? []), ...changes]);
    for (const [height, changes] of byHeight) {
      const stored = this.journal.get(Number(height));
      this.journal.put(Number(height), encode(stored ? [...decode<RecordChange[]>(stored), ...changes] : changes));
    }
    if (journalBelow !== undefined) for (const height of [...this.journal.getKeys({ end: Number(journalBelow) })]) this.journal.remove(height);
  }
}
