// NEAR global-contract actions (protocol 78, nearcore 2.7) for near-sdk-js
// contracts, in the style of near-sdk-js's `near.*` functions. near-sdk-js 2.0.0
// has no bindings for them; our build adds `env.promise_batch_action_*_global_*`
// to the QuickJS runtime (toolchain/c/near-global-contracts.c).
import { PromiseIndex, validateAccountId } from 'near-sdk-js';

/** The QuickJS global our build installs beside near-sdk-js's own `env` bindings. */
declare const env: {
  promise_batch_action_deploy_global_contract(promiseIndex: PromiseIndex, code: Uint8Array): void;
  promise_batch_action_deploy_global_contract_by_account_id(promiseIndex: PromiseIndex, code: Uint8Array): void;
  promise_batch_action_use_global_contract(promiseIndex: PromiseIndex, codeHash: Uint8Array): void;
  promise_batch_action_use_global_contract_by_account_id(promiseIndex: PromiseIndex, accountId: string): void;
};

export const CODE_HASH_LENGTH = 32;

/** Deploys `code` as a global contract identified by its sha256 (immutable, anyone may use it). */
export function deployGlobalContract(promiseIndex: PromiseIndex, code: Uint8Array): void {
  env.promise_batch_action_deploy_global_contract(promiseIndex, code);
}

/** Deploys `code` as a global contract identified by the receiving account; redeploying updates every user. */
export function deployGlobalContractByAccountId(promiseIndex: PromiseIndex, code: Uint8Array): void {
  env.promise_batch_action_deploy_global_contract_by_account_id(promiseIndex, code);
}

/** Makes the receiving account run the global contract whose code has this sha256. */
export function useGlobalContract(promiseIndex: PromiseIndex, codeHash: Uint8Array): void {
  if (codeHash.length !== CODE_HASH_LENGTH) {
    throw new Error(`useGlobalContract: code hash must be ${CODE_HASH_LENGTH} bytes, got ${codeHash.length}`);
  }
  env.promise_batch_action_use_global_contract(promiseIndex, codeHash);
}

/** Makes the receiving account run the global contract currently deployed by `accountId`. */
export function useGlobalContractByAccountId(promiseIndex: PromiseIndex, accountId: string): void {
  if (!validateAccountId(accountId)) {
    throw new Error(`useGlobalContractByAccountId: invalid account id "${accountId}"`);
  }
  env.promise_batch_action_use_global_contract_by_account_id(promiseIndex, accountId);
}
