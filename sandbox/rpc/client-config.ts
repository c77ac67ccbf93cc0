// `client_config`: nearcore's ClientConfig (core/chain-configs/src/client_config.rs) as serde writes it
// for this node, every field in the struct's order. The values are what nearcore/src/config.rs
// `NearConfig::new` builds from a config.json written by `neard init` for a localnet chain (Config::default
// with init_configs' changes) and the genesis, after neard/src/cli.rs `run` sets the version. Our home's
// config.json (sandbox/cli/home.ts) sets only rpc.addr and the two block production delays, which are read
// back from the chain (`chain.delays`); every other field is nearcore's default.
//
// Serde forms, from the types of the fields:
// - a `near_time::Duration` (time 0.3 without `serde-human-readable`) is the tuple `[secs, nanos]`;
// - a field with `serde_duration_as_std` (GCConfig, EpochSyncConfig, ReshardingConfig) is std's `{ secs, nanos }`;
// - a `MutableConfigValue<T>` is a string: serde_json's text of its value (updatable_config.rs `Serialize`);
// - `Rational32` (num-rational 0.3) is `[numer, denom]`; `ByteSize` (bytesize 1.1, a derived newtype) a number;
// - enums are externally tagged (`"AllShards"`, `"NextNext"`), LogSummaryStyle renamed (`"colored"`);
// - an `Option` is `null`, except StateSyncConfig's fields with `skip_serializing_if`.
import type { Chain } from '../chain/chain.ts';
import { NEARCORE_RELEASE } from '../params/runtime-config.ts';

/** chain/jsonrpc/src/lib.rs RpcConfig::default addr, what `neard init` writes as config.json's rpc.addr. */
export const DEFAULT_RPC_ADDR = '0.0.0.0:3030';

/** time::Duration's serde tuple. */
type TimeDuration = [number, number];
/** std::time::Duration's serde struct. */
type StdDuration = { secs: number; nanos: number };

const NS_PER_S = 1_000_000_000;
const timeDuration = (ms: number): TimeDuration => {
  const ns = Math.round(ms * 1_000_000);
  return [Math.floor(ns / NS_PER_S), ns % NS_PER_S];
};
const stdDuration = (ms: number): StdDuration => {
  const [secs, nanos] = timeDuration(ms);
  return { secs, nanos };
};
/** updatable_config.rs: a MutableConfigValue serializes as the JSON text of its value. */
const mutable = (value: unknown): string => JSON.stringify(value);

/** One ClientConfig field: its value for this node and where nearcore takes it from. */
interface ClientConfigField {
  name: string;
  value: (chain: Chain, rpcAddr: string | null) => unknown;
  source: string;
}

const constant = (name: string, value: unknown, source: string): ClientConfigField => ({ name, value: () => value, source });

