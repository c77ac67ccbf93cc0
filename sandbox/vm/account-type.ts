// near-account-id's AccountType, for the fees nearcore charges a Transfer by the
// kind of its receiver (core/parameters/src/cost.rs transfer_send_fee /
// transfer_exec_fee): a Transfer to an implicit account pays for the account it
// may create.
import { hasFeature } from '../params/features.ts';
import type { ActionFee, RuntimeConfig } from '../params/runtime-config.ts';

export type AccountType = 'NamedAccount' | 'NearImplicitAccount' | 'EthImplicitAccount' | 'NearDeterministicAccount';

/** The kind of an account id; `0s…` ids are their own kind from protocol 82 (NEP-616), named before. */
export function accountType(accountId: string, protocolVersion: number): AccountType {
  if (/^[0-9a-f]{64}$/.test(accountId)) return 'NearImplicitAccount';
  if (/^0x[0-9a-f]{40}$/.test(accountId)) return 'EthImplicitAccount';
  if (/^0s[0-9a-f]{40}$/.test(accountId) && hasFeature(protocolVersion, 'DeterministicAccountIds')) return 'NearDeterministicAccount';
  return 'NamedAccount';
}

/** The fees a Transfer to `receiverId` pays on top of `transfer`: CreateAccount (and AddKey for NEAR-implicit). */
export function implicitTransferFees(receiverId: string, config: RuntimeConfig): ActionFee[] {
  switch (accountType(receiverId, config.protocolVersion)) {
    case 'NamedAccount': return [];
    case 'NearImplicitAccount': return ['create_account', 'add_key_full_access'];
    case 'EthImplicitAccount': return config.parameters.eth_implicit_accounts ? ['create_account'] : [];
    case 'NearDeterministicAccount': return ['create_account'];
  }
}
