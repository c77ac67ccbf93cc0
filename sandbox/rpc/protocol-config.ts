// EXPERIMENTAL_protocol_config as neard answers it: nearcore's ProtocolConfigView
// (core/chain-configs/src/genesis_config.rs), fields in its order, built the way
// chain/chain/src/runtime/mod.rs get_protocol_config builds it: the genesis config,
// with the epoch config's values over it, and the RuntimeConfigView of the
// protocol version (runtime-config-view.ts). No block hash or height: the view has none.
import type { Chain } from '../chain/chain.ts';
import type { GenesisConfig } from '../chain/genesis.ts';
import type { Block } from '../chain/types.ts';
import { handlerError } from './errors.ts';
import { b58 } from './views.ts';
import { blockReference, parseFailure, type Params } from './params.ts';
import { runtimeConfigView } from './runtime-config-view.ts';

type Rational = [number, number];

const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));
/** num_rational's `Rational32::new`, which reduces (`new_raw` does not). */
const rationalNew = (n: number, d: number): Rational => [n / gcd(n, d), d / gcd(n, d)];

/** core/chain-configs/src/lib.rs. */
const PROTOCOL_UPGRADE_STAKE_THRESHOLD: Rational = [4, 5]; // Rational32::new_raw(4, 5)
const BLOCK_PRODUCER_KICKOUT_THRESHOLD = 90;
const CHUNK_PRODUCER_KICKOUT_THRESHOLD = 90;
const CHUNK_VALIDATOR_ONLY_KICKOUT_THRESHOLD = 80;
const FISHERMEN_THRESHOLD = (10n * 10n ** 24n).toString(); // Balance::from_near(10)
const GAS_PRICE_ADJUSTMENT_RATE: Rational = [1, 100]; // new_raw(1, 100)
const PROTOCOL_REWARD_RATE: Rational = [1, 10]; // new_raw(1, 10)
const MAX_INFLATION_RATE: Rational = [1, 20]; // new_raw(1, 20)
const NUM_BLOCKS_PER_YEAR = 365 * 24 * 60 * 60;

/** What neard's `init` writes for a chain that is neither mainnet nor testnet (nearcore/src/config.rs
 *  init_configs) and GenesisConfig's serde defaults, for the fields our genesis.json leaves out. */
export const INIT_GENESIS = {
  dynamic_resharding: false,
  protocol_upgrade_stake_threshold: PROTOCOL_UPGRADE_STAKE_THRESHOLD,
  gas_price_adjustment_rate: GAS_PRICE_ADJUSTMENT_RATE,
  block_producer_kickout_threshold: BLOCK_PRODUCER_KICKOUT_THRESHOLD,
  chunk_producer_kickout_threshold: CHUNK_PRODUCER_KICKOUT_THRESHOLD,
  chunk_validator_only_kickout_threshold: CHUNK_VALIDATOR_ONLY_KICKOUT_THRESHOLD,
  online_max_threshold: rationalNew(99, 100),
  online_min_threshold: rationalNew(BLOCK_PRODUCER_KICKOUT_THRESHOLD, 100),
  protocol_reward_rate: PROTOCOL_REWARD_RATE,
  max_inflation_rate: MAX_INFLATION_RATE,
  num_blocks_per_year: NUM_BLOCKS_PER_YEAR,
  fishermen_threshold: FISHERMEN_THRESHOLD,
  // ShardLayout::multi_shard(1, 0): one shard, id 0, no boundary accounts (serde of ShardLayoutV2).
  shard_layout: { V2: { boundary_accounts: [], shard_ids: [0], id_to_index_map: { 0: 0 }, index_to_id_map: { 0: 0 }, shards_split_map: null, shards_parent_map: null, version: 0 } },
  // genesis_config.rs defaults (SmartDefault / serde default_*).
  target_validator_mandates_per_shard: 68,
  minimum_stake_divisor: 10,
  minimum_validators_per_shard: 1,
  max_kickout_stake_perc: 100,
  minimum_stake_ratio: rationalNew(160, 1_000_000),
  shuffle_shard_assignment_for_chunk_producers: false,
};
type GenesisFields = typeof INIT_GENESIS;

