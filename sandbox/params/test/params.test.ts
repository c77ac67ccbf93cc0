// The layered parameter tables against nearcore's own resolved configuration:
// core/parameters/src/snapshots/near_parameters__config_store__tests__{78,85}.json.snap,
// copied verbatim (without the insta header) into ./nearcore/. Nothing here comes
// from the node's output.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { MAX_PROTOCOL_VERSION, MIN_PROTOCOL_VERSION, resolveParameters, sourceOf, UnsupportedProtocolVersion } from '../resolve.ts';
import { runtimeConfig, type ActionFee } from '../runtime-config.ts';
import type { FeeValue, ParameterName, Parameters } from '../types.ts';

type Json = Record<string, unknown>;
const snapshot = (version: number): Json => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'nearcore', `${version}.json`), 'utf8')) as Json;
const at = (json: Json, dotted: string): unknown => dotted.split('.').reduce<unknown>((o, k) => (o as Json)[k], json);
const fee = (f: { send_sir: number; send_not_sir: number; execution: number }): FeeValue => ({ send_sir: BigInt(f.send_sir), send_not_sir: BigInt(f.send_not_sir), execution: BigInt(f.execution) });

/** nearcore's RuntimeConfigView paths of the fees, and their parameters.yaml names. */
const FEES: Array<[string, ParameterName, ActionFee | undefined]> = [
  ['transaction_costs.action_receipt_creation_config', 'action_receipt_creation', 'action_receipt_creation'],
  ['transaction_costs.data_receipt_creation_config.base_cost', 'data_receipt_creation_base', 'data_receipt_creation_base'],
  ['transaction_costs.data_receipt_creation_config.cost_per_byte', 'data_receipt_creation_per_byte', 'data_receipt_creation_per_byte'],
  ['transaction_costs.action_creation_config.create_account_cost', 'action_create_account', 'create_account'],
  ['transaction_costs.action_creation_config.deploy_contract_cost', 'action_deploy_contract', 'deploy_contract_base'],
  ['transaction_costs.action_creation_config.deploy_contract_cost_per_byte', 'action_deploy_contract_per_byte', 'deploy_contract_per_byte'],
  ['transaction_costs.action_creation_config.function_call_cost', 'action_function_call', 'function_call_base'],
  ['transaction_costs.action_creation_config.function_call_cost_per_byte', 'action_function_call_per_byte', 'function_call_per_byte'],
  ['transaction_costs.action_creation_config.transfer_cost', 'action_transfer', 'transfer'],
  ['transaction_costs.action_creation_config.stake_cost', 'action_stake', 'stake'],
  ['transaction_costs.action_creation_config.add_key_cost.full_access_cost', 'action_add_full_access_key', 'add_key_full_access'],
  ['transaction_costs.action_creation_config.add_key_cost.function_call_cost', 'action_add_function_call_key', 'add_key_function_call_base'],
  ['transaction_costs.action_creation_config.add_key_cost.function_call_cost_per_byte', 'action_add_function_call_key_per_byte', 'add_key_function_call_per_byte'],
  ['transaction_costs.action_creation_config.delete_key_cost', 'action_delete_key', 'delete_key'],
  ['transaction_costs.action_creation_config.delete_account_cost', 'action_delete_account', 'delete_account'],
  ['transaction_costs.action_creation_config.delegate_cost', 'action_delegate', undefined],
];

/** wasm_config fields with the parameters.yaml name they come from. */
const WASM: Array<[string, ParameterName]> = [
  ['regular_op_cost', 'wasm_regular_op_cost'], ['grow_mem_cost', 'wasm_grow_mem_cost'],
  ['linear_op_base_cost', 'wasm_linear_op_base_cost'], ['linear_op_unit_cost', 'wasm_linear_op_unit_cost'],
  ['discard_custom_sections', 'discard_custom_sections'], ['global_contract_host_fns', 'global_contract_host_fns'],
  ['reftypes_bulk_memory', 'reftypes_bulk_memory'], ['gas_key_host_fns', 'gas_key_host_fns'], ['one_yocto_on_promise', 'one_yocto_on_promise'],
  ['p256_verify_host_fn', 'p256_verify_host_fn'], ['yield_with_id_host_fns', 'yield_with_id_host_fns'], ['chain_id_host_fn', 'chain_id_host_fn'],
  ['bls12381_not_in_group_fix', 'bls12381_not_in_group_fix'], ['fix_contract_loading_cost', 'fix_contract_loading_cost'],
  ['eth_implicit_accounts', 'eth_implicit_accounts'],
];

/** ext costs in the view that are not parameters (fixed at 0 in nearcore's code). */
const NOT_PARAMETERS = new Set(['contract_compile_base', 'contract_compile_bytes']);

const scalar = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? BigInt(v) : v) as Parameters[ParameterName];

