// near-sdk-js's alt_bn128 functions in a contract our toolchain builds (protocol 78,
// where nearcore links them), on the local node through near-api-js: nearcore's
// vectors of logic/tests/alt_bn128.rs, and a bad input failing the call with
// nearcore's AltBn128InvalidInput text.
import test from 'ava';
import { fixtureOnNode } from './fixture-node.ts';
import { closeClang } from '../clang.ts';
import { G1_MULTIEXP, G1_SUM, PAIRING } from '../../sandbox/vm/test/curve-vectors.ts';

const TGAS = 10n ** 12n;

// nearcore's le_bytes!: `Nu8` a byte, `0x…` a u256 written big-endian, stored little-endian.
const le = (items: string[]) => Buffer.concat(items.map((s) => (s.endsWith('u8')
  ? Buffer.from([Number(s.slice(0, -2))])
  : Buffer.from(s.slice(2).padStart(64, '0'), 'hex').reverse()))).toString('hex');

test.after.always(() => closeClang());

test('near.altBn128G1Sum, altBn128G1Multiexp and altBn128PairingCheck in a built contract on the node', async (t) => {
  const { server, root, fixture } = await fixtureOnNode('alt-bn128', 78, 'bn');
  t.teardown(() => server.close());
  const contractId = fixture.accountId;
  const call = <T>(methodName: string, items: string[]) => root.callFunction<T & object>({ contractId, methodName, args: { value: le(items) }, gas: 300n * TGAS }) as Promise<T>;

  for (const { input, result } of G1_SUM.filter((v) => typeof v.result !== 'string')) t.is(await call<string>('g1_sum', input), le(result as string[]));
  for (const { input, result } of G1_MULTIEXP.filter((v) => typeof v.result !== 'string')) t.is(await call<string>('g1_multiexp', input), le(result as string[]));
  for (const { input, result } of PAIRING.filter((v) => typeof v.result !== 'string')) t.is(await call<boolean>('pairing_check', input), result === 1n);
  // A point off the curve: the call fails with nearcore's AltBn128InvalidInput Display.
  const error = await t.throwsAsync(call('g1_sum', ['0u8', '0x111', '0x222']));
  t.regex(String(error?.message), /AltBn128 invalid input: invalid g1: \[11, 1, 0/);
});