/** The genesis' value of a field, or init's when genesis.json does not have it. */
export function genesisField<K extends keyof GenesisFields>(genesis: GenesisConfig, name: K): GenesisFields[K] {
  const value = (genesis as unknown as Record<string, unknown>)[name];
  return value === undefined ? INIT_GENESIS[name] : (value as GenesisFields[K]);
}

/** The epoch config neard runs with (chain/epoch-manager/src/lib.rs new_arc_handle): a `test-chain-*`
 *  chain takes it from the genesis (`EpochConfig::from(&GenesisConfig)`), any other chain without an
 *  `epoch_configs` folder (ours is `localnet`) gets `Genesis::test_epoch_config` (EpochConfig::genesis_test).
 *  The epoch length is always the genesis' (AllEpochConfig::for_protocol_version). */
function epochConfig(genesis: GenesisConfig) {
  const g = <K extends keyof GenesisFields>(name: K) => genesisField(genesis, name);
  if (genesis.chain_id.startsWith('test-chain-')) {
    return {
      num_block_producer_seats: genesis.num_block_producer_seats, protocol_upgrade_stake_threshold: g('protocol_upgrade_stake_threshold'),
      block_producer_kickout_threshold: g('block_producer_kickout_threshold'), chunk_producer_kickout_threshold: g('chunk_producer_kickout_threshold'),
      chunk_validator_only_kickout_threshold: g('chunk_validator_only_kickout_threshold'), target_validator_mandates_per_shard: g('target_validator_mandates_per_shard'),
      online_min_threshold: g('online_min_threshold'), online_max_threshold: g('online_max_threshold'), max_inflation_rate: g('max_inflation_rate'),
      fishermen_threshold: g('fishermen_threshold'), minimum_stake_divisor: g('minimum_stake_divisor'), max_kickout_stake_perc: g('max_kickout_stake_perc'),
      minimum_stake_ratio: g('minimum_stake_ratio'), shuffle_shard_assignment_for_chunk_producers: g('shuffle_shard_assignment_for_chunk_producers'),
      minimum_validators_per_shard: g('minimum_validators_per_shard'), shard_layout: g('shard_layout'),
    };
  }
  // core/primitives/src/epoch_manager.rs EpochConfig::genesis_test with the lib.rs constants.
  return {
    num_block_producer_seats: genesis.num_block_producer_seats, protocol_upgrade_stake_threshold: PROTOCOL_UPGRADE_STAKE_THRESHOLD,
    block_producer_kickout_threshold: BLOCK_PRODUCER_KICKOUT_THRESHOLD, chunk_producer_kickout_threshold: CHUNK_PRODUCER_KICKOUT_THRESHOLD,
    chunk_validator_only_kickout_threshold: CHUNK_VALIDATOR_ONLY_KICKOUT_THRESHOLD, target_validator_mandates_per_shard: 68,
    online_min_threshold: rationalNew(90, 100), online_max_threshold: rationalNew(99, 100), max_inflation_rate: rationalNew(1, 40),
    fishermen_threshold: FISHERMEN_THRESHOLD, minimum_stake_divisor: 10, max_kickout_stake_perc: 100,
    minimum_stake_ratio: rationalNew(160, 1_000_000), shuffle_shard_assignment_for_chunk_producers: false,
    minimum_validators_per_shard: 1, shard_layout: g('shard_layout'),
  };
}

/** chrono's serde of DateTime<Utc> (RFC 3339, `SecondsFormat::AutoSi`, `Z`): the fraction in
 *  groups of 3 digits as needed, none when it is zero. */
export function chronoTime(text: string): string {
  const match = /\.(\d+)/.exec(text);
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) return text;
  const whole = new Date(Math.floor(millis / 1000) * 1000).toISOString().slice(0, 19);
  const digits = (match?.[1] ?? '').slice(0, 9).replace(/0+$/, '');
  const width = digits.length === 0 ? 0 : digits.length <= 3 ? 3 : digits.length <= 6 ? 6 : 9;
  return `${whole}${width ? `.${digits.padEnd(width, '0')}` : ''}Z`;
}

