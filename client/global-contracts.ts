// Global contracts (NEAR protocol 78+) from a client: deploy by code hash or by
// account id, and use one on an account.
import { GlobalContractDeployMode, GlobalContractIdentifier } from '@near-js/transactions-v2';
import { baseDecode, baseEncode } from '@near-js/utils-v2';
import { sha256 } from '@noble/hashes/sha256';
import { actionCreators, sendActions, type ExecutionOutcome, type Signer } from './transactions.ts';

/** base58 sha256 of the code: how a global contract deployed by hash is named. */
export function codeHash(code: Uint8Array): string {
  return baseEncode(sha256(code));
}

export function deployGlobalContract(rpcUrl: string, signer: Signer, code: Uint8Array, mode: 'CodeHash' | 'AccountId'): Promise<ExecutionOutcome> {
  const deployMode = new GlobalContractDeployMode(mode === 'CodeHash' ? { CodeHash: null } : { AccountId: null });
  return sendActions(rpcUrl, signer, signer.accountId, [actionCreators.deployGlobalContract(code, deployMode)]);
}

export function useGlobalContract(rpcUrl: string, signer: Signer, id: { CodeHash: string } | { AccountId: string }): Promise<ExecutionOutcome> {
  const identifier = new GlobalContractIdentifier('CodeHash' in id ? { CodeHash: baseDecode(id.CodeHash) } : { AccountId: id.AccountId });
  return sendActions(rpcUrl, signer, signer.accountId, [actionCreators.useGlobalContract(identifier)]);
}
