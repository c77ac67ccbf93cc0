// neard's JSON-RPC methods over the local chain. Every handler validates its
// params as neard's serde types do and throws RpcFailure for anything it cannot
// answer. Methods live in a Map, so no method name reaches an object's internals.
import type { Chain } from '../chain/chain.ts';
import { FastForwardError } from '../chain/block-production.ts';
import { patchState, type StateRecord } from '../chain/patch-state.ts';
import { decodeTransaction } from '../chain/transactions.ts';
import { InvalidTransaction, type Block, type TransactionRecord } from '../chain/types.ts';
import { receiptById, receiptsIn, transactionsIn } from './block-contents.ts';
import { changes, changesInBlock } from './changes.ts';
import { handlerError, internalError, parseError, RpcFailure, structHandlerError, structInternalError, unitHandlerError } from './errors.ts';
import { accountIdField, blockReference, decodeBase64, decodeHash, field, isString, isU64, own, parseBlockId, parseFailure, type BlockId, type BlockReference, type Params } from './params.ts';
import { protocolConfigMethod } from './protocol-config.ts';
import { gasPrice } from './gas-price.ts';
import { genesisConfigView } from './genesis-config-view.ts';
import { latestProtocolVersion, NEARCORE_RELEASE } from '../params/runtime-config.ts';
import { createQuery } from './query.ts';
import { createViewMethods } from './view-methods.ts';
import { createNodeInfoMethods } from './node-info.ts';
import { clientConfigView, DEFAULT_RPC_ADDR } from './client-config.ts';
import { createValidatorMethods } from './validators.ts';
import { lightClientMethods } from './light-client.ts';
import { awaitingReceipts, b58, blockView, chunkHeaderView, epochIdOf, finalOutcomeView, receiptView, transactionView } from './views.ts';

export type { Params };
export type Method = (params: Params) => unknown;

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const WAIT_UNTIL = ['NONE', 'INCLUDED', 'EXECUTED_OPTIMISTIC', 'INCLUDED_FINAL', 'EXECUTED', 'FINAL'];

