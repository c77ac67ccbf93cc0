// nearcore's runtime parameters (core/parameters/res/runtime_configs), the
// values in force on mainnet at protocol 78+ (nearcore 2.7), where global
// contracts exist. Gas in gas units, balances in yoctoNEAR.

/** Costs of host functions (nearcore's ExtCosts). */
export const EXT_COSTS = {
  base: 264_768_111n,
  contract_loading_base: 35_445_963n,
  contract_loading_bytes: 1_089_295n,
  read_memory_base: 2_609_863_200n,
  read_memory_byte: 3_801_333n,
  write_memory_base: 2_803_794_861n,
  write_memory_byte: 2_723_772n,
  read_register_base: 2_517_165_186n,
  read_register_byte: 98_562n,
  write_register_base: 2_865_522_486n,
  write_register_byte: 3_801_564n,
  utf8_decoding_base: 3_111_779_061n,
  utf8_decoding_byte: 291_580_479n,
  utf16_decoding_base: 3_543_313_050n,
  utf16_decoding_byte: 163_577_493n,
  sha256_base: 4_540_970_250n,
  sha256_byte: 24_117_351n,
  keccak256_base: 5_879_491_275n,
  keccak256_byte: 21_471_105n,
  keccak512_base: 5_811_388_236n,
  keccak512_byte: 36_649_701n,
  ripemd160_base: 853_675_086n,
  ripemd160_block: 680_107_584n,
  ed25519_verify_base: 210_000_000_000n,
  ed25519_verify_byte: 9_000_000n,
  ecrecover_base: 278_821_988_457n,
  log_base: 3_543_313_050n,
  log_byte: 13_198_791n,
  storage_write_base: 64_196_736_000n,
  storage_write_key_byte: 70_482_867n,
  storage_write_value_byte: 31_018_539n,
  storage_write_evicted_byte: 32_117_307n,
  storage_read_base: 56_356_845_750n,
  storage_read_key_byte: 30_952_533n,
  storage_read_value_byte: 5_611_005n,
  storage_remove_base: 53_473_030_500n,
  storage_remove_key_byte: 38_220_384n,
  storage_remove_ret_value_byte: 11_531_556n,
  storage_has_key_base: 54_039_896_625n,
  storage_has_key_byte: 30_790_845n,
  touching_trie_node: 16_101_955_926n,
  read_cached_trie_node: 2_280_000_000n,
  promise_and_base: 1_465_013_400n,
  promise_and_per_promise: 5_452_176n,
  promise_return: 560_152_386n,
  validator_stake_base: 911_834_726_400n,
  validator_total_stake_base: 911_834_726_400n,
} as const;

export type ExtCost = keyof typeof EXT_COSTS;

/** Gas of one wasm instruction. */
export const REGULAR_OP_COST = 822_756n;

export interface Fee {
  sendSir: bigint; // sender is receiver
  sendNotSir: bigint;
  execution: bigint;
}

const fee = (send: bigint, execution: bigint = send, sendNotSir: bigint = send): Fee => ({ sendSir: send, sendNotSir, execution });

/** Action fees (nearcore's RuntimeFeesConfig). */
export const ACTION_FEES = {
  action_receipt_creation: fee(108_059_500_000n),
  data_receipt_creation_base: fee(36_486_732_312n),
  data_receipt_creation_per_byte: fee(17_212_011n),
  create_account: fee(3_850_000_000_000n),
  deploy_contract_base: fee(184_765_750_000n),
  deploy_contract_per_byte: fee(6_812_999n, 64_572_944n),
  function_call_base: fee(2_319_861_500_000n),
  function_call_per_byte: fee(2_235_934n),
  transfer: fee(115_123_062_500n),
  stake: fee(141_715_687_500n, 102_217_625_000n),
  add_key_full_access: fee(101_765_125_000n),
  add_key_function_call_base: fee(102_217_625_000n),
  add_key_function_call_per_byte: fee(1_925_331n),
  delete_key: fee(94_946_625_000n),
  delete_account: fee(147_489_000_000n),
  // Global contracts, from protocol 77's parameter diff.
  deploy_global_contract_base: fee(184_765_750_000n),
  deploy_global_contract_per_byte: fee(6_812_999n, 70_000_000n, 47_683_715n),
  use_global_contract_base: fee(184_765_750_000n),
  use_global_contract_per_identifier_byte: fee(6_812_999n, 64_572_944n, 47_683_715n),
} as const;

export type ActionFee = keyof typeof ACTION_FEES;

/** Limits on a function call (nearcore's LimitConfig). */
export const LIMITS = {
  maxGasBurnt: 300_000_000_000_000n,
  maxGasBurntView: 300_000_000_000_000n,
  maxRegisterSize: 104_857_600n,
  maxTotalRegisterSize: 104_857_600n,
  maxNumberRegisters: 100n,
  maxNumberLogs: 100n,
  maxTotalLogLength: 16_384n,
  maxLengthStorageKey: 2_048n,
  maxLengthStorageValue: 4_194_304n,
  maxLengthReturnedData: 4_194_304n,
  maxPromisesPerFunctionCallAction: 1_024n,
  maxNumberInputDataDependencies: 128n,
  maxContractSize: 4_194_304n,
  maxFunctionsNumberPerContract: 10_000,
  maxLocalsPerContract: 1_000_000,
  maxTablesPerContract: 1,
  maxElementsPerContractTable: 10_000,
  initialMemoryPages: 1_024,
  maxMemoryPages: 2_048,
  maxLengthMethodName: 256n,
  maxArgumentsLength: 4_194_304n,
  maxNumberBytesMethodNames: 2_000n,
  maxLengthAccountId: 64,
} as const;

/** Storage staking (nearcore's StorageUsageConfig and storage_amount_per_byte). */
export const STORAGE = {
  amountPerByte: 10_000_000_000_000_000_000n,
  numBytesAccount: 100n,
  numExtraBytesRecord: 40n,
  /** Burnt from the deployer per byte of a global contract's code (10x the storage price, paid once). */
  globalContractAmountPerByte: 100_000_000_000_000_000_000n,
} as const;

/** Who may create top-level accounts (nearcore's AccountCreationConfig). */
export const ACCOUNT_CREATION = {
  registrarAccountId: 'registrar',
  minAllowedTopLevelAccountLength: 32,
} as const;

/** Share of a function call's burnt gas that goes to the contract account. */
export const BURNT_GAS_REWARD = { numerator: 3n, denominator: 10n } as const;

export const MIN_GAS_PRICE = 100_000_000n;
export const PROTOCOL_VERSION = 78;
