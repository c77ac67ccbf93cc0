// The NEP-616 account-id derivation against nearcore's own test vector
// (runtime/runtime/src/action_validation.rs, test_validate_deterministic_state_init:
// V1 { code: AccountId("ft.near"), data: {} } -> 0s69284a5453e7be5632b28b6a01baecf6c12c156d).
import test from 'ava';
import { keccak_256 } from '@noble/hashes/sha3';
import { stateInitAccountId } from '../../client/state-init.ts';
import { deterministicAccountId, stateInitBytes } from '../../src/lib/deterministic-account-id.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

test('nearcore\'s vector: ft.near by account id, no data', (t) => {
  t.is(deterministicAccountId({ AccountId: 'ft.near' }, [], keccak_256), '0s69284a5453e7be5632b28b6a01baecf6c12c156d');
  // The client's derivation with the borsh package too.
  t.is(stateInitAccountId({ AccountId: 'ft.near' }), '0s69284a5453e7be5632b28b6a01baecf6c12c156d');
});

test('the borsh layout: variant, code identifier, then the map sorted by key', (t) => {
  const encoded = stateInitBytes({ CodeHash: new Uint8Array(32).fill(7) }, [[bytes('b'), bytes('2')], [bytes('a'), bytes('1')]]);
  t.deepEqual([...encoded], [
    0, // DeterministicAccountStateInit::V1
    0, ...new Array(32).fill(7), // GlobalContractIdentifier::CodeHash
    2, 0, 0, 0, // two entries
    1, 0, 0, 0, 97, 1, 0, 0, 0, 49, // "a" -> "1"
    1, 0, 0, 0, 98, 1, 0, 0, 0, 50, // "b" -> "2"
  ]);
});

test('the same state gives the same account in any order; any change gives another', (t) => {
  const code = { AccountId: 'globals.test.near' };
  const state: Array<[Uint8Array, Uint8Array]> = [[bytes('STATE'), bytes('{"owner":"bob.near"}')], [bytes('x'), bytes('1')]];
  const id = deterministicAccountId(code, state, keccak_256);
  t.regex(id, /^0s[0-9a-f]{40}$/);
  t.is(deterministicAccountId(code, [...state].reverse(), keccak_256), id);
  t.not(deterministicAccountId(code, [[bytes('STATE'), bytes('{"owner":"eve.near"}')]], keccak_256), id);
  t.not(deterministicAccountId({ AccountId: 'other.test.near' }, state, keccak_256), id);
  t.throws(() => stateInitBytes(code, [[bytes('k'), bytes('1')], [bytes('k'), bytes('2')]]), { message: /the same key is given twice/ });
});
