// NEP-616's DeterministicAccountStateInit::V1 encoded by the borsh package (borsh-js), with
// the schema nearcore's borsh derive gives it (core/primitives-core/src/deterministic_account_id.rs),
// and the `0s…` account it derives (derive_near_deterministic_account_id, core/primitives/src/utils.rs).
// The factory writes the same bytes by hand (src/lib/deterministic-account-id.ts: borsh-js's
// serializer would cost its wasm 14.4 KB); sandbox-test/factory/state-init-borsh.test.ts checks that
// both give the same bytes, or the same error, for any input.
import { keccak_256 } from '@noble/hashes/sha3';
import { serialize, type Schema } from 'borsh';
import type { StateInitCode, StateInitData } from '../src/lib/deterministic-account-id.ts';

const BYTES: Schema = { array: { type: 'u8' } };
const STATE_INIT: Schema = {
  enum: [{
    struct: {
      V1: {
        struct: {
          code: { enum: [{ struct: { CodeHash: { array: { type: 'u8', len: 32 } } } }, { struct: { AccountId: 'string' } }] },
          data: { map: { key: BYTES, value: BYTES } },
        },
      },
    },
  }],
};

/** The borsh bytes of the state init; `data` in any order, each key once (a BTreeMap). */
export function stateInitBorsh(code: StateInitCode, data: StateInitData = []): Uint8Array {
  // A BTreeMap<Vec<u8>, _> is written in key order: bytewise, a prefix first (Buffer.compare's order).
  const entries = [...data].sort(([a], [b]) => Buffer.compare(a, b));
  if (entries.some(([key], i) => i > 0 && Buffer.compare(entries[i - 1][0], key) === 0)) throw new Error('state init data: the same key is given twice');
  // borsh-js writes a Map in insertion order, so the entries go in sorted.
  return serialize(STATE_INIT, { V1: { code, data: new Map(entries) } });
}

/** "0s" and the hex of the last 20 bytes of keccak256 over the state init's borsh bytes. */
export function stateInitAccountId(code: StateInitCode, data: StateInitData = []): string {
  return `0s${Buffer.from(keccak_256(stateInitBorsh(code, data)).subarray(12)).toString('hex')}`;
}