for (const version of [78, 85]) {
  const nearcore = snapshot(version);
  const p: Parameters = resolveParameters(version);
  const config = runtimeConfig(version);

  test(`${version}: every fee equals nearcore's, in the table and in the runtime config`, (t) => {
    for (const [view, name, ours] of FEES) {
      const expected = fee(at(nearcore, view) as { send_sir: number; send_not_sir: number; execution: number });
      t.deepEqual(p[name], expected, name);
      if (ours) t.deepEqual(config.fees[ours], { sendSir: expected.send_sir, sendNotSir: expected.send_not_sir, execution: expected.execution }, ours);
    }
    t.deepEqual(p.burnt_gas_reward, { numerator: 3n, denominator: 10n });
    t.deepEqual(at(nearcore, 'transaction_costs.burnt_gas_reward'), [Number(p.burnt_gas_reward.numerator), Number(p.burnt_gas_reward.denominator)]);
    t.deepEqual(at(nearcore, 'transaction_costs.pessimistic_gas_price_inflation_ratio'), [Number(p.pessimistic_gas_price_inflation.numerator), Number(p.pessimistic_gas_price_inflation.denominator)]);
    t.is(p.ml_dsa_65_verification_cost, BigInt(at(nearcore, 'transaction_costs.ml_dsa_65_verification_cost') as number));
    t.is(p.storage_amount_per_byte, BigInt(at(nearcore, 'storage_amount_per_byte') as string));
    t.is(p.storage_num_bytes_account, BigInt(at(nearcore, 'transaction_costs.storage_usage_config.num_bytes_account') as number));
    t.is(p.storage_num_extra_bytes_record, BigInt(at(nearcore, 'transaction_costs.storage_usage_config.num_extra_bytes_record') as number));
    t.is(p.min_gas_purchase_price, BigInt(at(nearcore, 'min_gas_purchase_price') as string));
    t.is(p.account_creation_charge, BigInt(at(nearcore, 'account_creation_charge') as string));
  });

  test(`${version}: every host-function cost equals nearcore's`, (t) => {
    const ext = at(nearcore, 'wasm_config.ext_costs') as Record<string, number>;
    for (const [name, value] of Object.entries(ext)) {
      if (NOT_PARAMETERS.has(name)) continue;
      t.is(p[`wasm_${name}` as ParameterName], BigInt(value), name);
      t.is(config.extCosts[name as keyof typeof config.extCosts], BigInt(value), name);
    }
    for (const [view, name] of WASM) t.is(p[name], scalar(at(nearcore, `wasm_config.${view}`)), name);
    t.is(config.regularOpCost, BigInt(at(nearcore, 'wasm_config.regular_op_cost') as number));
    t.is(p.flat_storage_reads, at(nearcore, 'wasm_config.storage_get_mode') === 'FlatStorage');
  });

  test(`${version}: every limit equals nearcore's`, (t) => {
    const limits = at(nearcore, 'wasm_config.limit_config') as Record<string, number>;
    for (const [name, value] of Object.entries(limits)) t.is(p[name as ParameterName], BigInt(value), name);
    // Limits that do not exist yet at this version are absent from nearcore's view and null here.
    for (const name of ['max_tables_per_contract', 'max_elements_per_contract_table', 'max_function_body_size', 'max_blocks_per_function', 'max_types_per_contract'] as const) {
      if (!(name in limits)) t.is(p[name], null, name);
    }
    t.is(config.limits.maxStackHeight, BigInt(limits.max_stack_height));
    t.is(config.limits.maxGasBurnt, BigInt(limits.max_gas_burnt));
    const creation = at(nearcore, 'account_creation_config') as { min_allowed_top_level_account_length: number; registrar_account_id: string };
    t.deepEqual(config.accountCreation, { minAllowedTopLevelAccountLength: creation.min_allowed_top_level_account_length, registrarAccountId: creation.registrar_account_id });
    for (const group of ['congestion_control_config', 'witness_config']) {
      for (const [name, value] of Object.entries(at(nearcore, group) as Record<string, number>)) {
        if (name === 'reject_tx_congestion_threshold') {
          t.is(Number(p.reject_tx_congestion_threshold.numerator) / Number(p.reject_tx_congestion_threshold.denominator), value);
        } else {
          t.is(p[name as ParameterName], BigInt(value), name);
        }
      }
    }
  });
}

test('every version from 78 to 86 resolves; others are refused with a clear error', (t) => {
  for (let v = MIN_PROTOCOL_VERSION; v <= MAX_PROTOCOL_VERSION; v++) t.truthy(resolveParameters(v).action_function_call);
  t.throws(() => resolveParameters(77), { instanceOf: UnsupportedProtocolVersion, message: /protocol_version 77 is not supported/ });
  t.throws(() => resolveParameters(87), { instanceOf: UnsupportedProtocolVersion });
});

test('the trie-node cost drops at 82 and the sources name the diff files', (t) => {
  t.is(resolveParameters(81).wasm_touching_trie_node, 16_101_955_926n);
  t.is(resolveParameters(82).wasm_touching_trie_node, 2_280_000_000n);
  t.is(sourceOf('wasm_touching_trie_node', 78), '72.yaml');
  t.is(sourceOf('wasm_touching_trie_node', 82), '82.yaml');
  t.is(sourceOf('action_function_call', 85), '66.yaml');
  t.is(sourceOf('action_create_account', 85), '85.yaml');
});
