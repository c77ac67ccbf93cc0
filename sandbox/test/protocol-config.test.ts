// EXPERIMENTAL_protocol_config, EXPERIMENTAL_genesis_config and gas_price at
// protocol 78 and 85, through near-api-js 7 and raw JSON-RPC, against what neard
// 2.13 answers: the runtime config equals nearcore's own resolved RuntimeConfigView
// (core/parameters/src/snapshots/near_parameters__config_store__tests__{78,85}.json.snap,
// in sandbox/params/test/nearcore/, `vm_kind` redacted there and taken from the
// `vm_kind` parameter here); the genesis and epoch fields are nearcore's init
// genesis (nearcore/src/config.rs init_configs) and EpochConfig::genesis_test
// constants; the field lists are written from nearcore's structs, in their order.
// Nothing expected here is taken from the node's output.
import fs from 'node:fs';
import path from 'node:path';
import { JsonRpcProvider } from 'near-api-js';
import { Chain } from '../chain/chain.ts';
import { resolveParameters } from '../params/resolve.ts';
import { startRpcServer } from '../rpc/server.ts';
import { testAtVersions, type VersionNode } from './version-nodes.ts';

const VERSIONS = [78, 85];
const test = testAtVersions(VERSIONS);

type Json = Record<string, unknown>;
/** JSON with integers past 2^53 kept exact (as "#digits"), so a u64 that rounds cannot pass. */
const parseExact = (text: string): unknown => JSON.parse(text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"#$2"'));

async function rawText(node: VersionNode, method: string, params: unknown): Promise<string> {
  const response = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 'p', method, params }) });
  return response.text();
}
async function raw(node: VersionNode, method: string, params: unknown): Promise<{ result?: Json; error?: Json }> {
  return parseExact(await rawText(node, method, params)) as { result?: Json; error?: Json };
}

/** nearcore's RuntimeConfigView of one version, exactly as its snapshot holds it, with `vm_kind` from the parameter. */
function nearcoreRuntimeConfig(version: number): Json {
  const text = fs.readFileSync(path.join(import.meta.dirname, '..', 'params', 'test', 'nearcore', `${version}.json`), 'utf8');
  const view = parseExact(text) as { wasm_config: Json };
  view.wasm_config.vm_kind = resolveParameters(version).vm_kind;
  return view as unknown as Json;
}

