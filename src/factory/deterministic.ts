// create_deterministic_instance (NEP-616, protocol 82): the factory's global
// contract at the `0s…` account its initial state derives, with that state
// already in storage, so no init call is needed. For a near-sdk-js contract the
// state is its `STATE` entry: the JSON of its fields (e.g. `{ "owner": "bob.near" }`).
// The instance has no access key: only its code acts for it. The deposit, less the
// registry fee, is attached to the state init; what the instance's storage does not
// need, and all of it if the batch fails, goes to the caller (refund_to).
import { encode, near } from 'near-sdk-js';
import { deterministicAccountId, type StateInitCode, type StateInitData } from '../lib/deterministic-account-id';
import { codeHashBytes, GlobalContractId } from '../lib/global-contract-id';
import { promiseSetRefundTo, setStateInitDataEntry, stateInit, stateInitByAccountId } from '../lib/nep616';
import { scheduleCallback } from './create';
import { REGISTRY_FEE } from './registry';

/** near-sdk-js keeps a contract's fields under this key. */
export const STATE_KEY = 'STATE';

export interface DeterministicArgs {
  /** The instance's near-sdk-js state (its STATE entry, as JSON); default `{ "owner": <caller> }`. */
  state?: Record<string, unknown>;
}

/**
 * The instance's initial storage (one entry, STATE = the JSON text of the state: its exact
 * text derives the account id) and its account, as nearcore derives it. One function for
 * both callers: in a contract each function costs about 200 bytes of wasm.
 */
function deriveInstance(state: unknown, id: GlobalContractId, caller: string): [StateInitData, string] {
  if (state !== undefined && state !== null && (typeof state !== 'object' || Array.isArray(state))) {
    throw new Error('state: expected a JSON object, the instance\'s near-sdk-js fields');
  }
  const fields = state ?? { owner: caller };
  const data: StateInitData = [[encode(STATE_KEY), encode(JSON.stringify(fields))]];
  const code: StateInitCode = 'CodeHash' in id ? { CodeHash: codeHashBytes(id) } : { AccountId: id.AccountId };
  return [data, deterministicAccountId(code, data, near.keccak256)];
}

/** The account a state gets with this global contract, as nearcore derives it. */
export function deterministicInstanceId(state: unknown, id: GlobalContractId, caller: string): string {
  return deriveInstance(state, id, caller)[1];
}

/** Schedules the state init and the factory's callback; returns the callback's promise index. */
export function scheduleDeterministicCreation(args: DeterministicArgs, id: GlobalContractId): bigint {
  const caller = near.predecessorAccountId();
  const deposit = near.attachedDeposit();
  if (deposit <= REGISTRY_FEE) {
    throw new Error(`attached deposit ${deposit} yoctoNEAR must exceed the registry fee ${REGISTRY_FEE} yoctoNEAR and pay the instance's storage`);
  }
  const [data, accountId] = deriveInstance(args.state, id, caller);
  const batch = near.promiseBatchCreate(accountId);
  promiseSetRefundTo(batch, caller);
  const amount = deposit - REGISTRY_FEE;
  const action = 'CodeHash' in id ? stateInit(batch, codeHashBytes(id), amount) : stateInitByAccountId(batch, id.AccountId, amount);
  for (const [key, value] of data) setStateInitDataEntry(batch, action, key, value);
  return scheduleCallback(batch, { account_id: accountId, creator: caller, deposit: deposit.toString(), registry_fee: REGISTRY_FEE.toString() });
}
