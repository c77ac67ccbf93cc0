// stateInitBytes (the factory's) writes DeterministicAccountStateInit::V1 by hand; the
// client's stateInitBorsh, borsh-js 2.0.0's serialize of the same schema (what the factory
// used before), must give the same bytes, or the same error, for every code id and data set.
import test from 'ava';
import fc from 'fast-check';
import { stateInitBorsh } from '../../client/state-init.ts';
import { stateInitBytes, type StateInitCode } from '../../src/lib/deterministic-account-id.ts';

function outcome(f: () => Uint8Array): { bytes: number[] } | { error: string } {
  try {
    return { bytes: [...f()] };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const bytes = fc.uint8Array({ maxLength: 40 });
const code: fc.Arbitrary<StateInitCode> = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((CodeHash) => ({ CodeHash })),
  fc.uint8Array({ maxLength: 40 }).map((CodeHash) => ({ CodeHash })), // wrong lengths: borsh's error
  fc.string({ unit: 'binary', maxLength: 70 }).map((AccountId) => ({ AccountId })), // any code points
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)), maxLength: 20 }).map((AccountId) => ({ AccountId })), // lone surrogates too
  fc.constantFrom('ft.near', 'globals.test.near', 'a'.repeat(64), '\u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff', '\udc00x', 'x\ud800', '\ud83d\ude00')
    .map((AccountId) => ({ AccountId })), // each UTF-8 length's bounds, lone and paired surrogates
);
// Distinct keys (stateInitBytes refuses a repeated one before any encoding).
const data = fc.uniqueArray(fc.tuple(bytes, bytes), { maxLength: 5, selector: ([key]) => [...key].join(), comparator: 'IsStrictlyEqual' });

test('the same bytes as borsh-js, or the same error, for any code id and distinct keys', (t) => {
  fc.assert(fc.property(code, data, (c, d) => {
    const ours = outcome(() => stateInitBytes(c, d));
    const theirs = outcome(() => stateInitBorsh(c, d));
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) throw new Error(`${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
  }), { numRuns: 5000 });
  t.pass();
});

test('the errors borsh-js gives for ids outside the types: not a string, no known variant', (t) => {
  for (const c of [{ AccountId: 7 }, { AccountId: null }, { Other: 'x' }, {}] as unknown as StateInitCode[]) {
    t.deepEqual(outcome(() => stateInitBytes(c, [])), outcome(() => stateInitBorsh(c, [])), JSON.stringify(c));
  }
});