/** `configRpcAddr`: config.json's rpc.addr, which neard's client_config reports (not a `--rpc-addr` override). */
export function createMethods(chain: Chain, changed: () => void, configRpcAddr: string = DEFAULT_RPC_ADDR): Map<string, Method> {
  /** UNKNOWN_BLOCK as neard words it: `query` keeps the reference in `info` and names a hash's
   *  header (jsonrpc/src/lib.rs process_query_response); the other methods give only the text. */
  function unknownBlock(id: BlockId, forQuery: boolean) {
    const text = 'height' in id ? `DB Not Found Error: BLOCK HEIGHT: ${id.height} \n Cause: Unknown`
      : forQuery ? `DB Not Found Error: BLOCK HEADER: ${b58(id.hash)}` : `DB Not Found Error: BLOCK: ${b58(id.hash)} \n Cause: Unknown`;
    const blockId = 'height' in id ? id.height : b58(id.hash);
    return handlerError('UNKNOWN_BLOCK', text, forQuery ? { block_reference: { block_id: blockId } } : {});
  }

  const blockById = (id: BlockId): Block | undefined => ('height' in id ? chain.blocksByHeight.get(id.height) : chain.blocksByHash.get(hex(id.hash)));

  function resolve(ref: BlockReference | undefined, forQuery: boolean): Block {
    if (ref === undefined) return chain.latest;
    if ('finality' in ref) return chain.blockAt(ref.finality);
    if ('syncCheckpoint' in ref) return chain.blocksByHeight.get(BigInt(chain.genesis.genesis_height)) ?? chain.latest;
    const found = blockById(ref.blockId);
    if (!found) throw unknownBlock(ref.blockId, forQuery);
    return found;
  }

  /** `{ finality | block_id | sync_checkpoint }` or `[block_id]` / `[null]` -> a block. */
  function block(params: Params, forQuery = false): Block {
    if (Array.isArray(params)) {
      if (params[0] === undefined || params[0] === null) return chain.latest;
      return resolve({ blockId: parseBlockId(params[0]) }, forQuery);
    }
    return resolve(blockReference(params), forQuery);
  }

  /** The block of a changes method: changes.rs From<RpcStateChangesError> sends the error enum itself as
   *  `data`, and UnknownBlock's error_message is skip_serializing, so a missing block is `{ name, info: {} }`. */
  function changesBlock(params: Params): Block {
    try {
      return block(params);
    } catch (error) {
      if (error instanceof RpcFailure && error.causeName === 'UNKNOWN_BLOCK') throw structHandlerError('UNKNOWN_BLOCK', {});
      throw error;
    }
  }

  /** The signed transaction of `[base64]` or `{ signed_tx_base64 }`; bytes that do not decode are a parse error, as in neard. */
  function signedTx(params: Params): Uint8Array {
    if (Array.isArray(params) && params.length !== 1) throw parseError('Unable to parse send request: too many params passed');
    const base64 = field(params, 'signed_tx_base64', 0, isString)!;
    let bytes: Uint8Array;
    try {
      bytes = decodeBase64(base64, 'signed_tx_base64');
      decodeTransaction(bytes);
    } catch (error) {
      throw parseError(`Failed to decode transaction: ${(error as Error).message}`);
    }
    return bytes;
  }

  /** The transaction's record once it ran: at once, or after waiting in the pool (chain/pool.ts). */
  async function submit(bytes: Uint8Array): Promise<TransactionRecord> {
    try {
      const record = await chain.accept(bytes);
      changed();
      return record;
    } catch (error) {
      if (error instanceof InvalidTransaction) {
        // As neard: the error in `data`, an empty `cause.info` (its context is skip_serializing).
        throw handlerError('INVALID_TRANSACTION', { TxExecutionError: error.error });
      }
      throw error;
    }
  }

  /** `[signed_tx_base64]`, `[tx_hash, sender_account_id]`, `{ tx_hash, sender_account_id }` or
   *  `{ signed_tx_base64 }` (jsonrpc/src/api/transactions.rs): a transaction the node has run. */
  function findTx(params: Params): TransactionRecord {
    if ((Array.isArray(params) && params.length === 1) || own(params, 'signed_tx_base64') !== undefined) {
      const decoded = decodeTransaction(signedTx(params));
      return found(b58(decoded.hash), chain.transaction(decoded.hash));
    }
    const hash = Array.isArray(params) ? params[0] : own(params, 'tx_hash');
    if (typeof hash !== 'string') throw parseFailure('missing field `tx_hash`');
    accountIdField(Array.isArray(params) ? [params[1]] : params, 'sender_account_id');
    return found(hash, chain.transaction(decodeHash(hash, 'transaction hash')));
  }
  function found(hash: string, record: TransactionRecord | undefined): TransactionRecord {
    if (!record) throw handlerError('UNKNOWN_TRANSACTION', `Transaction ${hash} doesn't exist`, { requested_transaction_hash: hash });
    return record;
  }

  const waited = (params: Params, record: TransactionRecord) => {
    const waitUntil = own(params, 'wait_until');
    if (waitUntil !== undefined && !WAIT_UNTIL.includes(waitUntil as string)) throw parseFailure(`unknown variant \`${String(waitUntil)}\``);
    if (waitUntil === 'NONE') return { final_execution_status: 'NONE' };
    return executed(record, waitUntil === 'INCLUDED' || waitUntil === 'INCLUDED_FINAL');
  };
  /** neard waits (polling_timeout) for a transaction whose receipts have not all run, then answers
   *  TIMEOUT_ERROR; only a yield keeps one waiting here, and nothing runs while the node would wait. */
  const executed = (record: TransactionRecord, includedEnough = false) => {
    // RpcTransactionError::TimeoutError is a unit variant: `data` its Display "Timeout", no `info`.
    if (!includedEnough && awaitingReceipts(record)) throw unitHandlerError('TIMEOUT_ERROR', 'Timeout');
    return finalOutcomeView(chain, record);
  };

  /** `[chunk_hash]`, `[[block_id, shard_id]]`, `[block_id, shard_id]`, `{ chunk_id }` or `{ block_id, shard_id }` (jsonrpc/src/api/chunks.rs). */
  function chunkBlock(params: Params): Block {
    let chunkId: unknown;
    let blockId: unknown;
    let shardId: unknown;
    if (Array.isArray(params)) {
      // serde also reads the { block_id, shard_id } struct from a two-element array.
      if (params.length === 2) [blockId, shardId] = params;
      else if (params.length !== 1) throw parseFailure('expected [chunk_hash], [[block_id, shard_id]] or [block_id, shard_id]');
      else if (Array.isArray(params[0])) [blockId, shardId] = params[0] as unknown[];
      else chunkId = params[0];
    } else {
      chunkId = own(params, 'chunk_id');
      blockId = own(params, 'block_id');
      shardId = own(params, 'shard_id');
    }
    if (chunkId !== undefined) {
      const bytes = decodeHash(chunkId, 'chunk hash');
      const hash = hex(bytes);
      const block = [...chain.blocksByHash.values()].find((b) => hex(b.chunkHash) === hash);
      // chunks.rs From<RpcChunkError>: UnknownChunk's data names the ChunkHash newtype's inner CryptoHash.
      if (!block) throw handlerError('UNKNOWN_CHUNK', `Chunk Missing (unavailable on the node): ChunkHash(\`${b58(bytes)}\`) \n Cause: Unknown`, { chunk_hash: b58(bytes) });
      return block;
    }
    if (blockId === undefined || shardId === undefined) throw parseFailure('data did not match any variant of untagged enum ChunkReference');
    if (!isU64(shardId)) throw parseFailure('invalid type for field `shard_id`');
    const id = parseBlockId(blockId);
    const block = blockById(id);
    if (!block) throw unknownBlock(id, false);
    if (shardId !== 0) throw handlerError('INVALID_SHARD_ID', `Shard id ${shardId} does not exist`, { shard_id: shardId });
    return block;
  }

  const { query, view } = createQuery(chain, (params) => block(params, true));
  const validators = createValidatorMethods(chain, blockById);
  const methods: Array<[string, Method]> = [
    ['status', () => {
      const genesisBlock = chain.blocksByHeight.get(BigInt(chain.genesis.genesis_height));
      return {
        version: { version: NEARCORE_RELEASE.version, build: NEARCORE_RELEASE.build, commit: NEARCORE_RELEASE.commit, rustc_version: NEARCORE_RELEASE.rustcVersion },
        // neard reports the epoch's version and the newest one its binary speaks.
        chain_id: chain.genesis.chain_id, protocol_version: chain.genesis.protocol_version,
        latest_protocol_version: latestProtocolVersion(chain.genesis.protocol_version),
        rpc_addr: null, validators: chain.genesis.validators.map((v) => ({ account_id: v.account_id, is_slashed: false })),
        sync_info: {
          latest_block_hash: b58(chain.latest.hash), latest_block_height: chain.latest.height, latest_state_root: b58(new Uint8Array(32)),
          latest_block_time: new Date(Number(chain.latest.timestamp / 1_000_000n)).toISOString(), syncing: false,
          earliest_block_hash: genesisBlock ? b58(genesisBlock.hash) : null, earliest_block_height: genesisBlock?.height ?? null,
          epoch_id: epochIdOf(chain, chain.latest), epoch_start_height: chain.latest.height - (chain.latest.height % BigInt(chain.genesis.epoch_length)),
        },
        validator_account_id: chain.genesis.validators[0]?.account_id ?? null, validator_public_key: chain.genesis.validators[0]?.public_key ?? null,
        node_public_key: chain.genesis.validators[0]?.public_key ?? null, uptime_sec: Math.round(process.uptime()),
        genesis_hash: genesisBlock ? b58(genesisBlock.hash) : null,
      };
    }],
    ['block', (params) => blockView(chain, block(params))],
    ['chunk', (params) => {
      const found = chunkBlock(params);
      const receipts = receiptsIn(chain, found).map((r) => receiptView(r.receipt));
      return { author: chain.rootAccount(), header: chunkHeaderView(chain, found), transactions: transactionsIn(chain, found).map(transactionView), receipts };
    }],
    ['gas_price', (params) => gasPrice(chain, params)],
    ...createNodeInfoMethods(chain, chunkBlock),
    // lib.rs client_config: params are `()`, ignored as for health and network_info.
    ['client_config', () => clientConfigView(chain, configRpcAddr)],
    ['query', query],
    ...createViewMethods(view, (params) => block(params, true)),
    ['broadcast_tx_commit', async (params) => executed(await submit(signedTx(params)))],
    ['send_tx', async (params) => waited(params, await submit(signedTx(params)))],
    ['broadcast_tx_async', (params) => {
      // lib.rs send_tx_async: the hash of every transaction that decodes, its validity not reported
      // (neard hands it to the pool, which drops an invalid one). A transaction refused here changes
      // nothing; one waiting in the pool runs later.
      const bytes = signedTx(params);
      const hash = b58(decodeTransaction(bytes).hash);
      try {
        const accepted = chain.accept(bytes);
        if (accepted instanceof Promise) accepted.catch(() => {});
        changed();
      } catch (error) {
        if (!(error instanceof InvalidTransaction)) throw error;
      }
      return hash;
    }],
    ['tx', (params) => waited(params, findTx(params))],
    ['EXPERIMENTAL_tx_status', (params) => {
      const record = findTx(params);
      return { ...waited(params, record), receipts: record.receipts.map(receiptView) };
    }],
    ['EXPERIMENTAL_receipt', (params) => {
      const id = field(params, 'receipt_id', 0, isString)!;
      const found = receiptById(chain, decodeHash(id, 'receipt_id'));
      // receipts.rs From<RpcReceiptError>: the error struct itself is the data, not its Display text.
      if (!found) throw handlerError('UNKNOWN_RECEIPT', { name: 'UNKNOWN_RECEIPT', info: { receipt_id: id } }, { receipt_id: id });
      return receiptView(found);
    }],
    ['EXPERIMENTAL_changes_in_block', (params) => changesInBlock(chain, changesBlock(params))],
    ['block_effects', (params) => changesInBlock(chain, changesBlock(params))],
    ['EXPERIMENTAL_changes', (params) => changes(chain, changesBlock(params), params)],
    ['changes', (params) => changes(chain, changesBlock(params), params)],
    ['EXPERIMENTAL_genesis_config', () => genesisConfigView(chain)], ['genesis_config', () => genesisConfigView(chain)],
    ['EXPERIMENTAL_protocol_config', (params) => protocolConfigMethod(chain, params)],
    ['validators', validators.validators],
    ['EXPERIMENTAL_validators_ordered', validators.EXPERIMENTAL_validators_ordered],
    ['sandbox_patch_state', (params) => {
      const records = field(params, 'records', 0, Array.isArray)! as StateRecord[];
      try {
        chain.patch(() => patchState(chain.state, records));
      } catch (error) {
        throw parseFailure(`sandbox_patch_state: ${(error as Error).message}`);
      }
      changed();
      return {};
    }],
    ['sandbox_fast_forward', (params) => {
      const delta = BigInt(field(params, 'delta_height', 0, isU64)!);
      // Heights and nanosecond timestamps are u64; a jump past them is refused with the one error neard
      // has for this method (RpcSandboxFastForwardError::InternalError, jsonrpc-primitives sandbox.rs) instead of failing half-way.
      if (chain.latest.height + delta >= 2n ** 64n - 1n || chain.latest.timestamp + delta * chain.delays.averageNs >= 2n ** 64n) {
        throw structInternalError(`fast forward by ${delta} blocks passes the largest u64 height or timestamp`);
      }
      try {
        chain.fastForward(delta);
      } catch (error) {
        // neard's SandboxFastForwardFailed / its hour-long wait, both RpcSandboxFastForwardError::InternalError.
        if (error instanceof FastForwardError) throw structInternalError(error.message);
        throw error;
      }
      changed();
      return {};
    }],
    ...lightClientMethods(chain),
  ];
  return new Map(methods);
}