// ---- Field lists, in declaration (= serde) order, from nearcore's structs ----
/** core/chain-configs/src/genesis_config.rs ProtocolConfigView. */
const PROTOCOL_CONFIG_VIEW = [
  'protocol_version', 'genesis_time', 'chain_id', 'genesis_height', 'num_block_producer_seats', 'dynamic_resharding',
  'protocol_upgrade_stake_threshold', 'epoch_length', 'gas_limit', 'min_gas_price', 'max_gas_price',
  'block_producer_kickout_threshold', 'chunk_producer_kickout_threshold', 'chunk_validator_only_kickout_threshold',
  'target_validator_mandates_per_shard', 'online_min_threshold', 'online_max_threshold', 'gas_price_adjustment_rate',
  'runtime_config', 'transaction_validity_period', 'protocol_reward_rate', 'max_inflation_rate', 'num_blocks_per_year',
  'protocol_treasury_account', 'fishermen_threshold', 'minimum_stake_divisor', 'max_kickout_stake_perc',
  'minimum_stake_ratio', 'shuffle_shard_assignment_for_chunk_producers', 'minimum_validators_per_shard', 'shard_layout',
];
/** genesis_config.rs GenesisConfig. */
const GENESIS_CONFIG = [
  'protocol_version', 'genesis_time', 'chain_id', 'genesis_height', 'num_block_producer_seats', 'dynamic_resharding',
  'protocol_upgrade_stake_threshold', 'epoch_length', 'gas_limit', 'min_gas_price', 'max_gas_price',
  'block_producer_kickout_threshold', 'chunk_producer_kickout_threshold', 'chunk_validator_only_kickout_threshold',
  'target_validator_mandates_per_shard', 'online_min_threshold', 'online_max_threshold', 'gas_price_adjustment_rate',
  'validators', 'transaction_validity_period', 'protocol_reward_rate', 'max_inflation_rate', 'total_supply',
  'num_blocks_per_year', 'protocol_treasury_account', 'fishermen_threshold', 'minimum_stake_divisor', 'shard_layout',
  'minimum_validators_per_shard', 'max_kickout_stake_perc', 'minimum_stake_ratio',
  'shuffle_shard_assignment_for_chunk_producers', 'use_production_config', 'num_chunk_producer_seats',
  'num_chunk_validator_seats', 'chunk_producer_assignment_changes_limit',
];
const FEE = ['send_sir', 'send_not_sir', 'execution']; // view.rs FeeView
/** core/parameters/src/view.rs ExtCostsConfigView. */
const EXT_COSTS = [
  'base', 'contract_loading_base', 'contract_loading_bytes', 'read_memory_base', 'read_memory_byte', 'write_memory_base',
  'write_memory_byte', 'read_register_base', 'read_register_byte', 'write_register_base', 'write_register_byte',
  'utf8_decoding_base', 'utf8_decoding_byte', 'utf16_decoding_base', 'utf16_decoding_byte', 'sha256_base', 'sha256_byte',
  'keccak256_base', 'keccak256_byte', 'keccak512_base', 'keccak512_byte', 'ripemd160_base', 'ripemd160_block',
  'ed25519_verify_base', 'ed25519_verify_byte', 'ecrecover_base', 'p256_verify_base', 'p256_verify_byte', 'log_base',
  'log_byte', 'storage_write_base', 'storage_write_key_byte', 'storage_write_value_byte', 'storage_write_evicted_byte',
  'storage_read_base', 'storage_read_key_byte', 'storage_read_value_byte', 'storage_large_read_overhead_base',
  'storage_large_read_overhead_byte', 'storage_remove_base', 'storage_remove_key_byte', 'storage_remove_ret_value_byte',
  'storage_has_key_base', 'storage_has_key_byte', 'storage_iter_create_prefix_base', 'storage_iter_create_prefix_byte',
  'storage_iter_create_range_base', 'storage_iter_create_from_byte', 'storage_iter_create_to_byte', 'storage_iter_next_base',
  'storage_iter_next_key_byte', 'storage_iter_next_value_byte', 'touching_trie_node', 'read_cached_trie_node',
  'promise_and_base', 'promise_and_per_promise', 'promise_return', 'validator_stake_base', 'validator_total_stake_base',
  'contract_compile_base', 'contract_compile_bytes', 'alt_bn128_g1_multiexp_base', 'alt_bn128_g1_multiexp_element',
  'alt_bn128_g1_sum_base', 'alt_bn128_g1_sum_element', 'alt_bn128_pairing_check_base', 'alt_bn128_pairing_check_element',
  'yield_create_base', 'yield_create_byte', 'yield_create_with_id_base', 'yield_resume_base', 'yield_resume_byte',
  'bls12381_p1_sum_base', 'bls12381_p1_sum_element', 'bls12381_p2_sum_base', 'bls12381_p2_sum_element',
  'bls12381_g1_multiexp_base', 'bls12381_g1_multiexp_element', 'bls12381_g2_multiexp_base', 'bls12381_g2_multiexp_element',
  'bls12381_map_fp_to_g1_base', 'bls12381_map_fp_to_g1_element', 'bls12381_map_fp2_to_g2_base',
  'bls12381_map_fp2_to_g2_element', 'bls12381_pairing_base', 'bls12381_pairing_element', 'bls12381_p1_decompress_base',
  'bls12381_p1_decompress_element', 'bls12381_p2_decompress_base', 'bls12381_p2_decompress_element',
];
/** core/parameters/src/vm.rs LimitConfig; the `Option` limits (skip_serializing_if None) are the ones 82/84 introduce. */
const LIMITS_BEFORE = [
  'max_gas_burnt', 'max_stack_height', 'initial_memory_pages', 'max_memory_pages', 'registers_memory_limit',
  'max_register_size', 'max_number_registers', 'max_number_logs', 'max_total_log_length', 'max_total_prepaid_gas',
  'max_actions_per_receipt', 'max_deploy_actions_per_receipt', 'max_number_bytes_method_names', 'max_length_method_name',
  'max_arguments_length', 'max_length_returned_data', 'max_contract_size', 'max_transaction_size', 'max_receipt_size',
  'max_length_storage_key', 'max_length_storage_value', 'max_promises_per_function_call_action',
  'max_number_input_data_dependencies', 'max_functions_number_per_contract', 'max_locals_per_contract',
];
const LIMITS_OPTIONAL = [
  'max_params_per_contract', 'max_params_per_function', 'max_operand_stack_bytes_per_function', 'max_tables_per_contract',
  'max_elements_per_contract_table', 'max_function_body_size', 'max_instrumented_code_size', 'max_blocks_per_function',
  'max_blocks_per_contract', 'max_types_per_contract',
];
const LIMITS_AFTER = ['account_id_validity_rules_version', 'yield_timeout_length_in_blocks', 'max_yield_payload_size', 'per_receipt_storage_proof_size_limit'];

