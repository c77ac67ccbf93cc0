// `client_config` on a node started by its own command line from a home whose config.json a user
// edited, and the handler errors' JSON shapes through raw JSON-RPC on an in-process node at 85.
// The key list below is written by hand from core/chain-configs/src/client_config.rs `ClientConfig`
// (not from sandbox/rpc/client-config.ts); the expected shapes of the errors come from
// chain/jsonrpc-primitives/src/errors.rs and the `From<...Error> for RpcError` of types/*.rs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import anyTest from 'ava';
import { KeyPair } from 'near-api-js';
import { initHome } from '../cli/home.ts';
import { signedV0, transferAction } from './raw-tx.ts';
import { startNode, stopNode } from './spawned-node.ts';
import { testAtVersions, type VersionNode } from './version-nodes.ts';

const test = testAtVersions([85]);

interface RpcErrorBody { name: string; cause: { name: string; info?: Record<string, unknown> }; code: number; message: string; data?: unknown }
interface Body { result?: unknown; error?: RpcErrorBody }

async function rpc(url: string, method: string, params: unknown): Promise<Body> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as Body;
}
const fail = async (n: VersionNode, method: string, params: unknown): Promise<RpcErrorBody> => {
  const body = await rpc(n.server.url, method, params);
  if (!body.error) throw new Error(`${method} answered ${JSON.stringify(body.result)}`);
  return body.error;
};
/** RpcError::new_handler_error's JSON: the kind flattened (`name`, `cause`), code -32000, "Server error", `data`. */
const handlerError = (cause: RpcErrorBody['cause'], data: unknown): RpcErrorBody => ({ name: 'HANDLER_ERROR', cause, code: -32000, message: 'Server error', data });

/** ClientConfig's fields in client_config.rs order (the spice field is behind a feature a release does not build). */
const CLIENT_CONFIG_KEYS = [
  'version', 'chain_id', 'rpc_addr', 'expected_shutdown', 'block_production_tracking_delay', 'min_block_production_delay',
  'max_block_production_delay', 'max_block_wait_delay', 'chunk_wait_mult', 'skip_sync_wait', 'sync_check_period', 'sync_step_period',
  'sync_height_threshold', 'sync_max_block_requests', 'header_sync_initial_timeout', 'header_sync_progress_timeout',
  'header_sync_stall_ban_timeout', 'header_sync_expected_height_per_second', 'state_sync_external_timeout', 'state_sync_p2p_timeout',
  'state_sync_retry_backoff', 'state_sync_external_backoff', 'min_num_peers', 'log_summary_period', 'log_summary_style',
  'produce_empty_blocks', 'epoch_length', 'num_block_producer_seats', 'ttl_account_id_router', 'catchup_step_period',
  'chunk_request_retry_period', 'doomslug_step_period', 'block_header_fetch_horizon', 'gc', 'tracked_shards_config', 'archive',
  'cloud_archival_writer', 'save_trie_changes', 'save_tx_outcomes', 'save_receipt_to_tx', 'receipt_to_tx_max_hint_window',
  'receipt_to_tx_max_hop_distance', 'receipt_to_tx_max_outcomes_per_request', 'save_state_changes', 'save_untracked_partial_chunks_parts',
  'view_client_threads', 'chunk_validation_threads', 'state_request_throttle_period', 'state_requests_per_throttle_period',
  'state_request_server_threads', 'trie_viewer_state_size_limit', 'max_gas_burnt_view', 'enable_statistics_export',
  'client_background_migration_threads', 'state_sync', 'epoch_sync', 'transaction_pool_size_limit', 'transaction_pool_strict_nonce_ttl_blocks',
  'enable_multiline_logging', 'resharding_config', 'tx_routing_height_horizon', 'disable_tx_routing', 'produce_chunk_add_transactions_time_limit',
  'chunk_distribution_network', 'orphan_state_witness_pool_size', 'orphan_state_witness_max_size', 'save_latest_witnesses',
  'save_invalid_witnesses', 'transaction_request_handler_threads', 'protocol_version_check', 'enable_early_prepare_transactions',
  'chunks_cache_height_horizon',
];
/** The MutableConfigValue fields: updatable_config.rs serializes each as the JSON text of its value. */
const MUTABLE_KEYS = ['expected_shutdown', 'block_production_tracking_delay', 'min_block_production_delay', 'max_block_production_delay',
  'max_block_wait_delay', 'chunk_wait_mult', 'doomslug_step_period', 'resharding_config', 'produce_chunk_add_transactions_time_limit'];

