// NEP-616 deterministic accounts (protocol 82): the borsh bytes of a state init
// (core/primitives-core/src/deterministic_account_id.rs), the account id they
// derive (core/primitives/src/utils.rs derive_near_deterministic_account_id:
// "0s" + hex of the last 20 bytes of keccak256(borsh(state_init))), and the
// byte count its fees are charged per (len_bytes).
import { keccak_256 } from '@noble/hashes/sha3';
import { hasFeature } from '../params/features.ts';
import type { RuntimeConfig } from '../params/runtime-config.ts';
import { isValidAccountId } from '../vm/host-functions.ts';
import type { Action, DeterministicStateInit, GlobalContractIdentifier } from '../vm/types.ts';

const u32 = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
};
const withLength = (b: Uint8Array) => [u32(b.length), b];

/** borsh(GlobalContractIdentifier): 0 + 32-byte hash, or 1 + string. */
export function globalIdentifierBorsh(id: GlobalContractIdentifier): Uint8Array[] {
  return id.kind === 'CodeHash' ? [new Uint8Array([0]), id.hash] : [new Uint8Array([1]), ...withLength(Buffer.from(id.accountId))];
}

/** Byte order of Vec<u8> keys in nearcore's BTreeMap: lexicographic, a prefix first. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** borsh(DeterministicAccountStateInit::V1 { code, data }). */
export function stateInitBorsh(init: DeterministicStateInit): Uint8Array {
  const entries = [...init.data].sort(([a], [b]) => compareBytes(a, b));
  const parts = [new Uint8Array([0]), ...globalIdentifierBorsh(init.code), u32(entries.length)];
  for (const [key, value] of entries) parts.push(...withLength(key), ...withLength(value));
  return new Uint8Array(Buffer.concat(parts));
}

/** The account id a state init belongs to. */
export function deterministicAccountId(init: DeterministicStateInit): string {
  return `0s${Buffer.from(keccak_256(stateInitBorsh(init)).subarray(12, 32)).toString('hex')}`;
}

/** Sum of key and value lengths (DeterministicAccountStateInit::len_bytes). */
export function stateInitBytes(init: DeterministicStateInit): bigint {
  return init.data.reduce((n, [k, v]) => n + BigInt(k.length + v.length), 0n);
}

/** nearcore's validate_deterministic_state_init (runtime/runtime/src/action_validation.rs), with the
 *  DeterministicAccountIds gate it had before the feature became unconditional. */
export function stateInitError(action: Extract<Action, { kind: 'DeterministicStateInit' }>, receiverId: string, config: RuntimeConfig): unknown {
  if (!hasFeature(config.protocolVersion, 'DeterministicAccountIds')) {
    return { UnsupportedProtocolFeature: { protocol_feature: 'DeterministicAccountIds', version: config.protocolVersion } };
  }
  const code = action.stateInit.code;
  if (code.kind === 'AccountId' && !isValidAccountId(code.accountId)) return { InvalidAccountId: { account_id: code.accountId } };
  const derivedId = deterministicAccountId(action.stateInit);
  if (derivedId !== receiverId) return { InvalidDeterministicStateInitReceiver: { receiver_id: receiverId, derived_id: derivedId } };
  const { maxLengthStorageKey, maxLengthStorageValue } = config.limits;
  for (const [key, value] of action.stateInit.data) {
    if (BigInt(key.length) > maxLengthStorageKey) return { DeterministicStateInitKeyLengthExceeded: { length: key.length, limit: Number(maxLengthStorageKey) } };
    if (BigInt(value.length) > maxLengthStorageValue) return { DeterministicStateInitValueLengthExceeded: { length: value.length, limit: Number(maxLengthStorageValue) } };
  }
  return undefined;
}
