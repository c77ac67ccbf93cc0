// EXPERIMENTAL_genesis_config (and its alias genesis_config) as neard answers it:
// the node's GenesisConfig serialized (chain/jsonrpc/src/lib.rs returns
// `&self.genesis_config`), every field in core/chain-configs/src/genesis_config.rs's
// order, those our genesis.json leaves out as neard's `init` writes them.
import type { Chain } from '../chain/chain.ts';
import { chronoTime, genesisField, INIT_GENESIS } from './protocol-config.ts';

/** GenesisConfig fields that only the genesis config has (not in ProtocolConfigView), their SmartDefault. */
const DEFAULTS = { use_production_config: false, num_chunk_producer_seats: 100, num_chunk_validator_seats: 300, chunk_producer_assignment_changes_limit: 5 };

export function genesisConfigView(chain: Chain) {
  const genesis = chain.genesis;
  const g = <K extends keyof typeof INIT_GENESIS>(name: K) => genesisField(genesis, name);
  const extra = (name: keyof typeof DEFAULTS) => ((genesis as unknown as Record<string, unknown>)[name] ?? DEFAULTS[name]);
  return {
    protocol_version: genesis.protocol_version,
    genesis_time: chronoTime(genesis.genesis_time),
    chain_id: genesis.chain_id,
    genesis_height: genesis.genesis_height,
    num_block_producer_seats: genesis.num_block_producer_seats,
    dynamic_resharding: g('dynamic_resharding'),
    protocol_upgrade_stake_threshold: g('protocol_upgrade_stake_threshold'),
    epoch_length: genesis.epoch_length,
    gas_limit: genesis.gas_limit,
    min_gas_price: genesis.min_gas_price,
    max_gas_price: genesis.max_gas_price,
    block_producer_kickout_threshold: g('block_producer_kickout_threshold'),
    chunk_producer_kickout_threshold: g('chunk_producer_kickout_threshold'),
    chunk_validator_only_kickout_threshold: g('chunk_validator_only_kickout_threshold'),
    target_validator_mandates_per_shard: g('target_validator_mandates_per_shard'),
    online_min_threshold: g('online_min_threshold'),
    online_max_threshold: g('online_max_threshold'),
    gas_price_adjustment_rate: g('gas_price_adjustment_rate'),
    validators: genesis.validators.map((v) => ({ account_id: v.account_id, public_key: v.public_key, amount: v.amount })),
    transaction_validity_period: genesis.transaction_validity_period,
    protocol_reward_rate: g('protocol_reward_rate'),
    max_inflation_rate: g('max_inflation_rate'),
    total_supply: genesis.total_supply,
    num_blocks_per_year: g('num_blocks_per_year'),
    protocol_treasury_account: genesis.protocol_treasury_account ?? 'near',
    fishermen_threshold: g('fishermen_threshold'),
    minimum_stake_divisor: g('minimum_stake_divisor'),
    shard_layout: g('shard_layout'),
    minimum_validators_per_shard: g('minimum_validators_per_shard'),
    max_kickout_stake_perc: g('max_kickout_stake_perc'),
    minimum_stake_ratio: g('minimum_stake_ratio'),
    shuffle_shard_assignment_for_chunk_producers: g('shuffle_shard_assignment_for_chunk_producers'),
    use_production_config: extra('use_production_config'),
    num_chunk_producer_seats: extra('num_chunk_producer_seats'),
    num_chunk_validator_seats: extra('num_chunk_validator_seats'),
    chunk_producer_assignment_changes_limit: extra('chunk_producer_assignment_changes_limit'),
  };
}
