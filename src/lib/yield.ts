// NEP-519 yield/resume with an id the contract chooses (protocol 85, nearcore 2.13,
// #[yield_with_id_host_fns]): the yield is resumed by that id, so the resumer needs no data
// id from the yielding call's register. near-sdk-js 2.0.0 has no yield API at all; these
// follow its `near.promiseBatchActionFunctionCallWeight` (method, arguments, amount, gas,
// weight). Bound for contracts built with "protocol": 85 (toolchain/c/near-gas-keys-yield.c).
import { encode, PromiseIndex } from 'near-sdk-js';

/** The QuickJS globals our build installs beside near-sdk-js's own `env` bindings. */
declare const env: {
  promise_yield_create_with_id(methodName: string, args: Uint8Array, amount: bigint, gas: bigint, gasWeight: bigint, yieldId: Uint8Array): bigint;
  promise_yield_resume_with_yield_id(yieldId: Uint8Array, payload: Uint8Array): bigint;
};

/** YieldId::LENGTH in nearcore (YieldIdMalformed otherwise). */
export const YIELD_ID_LENGTH = 32;
/** What logic.rs returns when a yield with the same id is already pending for this account. */
const ALREADY_PENDING = 0xffff_ffff_ffff_ffffn;

const bytes = (data: string | Uint8Array) => (typeof data === 'string' ? encode(data) : data);

function yieldIdOf(what: string, yieldId: Uint8Array): Uint8Array {
  if (yieldId.length !== YIELD_ID_LENGTH) throw new Error(`${what}: a yield id is ${YIELD_ID_LENGTH} bytes, got ${yieldId.length}`);
  return yieldId;
}

/**
 * Yields: `methodName` of this contract is called with `args` (and `amount` attached) when
 * promiseYieldResumeWithYieldId(yieldId, payload) is called, its promise result then the
 * payload, or when the yield times out, its promise result then failed. Returns the yield's
 * promise index (e.g. for near.promiseReturn), or null if a yield with this id is already pending
 * (nothing is created or charged for it).
 */
export function promiseYieldCreateWithId(methodName: string, args: string | Uint8Array, amount: bigint, gas: bigint, gasWeight: bigint, yieldId: Uint8Array): PromiseIndex | null {
  const index = env.promise_yield_create_with_id(methodName, bytes(args), amount, gas, gasWeight, yieldIdOf('promiseYieldCreateWithId', yieldId));
  return index === ALREADY_PENDING ? null : index;
}

/** Resumes this account's pending yield `yieldId` with `payload`; false if none is pending. */
export function promiseYieldResumeWithYieldId(yieldId: Uint8Array, payload: string | Uint8Array): boolean {
  return env.promise_yield_resume_with_yield_id(yieldIdOf('promiseYieldResumeWithYieldId', yieldId), bytes(payload)) === 1n;
}
