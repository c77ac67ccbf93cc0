// PostQuantumSignatures (85): where ML-DSA-65 key material may appear and what verifying it costs.
// nearcore gates it centrally (action/mod.rs Action::post_quantum_signatures_required, used by
// action_validation.rs validate_actions_with_mode and transaction.rs check_valid_for_config) and
// charges its verification at conversion (config.rs signature_verification_cost).
import { hasFeature } from '../params/features.ts';
import type { RuntimeConfig } from '../params/runtime-config.ts';
import type { ValidationError } from './action-validation.ts';
import { isPostQuantum } from './keys.ts';
import type { Action, PublicKeyBytes } from './types.ts';

/** Whether an action carries post-quantum key material: Stake, AddKey, DeleteKey and the gas-key transfers by their key, a
 *  delegate by its signer's key, its signature or any inner action. */
export function carriesPostQuantumKey(action: Action): boolean {
  switch (action.kind) {
    case 'Stake':
    case 'AddKey':
    case 'DeleteKey':
    case 'TransferToGasKey':
    case 'WithdrawFromGasKey':
      return isPostQuantum(action.publicKey[0]);
    case 'Delegate':
      return isPostQuantum(action.delegateAction.publicKey[0]) || isPostQuantum(action.signatureType) || action.delegateAction.actions.some(carriesPostQuantumKey);
    default:
      return false;
  }
}

/** validate_actions_with_mode's gate, right after the action-count check: before 85 any post-quantum key in
 *  the actions is UnsupportedProtocolFeature { "PostQuantumSignatures" }. */
export function postQuantumActionsError(actions: readonly Action[], config: RuntimeConfig): ValidationError | undefined {
  if (BigInt(actions.length) > config.limits.maxActionsPerReceipt) return undefined; // TotalNumberOfActionsExceeded comes first
  if (hasFeature(config.protocolVersion, 'PostQuantumSignatures') || !actions.some(carriesPostQuantumKey)) return undefined;
  return { UnsupportedProtocolFeature: { protocol_feature: 'PostQuantumSignatures', version: config.protocolVersion } };
}

/** Gas burnt at conversion for the signatures a transaction makes the chain verify: the signer's and each
 *  delegate's inner signer's, by key type; only ML-DSA-65 costs (ml_dsa_65_verification_cost, 100 Ggas from 85). */
export function signatureVerificationGas(config: RuntimeConfig, signerKey: PublicKeyBytes, actions: readonly Action[]): bigint {
  const cost = (keyType: number) => (isPostQuantum(keyType) ? config.parameters.ml_dsa_65_verification_cost : 0n);
  let gas = cost(signerKey[0]);
  for (const action of actions) if (action.kind === 'Delegate') gas += cost(action.delegateAction.publicKey[0]);
  return gas;
}