type Shape = null | { [key: string]: Shape };
const leaves = (names: string[]): Shape => Object.fromEntries(names.map((n) => [n, null]));
const fees = (names: string[]): Shape => Object.fromEntries(names.map((n) => [n, leaves(FEE)]));
/** view.rs RuntimeConfigView and the views it holds; `limits` are LimitConfig's serialized fields at the version. */
const runtimeConfigShape = (limits: string[]): Shape => ({
  storage_amount_per_byte: null,
  transaction_costs: {
    action_receipt_creation_config: leaves(FEE),
    data_receipt_creation_config: fees(['base_cost', 'cost_per_byte']),
    action_creation_config: {
      ...fees(['create_account_cost', 'deploy_contract_cost', 'deploy_contract_cost_per_byte', 'function_call_cost', 'function_call_cost_per_byte', 'transfer_cost', 'stake_cost']),
      add_key_cost: fees(['full_access_cost', 'function_call_cost', 'function_call_cost_per_byte']),
      ...fees(['delete_key_cost', 'delete_account_cost', 'delegate_cost']),
    },
    storage_usage_config: leaves(['num_bytes_account', 'num_extra_bytes_record']),
    burnt_gas_reward: null, pessimistic_gas_price_inflation_ratio: null, ml_dsa_65_verification_cost: null,
  },
  wasm_config: {
    ext_costs: leaves(EXT_COSTS),
    ...leaves(['grow_mem_cost', 'regular_op_cost', 'linear_op_base_cost', 'linear_op_unit_cost', 'vm_kind', 'discard_custom_sections',
      'global_contract_host_fns', 'reftypes_bulk_memory', 'gas_key_host_fns', 'one_yocto_on_promise', 'p256_verify_host_fn',
      'yield_with_id_host_fns', 'chain_id_host_fn', 'bls12381_not_in_group_fix', 'storage_get_mode', 'fix_contract_loading_cost',
      'implicit_account_creation', 'eth_implicit_accounts']) as Record<string, Shape>,
    limit_config: leaves(limits),
  },
  account_creation_config: leaves(['min_allowed_top_level_account_length', 'registrar_account_id']),
  congestion_control_config: leaves(['max_congestion_incoming_gas', 'max_congestion_outgoing_gas', 'max_congestion_memory_consumption',
    'max_congestion_missed_chunks', 'max_outgoing_gas', 'min_outgoing_gas', 'allowed_shard_outgoing_gas', 'max_tx_gas', 'min_tx_gas',
    'reject_tx_congestion_threshold', 'outgoing_receipts_usual_size_limit', 'outgoing_receipts_big_size_limit']),
  witness_config: leaves(['main_storage_proof_size_soft_limit', 'combined_transactions_size_limit', 'new_transactions_validation_state_size_soft_limit']),
  min_gas_purchase_price: null,
  account_creation_charge: null,
});

