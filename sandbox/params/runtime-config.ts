// The runtime configuration the node reads, built from nearcore's parameters
// resolved for one protocol version (./resolve.ts): host-function costs,
// wasm instruction cost, action fees, limits, storage staking. Names follow
// nearcore's RuntimeConfig (ExtCosts, ActionCosts, LimitConfig). The
// constants at the bottom are the configuration of the default protocol
// version, for code that has no chain at hand.
import { resolveParameters } from './resolve.ts';
import type { FeeValue, Parameters } from './types.ts';

/** An action fee (sir: the sender is the receiver). */
export interface Fee {
  sendSir: bigint;
  sendNotSir: bigint;
  execution: bigint;
}

const fee = (f: FeeValue): Fee => ({ sendSir: f.send_sir, sendNotSir: f.send_not_sir, execution: f.execution });

type WasmParameter = Extract<keyof Parameters, `wasm_${string}`>;
type ExtCostName<K> = K extends `wasm_${infer Name}` ? Name : never;
/** Instruction and memory costs are not host-function costs (nearcore's ExtCosts). */
type NotExt = 'wasm_regular_op_cost' | 'wasm_grow_mem_cost' | 'wasm_linear_op_base_cost' | 'wasm_linear_op_unit_cost';
export type ExtCost = ExtCostName<Exclude<WasmParameter, NotExt>>;
export type ExtCosts = Record<ExtCost, bigint>;

function extCosts(p: Parameters): ExtCosts {
  const out: Partial<ExtCosts> = {};
  for (const [name, value] of Object.entries(p)) {
    if (!name.startsWith('wasm_') || ['wasm_regular_op_cost', 'wasm_grow_mem_cost', 'wasm_linear_op_base_cost', 'wasm_linear_op_unit_cost'].includes(name)) continue;
    out[name.slice('wasm_'.length) as ExtCost] = value as bigint;
  }
  return out as ExtCosts;
}

function actionFees(p: Parameters) {
  return {
    action_receipt_creation: fee(p.action_receipt_creation),
    data_receipt_creation_base: fee(p.data_receipt_creation_base),
    data_receipt_creation_per_byte: fee(p.data_receipt_creation_per_byte),
    create_account: fee(p.action_create_account),
    deploy_contract_base: fee(p.action_deploy_contract),
    deploy_contract_per_byte: fee(p.action_deploy_contract_per_byte),
    function_call_base: fee(p.action_function_call),
    function_call_per_byte: fee(p.action_function_call_per_byte),
    transfer: fee(p.action_transfer),
    stake: fee(p.action_stake),
    add_key_full_access: fee(p.action_add_full_access_key),
    add_key_function_call_base: fee(p.action_add_function_call_key),
    add_key_function_call_per_byte: fee(p.action_add_function_call_key_per_byte),
    delete_key: fee(p.action_delete_key),
    delete_account: fee(p.action_delete_account),
    delegate: fee(p.action_delegate),
    deploy_global_contract_base: fee(p.action_deploy_global_contract),
    deploy_global_contract_per_byte: fee(p.action_deploy_global_contract_per_byte),
    use_global_contract_base: fee(p.action_use_global_contract),
    use_global_contract_per_identifier_byte: fee(p.action_use_global_contract_per_identifier_byte),
    deterministic_state_init_base: fee(p.action_deterministic_state_init),
    deterministic_state_init_entry: fee(p.action_deterministic_state_init_per_entry),
    deterministic_state_init_byte: fee(p.action_deterministic_state_init_per_byte),
  };
}

export type ActionFees = ReturnType<typeof actionFees>;
export type ActionFee = keyof ActionFees;

const num = (v: bigint | null): number | null => (v === null ? null : Number(v));

function limits(p: Parameters) {
  return {
    maxGasBurnt: p.max_gas_burnt,
    maxGasBurntView: p.max_gas_burnt_view,
    maxTotalPrepaidGas: p.max_total_prepaid_gas,
    maxStackHeight: p.max_stack_height,
    maxRegisterSize: p.max_register_size,
    registersMemoryLimit: p.registers_memory_limit,
    maxTotalRegisterSize: p.registers_memory_limit,
    maxNumberRegisters: p.max_number_registers,
    maxNumberLogs: p.max_number_logs,
    maxTotalLogLength: p.max_total_log_length,
    maxLengthStorageKey: p.max_length_storage_key,
    maxLengthStorageValue: p.max_length_storage_value,
    maxLengthReturnedData: p.max_length_returned_data,
    maxPromisesPerFunctionCallAction: p.max_promises_per_function_call_action,
    maxNumberInputDataDependencies: p.max_number_input_data_dependencies,
    maxActionsPerReceipt: p.max_actions_per_receipt,
    maxDeployActionsPerReceipt: p.max_deploy_actions_per_receipt,
    maxTransactionSize: p.max_transaction_size,
    maxReceiptSize: p.max_receipt_size,
    maxContractSize: p.max_contract_size,
    maxFunctionsNumberPerContract: Number(p.max_functions_number_per_contract),
    maxLocalsPerContract: Number(p.max_locals_per_contract),
    maxTablesPerContract: num(p.max_tables_per_contract),
    maxElementsPerContractTable: num(p.max_elements_per_contract_table),
    // From 84 (prepare_v3); null before.
    maxTypesPerContract: num(p.max_types_per_contract),
    maxFunctionBodySize: num(p.max_function_body_size),
    maxBlocksPerFunction: num(p.max_blocks_per_function),
    maxBlocksPerContract: num(p.max_blocks_per_contract),
    maxParamsPerFunction: num(p.max_params_per_function),
    maxParamsPerContract: num(p.max_params_per_contract),
    maxOperandStackBytesPerFunction: num(p.max_operand_stack_bytes_per_function),
    initialMemoryPages: Number(p.initial_memory_pages),
    maxMemoryPages: Number(p.max_memory_pages),
    maxLengthMethodName: p.max_length_method_name,
    maxArgumentsLength: p.max_arguments_length,
    maxNumberBytesMethodNames: p.max_number_bytes_method_names,
    accountIdValidityRulesVersion: Number(p.account_id_validity_rules_version),
    /** Not a nearcore parameter: AccountId's fixed maximum length (near-account-id). */
    maxLengthAccountId: 64,
  };
}

