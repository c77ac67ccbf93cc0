// NEP-616 deterministic account ids, derived as nearcore does
// (derive_near_deterministic_account_id in core/primitives/src/utils.rs): "0s" and
// the hex of the last 20 bytes of keccak256 over the borsh encoding of
// DeterministicAccountStateInit::V1 { code, data } (core/primitives-core/src/
// deterministic_account_id.rs). For clients now; for the factory once the node
// has protocol 85. No relative imports, so contracts and Node.js can both load it;
// the caller brings keccak256 (near.keccak256 in a contract, @noble/hashes outside).
// The bytes are written here rather than by borsh-js's generic serializer, which
// took 19 KB of the factory's wasm: the same bytes and the same errors as
// borsh-js 2.0.0's `serialize` of the schema below for every input of these types
// (sandbox-test/factory/state-init-borsh.test.ts compares them):
//   { enum: [{ struct: { V1: { struct: {
//     code: { enum: [{ struct: { CodeHash: { array: { type: 'u8', len: 32 } } } }, { struct: { AccountId: 'string' } }] },
//     data: { map: { key: { array: { type: 'u8' } }, value: { array: { type: 'u8' } } } } } } } }] }

/** nearcore's GlobalContractIdentifier: CodeHash(CryptoHash) = 0, AccountId(AccountId) = 1. */
export type StateInitCode = { CodeHash: Uint8Array } | { AccountId: string };
/** The account's initial storage: key → value, raw bytes. */
export type StateInitData = ReadonlyArray<readonly [Uint8Array, Uint8Array]>;

/** Vec<u8>'s order in Rust (a BTreeMap's key order): bytewise, a prefix first. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// Few functions: in a contract each costs about 200 bytes of wasm before its code.

/** borsh's Vec<u8> (and a string's bytes): the length as a little-endian u32, then the bytes. */
function pushBytes(out: number[], bytes: ArrayLike<number>): void {
  const n = bytes.length;
  out.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
  for (let i = 0; i < n; i++) out.push(bytes[i]);
}

/** The borsh bytes of DeterministicAccountStateInit::V1; `data` in any order, each key once. */
export function stateInitBytes(code: StateInitCode, data: StateInitData = []): Uint8Array {
  const entries = [...data].sort(([a], [b]) => compareBytes(a, b));
  for (let i = 1; i < entries.length; i++) {
    if (compareBytes(entries[i - 1][0], entries[i][0]) === 0) throw new Error('state init data: the same key is given twice');
  }
  const out = [0]; // DeterministicAccountStateInit::V1
  const variant = Object.keys(code)[0]; // borsh-js picks an enum's variant by the object's first key
  if (variant === 'CodeHash') {
    const hash = (code as { CodeHash: Uint8Array }).CodeHash;
    // A CryptoHash: 32 bytes, no length.
    if (hash.length !== 32) throw new Error(`Array length ${hash.length} does not match schema length 32 at value.V1.code.CodeHash`);
    out.push(0);
    for (let i = 0; i < 32; i++) out.push(hash[i]);
  } else if (variant === 'AccountId') {
    const account = (code as { AccountId: string }).AccountId;
    if (typeof account !== 'string') throw new Error(`Expected string not ${typeof account}(${account}) at value.V1.code.AccountId`);
    out.push(1);
    // borsh-js's string: UTF-8 of the UTF-16 code units, a surrogate taking the next unit with it whatever it is.
    const utf8: number[] = [];
    for (let i = 0; i < account.length; i++) {
      let unit = account.charCodeAt(i);
      if (unit < 0x80) utf8.push(unit);
      else if (unit < 0x800) utf8.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
      else if (unit < 0xd800 || unit >= 0xe000) utf8.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
      else {
        unit = 0x10000 + (((unit & 0x3ff) << 10) | (account.charCodeAt(++i) & 0x3ff));
        utf8.push(0xf0 | (unit >> 18), 0x80 | ((unit >> 12) & 0x3f), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
      }
    }
    pushBytes(out, utf8);
  } else {
    throw new Error(`Enum key (${variant}) not found in enum schema: {"enum":[{"struct":{"CodeHash":{"array":{"type":"u8","len":32}}}},{"struct":{"AccountId":"string"}}]} at value.V1.code`);
  }
  // A BTreeMap's entries, in key order (a u32 count: at most 2^32 - 1 entries, as borsh-js).
  const n = entries.length;
  out.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
  for (const [key, value] of entries) {
    pushBytes(out, key);
    pushBytes(out, value);
  }
  return new Uint8Array(out);
}

export function deterministicAccountId(code: StateInitCode, data: StateInitData, keccak256: (bytes: Uint8Array) => Uint8Array): string {
  const hash = keccak256(stateInitBytes(code, data));
  let hex = '';
  for (const byte of hash.subarray(12, 32)) hex += byte.toString(16).padStart(2, '0');
  return `0s${hex}`;
}