/** The keys of `value` in order, down to where `shape` stops. */
function shapeOf(value: unknown, shape: Shape): Shape {
  if (shape === null) return null;
  const object = value as Json;
  return Object.fromEntries(Object.keys(object).map((k) => [k, k in shape ? shapeOf(object[k], shape[k]!) : null]));
}
const orderedKeys = (s: Shape): unknown => (s === null ? null : Object.entries(s).map(([k, v]) => [k, orderedKeys(v)]));

/** What nearcore's init genesis and EpochConfig::genesis_test give a `localnet` chain
 *  (chain/epoch-manager/src/lib.rs new_arc_handle: no epoch_configs, not test-chain-*). */
function expectedProtocolConfig(node: VersionNode): Json {
  const g = node.genesis;
  // Through the same exact parse as the answers (big integers as "#digits").
  return parseExact(JSON.stringify({
    protocol_version: node.version,
    genesis_time: g.genesis_time.replace(/\.000Z$/, 'Z'), // chrono's AutoSi RFC 3339: no fraction when it is 0
    chain_id: g.chain_id,
    genesis_height: 0,
    num_block_producer_seats: 50, // NUM_BLOCK_PRODUCER_SEATS
    dynamic_resharding: false,
    protocol_upgrade_stake_threshold: [4, 5], // PROTOCOL_UPGRADE_STAKE_THRESHOLD = new_raw(4, 5)
    epoch_length: 500, // EXPECTED_EPOCH_LENGTH = 5 min / 600 ms
    gas_limit: 1_000_000_000_000_000, // INITIAL_GAS_LIMIT = 1000 Tgas
    min_gas_price: '100000000', // MIN_GAS_PRICE
    max_gas_price: '10000000000000000000000', // MAX_GAS_PRICE = 10 millinear
    block_producer_kickout_threshold: 90,
    chunk_producer_kickout_threshold: 90,
    chunk_validator_only_kickout_threshold: 80,
    target_validator_mandates_per_shard: 68, // genesis_test
    online_min_threshold: [9, 10], // Rational32::new(90, 100), reduced
    online_max_threshold: [99, 100],
    gas_price_adjustment_rate: [1, 100], // GAS_PRICE_ADJUSTMENT_RATE
    runtime_config: nearcoreRuntimeConfig(node.version),
    transaction_validity_period: 100, // TRANSACTION_VALIDITY_PERIOD
    protocol_reward_rate: [1, 10], // PROTOCOL_REWARD_RATE
    max_inflation_rate: [1, 40], // genesis_test's epoch config, over the genesis' 1/20
    num_blocks_per_year: 31_536_000,
    protocol_treasury_account: 'test.near', // init: the validator
    fishermen_threshold: '10000000000000000000000000', // FISHERMEN_THRESHOLD = 10 NEAR
    minimum_stake_divisor: 10,
    max_kickout_stake_perc: 100,
    minimum_stake_ratio: [1, 6250], // Rational32::new(160, 1_000_000), reduced
    shuffle_shard_assignment_for_chunk_producers: false,
    minimum_validators_per_shard: 1,
    // ShardLayout::multi_shard(1, 0)
    shard_layout: { V2: { boundary_accounts: [], shard_ids: [0], id_to_index_map: { 0: 0 }, index_to_id_map: { 0: 0 }, shards_split_map: null, shards_parent_map: null, version: 0 } },
  })) as Json;
}

