// create_factory_subaccount_and_deploy: one promise batch on <name>.<factory>
// (create account, fund it, add the caller's key, use the global contract,
// optionally call its init method), then a private callback on the factory
// that reports the outcome and, on failure, refunds the caller.
import { near, validateAccountId } from 'near-sdk-js';
import { base58Decode } from '../lib/base58';
import { useGlobalContract, useGlobalContractByAccountId } from '../lib/global-contract';
import { codeHashBytes, GlobalContractId } from './global-contract-id';
import { ONE_TERAGAS, parseGas } from './amounts';

export interface InitCall {
  method: string;
  args?: unknown;
  gas?: string | number;
}

export interface CreateArgs {
  name: string;
  public_key?: string;
  init?: InitCall;
}

/** What the factory remembers between the batch and its callback. */
export interface CreationTicket {
  account_id: string;
  creator: string;
  deposit: string;
}

export const DEFAULT_INIT_GAS = 30n * ONE_TERAGAS;
/** The callback is a QuickJS call (~11 Tgas to load) plus a refund; it also gets a share of unused gas. */
export const CALLBACK_GAS = 20n * ONE_TERAGAS;
export const CALLBACK_METHOD = 'on_instance_created';

/** `<name>.<factory>`: name must be one lowercase label so the new account is a direct sub-account. */
export function instanceAccountId(name: unknown, factory: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new Error('name: required, e.g. "alice" for alice.' + factory);
  if (!/^[a-z0-9]+([-_][a-z0-9]+)*$/.test(name)) {
    throw new Error(`name: "${name}" must be a single label of lowercase letters, digits, - and _ (no dots)`);
  }
  const accountId = `${name}.${factory}`;
  if (!validateAccountId(accountId)) throw new Error(`name: "${accountId}" is not a valid account id (at most 64 characters)`);
  return accountId;
}

function publicKeyBytes(publicKey: unknown): Uint8Array {
  if (publicKey === undefined || publicKey === null) return near.signerAccountPk();
  if (typeof publicKey !== 'string') throw new Error('public_key: expected a string such as "ed25519:<base58>"');
  // The host's format: a key type byte (0 = ed25519, 1 = secp256k1), then the key.
  const [prefix, data] = publicKey.includes(':') ? publicKey.split(':', 2) : ['ed25519', publicKey];
  const type = ['ed25519', 'secp256k1'].indexOf(prefix);
  let key: Uint8Array;
  try {
    key = base58Decode(data);
  } catch (error) {
    throw new Error(`public_key: "${publicKey}" is not a valid public key (${(error as Error).message})`);
  }
  if (type < 0 || key.length !== (type === 0 ? 32 : 64)) {
    throw new Error(`public_key: "${publicKey}" is not a valid public key (expected ed25519:<32 bytes> or secp256k1:<64 bytes> in base58)`);
  }
  const bytes = new Uint8Array(1 + key.length);
  bytes[0] = type;
  bytes.set(key, 1);
  return bytes;
}

function initCall(init: unknown): { method: string; args: string; gas: bigint } | undefined {
  if (init === undefined || init === null) return undefined;
  if (typeof init !== 'object') throw new Error('init: expected { method, args?, gas? }');
  const { method, args, gas } = init as InitCall;
  if (typeof method !== 'string' || method.length === 0) throw new Error('init.method: required, the method to call on the new instance');
  return {
    method,
    args: args === undefined ? '' : typeof args === 'string' ? args : JSON.stringify(args),
    gas: gas === undefined ? DEFAULT_INIT_GAS : parseGas('init.gas', gas),
  };
}

/** Schedules the batch and its callback; returns the callback's promise index for the caller to return. */
export function scheduleCreation(args: CreateArgs, globalContractId: GlobalContractId, minDeposit: bigint): bigint {
  const factory = near.currentAccountId();
  const accountId = instanceAccountId(args.name, factory);
  const deposit = near.attachedDeposit();
  if (deposit < minDeposit) {
    throw new Error(`attached deposit ${deposit} yoctoNEAR is below the minimum ${minDeposit} yoctoNEAR`);
  }
  const key = publicKeyBytes(args.public_key);
  const init = initCall(args.init);

  const batch = near.promiseBatchCreate(accountId);
  near.promiseBatchActionCreateAccount(batch);
  near.promiseBatchActionTransfer(batch, deposit);
  near.promiseBatchActionAddKeyWithFullAccess(batch, key, 0n);
  if ('CodeHash' in globalContractId) useGlobalContract(batch, codeHashBytes(globalContractId));
  else useGlobalContractByAccountId(batch, globalContractId.AccountId);
  if (init) near.promiseBatchActionFunctionCall(batch, init.method, init.args, 0n, init.gas);

  const ticket: CreationTicket = { account_id: accountId, creator: near.predecessorAccountId(), deposit: deposit.toString() };
  const callback = near.promiseBatchThen(batch, factory);
  near.promiseBatchActionFunctionCallWeight(callback, CALLBACK_METHOD, JSON.stringify(ticket), 0n, CALLBACK_GAS, 1n);
  return BigInt(callback);
}

/** In the callback: did the batch succeed? near-sdk-js throws on a failed promise result. */
export function batchSucceeded(): boolean {
  if (near.promiseResultsCount() !== 1n) return false;
  try {
    near.promiseResultRaw(0);
    return true;
  } catch {
    return false;
  }
}