export type Limits = ReturnType<typeof limits>;

export interface RuntimeConfig {
  protocolVersion: number;
  /** Every nearcore parameter at this version, by nearcore's name. */
  parameters: Parameters;
  extCosts: ExtCosts;
  /** Gas of one wasm instruction (wasm_regular_op_cost). */
  regularOpCost: bigint;
  fees: ActionFees;
  limits: Limits;
  storage: {
    amountPerByte: bigint;
    numBytesAccount: bigint;
    numExtraBytesRecord: bigint;
    /** Burnt from the deployer per byte of a global contract's code (global_contract_storage_amount_per_byte). */
    globalContractAmountPerByte: bigint;
  };
  accountCreation: { registrarAccountId: string; minAllowedTopLevelAccountLength: number };
  /** Share of a function call's burnt gas that goes to the contract account. */
  burntGasReward: { numerator: bigint; denominator: bigint };
  gasRefundPenalty: { numerator: bigint; denominator: bigint };
  minGasRefundPenalty: bigint;
  /** NEP-642 (85): gas for receipts is bought at no less than this (min_gas_purchase_price); 0 before. */
  minGasPurchasePrice: bigint;
  /** NEP-642 (85): what creating an account costs in all, taken from the gas refund (account_creation_charge). */
  accountCreationCharge: bigint;
}

const cache = new Map<number, RuntimeConfig>();

/** nearcore's runtime configuration at `protocolVersion` (78 to 86). */
export function runtimeConfig(protocolVersion: number): RuntimeConfig {
  let config = cache.get(protocolVersion);
  if (config) return config;
  const p = resolveParameters(protocolVersion);
  config = {
    protocolVersion,
    parameters: p,
    extCosts: extCosts(p),
    regularOpCost: p.wasm_regular_op_cost,
    fees: actionFees(p),
    limits: limits(p),
    storage: {
      amountPerByte: p.storage_amount_per_byte,
      numBytesAccount: p.storage_num_bytes_account,
      numExtraBytesRecord: p.storage_num_extra_bytes_record,
      globalContractAmountPerByte: p.global_contract_storage_amount_per_byte,
    },
    accountCreation: { registrarAccountId: p.registrar_account_id, minAllowedTopLevelAccountLength: Number(p.min_allowed_top_level_account_length) },
    burntGasReward: p.burnt_gas_reward,
    gasRefundPenalty: p.gas_refund_penalty,
    minGasRefundPenalty: p.min_gas_refund_penalty,
    minGasPurchasePrice: p.min_gas_purchase_price,
    accountCreationCharge: p.account_creation_charge,
  };
  cache.set(protocolVersion, config);
  return config;
}

/** The protocol version of a new genesis: nearcore 2.13's (today's mainnet). */
export const PROTOCOL_VERSION = 85;

/**
 * The nearcore release the node stands in for, as neard's `status` reports it
 * (core/primitives/src/version.rs Version; rustc from rust-toolchain.toml at the
 * 2.13 branch cut). Its PROTOCOL_VERSION is `status.latest_protocol_version`.
 */
export const NEARCORE_RELEASE = { version: '2.13.0', build: '2.13.0', commit: 'local-typescript-node', rustcVersion: '1.93.0', protocolVersion: 85 } as const;

/** The newest protocol the node's binary speaks, as neard reports it (status, block headers): at least the chain's. */
export function latestProtocolVersion(chainVersion: number): number {
  return Math.max(chainVersion, NEARCORE_RELEASE.protocolVersion);
}
/** Not a runtime parameter: the genesis min_gas_price of neard's localnet. */
export const MIN_GAS_PRICE = 100_000_000n;

const DEFAULT = runtimeConfig(PROTOCOL_VERSION);
export const EXT_COSTS = DEFAULT.extCosts;
export const ACTION_FEES = DEFAULT.fees;
export const LIMITS = DEFAULT.limits;
export const STORAGE = DEFAULT.storage;
export const ACCOUNT_CREATION = DEFAULT.accountCreation;
export const BURNT_GAS_REWARD = DEFAULT.burntGasReward;