for (const version of VERSIONS) {
  test(`${version}: EXPERIMENTAL_protocol_config is neard's, field for field, through near-api-js and raw JSON-RPC`, async (t) => {
    const node = t.context[version]!;
    const provider = new JsonRpcProvider({ url: node.server.url });
    const expected = expectedProtocolConfig(node);

    const viaApi = await provider.experimental_protocolConfig({ finality: 'final' });
    t.is(viaApi.protocol_version, version);
    t.deepEqual(viaApi.minimum_stake_ratio, [1, 6250]);
    t.deepEqual(viaApi.runtime_config?.transaction_costs?.action_creation_config?.function_call_cost, {
      send_sir: 200_000_000_000, send_not_sir: 200_000_000_000, execution: 780_000_000_000, // 66.yaml action_function_call
    });

    const head = await provider.viewBlock({ finality: 'final' });
    for (const params of [{ finality: 'final' }, { finality: 'optimistic' }, { block_id: head.header.height }, { block_id: head.header.hash }, { sync_checkpoint: 'genesis' }]) {
      const { result, error } = await raw(node, 'EXPERIMENTAL_protocol_config', params);
      t.is(error, undefined, JSON.stringify(params));
      t.deepEqual(result, expected, JSON.stringify(params));
    }
    // The typed and the raw answer are the same object (near-api-js keeps every field).
    t.deepEqual(parseExact(JSON.stringify(viaApi)), expected);
  });

  test(`${version}: the keys and their order are nearcore's ProtocolConfigView / RuntimeConfigView`, async (t) => {
    const node = t.context[version]!;
    const { result } = await raw(node, 'EXPERIMENTAL_protocol_config', { finality: 'final' });
    const limits = version >= 84 ? [...LIMITS_BEFORE, ...LIMITS_OPTIONAL, ...LIMITS_AFTER] : [...LIMITS_BEFORE, ...LIMITS_AFTER];
    const shape: Shape = { ...leaves(PROTOCOL_CONFIG_VIEW) as Record<string, Shape>, runtime_config: runtimeConfigShape(limits) };
    t.deepEqual(orderedKeys(shapeOf(result, shape)), orderedKeys(shape));
    // JSON types as serde writes them: u128 as strings, gas as numbers, Rational32 as pairs, the congestion threshold as f64.
    const text = await rawText(node, 'EXPERIMENTAL_protocol_config', { finality: 'final' });
    t.regex(text, /"storage_amount_per_byte":"10000000000000000000"/);
    t.regex(text, /"min_gas_purchase_price":"(0|1000000000)"/);
    t.regex(text, /"burnt_gas_reward":\[3,10\]/);
    t.regex(text, /"reject_tx_congestion_threshold":0\.8,/);
    t.notRegex(text, /"block_hash"|"block_height"/);
  });

  test(`${version}: EXPERIMENTAL_genesis_config is neard's GenesisConfig`, async (t) => {
    const node = t.context[version]!;
    const g = node.genesis;
    const { result } = await raw(node, 'EXPERIMENTAL_genesis_config', []);
    t.deepEqual(Object.keys(result!), GENESIS_CONFIG);
    const protocol = expectedProtocolConfig(node);
    t.deepEqual(result, {
      ...Object.fromEntries(GENESIS_CONFIG.filter((k) => k in protocol).map((k) => [k, protocol[k]])),
      max_inflation_rate: [1, 20], // the genesis' own MAX_INFLATION_RATE (new_raw(1, 20))
      validators: [{ account_id: 'test.near', public_key: g.validators[0]!.public_key, amount: '50000000000000000000000000000000' }], // TESTING_INIT_STAKE
      total_supply: '2050000000000000000000000000000000', // get_initial_supply: 2 × TESTING_INIT_BALANCE + TESTING_INIT_STAKE
      use_production_config: false, num_chunk_producer_seats: 100, num_chunk_validator_seats: 300, chunk_producer_assignment_changes_limit: 5,
    });
    t.deepEqual((await raw(node, 'genesis_config', null)).result, result);
  });

  test(`${version}: gas_price with [null], block ids and { block_id } as neard`, async (t) => {
    const node = t.context[version]!;
    const provider = new JsonRpcProvider({ url: node.server.url });
    const head = await provider.viewBlock({ finality: 'final' });
    const price = head.header.gas_price as string;
    t.is(price, '100000000'); // MIN_GAS_PRICE: blocks here are never full
    t.is((await provider.viewGasPrice()).gas_price, price);
    t.is((await provider.viewGasPrice(head.header.height)).gas_price, price);
    t.is((await provider.viewGasPrice(head.header.hash)).gas_price, price);
    for (const params of [[null], [head.header.height], [head.header.hash], { block_id: head.header.height }, { block_id: null }, {}]) {
      t.deepEqual((await raw(node, 'gas_price', params)).result, { gas_price: price }, JSON.stringify(params));
    }
  });

  test(`${version}: bad references are neard's errors`, async (t) => {
    const node = t.context[version]!;
    const cause = (e: Json | undefined) => [(e?.cause as Json | undefined)?.name, e?.data];
    const hash = '11111111111111111111111111111111';
    // RpcProtocolConfigError::UnknownBlock: "Block Not Found: <DBNotFoundErr>" (chain_store.rs texts).
    t.deepEqual(cause((await raw(node, 'EXPERIMENTAL_protocol_config', { block_id: 1_000_000 })).error), ['UNKNOWN_BLOCK', 'Block Not Found: BLOCK HEIGHT: 1000000']);
    t.deepEqual(cause((await raw(node, 'EXPERIMENTAL_protocol_config', { block_id: hash })).error), ['UNKNOWN_BLOCK', `Block Not Found: BLOCK HEADER: ${hash}`]);
    // BlockReference is an externally tagged enum: serde_json's texts.
    t.deepEqual(cause((await raw(node, 'EXPERIMENTAL_protocol_config', [])).error), ['PARSE_ERROR', 'Failed parsing args: invalid type: sequence, expected string or map']);
    t.deepEqual(cause((await raw(node, 'EXPERIMENTAL_protocol_config', {})).error), ['PARSE_ERROR', 'Failed parsing args: invalid value: map, expected map with a single key']);
    t.deepEqual(cause((await raw(node, 'EXPERIMENTAL_protocol_config', { finality: 'final', block_id: 1 })).error), ['PARSE_ERROR', 'Failed parsing args: invalid value: map, expected map with a single key']);
    t.deepEqual(cause((await raw(node, 'EXPERIMENTAL_protocol_config', { finality: 'soon' })).error)[0], 'PARSE_ERROR');
    // RpcGasPriceError::UnknownBlock: "DB Not Found Error: <DBNotFoundErr> \n Cause: Unknown".
    t.deepEqual(cause((await raw(node, 'gas_price', [1_000_000])).error), ['UNKNOWN_BLOCK', 'DB Not Found Error: BLOCK HEIGHT: 1000000 \n Cause: Unknown']);
    t.deepEqual(cause((await raw(node, 'gas_price', [hash])).error), ['UNKNOWN_BLOCK', `DB Not Found Error: BLOCK HEADER: ${hash} \n Cause: Unknown`]);
    t.deepEqual(cause((await raw(node, 'gas_price', [])).error), ['PARSE_ERROR', 'Failed parsing args: invalid length 0, expected struct RpcGasPriceRequest with 1 element']);
    // The node still answers.
    t.truthy((await raw(node, 'EXPERIMENTAL_protocol_config', { finality: 'final' })).result);
  });
}

test('a test-chain-* genesis: the epoch config is the genesis one (EpochConfig::from(&GenesisConfig))', async (t) => {
  // chain/epoch-manager/src/lib.rs new_arc_handle: neard's own `init` without --chain-id names the
  // chain test-chain-XXXXX (random_chain_id), and such a chain's epoch config comes from its genesis.
  const base = t.context[85]!;
  const genesis = { ...base.genesis, chain_id: 'test-chain-abcde' };
  const server = await startRpcServer(new Chain(genesis), '127.0.0.1', 0);
  try {
    const node: VersionNode = { ...base, server, genesis };
    const { result } = await raw(node, 'EXPERIMENTAL_protocol_config', { finality: 'final' });
    t.deepEqual(result, { ...expectedProtocolConfig(node), max_inflation_rate: [1, 20] }); // init's MAX_INFLATION_RATE, not genesis_test's 1/40
  } finally {
    await server.close();
  }
});
