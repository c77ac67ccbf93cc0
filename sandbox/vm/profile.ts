// nearcore's gas profile of a function call (ProfileDataV3, core/primitives/src/profile_data_v3.rs):
// the burnt gas of each action cost (ActionCosts) and each host-function cost (ExtCosts), and the
// wasm instruction gas, which nearcore does not count but computes at the end as what is left.
// Plain data, so it is stored with the outcome as it is.
import type { ActionFee, ExtCost } from '../params/runtime-config.ts';

/** nearcore's ActionCosts (core/parameters/src/cost.rs), the names the profile shows (upper-cased). */
export type ActionCost =
  | 'create_account' | 'delete_account' | 'deploy_contract_base' | 'deploy_contract_byte' | 'function_call_base'
  | 'function_call_byte' | 'transfer' | 'stake' | 'add_full_access_key' | 'add_function_call_key_base'
  | 'add_function_call_key_byte' | 'delete_key' | 'new_action_receipt' | 'new_data_receipt_base' | 'new_data_receipt_byte'
  | 'delegate' | 'deploy_global_contract_base' | 'deploy_global_contract_byte' | 'use_global_contract_base'
  | 'use_global_contract_byte' | 'deterministic_state_init_base' | 'deterministic_state_init_byte'
  | 'deterministic_state_init_entry' | 'gas_key_transfer_base' | 'gas_key_byte' | 'gas_key_nonce_write_base';

/** The ActionCosts each of our fee names is (cost.rs `ActionCosts::param`: the parameter behind each cost). */
export const ACTION_COST_OF: Readonly<Record<ActionFee, ActionCost>> = {
  action_receipt_creation: 'new_action_receipt',
  data_receipt_creation_base: 'new_data_receipt_base',
  data_receipt_creation_per_byte: 'new_data_receipt_byte',
  create_account: 'create_account',
  deploy_contract_base: 'deploy_contract_base',
  deploy_contract_per_byte: 'deploy_contract_byte',
  function_call_base: 'function_call_base',
  function_call_per_byte: 'function_call_byte',
  transfer: 'transfer',
  stake: 'stake',
  add_key_full_access: 'add_full_access_key',
  add_key_function_call_base: 'add_function_call_key_base',
  add_key_function_call_per_byte: 'add_function_call_key_byte',
  delete_key: 'delete_key',
  delete_account: 'delete_account',
  delegate: 'delegate',
  deploy_global_contract_base: 'deploy_global_contract_base',
  deploy_global_contract_per_byte: 'deploy_global_contract_byte',
  use_global_contract_base: 'use_global_contract_base',
  use_global_contract_per_identifier_byte: 'use_global_contract_byte',
  deterministic_state_init_base: 'deterministic_state_init_base',
  deterministic_state_init_entry: 'deterministic_state_init_entry',
  deterministic_state_init_byte: 'deterministic_state_init_byte',
};

export interface GasProfile {
  actions: Partial<Record<ActionCost, bigint>>;
  ext: Partial<Record<ExtCost, bigint>>;
  /** Gas of wasm instructions: burnt gas less the action and host costs (compute_wasm_instruction_cost). */
  wasm: bigint;
}

export const emptyProfile = (): GasProfile => ({ actions: {}, ext: {}, wasm: 0n });

const sum = (values: Partial<Record<string, bigint>>) => Object.values(values).reduce<bigint>((s, v) => s + (v ?? 0n), 0n);

export function addActionCost(profile: GasProfile, cost: ActionCost, gas: bigint): void {
  profile.actions[cost] = (profile.actions[cost] ?? 0n) + gas;
}

export function addExtCost(profile: GasProfile, cost: ExtCost, gas: bigint): void {
  profile.ext[cost] = (profile.ext[cost] ?? 0n) + gas;
}

/** ProfileDataV3::compute_wasm_instruction_cost: what the call burnt beyond its action and host costs (saturating). */
export function withWasmGas(profile: GasProfile, burnt: bigint): GasProfile {
  const rest = burnt - sum(profile.actions) - sum(profile.ext);
  return { actions: { ...profile.actions }, ext: { ...profile.ext }, wasm: rest > 0n ? rest : 0n };
}

/** ProfileDataV3::merge: the receipt's profile sums those of its function calls. */
export function mergeProfiles(a: GasProfile, b: GasProfile): GasProfile {
  const out: GasProfile = { actions: { ...a.actions }, ext: { ...a.ext }, wasm: a.wasm + b.wasm };
  for (const [cost, gas] of Object.entries(b.actions) as Array<[ActionCost, bigint]>) addActionCost(out, cost, gas);
  for (const [cost, gas] of Object.entries(b.ext) as Array<[ExtCost, bigint]>) addExtCost(out, cost, gas);
  return out;
}
