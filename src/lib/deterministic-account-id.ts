// NEP-616 deterministic account ids, derived as nearcore does
// (derive_near_deterministic_account_id in core/primitives/src/utils.rs): "0s" and
// the hex of the last 20 bytes of keccak256 over the borsh encoding of
// DeterministicAccountStateInit::V1 { code, data } (core/primitives-core/src/
// deterministic_account_id.rs). For clients now; for the factory once the node
// has protocol 85. No relative imports, so contracts and Node.js can both load it;
// the caller brings keccak256 (near.keccak256 in a contract, @noble/hashes outside).
import { serialize, type Schema } from 'borsh';

/** nearcore's GlobalContractIdentifier: CodeHash(CryptoHash) = 0, AccountId(AccountId) = 1. */
export type StateInitCode = { CodeHash: Uint8Array } | { AccountId: string };
/** The account's initial storage: key → value, raw bytes. */
export type StateInitData = ReadonlyArray<readonly [Uint8Array, Uint8Array]>;

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

/** Vec<u8>'s order in Rust (a BTreeMap's key order): bytewise, a prefix first. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The borsh bytes of DeterministicAccountStateInit::V1; `data` in any order, each key once. */
export function stateInitBytes(code: StateInitCode, data: StateInitData = []): Uint8Array {
  const entries = [...data].sort(([a], [b]) => compareBytes(a, b));
  for (let i = 1; i < entries.length; i++) {
    if (compareBytes(entries[i - 1][0], entries[i][0]) === 0) throw new Error('state init data: the same key is given twice');
  }
  // borsh-js writes a Map in insertion order, so the entries go in already sorted, as a BTreeMap writes them.
  return serialize(STATE_INIT, { V1: { code, data: new Map(entries) } });
}

export function deterministicAccountId(code: StateInitCode, data: StateInitData, keccak256: (bytes: Uint8Array) => Uint8Array): string {
  const hash = keccak256(stateInitBytes(code, data));
  let hex = '';
  for (const byte of hash.subarray(12, 32)) hex += byte.toString(16).padStart(2, '0');
  return `0s${hex}`;
}
