// The local chain: one shard, one validator. A transaction is converted in one
// block and its receipts run in the blocks after it, wave by wave, until no
// receipt is left, so a transaction is final when `submit` returns. With a
// store attached, what each operation changed is committed before it returns.
import { sha256 } from '@noble/hashes/sha256';
import { MIN_GAS_PRICE, runtimeConfig, type RuntimeConfig } from '../params/runtime-config.ts';
import { createVM } from '../vm/index.ts';
import type { PromiseResult, VM } from '../vm/types.ts';
import { functionCallErrorJson, type BlockContext } from './actions.ts';
import { ROOT_ACCOUNT, TRANSACTION_VALIDITY_PERIOD, type GenesisConfig, genesisState } from './genesis.ts';
import { applyActionReceipt } from './receipts.ts';
import { ChainState } from './state.ts';
import { decodeTransaction, signatureString, verifyAndCharge } from './transactions.ts';
import { publicKeyToString } from './keys.ts';
import { YieldStore, type YieldSnapshot } from './yield-receipts.ts';
import type { ActionReceipt, Block, ExecutionOutcome, Receipt, TransactionRecord } from './types.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const u64le = (n: bigint) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(n); return b; };

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
}

/** What one operation (a transaction with all its receipts, a state patch, a fast forward) changed:
 *  its blocks, the transactions it executed, its receipts (id -> transaction hash, hex) and the
 *  state, whose `changes()` say which records. */
export interface ChainChanges {
  blocks: Block[];
  transactions: TransactionRecord[];
  receipts: Array<[string, string]>;
  state: ChainState;
  /** The yields (NEP-519), when they changed. */
  yields?: YieldSnapshot;
}

