// The local chain: one shard, one validator. A transaction is converted in one
// block and its receipts run in the blocks after it, wave by wave, until no
// receipt is left; then the two blocks Doomslug needs to make the last of them
// final are produced at once, so a transaction is final when `submit` returns.
// Between operations a timer produces empty blocks (block-production.ts), as
// neard does. With a store attached, what each operation changed is committed
// before it returns.
import { sha256 } from '@noble/hashes/sha256';
import { MIN_GAS_PRICE, runtimeConfig, type RuntimeConfig } from '../params/runtime-config.ts';
import { createVM } from '../vm/index.ts';
import type { PromiseResult, VM } from '../vm/types.ts';
import { functionCallErrorJson, type BlockContext } from './actions.ts';
import { ROOT_ACCOUNT, type GenesisConfig, genesisState } from './genesis.ts';
import { DEFAULT_BLOCK_PRODUCTION, fastForwardSteps, type BlockProductionDelays } from './block-production.ts';
import { applyActionReceipt } from './receipts.ts';
import { ChainState } from './state.ts';
import { decodeTransaction, signatureString, verifyAndCharge } from './transactions.ts';
import { publicKeyFromString, publicKeyToString } from './keys.ts';
import { poolKey, TransactionPool, type Pending } from './pool.ts';
import { ed25519 } from '@noble/curves/ed25519';
import { base58 } from '@scure/base';
import { CauseRecorder, GC_NUM_EPOCHS_TO_KEEP, Journal, type ChangeCause, type RecordChange } from './journal.ts';
import { StateAt } from './state-at.ts';
import { YieldStore, type YieldSnapshot } from './yield-receipts.ts';
import type { Account, ActionReceipt, Block, ExecutionOutcome, Receipt, TransactionRecord } from './types.ts';
import { HeaderChain } from './header-chain.ts';
import { BlockSigner, outcomeLeaf } from './block-header.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** nearcore's apply_action_receipt commits the receiver's burnt-gas reward as a change of its own
 *  (StateChangeCause::ActionReceiptGasReward), after the receipt's (ReceiptProcessing): the receipt's
 *  account change then ends at the balance without the reward. */
function withGasReward(state: ChainState, changes: RecordChange[], receiverId: string, reward: bigint, receiptHash: string): RecordChange[] {
  const account = state.accounts.get(receiverId);
  if (reward <= 0n || !account || !changes.some((c) => c.kind === 'account' && c.owner === receiverId)) return changes;
  const beforeReward: Account = { ...account, contract: { ...account.contract }, amount: account.amount - reward };
  return [...changes, { kind: 'account', owner: receiverId, cause: { type: 'action_receipt_gas_reward', receipt_hash: receiptHash }, before: beforeReward }];
}

/** Timer blocks written without a flush before one durable commit writes them all (a minute at 600 ms). */
const MAX_UNFLUSHED_TIMER_BLOCKS = 100;
/** Timer blocks are handed to the store in batches of this many (6 s at 600 ms): an LMDB commit
 *  rewrites a few 4 KiB pages whatever it holds, so one per block would write about 32 KB a block. */
const TIMER_BLOCKS_PER_WRITE = 10;

/** A query the chain cannot answer, named as neard names it (UNKNOWN_ACCOUNT, ...). */
export class QueryError extends Error {
  constructor(readonly name: string, message: string, readonly info: Record<string, unknown> = {}) {
    super(message);
  }
}

/** Where the chain keeps its blocks, history and state (sandbox/store). `commit` must be durable when
 *  it returns: the RPC answers right after. */
export interface ChainStore {
  commit(changes: ChainChanges): void;
  /** Writes blocks that change no state (timer blocks) without waiting for the flush. */
  commitEmptyBlocks?(blocks: Block[]): void;
}

/** What one operation (a transaction with all its receipts, a state patch, a fast forward) changed:
 *  its blocks, the transactions it executed, its receipts (id -> transaction hash, hex) and the
 *  state, whose `changes()` say which records. */
