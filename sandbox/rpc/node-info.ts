// What neard reports about itself, as a one-validator, one-shard node without peers answers it:
// `health`, `network_info`, `EXPERIMENTAL_split_storage_info`, `(EXPERIMENTAL_)maintenance_windows`,
// `EXPERIMENTAL_congestion_level` and `EXPERIMENTAL_receipt_to_tx`. Each value says which nearcore
// code it comes from.
import type { Chain } from '../chain/chain.ts';
import type { Block } from '../chain/types.ts';
import { handlerError } from './errors.ts';
import { accountIdField, decodeHash, isU64, own, parseFailure, type Params } from './params.ts';
import { b58 } from './views.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** chain/network/src/config_json.rs default_max_num_peers: config.json's network.max_num_peers as `neard init` leaves it. */
const MAX_NUM_PEERS = 40;
/** nearcore/src/config.rs: receipt_to_tx_max_hint_window's default. */
const RECEIPT_TO_TX_MAX_HINT_WINDOW = 20;
/** chain/chain/src/receipt_to_tx.rs DEFAULT_HINT_WINDOW. */
const DEFAULT_HINT_WINDOW = 5;

/** serde's struct from `params`: an object (or, for a struct, an array); neard's missing params are JSON null. */
function structParams(params: Params, name: string): Record<string, unknown> | unknown[] {
  if (params === undefined) throw parseFailure(`invalid type: null, expected struct ${name}`);
  return params;
}

/** An optional u64 field of an object param. */
function optionalU64(params: Params, name: string): number | undefined {
  const value = own(params, name);
  if (value === undefined || value === null) return undefined;
  if (!isU64(value)) throw parseFailure(`invalid type for field \`${name}\``);
  return value;
}

export function createNodeInfoMethods(chain: Chain, chunkBlock: (params: Params) => Block): Array<[string, (params: Params) => unknown]> {
  /** The node's own validator: the one that produces every block and chunk here. */
  const ownValidator = () => chain.genesis.validators[0]?.account_id;

  /** view_client_actor.rs get_maintenance_windows: from the head to the epoch's end, the heights at which the
   *  account is neither the block producer nor a chunk producer, as `start..end` ranges. */
  function maintenanceWindows(params: Params): unknown {
    const accountId = accountIdField(structParams(params, 'RpcMaintenanceWindowsRequest'));
    const head = chain.latest.height;
    // Epochs are epoch_length heights long here (views.ts epochIdOf, status's epoch_start_height).
    const length = BigInt(chain.genesis.epoch_length);
    const nextEpochStart = head - (head % length) + length;
    // One validator produces every block and the one chunk: it has no window; any other account is
    // never a producer, so its window is the rest of the epoch.
    return accountId === ownValidator() ? [] : [{ start: head, end: nextEpochStart }];
  }

  /** chain/client/src/view_client_actor.rs handle_receipt_to_tx with neard's defaults for this node:
   *  it tracks all shards (`neard init` writes tracked_shards_config AllShards) and so saves the
   *  receipt-to-tx column (save_receipt_to_tx defaults to save_tx_outcomes, true on an RPC node). */
  function receiptToTx(params: Params): unknown {
    const p = structParams(params, 'RpcReceiptToTxRequest');
    if (Array.isArray(p)) throw parseFailure('invalid type: sequence, expected a map');
    const idText = own(p, 'receipt_id');
    if (idText === undefined || idText === null) throw parseFailure('missing field `receipt_id`');
    const id = decodeHash(idText, 'receipt_id');
    const blockHeight = optionalU64(p, 'block_height');
    const shardId = optionalU64(p, 'shard_id');
    const window = optionalU64(p, 'window');
    // The data of these errors is the error struct itself (receipts.rs From<RpcReceiptToTxError>).
    const failure = (name: string, info: Record<string, unknown>) => handlerError(name, { name, info }, info);
    if (shardId !== undefined && blockHeight === undefined) throw failure('MALFORMED_HINT', { error_message: 'shard_id requires block_height' });
    if (window !== undefined && blockHeight === undefined) throw failure('MALFORMED_HINT', { error_message: 'window requires block_height' });
    const effectiveWindow = window ?? DEFAULT_HINT_WINDOW;
    if (blockHeight !== undefined && effectiveWindow > RECEIPT_TO_TX_MAX_HINT_WINDOW) throw failure('WINDOW_TOO_LARGE', { requested: effectiveWindow, maximum: RECEIPT_TO_TX_MAX_HINT_WINDOW });
    // Every receipt's origin is kept (chain.receiptOrigins); a receipt of a receipt leads, hop by hop,
    // to the same transaction, whose signer is the sender (runtime lib.rs ReceiptOriginTransaction).
    // A miss is UnknownReceipt, also with a hint: the column has every receipt a hint scan could find.
    const origin = chain.receiptOrigins.get(hex(id));
    const tx = origin === undefined ? undefined : chain.transactions.get(origin);
    if (!tx) throw failure('UNKNOWN_RECEIPT', { receipt_id: b58(id) });
    return { transaction_hash: b58(tx.hash), sender_account_id: tx.signerId };
  }

  return [
    // RpcHealthResponse is a unit struct (null). Its errors: NoNewBlocks after 10 × max_block_production_delay
    // without a block (client_actor.rs STATUS_WAIT_TIME_MULTIPLIER), which the block timer (600 ms) does not
    // let happen, and NodeIsSyncing, which a node without peers never is.
    ['health', () => null],
    // peer_manager_actor.rs get_network_info without peers: no connections, no traffic, and no known producers
    // (client_actor.rs skips the account announcement when there are no peers).
    ['network_info', () => ({ active_peers: [], num_active_peers: 0, peer_max_count: MAX_NUM_PEERS, sent_bytes_per_sec: 0, received_bytes_per_sec: 0, known_producers: [] })],
    // view_client_actor.rs GetSplitStorageInfo: the head and final head heights; no cold store, so no cold head;
    // the hot store of a non-archival node is DbKind::RPC (core/store/src/node_storage/opener.rs).
    ['EXPERIMENTAL_split_storage_info', (params) => {
      const p = structParams(params, 'RpcSplitStorageInfoRequest');
      if (Array.isArray(p) && p.length > 0) throw parseFailure(`invalid length ${p.length}, expected struct RpcSplitStorageInfoRequest with 0 elements`);
      return { head_height: chain.latest.height, final_head_height: chain.blockAt('final').height, cold_head_height: null, hot_db_kind: 'RPC' };
    }],
    ['maintenance_windows', maintenanceWindows],
    ['EXPERIMENTAL_maintenance_windows', maintenanceWindows],
    // lib.rs congestion_level_local: the chunk's congestion_info's level, 0.0 without one. This node never
    // delays or buffers a receipt (each runs in the next block), so its level is 0 (no delayed or buffered gas,
    // no receipt bytes; CongestionInfo::congestion_level).
    ['EXPERIMENTAL_congestion_level', (params) => {
      chunkBlock(params);
      return { congestion_level: 0 };
    }],
    ['EXPERIMENTAL_receipt_to_tx', receiptToTx],
  ];
}
