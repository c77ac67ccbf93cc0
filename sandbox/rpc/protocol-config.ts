// EXPERIMENTAL_protocol_config: nearcore's ProtocolConfigView
// (core/chain-configs/src/genesis_config.rs) for the local chain. The epoch and
// economics figures are nearcore's genesis defaults (core/chain-configs/src/lib.rs,
// genesis_config.rs default_*); the runtime config is the node's own parameters.
import type { Chain } from '../chain/chain.ts';
import type { Block } from '../chain/types.ts';
import { blockRef } from './views.ts';

const fee = (f: { sendSir: bigint; sendNotSir: bigint; execution: bigint }) => ({ send_sir: f.sendSir, send_not_sir: f.sendNotSir, execution: f.execution });
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function protocolConfig(chain: Chain, at: Block) {
  // The chain's own parameters, resolved for its genesis protocol_version.
  const { storage, fees, extCosts, limits, accountCreation } = chain.config;
  const { records: _records, validators: _validators, total_supply: _supply, ...genesis } = chain.genesis;
  return {
    ...genesis,
    dynamic_resharding: false,
    protocol_upgrade_stake_threshold: [4, 5], // PROTOCOL_UPGRADE_STAKE_THRESHOLD
    block_producer_kickout_threshold: 90, // BLOCK_PRODUCER_KICKOUT_THRESHOLD
    chunk_producer_kickout_threshold: 90, // CHUNK_PRODUCER_KICKOUT_THRESHOLD
    chunk_validator_only_kickout_threshold: 80, // CHUNK_VALIDATOR_ONLY_KICKOUT_THRESHOLD
    target_validator_mandates_per_shard: 68, // default_target_validator_mandates_per_shard
    online_min_threshold: [90, 100],
    online_max_threshold: [99, 100],
    gas_price_adjustment_rate: [1, 100], // GAS_PRICE_ADJUSTMENT_RATE
    protocol_reward_rate: [1, 10], // PROTOCOL_REWARD_RATE
    max_inflation_rate: [1, 20], // MAX_INFLATION_RATE
    num_blocks_per_year: 31_536_000, // NUM_BLOCKS_PER_YEAR = 365 * 24 * 60 * 60
    // neard's init names the validator; PROTOCOL_TREASURY_ACCOUNT otherwise.
    protocol_treasury_account: chain.genesis.protocol_treasury_account ?? 'near',
    fishermen_threshold: (10n * 10n ** 24n).toString(), // FISHERMEN_THRESHOLD = 10 NEAR
    minimum_stake_divisor: 10, // MINIMUM_STAKE_DIVISOR (nearcore/src/config.rs)
    max_kickout_stake_perc: 100,
    minimum_stake_ratio: [160, 1_000_000], // default_minimum_stake_ratio
    shuffle_shard_assignment_for_chunk_producers: false,
    minimum_validators_per_shard: 1, // default_minimum_validators_per_shard
    shard_layout: { V2: { boundary_accounts: [], shard_ids: [0], id_to_index_map: { 0: 0 }, index_to_id_map: { 0: 0 }, shards_split_map: null, shards_parent_map: null, version: 0 } },
    ...blockRef(at),
    runtime_config: {
      storage_amount_per_byte: storage.amountPerByte.toString(),
      transaction_costs: {
        action_receipt_creation_config: fee(fees.action_receipt_creation),
        action_creation_config: Object.fromEntries(Object.entries(fees).map(([k, v]) => [k, fee(v)])),
        storage_usage_config: { num_bytes_account: storage.numBytesAccount, num_extra_bytes_record: storage.numExtraBytesRecord },
      },
      wasm_config: { ext_costs: extCosts, limit_config: Object.fromEntries(Object.entries(limits).map(([k, v]) => [snake(k), v])) },
      account_creation_config: { min_allowed_top_level_account_length: accountCreation.minAllowedTopLevelAccountLength, registrar_account_id: accountCreation.registrarAccountId },
      // NEP-642 (85; 0 before): core/parameters/src/view.rs RuntimeConfigView.
      min_gas_purchase_price: chain.config.minGasPurchasePrice.toString(),
      account_creation_charge: chain.config.accountCreationCharge.toString(),
    },
  };
}