export interface ChainChanges {
  blocks: Block[];
  /** The journal's new entries by height, and the height below which it was pruned. */
  journal?: Array<[bigint, RecordChange[]]>;
  journalBelow?: bigint;
  transactions: TransactionRecord[];
  receipts: Array<[string, string]>;
  state: ChainState;
  /** The yields (NEP-519), when they changed. */
  yields?: YieldSnapshot;
}

/** A receipt waiting for the next block, or a global contract's distribution. */
type Queued = { receipt: Receipt; origin: string } | { distribution: { byHash: boolean; key: string; code: Uint8Array }; receiptId: Uint8Array };

export interface ViewCallResult {
  result: Uint8Array;
  logs: string[];
}

export class Chain {
  /** nearcore's runtime configuration at the genesis protocol_version. */
  readonly config: RuntimeConfig;
  readonly vm: VM;
  readonly blocksByHash = new Map<string, Block>();
  readonly blocksByHeight = new Map<bigint, Block>();
  readonly transactions = new Map<string, TransactionRecord>();
  /** Receipt id -> the transaction that caused it. */
  readonly receiptOrigins = new Map<string, string>();
  latest: Block;
  readonly gasPrice = MIN_GAS_PRICE;
  /** neard's consensus min/max_block_production_delay (config.json), for the timer and fast forward. */
  delays: BlockProductionDelays = DEFAULT_BLOCK_PRODUCTION;
  /** Wall-clock time (ms) the head was produced at, for the block timer. */
  producedAt = Date.now();
  private readonly postponed: Array<{ receipt: ActionReceipt; origin: string }> = [];
  private readonly receivedData = new Map<string, Uint8Array | null>();
  /** NEP-519: yields waiting for a resume, and the timeouts due in the blocks so far, for the next one. */
  readonly yields: YieldStore;
  private timedOut: Queued[] = [];
  store?: ChainStore;
  private unsaved: { blocks: Block[]; transactions: Set<string>; receipts: Array<[string, string]>; journal: Array<[bigint, RecordChange[]]> } = { blocks: [], transactions: new Set(), receipts: [], journal: [] };
  /** Each kept block's state changes (journal.ts): queries at past blocks, EXPERIMENTAL_changes. */
  readonly journal = new Journal();
  /** The lowest height whose state the journal can tell (where it started: older stores had none). */
  journalSince: bigint;

  constructor(readonly genesis: GenesisConfig, readonly state: ChainState = genesisState(genesis), head?: { height: bigint; hash: Uint8Array; timestamp: bigint }) {
    this.config = runtimeConfig(genesis.protocol_version);
    this.journalSince = head?.height ?? BigInt(genesis.genesis_height);
    this.vm = createVM(this.config);
    this.yields = new YieldStore(this.config);
    this.headers = new HeaderChain(genesis);
    // A store from before headers were hashed as nearcore's names its head; otherwise nearcore's genesis header.
    this.latest = this.record(head ? {
      height: head.height, hash: head.hash, prevHash: new Uint8Array(32), timestamp: head.timestamp, chunkHash: sha256(head.hash),
      gasPrice: this.gasPrice, gasBurnt: 0n, transactions: [], receiptIds: [], lastDsFinal: new Uint8Array(32), lastFinal: new Uint8Array(32), timeShift: 0n,
    } : { ...this.headers.genesisBlock(BigInt(genesis.genesis_height), BigInt(Date.parse(genesis.genesis_time)) * 1_000_000n, this.gasPrice, BigInt(genesis.total_supply)), timeShift: 0n });
  }

  /** The headers' chain: block merkle tree, ordinals, the validator's signer. */
  readonly headers: HeaderChain;

  /** Blocks are signed and approved with the genesis validator's key (validator_key.json's secret_key,
   *  "ed25519:<base58 seed+public key>"); without one they carry zero signatures. */
  setValidatorKey(accountId: string, secretKey: string): void {
    this.headers.signer = new BlockSigner(accountId, base58.decode(secretKey.replace(/^ed25519:/, '')));
  }

