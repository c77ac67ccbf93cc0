// nearcore's RuntimeConfigView (core/parameters/src/view.rs), the `runtime_config`
// of EXPERIMENTAL_protocol_config, built from nearcore's parameters at one protocol
// version (params/). Field order and JSON types are serde's: Balance (u128) as a
// decimal string, Gas and the other integers as numbers (bigints, which rpc/json.ts
// writes as plain numbers), Rational32 as [numerator, denominator], and LimitConfig's
// `Option` limits left out while they do not exist (`skip_serializing_if`).
import { resolveParameters } from '../params/resolve.ts';
import type { FeeValue, ParameterName, Parameters, RatioValue } from '../params/types.ts';

type Fee = { send_sir: bigint; send_not_sir: bigint; execution: bigint };
const fee = (f: FeeValue): Fee => ({ send_sir: f.send_sir, send_not_sir: f.send_not_sir, execution: f.execution });
/** serde of num_rational's Ratio: `[numer, denom]`. */
const ratio = (r: RatioValue): [number, number] => [Number(r.numerator), Number(r.denominator)];

/** ExtCostsConfigView's fields in its order; each is the parameter `wasm_<field>`
 *  (core/parameters/src/cost.rs ExtCosts::param), except the two removed ones. */
export const EXT_COST_FIELDS = [
  'base', 'contract_loading_base', 'contract_loading_bytes', 'read_memory_base', 'read_memory_byte',
  'write_memory_base', 'write_memory_byte', 'read_register_base', 'read_register_byte', 'write_register_base',
  'write_register_byte', 'utf8_decoding_base', 'utf8_decoding_byte', 'utf16_decoding_base', 'utf16_decoding_byte',
  'sha256_base', 'sha256_byte', 'keccak256_base', 'keccak256_byte', 'keccak512_base', 'keccak512_byte',
  'ripemd160_base', 'ripemd160_block', 'ed25519_verify_base', 'ed25519_verify_byte', 'ecrecover_base',
  'p256_verify_base', 'p256_verify_byte', 'log_base', 'log_byte', 'storage_write_base', 'storage_write_key_byte',
  'storage_write_value_byte', 'storage_write_evicted_byte', 'storage_read_base', 'storage_read_key_byte',
  'storage_read_value_byte', 'storage_large_read_overhead_base', 'storage_large_read_overhead_byte',
  'storage_remove_base', 'storage_remove_key_byte', 'storage_remove_ret_value_byte', 'storage_has_key_base',
  'storage_has_key_byte', 'storage_iter_create_prefix_base', 'storage_iter_create_prefix_byte',
  'storage_iter_create_range_base', 'storage_iter_create_from_byte', 'storage_iter_create_to_byte',
  'storage_iter_next_base', 'storage_iter_next_key_byte', 'storage_iter_next_value_byte', 'touching_trie_node',
  'read_cached_trie_node', 'promise_and_base', 'promise_and_per_promise', 'promise_return', 'validator_stake_base',
  'validator_total_stake_base', 'contract_compile_base', 'contract_compile_bytes', 'alt_bn128_g1_multiexp_base',
  'alt_bn128_g1_multiexp_element', 'alt_bn128_g1_sum_base', 'alt_bn128_g1_sum_element', 'alt_bn128_pairing_check_base',
  'alt_bn128_pairing_check_element', 'yield_create_base', 'yield_create_byte', 'yield_create_with_id_base',
  'yield_resume_base', 'yield_resume_byte', 'bls12381_p1_sum_base', 'bls12381_p1_sum_element', 'bls12381_p2_sum_base',
  'bls12381_p2_sum_element', 'bls12381_g1_multiexp_base', 'bls12381_g1_multiexp_element', 'bls12381_g2_multiexp_base',
  'bls12381_g2_multiexp_element', 'bls12381_map_fp_to_g1_base', 'bls12381_map_fp_to_g1_element',
  'bls12381_map_fp2_to_g2_base', 'bls12381_map_fp2_to_g2_element', 'bls12381_pairing_base', 'bls12381_pairing_element',
  'bls12381_p1_decompress_base', 'bls12381_p1_decompress_element', 'bls12381_p2_decompress_base',
  'bls12381_p2_decompress_element',
] as const;

/** view.rs: "Removed parameters, only here for keeping the output backward-compatible" (always 0). */
const REMOVED_EXT_COSTS = new Set<string>(['contract_compile_base', 'contract_compile_bytes']);

/** LimitConfig (core/parameters/src/vm.rs) fields in order; each is the parameter of the same name. */
const LIMIT_FIELDS = [
  'max_gas_burnt', 'max_stack_height', 'initial_memory_pages', 'max_memory_pages', 'registers_memory_limit',
  'max_register_size', 'max_number_registers', 'max_number_logs', 'max_total_log_length', 'max_total_prepaid_gas',
  'max_actions_per_receipt', 'max_deploy_actions_per_receipt', 'max_number_bytes_method_names', 'max_length_method_name',
  'max_arguments_length', 'max_length_returned_data', 'max_contract_size', 'max_transaction_size', 'max_receipt_size',
  'max_length_storage_key', 'max_length_storage_value', 'max_promises_per_function_call_action',
  'max_number_input_data_dependencies', 'max_functions_number_per_contract', 'max_locals_per_contract',
  'max_params_per_contract', 'max_params_per_function', 'max_operand_stack_bytes_per_function', 'max_tables_per_contract',
  'max_elements_per_contract_table', 'max_function_body_size', 'max_instrumented_code_size', 'max_blocks_per_function',
  'max_blocks_per_contract', 'max_types_per_contract', 'account_id_validity_rules_version',
  'yield_timeout_length_in_blocks', 'max_yield_payload_size', 'per_receipt_storage_proof_size_limit',
] as const satisfies readonly ParameterName[];

