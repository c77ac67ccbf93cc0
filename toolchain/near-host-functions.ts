// The host functions a NEAR contract may import from module `env` (nearcore's
// near-vm-runner imports.rs), with the protocol version each is linked from. A
// contract that imports one its chain does not have yet fails to link there, so a
// build targets a protocol version: the linker accepts undefined symbols only
// from the functions of that version, and the wasm rule check rejects the rest.

/** The oldest protocol a build targets: global contracts (78, nearcore 2.7) are what this project is for. */
export const BASE_PROTOCOL = 78;
export const DEFAULT_TARGET_PROTOCOL = BASE_PROTOCOL;

/** Present at 78 (all of them older than that; their own first versions do not matter to a build). */
export const NEAR_HOST_FUNCTIONS: readonly string[] = [
  // registers
  'read_register', 'register_len', 'write_register',
  // context
  'current_account_id', 'signer_account_id', 'signer_account_pk', 'predecessor_account_id', 'input',
  'block_index', 'block_timestamp', 'epoch_height', 'storage_usage',
  // economics
  'account_balance', 'account_locked_balance', 'attached_deposit', 'prepaid_gas', 'used_gas',
  // math
  'random_seed', 'sha256', 'keccak256', 'keccak512', 'ripemd160', 'ecrecover', 'ed25519_verify',
  // alt_bn128 from 55, bls12381 from 70 (version.rs _DeprecatedAltBn128, _DeprecatedBLS12381); no gate in imports.rs
  'alt_bn128_g1_multiexp', 'alt_bn128_g1_sum', 'alt_bn128_pairing_check',
  'bls12381_p1_sum', 'bls12381_p2_sum', 'bls12381_g1_multiexp', 'bls12381_g2_multiexp',
  'bls12381_map_fp_to_g1', 'bls12381_map_fp2_to_g2', 'bls12381_pairing_check',
  'bls12381_p1_decompress', 'bls12381_p2_decompress',
  // miscellaneous
  'value_return', 'panic', 'panic_utf8', 'log_utf8', 'log_utf16', 'abort',
  // promises
  'promise_create', 'promise_then', 'promise_and', 'promise_batch_create', 'promise_batch_then',
  'promise_batch_action_create_account', 'promise_batch_action_deploy_contract',
  'promise_batch_action_function_call', 'promise_batch_action_function_call_weight',
  'promise_batch_action_transfer', 'promise_batch_action_stake',
  'promise_batch_action_add_key_with_full_access', 'promise_batch_action_add_key_with_function_call',
  'promise_batch_action_delete_key', 'promise_batch_action_delete_account',
  'promise_batch_action_deploy_global_contract', 'promise_batch_action_deploy_global_contract_by_account_id',
  'promise_batch_action_use_global_contract', 'promise_batch_action_use_global_contract_by_account_id',
  'promise_yield_create', 'promise_yield_resume',
  'promise_results_count', 'promise_result', 'promise_return',
  // storage
  'storage_write', 'storage_read', 'storage_remove', 'storage_has_key',
  // validators
  'validator_stake', 'validator_total_stake',
];

/** Host functions added after 78, with the first protocol version that links them (imports.rs gates). */
export const LATER_HOST_FUNCTIONS: Readonly<Record<string, number>> = {
  // NEP-616, `#[deterministic_account_ids]` (ProtocolFeature::DeterministicAccountIds, 82 = nearcore 2.10)
  promise_set_refund_to: 82,
  promise_batch_action_state_init: 82,
  promise_batch_action_state_init_by_account_id: 82,
  set_state_init_data_entry: 82,
  current_contract_code: 82,
  refund_to_account_id: 82,
  // parameters chain_id_host_fn and p256_verify_host_fn (85.yaml, nearcore 2.13)
  chain_id: 85,
  p256_verify: 85,
  // imports.rs #[gas_key_host_fns] and #[yield_with_id_host_fns], both switched on by 85.yaml (nearcore 2.13).
  // A flag is a protocol version here: each host-function flag turns on at one version and stays on.
  promise_batch_action_transfer_to_gas_key: 85,
  promise_batch_action_add_gas_key_with_full_access: 85,
  promise_batch_action_add_gas_key_with_function_call: 85,
  promise_yield_create_with_id: 85,
  promise_yield_resume_with_yield_id: 85,
};

/** The first protocol version that links `name`; undefined if NEAR has no such host function. */
export function hostFunctionSince(name: string): number | undefined {
  return NEAR_HOST_FUNCTIONS.includes(name) ? BASE_PROTOCOL : LATER_HOST_FUNCTIONS[name];
}

/** Every host function a contract built for `protocol` may import. */
export function hostFunctionsAt(protocol: number): string[] {
  return [...NEAR_HOST_FUNCTIONS, ...Object.entries(LATER_HOST_FUNCTIONS).filter(([, since]) => since <= protocol).map(([name]) => name)];
}

/** The runtimes the toolchain builds: one per protocol that adds host functions, so 83 builds as 82. */
export function runtimeProtocol(protocol: number): number {
  if (!Number.isInteger(protocol) || protocol < BASE_PROTOCOL) throw new Error(`protocol ${protocol}: builds target protocol ${BASE_PROTOCOL} or later`);
  return Math.max(BASE_PROTOCOL, ...Object.values(LATER_HOST_FUNCTIONS).filter((since) => since <= protocol));
}