  private record(block: Block): Block {
    this.blocksByHash.set(hex(block.hash), block);
    this.blocksByHeight.set(block.height, block);
    this.headers.add(block);
    this.unsaved.blocks.push(block);
    return block;
  }

  /** Puts back the blocks, transactions and receipt origins a store kept; the highest block is the head. */
  restoreHistory(blocks: Iterable<Block>, transactions: Iterable<TransactionRecord>, receiptOrigins: Iterable<[string, string]>): void {
    this.blocksByHash.clear();
    this.blocksByHeight.clear();
    this.headers.reset();
    let head: Block | undefined;
    // In height order: the block merkle tree takes them by ordinal.
    for (const block of [...blocks].sort((a, b) => (a.height < b.height ? -1 : a.height > b.height ? 1 : 0))) {
      this.record(block);
      if (!head || block.height > head.height) head = block;
    }
    if (head) {
      this.latest = head;
      this.timeShift = head.timeShift ?? 0n;
    }
    for (const record of transactions) this.transactions.set(hex(record.hash), record);
    for (const [id, origin] of receiptOrigins) this.receiptOrigins.set(id, origin);
    this.unsaved = { blocks: [], transactions: new Set(), receipts: [], journal: [] };
  }

  /** Hands what changed since the last commit to the store (if any). */
  commit(): void {
    const { blocks, transactions, receipts, journal } = this.unsaved;
    const journalBelow = this.keptFrom();
    this.journal.prune(journalBelow);
    const yields = this.yields.changed() ? this.yields.snapshot() : undefined;
    this.store?.commit({ blocks, transactions: [...transactions].map((h) => this.transactions.get(h)!), receipts, state: this.state, journal, journalBelow, ...(yields ? { yields } : {}) });
    this.state.clearChanges();
    this.unsaved = { blocks: [], transactions: new Set(), receipts: [], journal: [] };
  }

  /** The lowest height whose state is kept: GC_NUM_EPOCHS_TO_KEEP epochs' worth of heights below the head. */
  keptFrom(): bigint {
    const from = this.latest.height - GC_NUM_EPOCHS_TO_KEEP * BigInt(this.genesis.epoch_length);
    return from > this.journalSince ? from : this.journalSince;
  }

  /** Puts back the journal a store kept. */
  restoreJournal(since: bigint, entries: Iterable<[bigint, RecordChange[]]>): void {
    this.journalSince = since;
    for (const [height, changes] of entries) this.journal.add(height, changes);
  }

  /** Runs `change` as one cause at `height`, journaling what it changed (`split` may divide it in causes). */
  private recorded<T>(cause: ChangeCause, height: bigint, change: () => T, split?: (changes: RecordChange[], result: T) => RecordChange[]): T {
    const recorder = new CauseRecorder(this.state, cause);
    let result: T | undefined;
    let done = false;
    try {
      result = change();
      done = true;
      return result;
    } finally {
      let changes = recorder.end();
      if (done && split) changes = split(changes, result as T);
      if (changes.length > 0) {
        this.journal.add(height, changes);
        this.unsaved.journal.push([height, changes]);
      }
    }
  }

  /** sandbox_patch_state: `patch` changes the state in the next block (nearcore's cause: Migration),
   *  which is made final at once. */
  patch(apply: () => void): Block {
    this.recorded({ type: 'migration' }, this.latest.height + 1n, apply);
    return this.produceBlock();
  }

  /** The state as of the end of `block` (the head's is the live state). */
  stateAt(block: Block): StateAt {
    // Nothing changed above the block (the usual `final`: the blocks after a transaction are empty): the live state.
    return new StateAt(this, block.height >= this.latest.height || block.height >= this.journal.lastChange ? undefined : block.height);
  }

  /** A state change outside transactions (sandbox_patch_state): one block, made final at once, committed. */
  produceBlock(): Block {
    const block = this.appendBlock();
    this.finalize(block);
    this.commit();
    return block;
  }


