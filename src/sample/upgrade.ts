// An instance moving itself to another global contract: a UseGlobalContract
// action on its own account. Only the contract code reference changes; the
// account's storage (the contract's state) stays as it is, so the new version
// must read the old one's state.
import { near } from 'near-sdk-js';
import { useGlobalContract, useGlobalContractByAccountId } from '../lib/global-contract';
import { codeHashBytes, GlobalContractId } from '../lib/global-contract-id';

/** Schedules the switch and returns its promise, so the caller's outcome shows whether it happened. */
export function switchGlobalContract(target: GlobalContractId): void {
  const self = near.promiseBatchCreate(near.currentAccountId());
  if ('CodeHash' in target) useGlobalContract(self, codeHashBytes(target));
  else useGlobalContractByAccountId(self, target.AccountId);
  near.promiseReturn(self);
}