anyTest('client_config is nearcore ClientConfig of the home: every field in order, config.json delays and rpc.addr, genesis values', async (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'client-config-'));
  initHome(home);
  // A user edits config.json: other delays (std Duration form) and another rpc.addr; `run --rpc-addr` still
  // decides where the node listens, and client_config reports config.json's address (NearConfig::new rpc_addr()).
  const configFile = path.join(home, 'config.json');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  config.rpc = { addr: '127.0.0.1:3999' };
  config.consensus = { min_block_production_delay: { secs: 0, nanos: 700_000_000 }, max_block_production_delay: { secs: 1, nanos: 500_000_000 } };
  fs.writeFileSync(configFile, JSON.stringify(config));
  const genesis = JSON.parse(fs.readFileSync(path.join(home, 'genesis.json'), 'utf8')) as { chain_id: string; epoch_length: number; num_block_producer_seats: number };
  const node = await startNode(home);
  try {
    const body = await rpc(node.url, 'client_config', []);
    const cfg = body.result as Record<string, unknown>;
    t.deepEqual(Object.keys(cfg), CLIENT_CONFIG_KEYS);
    for (const key of MUTABLE_KEYS) t.is(typeof cfg[key], 'string', key);
    // A near_time::Duration is time's serde tuple [secs, nanos]; inside a MutableConfigValue, its JSON text.
    t.is(cfg.min_block_production_delay, '[0,700000000]');
    t.is(cfg.max_block_production_delay, '[1,500000000]');
    t.is(cfg.rpc_addr, '127.0.0.1:3999');
    t.is(cfg.chain_id, genesis.chain_id);
    t.is(cfg.epoch_length, genesis.epoch_length);
    t.is(cfg.num_block_producer_seats, genesis.num_block_producer_seats);
    // `status` and client_config both carry neard_version().
    const status = (await rpc(node.url, 'status', [])).result as { version: unknown };
    t.deepEqual(cfg.version, status.version);
    // Values of neard's defaults, by the serde form of each type:
    t.is(cfg.expected_shutdown, 'null'); // MutableConfigValue<Option<BlockHeight>> of None
    t.is(cfg.chunk_wait_mult, '[1,3]'); // Rational32::new(1, 3) as num-rational's tuple
    t.is(cfg.block_production_tracking_delay, '[0,10000000]'); // BLOCK_PRODUCTION_TRACKING_DELAY 10 ms
    t.is(cfg.max_block_wait_delay, '[6,0]'); // MAX_BLOCK_WAIT_DELAY 6,000 ms
    t.deepEqual(cfg.sync_check_period, [10, 0]);
    t.deepEqual(cfg.ttl_account_id_router, [3600, 0]); // TTL_ACCOUNT_ID_ROUTER 60 * 60 s
    t.deepEqual(cfg.gc, { gc_blocks_limit: 2, gc_fork_clean_step: 100, gc_num_epochs_to_keep: 5, gc_step_period: { secs: 0, nanos: 500_000_000 } });
    t.deepEqual(JSON.parse(cfg.resharding_config as string), {
      batch_size: 500_000, batch_delay: { secs: 0, nanos: 5_000_000 }, retry_delay: { secs: 10, nanos: 0 }, initial_delay: { secs: 0, nanos: 0 },
      max_poll_time: { secs: 7200, nanos: 0 }, catch_up_blocks: 20,
    });
    t.is(cfg.tracked_shards_config, 'AllShards'); // init_configs
    t.is(cfg.skip_sync_wait, true); // init_configs for a chain other than mainnet/testnet
    t.is(cfg.log_summary_style, 'colored');
    t.is(cfg.protocol_version_check, 'NextNext');
    t.deepEqual(cfg.state_sync, { parts_compression_lvl: 1 });
    t.deepEqual(cfg.epoch_sync, { epoch_sync_horizon_num_epochs: 2, timeout_for_epoch_sync: { secs: 60, nanos: 0 } });
    t.is(cfg.max_gas_burnt_view, null);
    t.is(cfg.trie_viewer_state_size_limit, 50_000);
    t.is(cfg.orphan_state_witness_max_size, 40_000_000); // ByteSize::mb(40)
    t.is(cfg.produce_chunk_add_transactions_time_limit, '[0,200000000]');
  } finally {
    await stopNode(node);
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('block, chunk and gas_price errors: data the text of chunks.rs / blocks.rs / gas_price.rs, info as serde writes the enum', async (t) => {
  const n = t.context[85]!;
  // blocks.rs: UnknownBlock's data "DB Not Found Error: {error_message} \n Cause: Unknown", its error_message skip_serializing.
  t.deepEqual(await fail(n, 'block', { block_id: 99_999_999 }), handlerError({ name: 'UNKNOWN_BLOCK', info: {} }, 'DB Not Found Error: BLOCK HEIGHT: 99999999 \n Cause: Unknown'));
  t.deepEqual(await fail(n, 'gas_price', [99_999_999]), handlerError({ name: 'UNKNOWN_BLOCK', info: {} }, 'DB Not Found Error: BLOCK HEIGHT: 99999999 \n Cause: Unknown'));
  // config.rs: "Block Not Found: {error_message}".
  t.deepEqual(await fail(n, 'EXPERIMENTAL_protocol_config', { block_id: 99_999_999 }), handlerError({ name: 'UNKNOWN_BLOCK', info: {} }, 'Block Not Found: BLOCK HEIGHT: 99999999'));
  // chunks.rs: UnknownChunk names the ChunkHash newtype around the hash; InvalidShardId its Display.
  const missing = '11111111111111111111111111111112';
  t.deepEqual(await fail(n, 'chunk', { chunk_id: missing }),
    handlerError({ name: 'UNKNOWN_CHUNK', info: { chunk_hash: missing } }, `Chunk Missing (unavailable on the node): ChunkHash(\`${missing}\`) \n Cause: Unknown`));
  t.deepEqual(await fail(n, 'chunk', { block_id: 0, shard_id: 7 }), handlerError({ name: 'INVALID_SHARD_ID', info: { shard_id: 7 } }, 'Shard id 7 does not exist'));
});

test('changes and validators errors: the changes enum itself as data, UNKNOWN_EPOCH a unit variant', async (t) => {
  const n = t.context[85]!;
  // changes.rs From<RpcStateChangesError>: Some(error_data.clone()) — the serialized enum is the data.
  const unknown = handlerError({ name: 'UNKNOWN_BLOCK', info: {} }, { name: 'UNKNOWN_BLOCK', info: {} });
  t.deepEqual(await fail(n, 'EXPERIMENTAL_changes_in_block', { block_id: 99_999_999 }), unknown);
  t.deepEqual(await fail(n, 'EXPERIMENTAL_changes', { block_id: 99_999_999, changes_type: 'account_changes', account_ids: ['test.near'] }), unknown);
  // validator.rs: UnknownEpoch's data "Unknown Epoch"; a unit variant of an adjacently tagged enum has no `info`.
  const epoch = await fail(n, 'validators', { epoch_id: '11111111111111111111111111111112' });
  t.deepEqual(epoch, handlerError({ name: 'UNKNOWN_EPOCH' }, 'Unknown Epoch'));
  t.false('info' in epoch.cause);
});

test('transaction and query errors: INVALID_TRANSACTION carries ServerError JSON with empty info, the others their Display', async (t) => {
  const n = t.context[85]!;
  const hash = '11111111111111111111111111111112';
  // transactions.rs: UnknownTransaction's Display as data, its field as info.
  t.deepEqual(await fail(n, 'tx', [hash, 'test.near']),
    handlerError({ name: 'UNKNOWN_TRANSACTION', info: { requested_transaction_hash: hash } }, `Transaction ${hash} doesn't exist`));
  // transactions.rs: InvalidTransaction's data is ServerError::TxExecutionError(InvalidTxError(context)); context is skip_serializing.
  const block = (await rpc(n.server.url, 'block', { finality: 'final' })).result as { header: { hash: string } };
  const bytes = signedV0({ signerId: 'nobody.test.near', key: KeyPair.fromRandom('ed25519'), receiverId: 'test.near', blockHash: block.header.hash, nonce: 1n, actions: [transferAction(1n)] });
  t.deepEqual(await fail(n, 'broadcast_tx_commit', [Buffer.from(bytes).toString('base64')]),
    handlerError({ name: 'INVALID_TRANSACTION', info: {} }, { TxExecutionError: { InvalidTxError: { SignerDoesNotExist: { signer_id: 'nobody.test.near' } } } }));
  // query.rs: the Display text as data, the struct's fields as info.
  const account = await fail(n, 'query', { request_type: 'view_account', finality: 'final', account_id: 'nobody.test.near' });
  t.is(account.data, 'account nobody.test.near does not exist while viewing');
  t.is(account.cause.name, 'UNKNOWN_ACCOUNT');
  t.deepEqual(Object.keys(account.cause.info ?? {}), ['requested_account_id', 'block_height', 'block_hash']);
});