  /** The block timer's block: the pooled transactions if there are any (pool.ts), else an empty
   *  block, not made final at once (neard's next block), written without waiting for the flush. */
  produceTimerBlock(): Block {
    if (this.pool.size > 0) {
      this.drainPool();
      return this.latest;
    }
    const block = this.appendBlock();
    if (this.timedOut.length > 0) {
      // A yield timed out: its callback runs in the next block, made final with it (finalize).
      this.finalize(block);
      this.commit();
      return this.latest;
    }
    // Kept among the unsaved blocks: the next durable commit writes them again, so a transaction
    // acknowledged on a timer block's hash never outlives that block in a crash.
    if (!this.store?.commitEmptyBlocks || this.hasUnsavedState() || this.unsaved.blocks.length >= MAX_UNFLUSHED_TIMER_BLOCKS) {
      this.commit();
    } else if (this.unsaved.blocks.length % TIMER_BLOCKS_PER_WRITE === 0) {
      this.store.commitEmptyBlocks(this.unsaved.blocks.slice(-TIMER_BLOCKS_PER_WRITE));
    }
    return block;
  }

  private hasUnsavedState(): boolean {
    const c = this.state.changes();
    return this.unsaved.transactions.size > 0 || this.unsaved.receipts.length > 0 || c.accounts.size > 0 || c.data.size > 0 || c.dataReset.size > 0
      || c.code.size > 0 || c.globalByHash.size > 0 || c.globalByAccount.size > 0;
  }

  /** Appends the next block, `skip` heights on (a fast forward's skipped heights), with Doomslug's
   *  finality of one validator that approves every block: chain.rs validate_header's
   *  last_ds_final_block (the previous block if the heights are consecutive) and last_final_block
   *  (the one before it if the previous block was itself consecutive), else the previous block's. */
  private appendBlock(content: Partial<Pick<Block, 'transactions' | 'receiptIds' | 'gasBurnt' | 'balanceBurnt'>> & { txLeaves?: Uint8Array[] } = {}, skip = 1n): Block {
    const prev = this.latest;
    const height = prev.height + skip;
    const timeShift = this.timeShift;
    const now = BigInt(Date.now()) * 1_000_000n + timeShift;
    const timestamp = now > prev.timestamp ? now : prev.timestamp + 1_000_000n;
    const consecutive = skip === 1n;
    const prevDsFinal = prev.lastDsFinal ?? prev.hash;
    const lastDsFinal = consecutive ? prev.hash : prevDsFinal;
    const lastFinal = consecutive && hex(prevDsFinal) === hex(prev.prevHash) ? prev.prevHash : (prev.lastFinal ?? prev.hash);
    const block = this.headers.child(prev, {
      // Block::produce: the parent's total supply less what its chunk burnt (nothing is minted here:
      // no epoch rewards); a block after one from an older store sums the balances instead.
      height, timestamp, lastDsFinal, lastFinal, gasPrice: this.gasPrice,
      totalSupply: prev.header ? prev.header.totalSupply - (prev.balanceBurnt ?? 0n) : this.totalSupply(),
      txLeaves: content.txLeaves ?? [],
      producers: () => this.genesis.validators.map((v) => ({ accountId: v.account_id, publicKey: publicKeyFromString(v.public_key), stake: this.validatorStake(v) })),
    });
    this.latest = this.record({
      ...block, gasBurnt: content.gasBurnt ?? 0n, balanceBurnt: content.balanceBurnt ?? 0n, transactions: content.transactions ?? [], receiptIds: content.receiptIds ?? [], timeShift,
    });
    this.producedAt = Date.now();
    this.timedOut.push(...this.yields.due(height));
    return this.latest;
  }

  /** Time sandbox_fast_forward has added to the clock so far (carried by every block). */
  private timeShift = 0n;

