// sandbox_patch_state: writes state records (accounts, keys, code, contract
// data) as neard's sandbox does (runtime/runtime/src/lib.rs apply_state_patch):
// each record is stored as given and nothing is recomputed. An Account record
// sets the account whole (its storage_usage, code_hash and, for version V2, its
// global contract fields, with nearcore's Account deserialization rules); Data
// and AccessKey records write their entry without touching storage_usage; a
// Contract record stores code whose hash must be the account's code_hash; a
// GasKeyNonce record sets one nonce of a gas key (GasKeys, 85).
// Where neard would panic or write state no account owns, the node refuses the
// whole patch with a message naming the record and changes nothing.
import { sha256 } from '@noble/hashes/sha256';
import { base58 } from '@scure/base';
import { newAccount } from './account-rules.ts';
import { accessKeyId, accessKeyIdBytes, accessKeyIdFromString, publicKeyFromString } from './keys.ts';
import type { ChainState } from './state.ts';
import type { AccessKey, AccessKeyPermission, Account, AccountContract } from './types.ts';

type FunctionCallJson = { allowance: string | null; receiver_id: string; method_names: string[] };
type GasKeyInfoJson = { balance: string; num_nonces: number };
/** AccessKeyPermission's serde (account.rs): FunctionCall, and the gas-key variants of GasKeys (85). */
export interface PermissionJson {
  FunctionCall?: FunctionCallJson;
  GasKeyFullAccess?: GasKeyInfoJson;
  GasKeyFunctionCall?: GasKeyInfoJson & FunctionCallJson;
}

/** nearcore's Account serde (core/primitives-core/src/account.rs SerdeAccount). */
export interface AccountJson {
  amount: string;
  locked?: string;
  code_hash?: string;
  storage_usage?: number | string;
  version?: 'V1' | 'V2';
  global_contract_hash?: string;
  global_contract_account_id?: string;
}

export type StateRecord =
  | { Account: { account_id: string; account: AccountJson } }
  | { AccessKey: { account_id: string; public_key: string; access_key: { nonce: number | string; permission: 'FullAccess' | PermissionJson } } }
  | { Contract: { account_id: string; code: string } }
  | { Data: { account_id: string; data_key: string; value: string } }
  /** A gas key's nonce at one index (StateRecord::GasKeyNonce; `public_key` is a PublicKeyHandle). */
  | { GasKeyNonce: { account_id: string; public_key: string; index: number; nonce: number | string } };

export function permissionFromJson(p: 'FullAccess' | PermissionJson): AccessKeyPermission {
  const f = p === 'FullAccess' ? undefined : p.FunctionCall ?? p.GasKeyFunctionCall;
  if (!f) return { kind: 'FullAccess' };
  return { kind: 'FunctionCall', allowance: f.allowance === null ? null : BigInt(f.allowance), receiverId: f.receiver_id, methodNames: f.method_names };
}

/** An AccessKey record's key. A gas key's nonces are separate records (GasKeyNonce) in nearcore; here they
 *  start at 0 until such a record sets them. */
export function accessKeyFromJson(json: { nonce: number | string; permission: 'FullAccess' | PermissionJson }): AccessKey {
  const p = json.permission;
  const info = p === 'FullAccess' ? undefined : p.GasKeyFullAccess ?? p.GasKeyFunctionCall;
  const key: AccessKey = { nonce: BigInt(json.nonce), permission: permissionFromJson(p) };
  if (!info) return key;
  if (!Number.isInteger(info.num_nonces) || info.num_nonces < 0 || info.num_nonces > 0xffff) throw new Error(`num_nonces ${JSON.stringify(info.num_nonces)} is not a u16`);
  return { ...key, gasKey: { balance: BigInt(info.balance), nonces: Array.from({ length: info.num_nonces }, () => 0n) } };
}

const NO_CODE = base58.encode(new Uint8Array(32));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function hash32(text: string, field: string): Uint8Array {
  const bytes = base58.decode(text);
  if (bytes.length !== 32) throw new Error(`${field} is not a 32-byte base58 hash`);
  return bytes;
}

/** The account an Account record describes. Fields neard requires but that are missing keep `current`'s
 *  value (a new account's: 0, no code), so short records from older tools still apply. */
function accountFromJson(json: AccountJson, current: Account): Account {
  const local = json.code_hash ?? (current.contract.kind === 'Local' ? base58.encode(current.contract.hash) : NO_CODE);
  const hasGlobal = json.global_contract_hash !== undefined || json.global_contract_account_id !== undefined;
  if (local !== NO_CODE && hasGlobal) throw new Error("An Account can't contain both a local and global contract");
  if (json.global_contract_hash !== undefined && json.global_contract_account_id !== undefined) throw new Error("An Account can't contain both types of global contracts");
  // AccountVersion V1 (the default) has only a code hash: global fields count only in a V2 account.
  let contract: AccountContract = local === NO_CODE ? { kind: 'None' } : { kind: 'Local', hash: hash32(local, 'code_hash') };
  if (json.version === 'V2' && json.global_contract_account_id !== undefined) contract = { kind: 'GlobalByAccount', accountId: json.global_contract_account_id };
  else if (json.version === 'V2' && json.global_contract_hash !== undefined) contract = { kind: 'Global', hash: hash32(json.global_contract_hash, 'global_contract_hash') };
  else if (json.version !== undefined && json.version !== 'V1' && json.version !== 'V2') throw new Error(`unknown account version ${JSON.stringify(json.version)}`);
  return {
    amount: BigInt(json.amount),
    locked: json.locked === undefined ? current.locked : BigInt(json.locked),
    storageUsage: json.storage_usage === undefined ? current.storageUsage : BigInt(json.storage_usage),
    contract,
  };
}

