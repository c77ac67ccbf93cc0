// Who may create which account, and when an account holds enough for its
// storage (nearcore's account creation rules and storage staking).
import { ACCOUNT_CREATION, STORAGE } from '../params/runtime-config.ts';
import { hasFeature } from '../params/features.ts';
import { contractStorage } from './state.ts';
import type { Account, ErrorJson } from './types.ts';

export { isValidAccountId } from '../vm/host-functions.ts';

/** Accounts this small need no balance for storage (NEP-448 zero-balance accounts). */
const ZERO_BALANCE_ACCOUNT_STORAGE_LIMIT = 770n;

/** nearcore's check on CreateAccount: sub-accounts only by their direct parent, short top-level names only by the registrar. */
export function createAccountError(accountId: string, predecessorId: string): ErrorJson | undefined {
  const dot = accountId.indexOf('.');
  if (dot < 0) {
    if (accountId.length < ACCOUNT_CREATION.minAllowedTopLevelAccountLength && predecessorId !== ACCOUNT_CREATION.registrarAccountId) {
      return { CreateAccountOnlyByRegistrar: { account_id: accountId, registrar_account_id: ACCOUNT_CREATION.registrarAccountId, predecessor_id: predecessorId } };
    }
    return undefined;
  }
  if (accountId.slice(dot + 1) !== predecessorId) return { CreateAccountNotAllowed: { account_id: accountId, predecessor_id: predecessorId } };
  return undefined;
}

/** The yoctoNEAR an account lacks to cover its storage, or 0n. */
export function storageShortfall(account: Account): bigint {
  if (account.storageUsage <= ZERO_BALANCE_ACCOUNT_STORAGE_LIMIT) return 0n;
  const required = account.storageUsage * STORAGE.amountPerByte;
  const available = account.amount + account.locked;
  return required > available ? required - available : 0n;
}

export function newAccount(): Account {
  return { amount: 0n, locked: 0n, storageUsage: STORAGE.numBytesAccount, contract: { kind: 'None' } };
}

/** nearcore's Account::MAX_ACCOUNT_DELETION_STORAGE_USAGE (core/primitives-core/src/account.rs). */
export const MAX_ACCOUNT_DELETION_STORAGE_USAGE = 10_000n;

/**
 * actions.rs action_delete_account: an account whose storage, less its contract, is over
 * MAX_ACCOUNT_DELETION_STORAGE_USAGE cannot be deleted. Before 85 only local code was
 * subtracted; from 85 (FixDeleteAccountGlobalContractStorageUsage) a global contract's
 * identifier too (32 bytes by hash, the account id's length by account).
 */
export function deleteAccountError(accountId: string, account: Account, localCode: Uint8Array | undefined, protocolVersion: number): ErrorJson | undefined {
  const contract = hasFeature(protocolVersion, 'FixDeleteAccountGlobalContractStorageUsage')
    ? contractStorage(account.contract, localCode)
    : account.contract.kind === 'Local' ? BigInt(localCode?.length ?? 0) : 0n;
  const usage = account.storageUsage > contract ? account.storageUsage - contract : 0n;
  return usage > MAX_ACCOUNT_DELETION_STORAGE_USAGE ? { DeleteAccountWithLargeState: { account_id: accountId } } : undefined;
}