/** CongestionControlConfigView fields, each the parameter of the same name. */
const CONGESTION_FIELDS = [
  'max_congestion_incoming_gas', 'max_congestion_outgoing_gas', 'max_congestion_memory_consumption',
  'max_congestion_missed_chunks', 'max_outgoing_gas', 'min_outgoing_gas', 'allowed_shard_outgoing_gas', 'max_tx_gas',
  'min_tx_gas', 'reject_tx_congestion_threshold', 'outgoing_receipts_usual_size_limit', 'outgoing_receipts_big_size_limit',
] as const satisfies readonly ParameterName[];

const WITNESS_FIELDS = ['main_storage_proof_size_soft_limit', 'combined_transactions_size_limit', 'new_transactions_validation_state_size_soft_limit'] as const satisfies readonly ParameterName[];

const pick = <K extends ParameterName>(p: Parameters, names: readonly K[]) => Object.fromEntries(names.map((n) => [n, p[n]]));

function extCosts(p: Parameters): Record<string, bigint> {
  const table = p as unknown as Record<string, unknown>;
  return Object.fromEntries(EXT_COST_FIELDS.map((name) => {
    if (REMOVED_EXT_COSTS.has(name)) return [name, 0n];
    const value = table[`wasm_${name}`];
    if (typeof value !== 'bigint') throw new Error(`no parameter wasm_${name}`);
    return [name, value];
  }));
}

function limitConfig(p: Parameters): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const name of LIMIT_FIELDS) {
    const value = p[name] as bigint | null;
    if (value !== null) out[name] = value; // Option::None is skipped (skip_serializing_if)
  }
  return out;
}

function congestionControlConfig(p: Parameters): Record<string, bigint | number> {
  // CongestionControlConfig keeps the threshold as an f64: the ratio's numer / denom (parameter_table.rs).
  const t = p.reject_tx_congestion_threshold;
  return Object.fromEntries(CONGESTION_FIELDS.map((n) => [n, n === 'reject_tx_congestion_threshold' ? Number(t.numerator) / Number(t.denominator) : p[n]]));
}

/** RuntimeConfigView at `protocolVersion` (78..86). */
export function runtimeConfigView(protocolVersion: number) {
  const p = resolveParameters(protocolVersion);
  return {
    storage_amount_per_byte: p.storage_amount_per_byte.toString(),
    transaction_costs: {
      action_receipt_creation_config: fee(p.action_receipt_creation),
      data_receipt_creation_config: { base_cost: fee(p.data_receipt_creation_base), cost_per_byte: fee(p.data_receipt_creation_per_byte) },
      // ActionCosts -> parameter (core/parameters/src/cost.rs ActionCosts::param).
      action_creation_config: {
        create_account_cost: fee(p.action_create_account),
        deploy_contract_cost: fee(p.action_deploy_contract),
        deploy_contract_cost_per_byte: fee(p.action_deploy_contract_per_byte),
        function_call_cost: fee(p.action_function_call),
        function_call_cost_per_byte: fee(p.action_function_call_per_byte),
        transfer_cost: fee(p.action_transfer),
        stake_cost: fee(p.action_stake),
        add_key_cost: {
          full_access_cost: fee(p.action_add_full_access_key),
          function_call_cost: fee(p.action_add_function_call_key),
          function_call_cost_per_byte: fee(p.action_add_function_call_key_per_byte),
        },
        delete_key_cost: fee(p.action_delete_key),
        delete_account_cost: fee(p.action_delete_account),
        delegate_cost: fee(p.action_delegate),
      },
      storage_usage_config: { num_bytes_account: p.storage_num_bytes_account, num_extra_bytes_record: p.storage_num_extra_bytes_record },
      burnt_gas_reward: ratio(p.burnt_gas_reward),
      pessimistic_gas_price_inflation_ratio: ratio(p.pessimistic_gas_price_inflation),
      ml_dsa_65_verification_cost: p.ml_dsa_65_verification_cost,
    },
    wasm_config: {
      ext_costs: extCosts(p),
      grow_mem_cost: p.wasm_grow_mem_cost,
      regular_op_cost: p.wasm_regular_op_cost,
      linear_op_base_cost: p.wasm_linear_op_base_cost,
      linear_op_unit_cost: p.wasm_linear_op_unit_cost,
      vm_kind: p.vm_kind,
      discard_custom_sections: p.discard_custom_sections,
      global_contract_host_fns: p.global_contract_host_fns,
      reftypes_bulk_memory: p.reftypes_bulk_memory,
      gas_key_host_fns: p.gas_key_host_fns,
      one_yocto_on_promise: p.one_yocto_on_promise,
      p256_verify_host_fn: p.p256_verify_host_fn,
      yield_with_id_host_fns: p.yield_with_id_host_fns,
      chain_id_host_fn: p.chain_id_host_fn,
      bls12381_not_in_group_fix: p.bls12381_not_in_group_fix,
      // parameter_table.rs: flat_storage_reads selects StorageGetMode.
      storage_get_mode: p.flat_storage_reads ? 'FlatStorage' : 'Trie',
      fix_contract_loading_cost: p.fix_contract_loading_cost,
      implicit_account_creation: true, // view.rs: "Deprecated", always true
      eth_implicit_accounts: p.eth_implicit_accounts,
      limit_config: limitConfig(p),
    },
    account_creation_config: { min_allowed_top_level_account_length: p.min_allowed_top_level_account_length, registrar_account_id: p.registrar_account_id },
    congestion_control_config: congestionControlConfig(p),
    witness_config: pick(p, WITNESS_FIELDS),
    min_gas_purchase_price: p.min_gas_purchase_price.toString(),
    account_creation_charge: p.account_creation_charge.toString(),
  };
}
