// sandbox_patch_state: writes state records (accounts, keys, code, contract
// data) directly, as neard's sandbox does. Storage usage stays exact: it is
// recomputed from what the records change rather than taken from them.
import { sha256 } from '@noble/hashes/sha256';
import { newAccount } from './account-rules.ts';
import type { ChainState } from './state.ts';
import type { AccessKeyPermission } from './types.ts';

export interface PermissionJson {
  FunctionCall?: { allowance: string | null; receiver_id: string; method_names: string[] };
}

export type StateRecord =
  | { Account: { account_id: string; account: { amount: string; locked?: string } } }
  | { AccessKey: { account_id: string; public_key: string; access_key: { nonce: number | string; permission: 'FullAccess' | PermissionJson } } }
  | { Contract: { account_id: string; code: string } }
  | { Data: { account_id: string; data_key: string; value: string } };

export function permissionFromJson(p: 'FullAccess' | PermissionJson): AccessKeyPermission {
  if (p === 'FullAccess' || !p.FunctionCall) return { kind: 'FullAccess' };
  const f = p.FunctionCall;
  return { kind: 'FunctionCall', allowance: f.allowance === null ? null : BigInt(f.allowance), receiverId: f.receiver_id, methodNames: f.method_names };
}

/** Applies records in order; throws with a message naming the bad record. */
export function patchState(state: ChainState, records: StateRecord[]): void {
  const ensure = (id: string) => {
    if (!state.accounts.has(id)) state.accounts.set(id, newAccount());
  };
  for (const record of records) {
    if ('Account' in record) {
      const { account_id, account } = record.Account;
      ensure(account_id);
      const a = state.accounts.get(account_id)!;
      a.amount = BigInt(account.amount);
      a.locked = BigInt(account.locked ?? '0');
    } else if ('AccessKey' in record) {
      const { account_id, public_key, access_key } = record.AccessKey;
      ensure(account_id);
      state.setAccessKey(account_id, public_key, { nonce: BigInt(access_key.nonce), permission: permissionFromJson(access_key.permission) });
    } else if ('Contract' in record) {
      const { account_id, code } = record.Contract;
      ensure(account_id);
      const bytes = Buffer.from(code, 'base64');
      state.setContract(account_id, { kind: 'Local', hash: sha256(bytes) }, bytes);
    } else if ('Data' in record) {
      const { account_id, data_key, value } = record.Data;
      ensure(account_id);
      state.setData(account_id, Buffer.from(data_key, 'base64'), Buffer.from(value, 'base64'));
    } else {
      throw new Error(`unknown state record ${JSON.stringify(record).slice(0, 200)}`);
    }
  }
}