  /** The block a finality names: the head (`optimistic`), its last doomslug-final block
   *  (`near-final`) or its last final block (`final`), as view_client_actor.rs resolves them. */
  blockAt(finality: 'optimistic' | 'near-final' | 'final'): Block {
    if (finality === 'optimistic') return this.latest;
    return this.ancestor(finality === 'final' ? this.latest.lastFinal : this.latest.lastDsFinal);
  }

  /** A finality pointer's block: the zero hash (none yet) is the earliest block kept; a missing one the head itself. */
  private ancestor(hash: Uint8Array | undefined): Block {
    if (!hash) return this.latest;
    const found = this.blocksByHash.get(hex(hash));
    if (found) return found;
    let earliest = this.latest;
    for (const block of this.blocksByHeight.values()) if (block.height < earliest.height) earliest = block;
    return earliest;
  }

  /** Produces the blocks that make `block` final: two more, as Doomslug finalizes with one validator. */
  private finalize(block: Block): void {
    let last = block;
    for (;;) {
      // Yields whose timeout came due in a block are resumed in the next one, whose blocks are then made final too.
      if (this.timedOut.length > 0) last = this.run([]) ?? last;
      else if (this.blockAt('final').height < last.height) this.appendBlock();
      else return;
    }
  }

  /** A genesis validator's stake now: its locked balance (stake moves at once here), the genesis amount before it has an account. */
  validatorStake(v: GenesisConfig['validators'][number]): bigint {
    return this.state.accounts.get(v.account_id)?.locked ?? BigInt(v.amount);
  }

  blockContext(block: Block): BlockContext {
    return {
      height: block.height, timestamp: block.timestamp, hash: block.hash, epochHeight: block.height / BigInt(this.genesis.epoch_length) + 1n, gasPrice: block.gasPrice,
      validators: new Map(this.genesis.validators.map((v) => [v.account_id, this.validatorStake(v)])),
      trieTouched: new Set(), trieWritten: new Set(),
      chainId: this.genesis.chain_id, yields: this.yields, randomValue: block.header?.randomValue,
    };
  }

  /** nearcore's check_transaction_validity_period (chain/chain/src/store/utils.rs): a block hash the
   *  node does not have, or one more than the genesis `transaction_validity_period` heights below the
   *  head (the block the transaction's chunk builds on), is `Expired`. One chain: every block kept is
   *  an ancestor of the head, so `InvalidChain` cannot happen. */
  private recency(hash: Uint8Array): 'recent' | 'expired' {
    const block = this.blocksByHash.get(hex(hash));
    if (!block) return 'expired';
    return this.latest.height > block.height + BigInt(this.genesis.transaction_validity_period) ? 'expired' : 'recent';
  }

  /** Transactions whose nonce leaves a gap after their key's, waiting for it to fill or for the next block. */
  readonly pool = new TransactionPool();
  private poolTimer?: NodeJS.Timeout;

  /**
   * A signed transaction as neard's RPC takes it into its pool: run at once, unless its nonce leaves a
   * gap after the key's nonce (a lower one may still arrive: a key's transactions sent concurrently
   * come in any order); then it waits until the gap fills or the next block, and runs in nonce order
   * with the key's others, as neard's pool draws them (chain/pool). Returns the record, or a promise
   * of it for a pooled transaction; an invalid transaction throws (or rejects) InvalidTransaction.
   */
  accept(bytes: Uint8Array): TransactionRecord | Promise<TransactionRecord> {
    const tx = decodeTransaction(bytes);
    const known = this.transactions.get(hex(tx.hash)) ?? this.pool.find(tx.hash)?.done;
    if (known) return known;
    const key = this.state.accessKeys.get(tx.signerId)?.get(publicKeyToString(tx.publicKey));
    // Only a transaction neard's RPC would let into its pool waits: a known key, a valid signature.
    if (key && tx.nonceIndex === undefined && tx.nonce > key.nonce + 1n && tx.publicKey[0] === 0 && ed25519.verify(tx.signature, tx.hash, tx.publicKey.subarray(1))) {
      const pending = this.pool.add(bytes, tx);
      this.schedulePoolBlock();
      return pending.done;
    }
    const record = this.submit(bytes);
    this.runReady(poolKey(tx));
    return record;
  }