/** ProtocolConfigView of the chain (its protocol version is the genesis one: the node has no upgrades). */
export function protocolConfig(chain: Chain) {
  const genesis = chain.genesis;
  const epoch = epochConfig(genesis);
  return {
    protocol_version: genesis.protocol_version,
    genesis_time: chronoTime(genesis.genesis_time),
    chain_id: genesis.chain_id,
    genesis_height: genesis.genesis_height,
    num_block_producer_seats: epoch.num_block_producer_seats,
    dynamic_resharding: genesisField(genesis, 'dynamic_resharding'),
    protocol_upgrade_stake_threshold: epoch.protocol_upgrade_stake_threshold,
    epoch_length: genesis.epoch_length,
    gas_limit: genesis.gas_limit,
    min_gas_price: genesis.min_gas_price,
    max_gas_price: genesis.max_gas_price,
    block_producer_kickout_threshold: epoch.block_producer_kickout_threshold,
    chunk_producer_kickout_threshold: epoch.chunk_producer_kickout_threshold,
    chunk_validator_only_kickout_threshold: epoch.chunk_validator_only_kickout_threshold,
    target_validator_mandates_per_shard: epoch.target_validator_mandates_per_shard,
    online_min_threshold: epoch.online_min_threshold,
    online_max_threshold: epoch.online_max_threshold,
    gas_price_adjustment_rate: genesisField(genesis, 'gas_price_adjustment_rate'),
    runtime_config: runtimeConfigView(genesis.protocol_version),
    transaction_validity_period: genesis.transaction_validity_period,
    protocol_reward_rate: genesisField(genesis, 'protocol_reward_rate'),
    max_inflation_rate: epoch.max_inflation_rate,
    num_blocks_per_year: genesisField(genesis, 'num_blocks_per_year'),
    // GenesisConfig's default is "near"; neard's init names the validator.
    protocol_treasury_account: genesis.protocol_treasury_account ?? 'near',
    fishermen_threshold: epoch.fishermen_threshold,
    minimum_stake_divisor: epoch.minimum_stake_divisor,
    max_kickout_stake_perc: epoch.max_kickout_stake_perc,
    minimum_stake_ratio: epoch.minimum_stake_ratio,
    shuffle_shard_assignment_for_chunk_producers: epoch.shuffle_shard_assignment_for_chunk_producers,
    minimum_validators_per_shard: epoch.minimum_validators_per_shard,
    shard_layout: epoch.shard_layout,
  };
}

const VARIANTS = ['block_id', 'finality', 'sync_checkpoint'];

/** The method: params are a BlockReference (config.rs `Params::parse`, serde's externally tagged enum:
 *  an object with exactly one of the three keys); an unknown block is UNKNOWN_BLOCK with
 *  `Block Not Found: <DBNotFoundErr text>` (RpcProtocolConfigError). */
export function protocolConfigMethod(chain: Chain, params: Params) {
  if (params === undefined || params === null) throw parseFailure('invalid type: null, expected string or map');
  if (Array.isArray(params)) throw parseFailure('invalid type: sequence, expected string or map');
  const keys = Object.keys(params);
  if (keys.length !== 1) throw parseFailure('invalid value: map, expected map with a single key');
  if (!VARIANTS.includes(keys[0]!)) throw parseFailure(`unknown variant \`${keys[0]}\`, expected one of \`block_id\`, \`finality\`, \`sync_checkpoint\``);
  const ref = blockReference(params);
  // A null value: BlockId is an untagged enum, Finality and SyncCheckpoint plain ones.
  if (ref === undefined) throw parseFailure(keys[0] === 'block_id' ? 'data did not match any variant of untagged enum BlockId' : 'invalid type: null, expected string or map');
  if ('blockId' in ref) {
    const id = ref.blockId;
    const found: Block | undefined = 'height' in id ? chain.blocksByHeight.get(id.height) : chain.blocksByHash.get(Buffer.from(id.hash).toString('hex'));
    // chain_store.rs: get_block_hash_by_height "BLOCK HEIGHT: h", get_block_header "BLOCK HEADER: hash".
    if (!found) throw handlerError('UNKNOWN_BLOCK', `Block Not Found: ${'height' in id ? `BLOCK HEIGHT: ${id.height}` : `BLOCK HEADER: ${b58(id.hash)}`}`);
  }
  return protocolConfig(chain);
}