/** Checks every record, then applies them in order; a bad record throws before anything changes. */
export function patchState(state: ChainState, records: StateRecord[]): void {
  // The accounts as the records leave them, to check later records against earlier ones.
  const accounts = new Map<string, Account | undefined>();
  const accountOf = (id: string) => (accounts.has(id) ? accounts.get(id) : state.accounts.get(id));
  // Gas keys' nonce counts as the records leave them ("account/key id"), for GasKeyNonce records.
  const gasKeys = new Map<string, number | undefined>();
  const writes: Array<() => void> = [];
  for (const [index, record] of records.entries()) {
    const where = `record ${index}`;
    try {
      writes.push(planRecord(state, record, accountOf, accounts, gasKeys));
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  }
  for (const write of writes) write();
}

type AccountLookup = (id: string) => Account | undefined;

function planRecord(state: ChainState, record: StateRecord, accountOf: AccountLookup, accounts: Map<string, Account | undefined>, gasKeys: Map<string, number | undefined>): () => void {
  const existing = (id: string, kind: string) => {
    const account = accountOf(id);
    // neard writes the entry anyway, leaving state no account owns; the node keeps state with accounts.
    if (!account) throw new Error(`${kind} record for ${id}, which has no account: send its Account record first`);
    return account;
  };
  // Runs `write` and puts the storage usage back: neard stores the entry without recounting it.
  const keepingUsage = (id: string, write: () => void) => () => {
    const usage = state.accounts.get(id)!.storageUsage;
    write();
    state.accounts.get(id)!.storageUsage = usage;
  };
  if ('Account' in record) {
    const { account_id, account } = record.Account;
    const patched = accountFromJson(account, accountOf(account_id) ?? newAccount());
    accounts.set(account_id, patched);
    return () => {
      const code = state.code.get(account_id);
      // Code stored for another hash is not the account's any more (nearcore finds code by the account's hash).
      if (code && !(patched.contract.kind === 'Local' && hex(sha256(code)) === hex(patched.contract.hash))) state.code.delete(account_id);
      state.accounts.set(account_id, { ...patched });
    };
  }
  if ('AccessKey' in record) {
    const { account_id, public_key, access_key } = record.AccessKey;
    existing(account_id, 'AccessKey');
    const key = accessKeyFromJson(access_key);
    // Stored under the key's id (canonical text; an ML-DSA-65 key's hash), as the node looks keys up.
    const publicKey = accessKeyId(publicKeyFromString(public_key));
    gasKeys.set(`${account_id}/${publicKey}`, key.gasKey?.nonces.length);
    return keepingUsage(account_id, () => state.setAccessKey(account_id, publicKey, key));
  }
  if ('GasKeyNonce' in record) {
    const { account_id, public_key, index } = record.GasKeyNonce;
    const nonce = BigInt(record.GasKeyNonce.nonce);
    existing(account_id, 'GasKeyNonce');
    // A PublicKeyHandle: a key's own text, or an ML-DSA-65 key's "ml-dsa-65-hash:" handle.
    const id = public_key.startsWith('ml-dsa-65-hash:') ? public_key : accessKeyIdFromString(public_key);
    if (id.startsWith('ml-dsa-65-hash:') && accessKeyIdBytes(id).length !== 33) throw new Error(`an ML-DSA-65 key handle has 32 bytes: ${public_key}`);
    const planned = `${account_id}/${id}`;
    const count = gasKeys.has(planned) ? gasKeys.get(planned) : state.keysOf(account_id).get(id)?.gasKey?.nonces.length;
    // neard would write a nonce row no gas key owns; the node keeps nonces with their key.
    if (count === undefined) throw new Error(`GasKeyNonce record for ${public_key} of ${account_id}, which is not a gas key: send its AccessKey record first`);
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new Error(`GasKeyNonce index ${index} is not below the key's ${count} nonces`);
    return () => {
      const key = state.keysOf(account_id).get(id)!;
      const nonces = [...key.gasKey!.nonces];
      nonces[index] = nonce;
      state.keysOf(account_id).set(id, { ...key, gasKey: { ...key.gasKey!, nonces } });
    };
  }
  if ('Contract' in record) {
    const { account_id, code } = record.Contract;
    const account = existing(account_id, 'Contract');
    const bytes = Buffer.from(code, 'base64');
    const hash = sha256(bytes);
    // neard asserts the code's hash is the account's code_hash. An account without code is pointed at it
    // (older tools send Account records without code_hash); any other mismatch is refused.
    if (account.contract.kind !== 'None' && !(account.contract.kind === 'Local' && hex(account.contract.hash) === hex(hash))) {
      throw new Error(`the code's hash ${base58.encode(hash)} is not the account's code_hash`);
    }
    accounts.set(account_id, { ...account, contract: { kind: 'Local', hash } });
    return keepingUsage(account_id, () => state.setContract(account_id, { kind: 'Local', hash }, bytes));
  }
  if ('Data' in record) {
    const { account_id, data_key, value } = record.Data;
    existing(account_id, 'Data');
    const key = Buffer.from(data_key, 'base64');
    const bytes = Buffer.from(value, 'base64');
    return keepingUsage(account_id, () => state.setData(account_id, key, bytes));
  }
  throw new Error(`unknown state record ${JSON.stringify(record).slice(0, 200)}`);
}