  /** Runs the key's pooled transactions that follow its nonce without a gap. */
  private runReady(key: string): void {
    for (;;) {
      const next = this.pool.takeNext(key, (tx) => {
        const current = this.state.accessKeys.get(tx.signerId)?.get(publicKeyToString(tx.publicKey));
        return current !== undefined && (tx.nonceIndex !== undefined || tx.nonce <= current.nonce + 1n);
      });
      if (!next) return;
      this.runPooled(next);
    }
  }

  private runPooled(pending: Pending): void {
    try {
      pending.resolve(this.submit(pending.bytes));
    } catch (error) {
      pending.reject(error);
    }
  }

  /** The next block's transactions: everything pooled, each key's in nonce order. */
  private drainPool(): void {
    if (this.poolTimer) clearTimeout(this.poolTimer);
    this.poolTimer = undefined;
    for (const pending of this.pool.drain()) this.runPooled(pending);
  }

  /** Pooled transactions are included at the next block even without a block timer (a bare Chain). */
  private schedulePoolBlock(): void {
    if (this.poolTimer) return;
    this.poolTimer = setTimeout(() => this.drainPool(), Math.max(1, this.producedAt + this.delays.minMs - Date.now()));
  }

  /** Validates, includes and executes a signed transaction; throws InvalidTransaction if it is refused. */
  submit(bytes: Uint8Array): TransactionRecord {
    const tx = decodeTransaction(bytes);
    const known = this.transactions.get(hex(tx.hash));
    if (known) return known;
    const height = this.latest.height + 1n;
    const { receipt, gasBurnt } = this.recorded({ type: 'transaction_processing', tx_hash: base58.encode(tx.hash) }, height,
      () => verifyAndCharge(this.state, tx, this.gasPrice, (h) => this.recency(h), this.config, height));
    const block = this.appendBlock({ transactions: [tx.hash], gasBurnt, balanceBurnt: gasBurnt * this.gasPrice, txLeaves: [sha256(bytes)] });
    const origin = hex(tx.hash);
    const record: TransactionRecord = {
      hash: tx.hash, signerId: tx.signerId, publicKey: publicKeyToString(tx.publicKey), nonce: tx.nonce, receiverId: tx.receiverId,
      actions: tx.actions, signature: signatureString(tx), nonceIndex: tx.nonceIndex, nonceMode: tx.nonceMode,
      outcome: {
        id: tx.hash, blockHash: block.hash, executorId: tx.signerId, predecessorId: tx.signerId, logs: [], receiptIds: [receipt.id],
        gasBurnt, tokensBurnt: gasBurnt * this.gasPrice, status: { kind: 'SuccessReceiptId', receiptId: receipt.id },
      },
      receiptOutcomes: [],
      receipts: [],
    };
    block.outcomeLeaves = [outcomeLeaf(record.outcome)];
    this.transactions.set(origin, record);
    this.unsaved.transactions.add(origin);
    this.finalize(this.run([{ receipt, origin }], tx.signerId === tx.receiverId ? block : undefined) ?? block);
    this.commit();
    return record;
  }

