// Host functions of NEP-616 (protocol 82, nearcore 2.10) and of protocol 85
// (chain_id, p256_verify) for near-sdk-js contracts, in the style of its `near.*`
// functions. near-sdk-js 2.0.0 has no bindings for them; a contract built with
// "protocol": 82 or 85 in package.json gets them (toolchain/c/near-nep616.c).
import { decode, PromiseIndex, validateAccountId } from 'near-sdk-js';

/** The QuickJS globals our build installs beside near-sdk-js's own `env` bindings. */
declare const env: {
  read_register(registerId: number): Uint8Array;
  promise_set_refund_to(promiseIndex: PromiseIndex, accountId: string): void;
  promise_batch_action_state_init(promiseIndex: PromiseIndex, codeHash: Uint8Array, amount: bigint): bigint;
  promise_batch_action_state_init_by_account_id(promiseIndex: PromiseIndex, accountId: string, amount: bigint): bigint;
  set_state_init_data_entry(promiseIndex: PromiseIndex, actionIndex: bigint, key: Uint8Array, value: Uint8Array): void;
  current_contract_code(registerId: number): bigint;
  refund_to_account_id(registerId: number): void;
  chain_id(registerId: number): void;
  p256_verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): bigint;
};

const REGISTER = 0;
const CODE_HASH_LENGTH = 32;

function accountId(what: string, id: string): string {
  if (!validateAccountId(id)) throw new Error(`${what}: invalid account id "${id}"`);
  return id;
}

/** Deposit refunds of the promise's receipt (a failed batch's Transfer, a state init's surplus) go to `refundTo`, not to this contract. */
export function promiseSetRefundTo(promiseIndex: PromiseIndex, refundTo: string): void {
  env.promise_set_refund_to(promiseIndex, accountId('promiseSetRefundTo', refundTo));
}

/**
 * Adds a DeterministicStateInit action: the receiver (a `0s…` account derived from this
 * state init) gets the global contract with this code hash and the data entries set next.
 * `deposit` pays its storage; the rest is refunded. Returns the action index for setStateInitDataEntry.
 */
export function stateInit(promiseIndex: PromiseIndex, codeHash: Uint8Array, deposit: bigint): bigint {
  if (codeHash.length !== CODE_HASH_LENGTH) throw new Error(`stateInit: code hash must be ${CODE_HASH_LENGTH} bytes, got ${codeHash.length}`);
  return env.promise_batch_action_state_init(promiseIndex, codeHash, deposit);
}

/** As stateInit, with the global contract deployed by `publisher` (follows its redeploys). */
export function stateInitByAccountId(promiseIndex: PromiseIndex, publisher: string, deposit: bigint): bigint {
  return env.promise_batch_action_state_init_by_account_id(promiseIndex, accountId('stateInitByAccountId', publisher), deposit);
}

/** One key/value of the state init's initial storage (part of what derives the account id). */
export function setStateInitDataEntry(promiseIndex: PromiseIndex, actionIndex: bigint, key: Uint8Array, value: Uint8Array): void {
  env.set_state_init_data_entry(promiseIndex, actionIndex, key, value);
}

/** Who gets this receipt's deposit refunds: its refund_to if its creator set one, else its predecessor. */
export function refundToAccountId(): string {
  env.refund_to_account_id(REGISTER);
  return decode(env.read_register(REGISTER));
}

/** What code this account runs (nearcore's current_contract_code). */
export type ContractCode =
  | { kind: 'None' }
  | { kind: 'Local'; hash: Uint8Array }
  | { kind: 'GlobalCodeHash'; hash: Uint8Array }
  | { kind: 'GlobalAccountId'; accountId: string };

export function currentContractCode(): ContractCode {
  const kind = env.current_contract_code(REGISTER);
  if (kind === 0n) return { kind: 'None' };
  const value = env.read_register(REGISTER);
  if (kind === 1n) return { kind: 'Local', hash: value };
  if (kind === 2n) return { kind: 'GlobalCodeHash', hash: value };
  return { kind: 'GlobalAccountId', accountId: decode(value) };
}

/** The chain's id, e.g. "mainnet", "testnet" (protocol 85). */
export function chainId(): string {
  env.chain_id(REGISTER);
  return decode(env.read_register(REGISTER));
}

/** NEP-635 (protocol 85): a 64-byte r‖s secp256r1 signature of the prehash `message` (e.g. its sha256) by a 33-byte compressed key. */
export function p256Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  return env.p256_verify(signature, message, publicKey) === 1n;
}