/** A receipt waiting for the next block, or a global contract's distribution. */
type Queued = { receipt: Receipt; origin: string } | { distribution: { byHash: boolean; key: string; code: Uint8Array } };

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
  private readonly postponed: Array<{ receipt: ActionReceipt; origin: string }> = [];
  private readonly receivedData = new Map<string, Uint8Array | null>();
  /** NEP-519: yields waiting for a resume, and the timeouts due in the last block, for the next one. */
  readonly yields: YieldStore;
  private timedOut: Queued[] = [];
  store?: ChainStore;
  private unsaved: { blocks: Block[]; transactions: Set<string>; receipts: Array<[string, string]> } = { blocks: [], transactions: new Set(), receipts: [] };

  constructor(readonly genesis: GenesisConfig, readonly state: ChainState = genesisState(genesis), head?: { height: bigint; hash: Uint8Array; timestamp: bigint }) {
    this.config = runtimeConfig(genesis.protocol_version);
    this.vm = createVM(this.config);
    this.yields = new YieldStore(this.config);
    const start = head ?? { height: BigInt(genesis.genesis_height), hash: sha256(Buffer.from(`genesis:${genesis.chain_id}:${genesis.genesis_time}`)), timestamp: BigInt(Date.parse(genesis.genesis_time)) * 1_000_000n };
    this.latest = this.record({
      height: start.height, hash: start.hash, prevHash: new Uint8Array(32), timestamp: start.timestamp, chunkHash: sha256(start.hash),
      gasPrice: this.gasPrice, gasBurnt: 0n, transactions: [], receiptIds: [],
    });
  }

  private record(block: Block): Block {
    this.blocksByHash.set(hex(block.hash), block);
    this.blocksByHeight.set(block.height, block);
    this.unsaved.blocks.push(block);
    return block;
  }

  /** Puts back the blocks, transactions and receipt origins a store kept; the highest block is the head. */
  restoreHistory(blocks: Iterable<Block>, transactions: Iterable<TransactionRecord>, receiptOrigins: Iterable<[string, string]>): void {
    this.blocksByHash.clear();
    this.blocksByHeight.clear();
    let head: Block | undefined;
    for (const block of blocks) {
      this.record(block);
      if (!head || block.height > head.height) head = block;
    }
    if (head) this.latest = head;
    for (const record of transactions) this.transactions.set(hex(record.hash), record);
    for (const [id, origin] of receiptOrigins) this.receiptOrigins.set(id, origin);
    this.unsaved = { blocks: [], transactions: new Set(), receipts: [] };
  }

  /** Hands what changed since the last commit to the store (if any). */
  commit(): void {
    const { blocks, transactions, receipts } = this.unsaved;
    const yields = this.yields.changed() ? this.yields.snapshot() : undefined;
    this.store?.commit({ blocks, transactions: [...transactions].map((h) => this.transactions.get(h)!), receipts, state: this.state, ...(yields ? { yields } : {}) });
    this.state.clearChanges();
    this.unsaved = { blocks: [], transactions: new Set(), receipts: [] };
  }

  /** Produces the next block (or, with `skip`, jumps that many heights ahead, one second of time each) and commits it. */
  produceBlock(content: Partial<Pick<Block, 'transactions' | 'receiptIds' | 'gasBurnt'>> = {}, skip = 1n): Block {
    const block = this.appendBlock(content, skip);
    // Yields that timed out in this block are resumed (failed) in the next ones.
    if (this.timedOut.length > 0) this.run([]);
    this.commit();
    return block;
  }

  private appendBlock(content: Partial<Pick<Block, 'transactions' | 'receiptIds' | 'gasBurnt'>> = {}, skip = 1n): Block {
    const prev = this.latest;
    const height = prev.height + skip;
    const now = BigInt(Date.now()) * 1_000_000n;
    const timestamp = skip > 1n ? prev.timestamp + skip * 1_000_000_000n : (now > prev.timestamp ? now : prev.timestamp + 1_000_000n);
    const hash = sha256(new Uint8Array([...prev.hash, ...u64le(height), ...u64le(timestamp), ...(content.transactions ?? []).flatMap((t) => [...t])]));
    this.latest = this.record({
      height, hash, prevHash: prev.hash, timestamp, chunkHash: sha256(new Uint8Array([...hash, 1])), gasPrice: this.gasPrice,
      gasBurnt: content.gasBurnt ?? 0n, transactions: content.transactions ?? [], receiptIds: content.receiptIds ?? [],
    });
    this.timedOut.push(...this.yields.due(height));
    return this.latest;
  }

  blockContext(block: Block): BlockContext {
    return {
      height: block.height, timestamp: block.timestamp, hash: block.hash, epochHeight: block.height / BigInt(this.genesis.epoch_length) + 1n, gasPrice: block.gasPrice,
      validators: new Map(this.genesis.validators.map((v) => [v.account_id, this.state.accounts.get(v.account_id)?.locked ?? BigInt(v.amount)])),
      trieTouched: new Set(), trieWritten: new Set(),
      chainId: this.genesis.chain_id, yields: this.yields,
    };
  }

  private recency(hash: Uint8Array): 'recent' | 'expired' | 'unknown' {
    const block = this.blocksByHash.get(hex(hash));
    if (!block) return 'unknown';
    return this.latest.height - block.height > TRANSACTION_VALIDITY_PERIOD ? 'expired' : 'recent';
  }

  /** Validates, includes and executes a signed transaction; throws InvalidTransaction if it is refused. */
  submit(bytes: Uint8Array): TransactionRecord {
    const tx = decodeTransaction(bytes);
    const known = this.transactions.get(hex(tx.hash));
    if (known) return known;
    const { receipt, gasBurnt } = verifyAndCharge(this.state, tx, this.gasPrice, (h) => this.recency(h), this.config, this.latest.height + 1n);
    const block = this.appendBlock({ transactions: [tx.hash], gasBurnt });
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
    this.transactions.set(origin, record);
    this.unsaved.transactions.add(origin);
    this.run([{ receipt, origin }]);
    this.commit();
    return record;
  }

  /**
   * Runs receipts block by block until none is left. A global contract deployed by a receipt is
   * distributed as nearcore does: its distribution receipt is one of the receipt's outgoing
   * receipts, so it is applied in the next block, in order with the others (global_contracts.rs).
   */
  private run(queue: Array<Queued>): void {
    while (queue.length > 0 || this.timedOut.length > 0) {
      queue = [...this.timedOut.splice(0), ...queue];
      const block = this.appendBlock({ receiptIds: queue.flatMap((q) => ('receipt' in q ? [q.receipt.id] : [])) });
      const context = this.blockContext(block);
      const next: typeof queue = [];
      const ready: typeof this.postponed = [];
      for (const item of queue) {
        if ('distribution' in item) {
          const d = item.distribution;
          (d.byHash ? this.state.globalByHash : this.state.globalByAccount).set(d.key, d.code);
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
          const applied = applyActionReceipt(this.state, this.vm, context, item.receipt, results, this.config);
          this.transactions.get(item.origin)?.receiptOutcomes.push(applied.outcome);
          block.gasBurnt += applied.outcome.gasBurnt;
          for (const distribution of applied.distributions) next.push({ distribution });
          for (const r of applied.newReceipts) {
            if (r.kind === 'Action' && r.promiseYield) this.storeYield(r, item.origin, block.height);
            else next.push({ receipt: r, origin: item.origin });
          }
        }
      }
      queue = next;
    }
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

  /** `query call_function`: runs a method read-only at the latest block. */
  viewCall(accountId: string, methodName: string, args: Uint8Array): ViewCallResult {
    const account = this.state.accounts.get(accountId);
    if (!account) throw new QueryError('UNKNOWN_ACCOUNT', `account ${accountId} does not exist while viewing`, { requested_account_id: accountId });
    const code = this.state.codeOf(accountId);
    if (!code) throw new QueryError('NO_CONTRACT_CODE', `Contract code for contract ID #${accountId} has never been observed on the node`, { contract_account_id: accountId });
    const data = this.state.dataOf(accountId);
    const block = this.blockContext(this.latest);
    const outcome = this.vm.runFunction({ code, hash: sha256(code) }, methodName, {
      currentAccountId: accountId, signerAccountId: accountId, signerAccountPk: new Uint8Array(33), predecessorAccountId: accountId,
      input: args, promiseResults: [], blockHeight: block.height, blockTimestamp: block.timestamp, epochHeight: block.epochHeight,
      accountBalance: account.amount, accountLockedBalance: account.locked, storageUsage: account.storageUsage, attachedDeposit: 0n,
      prepaidGas: this.config.limits.maxGasBurntView, randomSeed: sha256(block.hash), view: { maxGasBurnt: this.config.limits.maxGasBurntView }, validators: block.validators,
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

  /** sandbox_fast_forward: the chain jumps `delta` blocks ahead. */
  fastForward(delta: bigint): void {
    if (delta > 0n) this.produceBlock({}, delta);
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
