// GasKeys (85): access keys with a prepaid balance that pays for the gas of the
// transactions they sign, with several nonces (one per index) so transactions can
// be sent in parallel. nearcore: core/primitives-core/src/account.rs (GasKeyInfo,
// MAX_NONCES_FOR_GAS_KEY, MAX_BALANCE_TO_BURN), runtime/runtime/src/access_keys.rs
// (add/delete, TransferToGasKey, WithdrawFromGasKey, storage), core/parameters/src/
// cost.rs (gas_key_* fees), action_validation.rs (validate_add_key_action).
import { hasFeature } from '../params/features.ts';
import type { RuntimeConfig } from '../params/runtime-config.ts';
import type { FeeValue } from '../params/types.ts';
import type { ValidationError } from './action-validation.ts';
import { accessKeyId, publicKeyToString, trieIdLength } from './keys.ts';
import type { ChainState } from './state.ts';
import type { AccessKey, Action, ErrorJson, PublicKeyBytes } from './types.ts';

/** AccessKeyPermission::MAX_NONCES_FOR_GAS_KEY. */
export const MAX_NONCES_FOR_GAS_KEY = 1024;
/** GasKeyInfo::MAX_BALANCE_TO_BURN (1 NEAR): deleting a key or an account burns at most this much gas-key balance. */
export const MAX_BALANCE_TO_BURN = 10n ** 24n;
/** borsh(GasKeyInfo { balance: u128, num_nonces: u16 }). */
export const GAS_KEY_INFO_BORSH_LEN = 18n;
/** AccessKey::min_gas_key_borsh_len: borsh(AccessKey { u64 nonce, GasKeyFullAccess(GasKeyInfo) }). */
const MIN_GAS_KEY_BORSH_LEN = 8n + 1n + GAS_KEY_INFO_BORSH_LEN;
/** size_of::<NonceIndex>() (u16) and AccessKey::NONCE_VALUE_LEN (u64). */
const NONCE_INDEX_LEN = 2n;
const NONCE_VALUE_LEN = 8n;

/** trie_key.rs access_key_key_len: column byte + account id + separator + the key's trie id. */
function accessKeyKeyLength(accountId: string, key: PublicKeyBytes): bigint {
  return 1n + BigInt(Buffer.byteLength(accountId)) + 1n + BigInt(trieIdLength(key));
}

/** Storage of a gas key's nonces beyond its access key record (access_keys.rs gas_key_storage_cost): per nonce,
 *  a trie key of the key's id + u16 index, a u64 value and the record overhead. */
export function gasKeyNoncesStorage(keyIdLength: number, numNonces: number, numExtraBytesRecord: bigint): bigint {
  return BigInt(numNonces) * (BigInt(keyIdLength) + NONCE_INDEX_LEN + NONCE_VALUE_LEN + numExtraBytesRecord);
}

export interface GasCost { send: bigint; exec: bigint }
const pick = (f: FeeValue, sir: boolean) => (sir ? f.send_sir : f.send_not_sir);

/** Extra fees of an AddKey of a gas key (config.rs permission_send_fees / permission_exec_fees): send,
 *  gas_key_byte × borsh(GasKeyInfo); exec, per nonce gas_key_nonce_write_base + gas_key_byte × (the nonce's
 *  trie key + value). */
export function gasKeyAddKeyCost(config: RuntimeConfig, numNonces: number, sir: boolean, accountId: string, key: PublicKeyBytes): GasCost {
  const p = config.parameters;
  const n = BigInt(numNonces);
  const nonceBytes = accessKeyKeyLength(accountId, key) + NONCE_INDEX_LEN + NONCE_VALUE_LEN;
  return {
    send: pick(p.action_gas_key_byte, sir) * GAS_KEY_INFO_BORSH_LEN,
    exec: p.action_gas_key_nonce_write_base.execution * n + p.action_gas_key_byte.execution * nonceBytes * n,
  };
}

/** TransferToGasKey and WithdrawFromGasKey (gas_key_transfer_send_fee / gas_key_transfer_exec_fee): send,
 *  gas_key_transfer + gas_key_byte × the key's trie id; exec, gas_key_transfer + gas_key_byte × (the access key's
 *  trie key + the smallest gas key record). */
export function gasKeyTransferCost(config: RuntimeConfig, sir: boolean, receiverId: string, key: PublicKeyBytes): GasCost {
  const p = config.parameters;
  return {
    send: pick(p.action_gas_key_transfer, sir) + pick(p.action_gas_key_byte, sir) * BigInt(trieIdLength(key)),
    exec: p.action_gas_key_transfer.execution + p.action_gas_key_byte.execution * (accessKeyKeyLength(receiverId, key) + MIN_GAS_KEY_BORSH_LEN),
  };
}