  /**
   * Runs receipts block by block until none is left. A global contract deployed by a receipt is
   * distributed as nearcore does: its distribution receipt is one of the receipt's outgoing
   * receipts, so it is applied in the next block, in order with the others (global_contracts.rs).
   */
  private run(queue: Array<Queued>, local?: Block): Block | undefined {
    let last: Block | undefined;
    let into = local;
    while (queue.length > 0 || this.timedOut.length > 0) {
      let block: Block;
      if (into) {
        // A transaction's local receipt (signer = receiver) runs in the chunk that converted it,
        // right after the transactions (runtime lib.rs process_transactions / local_receipts).
        block = into;
        block.localReceiptIds = queue.flatMap((q) => ('receipt' in q ? [q.receipt.id] : []));
        into = undefined;
      } else {
        queue = [...this.timedOut.splice(0), ...queue];
        block = this.appendBlock({ receiptIds: queue.flatMap((q) => ('receipt' in q ? [q.receipt.id] : [])) });
      }
      last = block;
      const context = this.blockContext(block);
      const next: typeof queue = [];
      const ready: typeof this.postponed = [];
      for (const item of queue) {
        if ('distribution' in item) {
          const d = item.distribution;
          // The distribution receipt's changes are caused by it, under its own id (receipt-ids.ts).
          this.recorded({ type: 'receipt_processing', receipt_hash: base58.encode(item.receiptId) }, block.height,
            () => (d.byHash ? this.state.globalByHash : this.state.globalByAccount).set(d.key, d.code));
          continue;
        }
        const { receipt, origin } = item;
        this.receiptOrigins.set(hex(receipt.id), origin);
        this.unsaved.receipts.push([hex(receipt.id), origin]);
        this.transactions.get(origin)?.receipts.push(receipt);
        const resumed = receipt.kind === 'Data' && receipt.promiseResume ? this.yields.arrived(receipt) : undefined;
        if (resumed && receipt.kind === 'Data') {
          // The yield's callback runs now, with the payload (or, from a timeout, a failed result).
          this.receivedData.set(hex(receipt.dataId), receipt.data);
          ready.push(resumed);
        } else if (receipt.kind === 'Data' && receipt.promiseResume) {
          // A second resume, or a timeout after a resume: ignored (lib.rs PromiseResume).
        } else if (receipt.kind === 'Data') {
          this.receivedData.set(hex(receipt.dataId), receipt.data);
          ready.push(...this.takeReady());
        } else if (receipt.inputDataIds.every((id) => this.receivedData.has(hex(id)))) {
          ready.push({ receipt, origin });
        } else {
          this.postponed.push({ receipt, origin });
        }
        while (ready.length > 0) {
          const item = ready.shift()!;
          const results: PromiseResult[] = item.receipt.inputDataIds.map((id) => {
            const data = this.receivedData.get(hex(id));
            this.receivedData.delete(hex(id));
            return data === null || data === undefined ? { kind: 'Failed' } : { kind: 'Successful', value: data };
          });
          const receiptHash = base58.encode(item.receipt.id);
          const applied = this.recorded({ type: 'receipt_processing', receipt_hash: receiptHash }, block.height,
            () => applyActionReceipt(this.state, this.vm, context, item.receipt, results, this.config),
            (changes, { outcome }) => withGasReward(this.state, changes, item.receipt.receiverId, outcome.contractReward ?? 0n, receiptHash));
          this.transactions.get(item.origin)?.receiptOutcomes.push(applied.outcome);
          (block.outcomeLeaves ??= []).push(outcomeLeaf(applied.outcome));
          block.gasBurnt += applied.outcome.gasBurnt;
          block.balanceBurnt = (block.balanceBurnt ?? 0n) + applied.outcome.tokensBurnt - (applied.outcome.contractReward ?? 0n);
          for (const distribution of applied.distributions) next.push({ distribution, receiptId: distribution.id });
          for (const r of applied.newReceipts) {
            if (r.kind === 'Action' && r.promiseYield) this.storeYield(r, item.origin, block.height);
            else next.push({ receipt: r, origin: item.origin });
          }
        }
      }
      queue = next;
    }
    return last;
  }

  /** A PromiseYield receipt is applied at once (an instant receipt): kept until resumed or timed out. */
  private storeYield(receipt: ActionReceipt, origin: string, height: bigint): void {
    this.receiptOrigins.set(hex(receipt.id), origin);
    this.unsaved.receipts.push([hex(receipt.id), origin]);
    this.transactions.get(origin)?.receipts.push(receipt);
    this.yields.store(receipt, origin, height);
  }

  private takeReady(): typeof this.postponed {
    const ready = this.postponed.filter((p) => p.receipt.inputDataIds.every((id) => this.receivedData.has(hex(id))));
    for (const r of ready) this.postponed.splice(this.postponed.indexOf(r), 1);
    return ready;
  }

