// Gas keys from contracts (protocol 85, nearcore 2.13, #[gas_key_host_fns]): an access key
// with its own NEAR balance that pays for the gas of the transactions it signs, and several
// nonces so they can be sent in parallel. In the style of near-sdk-js's
// `near.promiseBatchActionAddKeyWith*`; bound for contracts built with "protocol": 85
// (toolchain/c/near-gas-keys-yield.c). nearcore has no action that withdraws from a gas key
// in a promise batch: only its key holder can.
import { PromiseIndex } from 'near-sdk-js';

/** The QuickJS globals our build installs beside near-sdk-js's own `env` bindings. */
declare const env: {
  promise_batch_action_transfer_to_gas_key(promiseIndex: PromiseIndex, publicKey: Uint8Array, amount: bigint): void;
  promise_batch_action_add_gas_key_with_full_access(promiseIndex: PromiseIndex, publicKey: Uint8Array, numNonces: number): void;
  promise_batch_action_add_gas_key_with_function_call(promiseIndex: PromiseIndex, publicKey: Uint8Array, numNonces: number, allowance: bigint, receiverId: string, methodNames: string): void;
};

/** AccessKeyPermission::MAX_NONCES_FOR_GAS_KEY (core/primitives-core/src/account.rs): action_validation.rs
 *  refuses a gas key with no nonces or more than this (GasKeyInvalidNumNonces), failing the whole call. */
export const MAX_NONCES_FOR_GAS_KEY = 1024;
/** logic.rs reads an allowance of 0 as None. */
const NO_ALLOWANCE = 0n;

function nonces(what: string, numNonces: number): number {
  if (!Number.isInteger(numNonces) || numNonces < 1 || numNonces > MAX_NONCES_FOR_GAS_KEY) {
    throw new Error(`${what}: numNonces must be an integer from 1 to ${MAX_NONCES_FOR_GAS_KEY}, got ${numNonces}`);
  }
  return numNonces;
}

/**
 * Adds a full-access gas key to the promise's receiver, with `numNonces` nonces and no balance.
 * `publicKey` as near-sdk-js's add-key functions take it: `PublicKey.data`, the key-type byte then the key.
 */
export function promiseBatchActionAddGasKeyWithFullAccess(promiseIndex: PromiseIndex, publicKey: Uint8Array, numNonces: number): void {
  env.promise_batch_action_add_gas_key_with_full_access(promiseIndex, publicKey, nonces('promiseBatchActionAddGasKeyWithFullAccess', numNonces));
}

/**
 * Adds a function-call gas key: it may call `methodNames` (comma-separated; empty: any) of
 * `receiverId`. A gas key has no allowance, its balance is the limit: nearcore's action_validation.rs
 * refuses one (GasKeyFunctionCallAllowanceNotAllowed), so the host function's allowance is always 0 (None).
 */
export function promiseBatchActionAddGasKeyWithFunctionCall(promiseIndex: PromiseIndex, publicKey: Uint8Array, numNonces: number, receiverId: string, methodNames: string): void {
  env.promise_batch_action_add_gas_key_with_function_call(promiseIndex, publicKey, nonces('promiseBatchActionAddGasKeyWithFunctionCall', numNonces), NO_ALLOWANCE, receiverId, methodNames);
}

/** Moves `amount` from this contract to the balance of the receiver's gas key `publicKey` (TransferToGasKey). */
export function promiseBatchActionTransferToGasKey(promiseIndex: PromiseIndex, publicKey: Uint8Array, amount: bigint): void {
  env.promise_batch_action_transfer_to_gas_key(promiseIndex, publicKey, amount);
}