const unsupported = (config: RuntimeConfig): ValidationError => ({ UnsupportedProtocolFeature: { protocol_feature: 'GasKeys', version: config.protocolVersion } });

/** validate_add_key_action's gas-key part (after the permission's own checks) and the gas-key actions' gate. */
export function gasKeyActionError(action: Action, config: RuntimeConfig): ValidationError | undefined {
  const enabled = hasFeature(config.protocolVersion, 'GasKeys');
  if (action.kind === 'TransferToGasKey' || action.kind === 'WithdrawFromGasKey') return enabled ? undefined : unsupported(config);
  if (action.kind !== 'AddKey' || !action.gasKey) return undefined;
  if (!enabled) return unsupported(config);
  if (action.permission.kind === 'FunctionCall' && action.permission.allowance !== null) return 'GasKeyFunctionCallAllowanceNotAllowed';
  const n = action.gasKey.numNonces;
  if (n === 0 || n > MAX_NONCES_FOR_GAS_KEY) return { GasKeyInvalidNumNonces: { requested_nonces: n, limit: MAX_NONCES_FOR_GAS_KEY } };
  if (action.gasKey.balance !== 0n) return { AddGasKeyWithNonZeroBalance: { balance: action.gasKey.balance.toString() } };
  return undefined;
}

const notAGasKey = (accountId: string, key: PublicKeyBytes): ErrorJson => ({ GasKeyDoesNotExist: { account_id: accountId, public_key: publicKeyToString(key) } });

/** action_transfer_to_gas_key: the deposit goes into the key's balance. */
export function transferToGasKey(state: ChainState, accountId: string, key: PublicKeyBytes, deposit: bigint): ErrorJson | undefined {
  const id = accessKeyId(key);
  const stored = state.keysOf(accountId).get(id);
  if (!stored?.gasKey) return notAGasKey(accountId, key);
  state.setAccessKey(accountId, id, { ...stored, gasKey: { ...stored.gasKey, balance: stored.gasKey.balance + deposit } });
  return undefined;
}

/** action_withdraw_from_gas_key: from the key's balance to the account's. */
export function withdrawFromGasKey(state: ChainState, accountId: string, key: PublicKeyBytes, amount: bigint): ErrorJson | undefined {
  const id = accessKeyId(key);
  const stored = state.keysOf(accountId).get(id);
  if (!stored?.gasKey) return notAGasKey(accountId, key);
  const balance = stored.gasKey.balance;
  if (balance < amount) {
    return { InsufficientGasKeyBalance: { account_id: accountId, public_key: publicKeyToString(key), balance: balance.toString(), required: amount.toString() } };
  }
  state.setAccessKey(accountId, id, { ...stored, gasKey: { ...stored.gasKey, balance: balance - amount } });
  state.accounts.get(accountId)!.amount += amount;
  return undefined;
}

/** A new gas key (add_gas_key): nonce 0, no balance, every nonce at (height - 1) × 1e6 (initial_nonce_value). */
export function newGasKey(permission: AccessKey['permission'], numNonces: number, blockHeight: bigint): AccessKey {
  const initial = (blockHeight - 1n) * 1_000_000n;
  return { nonce: 0n, permission, gasKey: { balance: 0n, nonces: Array.from({ length: numNonces }, () => initial) } };
}

/** delete_gas_key: a balance above MAX_BALANCE_TO_BURN refuses the deletion; otherwise it is burnt. */
export function gasKeyDeletionError(accountId: string, key: PublicKeyBytes, stored: AccessKey): ErrorJson | undefined {
  const balance = stored.gasKey?.balance ?? 0n;
  if (balance > MAX_BALANCE_TO_BURN) return { GasKeyBalanceTooHigh: { account_id: accountId, public_key: publicKeyToString(key), balance: balance.toString() } };
  return undefined;
}

/** action_delete_account: the account's gas keys' balances together must not pass MAX_BALANCE_TO_BURN (then burnt). */
export function gasKeyBalanceSum(state: ChainState, accountId: string): bigint {
  let sum = 0n;
  for (const key of state.keysOf(accountId).values()) sum += key.gasKey?.balance ?? 0n;
  return sum;
}

/** A gas refund to a gas key's signer goes to the key's balance instead of the account
 *  (lib.rs action_transfer_or_implicit_account_creation, try_refund_gas_key_balance). */
export function refundToGasKey(state: ChainState, accountId: string, signerKey: PublicKeyBytes, amount: bigint): boolean {
  const id = accessKeyId(signerKey);
  const stored = state.keysOf(accountId).get(id);
  if (!stored?.gasKey) return false;
  state.setAccessKey(accountId, id, { ...stored, gasKey: { ...stored.gasKey, balance: stored.gasKey.balance + amount } });
  return true;
}