  transaction(hash: Uint8Array): TransactionRecord | undefined {
    return this.transactions.get(hex(hash));
  }

  /** The final status as neard computes it: follow the receipt chain from the transaction. */
  finalOutcome(record: TransactionRecord): ExecutionOutcome {
    const byId = new Map(record.receiptOutcomes.map((o) => [hex(o.id), o]));
    let current = record.outcome;
    while (current.status.kind === 'SuccessReceiptId') {
      const next = byId.get(hex(current.status.receiptId));
      if (!next) break;
      current = next;
    }
    return current;
  }

  /** `query call_function`: runs a method read-only on the state of block `at` (the head by default). */
  viewCall(accountId: string, methodName: string, args: Uint8Array, at: Block = this.latest): ViewCallResult {
    const view = this.stateAt(at);
    const account = view.account(accountId);
    if (!account) throw new QueryError('UNKNOWN_ACCOUNT', `account ${accountId} does not exist while viewing`, { requested_account_id: accountId });
    const code = view.codeOf(accountId);
    if (!code) throw new QueryError('NO_CONTRACT_CODE', `Contract code for contract ID #${accountId} has never been observed on the node`, { contract_account_id: accountId });
    const data = view.height === undefined ? this.state.dataOf(accountId) : { get: (key: string) => view.dataValue(accountId, key) };
    const block = this.blockContext(at);
    const outcome = this.vm.runFunction({ code, hash: sha256(code) }, methodName, {
      currentAccountId: accountId, signerAccountId: accountId, signerAccountPk: new Uint8Array(33), predecessorAccountId: accountId,
      input: args, promiseResults: [], blockHeight: block.height, blockTimestamp: block.timestamp, epochHeight: block.epochHeight,
      accountBalance: account.amount, accountLockedBalance: account.locked, storageUsage: account.storageUsage, attachedDeposit: 0n,
      prepaidGas: this.config.limits.maxGasBurntView, randomSeed: at.header?.randomValue ?? sha256(block.hash), view: { maxGasBurnt: this.config.limits.maxGasBurntView }, validators: block.validators,
      accountContract: account.contract, chainId: this.genesis.chain_id,
    }, { get: (key) => data.get(hex(key)) });
    if (outcome.aborted) {
      const error = functionCallErrorJson(outcome.aborted);
      const text = typeof error.ExecutionError === 'string' ? error.ExecutionError : JSON.stringify(error);
      throw new QueryError('CONTRACT_EXECUTION_ERROR', `Function call returned an error: wasm execution failed with error: ${text}`, { vm_error: text, aborted: outcome.aborted });
    }
    const value = outcome.returnData.kind === 'Value' ? outcome.returnData.value : new Uint8Array();
    return { result: value, logs: outcome.logs };
  }

  /** sandbox_fast_forward as neard's sandbox does it (block-production.ts `fastForwardSteps`): the
   *  next block is produced `delta` heights on, its timestamp moved ahead by the average block time per
   *  height skipped; near an epoch's end ordinary blocks are produced instead. neard answers once the
   *  head reaches the target, and its final block follows two blocks (about 1.2 s) later; here those
   *  two blocks come at once, so the block landed on is final when this returns (a client signing
   *  with the final block's hash right after a jump of over 100 heights would otherwise get Expired). */
  fastForward(delta: bigint): void {
    if (delta <= 0n) return;
    for (const step of fastForwardSteps(this.latest.height, delta, BigInt(this.genesis.epoch_length))) {
      this.timeShift += (step - 1n) * this.delays.averageNs;
      this.appendBlock({}, step);
    }
    this.finalize(this.latest);
    this.commit();
  }

  totalSupply(): bigint {
    let total = 0n;
    for (const a of this.state.accounts.values()) total += a.amount + a.locked;
    return total;
  }

  rootAccount(): string {
    return ROOT_ACCOUNT;
  }
}
