// create_factory_subaccount_and_deploy: one promise batch on <name>.<factory>
// (create account, fund it, use the global contract, optionally call its init
// method, add the key), then a private callback on the factory that records
// the outcome and, on failure, returns the registry fee to the caller.
//
// Refunds by the protocol (NEP-616, protocol 82): the batch's refund_to is the
// caller, so when the batch fails its Transfer goes straight back to the caller,
// never through the factory's balance. The callback only returns the registry fee
// the factory kept from this same deposit: a failed creation costs the caller gas
// only, and the factory pays nothing from its own balance on any path.
//
// Why the key is added last: a receipt's result is its last action's result. If
// the init FunctionCall were last and returned a promise, the callback would get
// that promise's result, and a failed promise would look like a failed batch
// although the account exists and holds the deposit; refunding then pays the
// fee back for an instance that exists (before refund_to: the whole deposit, a
// second time, from the factory's own balance: issue 15's drain). With AddKey last, the
// callback sees a failure only when the whole batch was undone, which is exactly
// when its deposit went back to the caller.
import { near, PromiseIndex, validateAccountId } from 'near-sdk-js';
import { useGlobalContract, useGlobalContractByAccountId } from '../lib/global-contract';
import { promiseSetRefundTo } from '../lib/nep616';
import { codeHashBytes, GlobalContractId } from '../lib/global-contract-id';
import { ONE_TERAGAS, parseGas } from './amounts';
import { publicKeyBytes } from './public-key';
import { REGISTRY_FEE } from './registry';

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
  /** The whole attached deposit. */
  deposit: string;
  /** The part of it the factory kept for the registry entry; the instance got the rest. */
  registry_fee: string;
}

// Gas, measured on the local node at protocol 78 with nearcore's fees (a receipt's
// gas_burnt less its action fees, i.e. what the code needs of the attached gas):
/** The sample's init needs 9.7 Tgas (mostly loading QuickJS); 20 Tgas is that plus 100 %, for inits a little bigger. Heavier inits pass init.gas. */
export const DEFAULT_INIT_GAS = 20n * ONE_TERAGAS;
/**
 * The callback needs 12.4 Tgas on either path (registry write and event, or event and
 * refund receipt), again mostly loading QuickJS; 20 Tgas is that plus 60 %. It also
 * gets the transaction's unused gas (weight 1).
 */
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
  if (deposit < REGISTRY_FEE) {
    throw new Error(`attached deposit ${deposit} yoctoNEAR is below the registry fee ${REGISTRY_FEE} yoctoNEAR the factory keeps from it`);
  }
  const key = publicKeyBytes(args.public_key);
  const init = initCall(args.init);

  const creator = near.predecessorAccountId();
  const batch = near.promiseBatchCreate(accountId);
  // A failed batch refunds its Transfer to the caller, not to the factory (its predecessor).
  promiseSetRefundTo(batch, creator);
  near.promiseBatchActionCreateAccount(batch);
  near.promiseBatchActionTransfer(batch, deposit - REGISTRY_FEE);
  if ('CodeHash' in globalContractId) useGlobalContract(batch, codeHashBytes(globalContractId));
  else useGlobalContractByAccountId(batch, globalContractId.AccountId);
  if (init) near.promiseBatchActionFunctionCall(batch, init.method, init.args, 0n, init.gas);
  // Last, so that the batch's result is never the init's returned promise (see the top of this file).
  near.promiseBatchActionAddKeyWithFullAccess(batch, key, 0n);
  return scheduleCallback(batch, { account_id: accountId, creator, deposit: deposit.toString(), registry_fee: REGISTRY_FEE.toString() });
}

/** The factory's callback after a creation batch; returns its promise index. */
export function scheduleCallback(batch: PromiseIndex, ticket: CreationTicket): bigint {
  const callback = near.promiseBatchThen(batch, near.currentAccountId());
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