/** ClientConfig's fields in client_config.rs order (without the `protocol_feature_spice` field, not in a release neard). */
export const CLIENT_CONFIG_FIELDS: readonly ClientConfigField[] = [
  { name: 'version', value: () => ({ version: NEARCORE_RELEASE.version, build: NEARCORE_RELEASE.build, commit: NEARCORE_RELEASE.commit, rustc_version: NEARCORE_RELEASE.rustcVersion }), source: 'neard/src/cli.rs run: crate::neard_version() (the release `status` reports)' },
  { name: 'chain_id', value: (chain) => chain.genesis.chain_id, source: 'genesis.config.chain_id' },
  { name: 'rpc_addr', value: (_chain, rpcAddr) => rpcAddr, source: "config.rpc_addr(): config.json's rpc.addr (RpcConfig::default 0.0.0.0:3030); `run --rpc-addr` changes only rpc_config" },
  constant('expected_shutdown', mutable(null), 'Config::default expected_shutdown None'),
  constant('block_production_tracking_delay', mutable(timeDuration(10)), 'config.rs BLOCK_PRODUCTION_TRACKING_DELAY 10 ms'),
  { name: 'min_block_production_delay', value: (chain) => mutable(timeDuration(chain.delays.minMs)), source: "config.json consensus.min_block_production_delay (init for localnet: chain-configs lib.rs MIN_BLOCK_PRODUCTION_DELAY 600 ms)" },
  { name: 'max_block_production_delay', value: (chain) => mutable(timeDuration(chain.delays.maxMs)), source: 'config.json consensus.max_block_production_delay (init for localnet: config.rs MAX_BLOCK_PRODUCTION_DELAY 2,000 ms)' },
  constant('max_block_wait_delay', mutable(timeDuration(6_000)), 'config.rs MAX_BLOCK_WAIT_DELAY 6,000 ms'),
  constant('chunk_wait_mult', mutable([1, 3]), 'client_config.rs default_chunk_wait_mult Rational32::new(1, 3)'),
  constant('skip_sync_wait', true, 'config.rs init_configs: network.skip_sync_wait = true for a chain other than mainnet/testnet'),
  constant('sync_check_period', timeDuration(10_000), 'client_config.rs default_sync_check_period 10 s'),
  constant('sync_step_period', timeDuration(10), 'client_config.rs default_sync_step_period 10 ms'),
  constant('sync_height_threshold', 1, 'client_config.rs default_sync_height_threshold'),
  constant('sync_max_block_requests', 10, 'client_config.rs default_sync_max_block_requests'),
  constant('header_sync_initial_timeout', timeDuration(10_000), 'client_config.rs default_header_sync_initial_timeout 10 s'),
  constant('header_sync_progress_timeout', timeDuration(2_000), 'client_config.rs default_header_sync_progress_timeout 2 s'),
  constant('header_sync_stall_ban_timeout', timeDuration(120_000), 'client_config.rs default_header_sync_stall_ban_timeout 120 s'),
  constant('header_sync_expected_height_per_second', 10, 'client_config.rs default_header_sync_expected_height_per_second'),
  constant('state_sync_external_timeout', timeDuration(60_000), 'client_config.rs default_state_sync_external_timeout 60 s'),
  constant('state_sync_p2p_timeout', timeDuration(10_000), 'client_config.rs default_state_sync_p2p_timeout 10 s'),
  constant('state_sync_retry_backoff', timeDuration(1_000), 'client_config.rs default_state_sync_retry_backoff 1 s'),
  constant('state_sync_external_backoff', timeDuration(60_000), 'client_config.rs default_state_sync_external_backoff 60 s'),
  constant('min_num_peers', 3, 'config.rs Consensus::default min_num_peers'),
  constant('log_summary_period', timeDuration(10_000), 'client_config.rs default_log_summary_period 10 s'),
  constant('log_summary_style', 'colored', 'Config::default LogSummaryStyle::Colored (serde rename "colored")'),
  constant('produce_empty_blocks', true, 'config.rs Consensus::default'),
  { name: 'epoch_length', value: (chain) => chain.genesis.epoch_length, source: 'genesis.config.epoch_length' },
  { name: 'num_block_producer_seats', value: (chain) => chain.genesis.num_block_producer_seats, source: 'genesis.config.num_block_producer_seats' },
  constant('ttl_account_id_router', timeDuration(3_600_000), 'network config_json.rs TTL_ACCOUNT_ID_ROUTER 60 * 60 s'),
  constant('catchup_step_period', timeDuration(100), 'config.rs CATCHUP_STEP_PERIOD 100 ms'),
  constant('chunk_request_retry_period', timeDuration(400), 'config.rs CHUNK_REQUEST_RETRY_PERIOD 400 ms'),
  constant('doomslug_step_period', mutable(timeDuration(10)), 'config.rs default_doomslug_step_period 10 ms'),
  constant('block_header_fetch_horizon', 50, 'config.rs BLOCK_HEADER_FETCH_HORIZON'),
  constant('gc', { gc_blocks_limit: 2, gc_fork_clean_step: 100, gc_num_epochs_to_keep: 5, gc_step_period: stdDuration(500) }, 'client_config.rs GCConfig::default (DEFAULT_GC_NUM_EPOCHS_TO_KEEP 5, 500 ms as std)'),
  constant('tracked_shards_config', 'AllShards', 'config.rs init_configs: TrackedShardsConfig::AllShards'),
  constant('archive', false, 'Config::default'),
  constant('cloud_archival_writer', null, 'Config::default'),
  constant('save_trie_changes', true, 'NearConfig::new: unwrap_or(!archive)'),
  constant('save_tx_outcomes', true, 'NearConfig::new: unwrap_or(archive || tracked_shards_config.is_rpc()), AllShards is an RPC'),
  constant('save_receipt_to_tx', true, 'NearConfig::new: defaults to save_tx_outcomes'),
  constant('receipt_to_tx_max_hint_window', 20, 'NearConfig::new unwrap_or(20)'),
  constant('receipt_to_tx_max_hop_distance', 20, 'NearConfig::new unwrap_or(20)'),
  constant('receipt_to_tx_max_outcomes_per_request', 20_000, 'NearConfig::new unwrap_or(20_000)'),
  constant('save_state_changes', true, 'NearConfig::new unwrap_or(true)'),
  constant('save_untracked_partial_chunks_parts', true, 'NearConfig::new unwrap_or(true)'),
  constant('view_client_threads', 4, 'client_config.rs default_view_client_threads'),
  constant('chunk_validation_threads', 4, 'client_config.rs default_chunk_validation_threads'),
  constant('state_request_throttle_period', timeDuration(30_000), 'client_config.rs default_state_request_throttle_period 30 s'),
  constant('state_requests_per_throttle_period', 30, 'client_config.rs default_state_requests_per_throttle_period'),
  constant('state_request_server_threads', 4, 'client_config.rs default_state_request_server_threads = view client threads'),
  constant('trie_viewer_state_size_limit', 50_000, 'client_config.rs default_trie_viewer_state_size_limit'),
  constant('max_gas_burnt_view', null, 'Config::default (init without --max-gas-burnt-view)'),
  constant('enable_statistics_export', true, 'core/store/src/config.rs StoreConfig::default'),
  constant('client_background_migration_threads', 8, 'NearConfig::new'),
  constant('state_sync', { parts_compression_lvl: 1 }, 'StateSyncConfig::default: dump None, sync Peers and default concurrency skipped; DEFAULT_STATE_PARTS_COMPRESSION_LEVEL 1'),
  constant('epoch_sync', { epoch_sync_horizon_num_epochs: 2, timeout_for_epoch_sync: stdDuration(60_000) }, 'client_config.rs EpochSyncConfig::default (60 s as std)'),
  constant('transaction_pool_size_limit', 100_000_000, 'client_config.rs default_transaction_pool_size_limit'),
  constant('transaction_pool_strict_nonce_ttl_blocks', 64, 'client_config.rs default_transaction_pool_strict_nonce_ttl_blocks'),
  constant('enable_multiline_logging', true, 'NearConfig::new unwrap_or(true)'),
  constant('resharding_config', mutable({
    batch_size: 500_000, batch_delay: stdDuration(5), retry_delay: stdDuration(10_000), initial_delay: stdDuration(0), max_poll_time: stdDuration(7_200_000), catch_up_blocks: 20,
  }), 'client_config.rs ReshardingConfig::default (ByteSize::kb(500), std durations)'),
  constant('tx_routing_height_horizon', 4, 'client_config.rs default_tx_routing_height_horizon'),
  constant('disable_tx_routing', false, 'Config::default'),
  constant('produce_chunk_add_transactions_time_limit', mutable(timeDuration(200)), 'client_config.rs default_produce_chunk_add_transactions_time_limit Some(200 ms)'),
  constant('chunk_distribution_network', null, 'Config::default'),
  constant('orphan_state_witness_pool_size', 25, 'client_config.rs default_orphan_state_witness_pool_size'),
  constant('orphan_state_witness_max_size', 40_000_000, 'client_config.rs default_orphan_state_witness_max_size ByteSize::mb(40)'),
  constant('save_latest_witnesses', false, 'Config::default'),
  constant('save_invalid_witnesses', false, 'Config::default'),
  constant('transaction_request_handler_threads', 4, 'Config::default'),
  constant('protocol_version_check', 'NextNext', 'NearConfig::new unwrap_or(ProtocolVersionCheckConfig::NextNext)'),
  constant('enable_early_prepare_transactions', false, 'client_config.rs default_enable_early_prepare_transactions: cfg!(feature = "nightly"), off in a release'),
  constant('chunks_cache_height_horizon', 128, 'client_config.rs default_chunks_cache_height_horizon'),
];

/** RpcClientConfigResponse: the ClientConfig flattened into the result. `rpcAddr` is config.json's rpc.addr. */
export function clientConfigView(chain: Chain, rpcAddr: string | null): Record<string, unknown> {
  return Object.fromEntries(CLIENT_CONFIG_FIELDS.map((field) => [field.name, field.value(chain, rpcAddr)]));
}
