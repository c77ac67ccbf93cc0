// The protocol version at which each runtime-visible nearcore feature took
// effect, as core/primitives-core/src/version.rs (ProtocolFeature::protocol_version)
// lists it. Features that live in the parameter diffs (host-function gates such
// as `global_contract_host_fns`, `chain_id_host_fn`) are read from the resolved
// parameters instead; this table holds the ones nearcore gates in code.

export const PROTOCOL_FEATURES = {
  // 78 (nearcore 2.7)
  SaturatingFloatToInt: 78,
  ReducedGasRefunds: 78,
  // 82 (nearcore 2.10): NEP-616 DeterministicStateInit, refund_to.
  DeterministicAccountIds: 82,
  // 83 (nearcore 2.11)
  InvalidTxGenerateOutcomes: 83,
  FixAccessKeyAllowanceCharging: 83,
  IncludeDeployGlobalContractOutcomeBurntStorage: 83,
  GlobalContractDistributionNonce: 83,
  // Deprecated in nearcore's master (their old behaviour removed): the node applies them at every version.
  InstantPromiseYield: 83,
  YieldResumeImprovements: 83,
  EthImplicitGlobalContract: 83,
  InstantDeleteAccount: 83,
  // 84 (nearcore 2.12)
  Wasmtime: 84,
  // 85 (nearcore 2.13)
  FixDelegateActionDepositWithFunctionCallError: 85,
  FixDeleteAccountGlobalContractStorageUsage: 85,
  FixDelegatedDeterministicStateInit: 85,
  GasKeys: 85,
  StrictNonce: 85,
  PostQuantumSignatures: 85,
  UniqueChunkTransactions: 85,
  YieldWithId: 85,
  ExecutionMetadataV4: 85,
  AccountCostIncrease: 85,
  DelegateV2: 85,
  // 86 (master, unreleased on its own)
  FixContractLoadingError: 86,
} as const;

export type ProtocolFeature = keyof typeof PROTOCOL_FEATURES;

/** Whether `feature` is in force at `protocolVersion`. */
export function hasFeature(protocolVersion: number, feature: ProtocolFeature): boolean {
  return protocolVersion >= PROTOCOL_FEATURES[feature];
}
