// The wasm `npm run build` produced: NEAR's rules hold, and it links and runs
// under a minimal host, including u128 arithmetic that a QuickJS without the
// 32-bit-limb libbf fix gets wrong.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { checkWasmRules } from '../wasm-rules.ts';
import { readContractSpecs } from '../config.ts';
import { contractMethods } from '../contract-source.ts';
import { bundleContract } from '../bundle.ts';
import { Harness } from './harness.ts';

const specs = readContractSpecs(process.cwd());

for (const spec of specs) {
  test(`${spec.name}.wasm obeys NEAR's wasm rules and exports exactly its methods`, async (t) => {
    const wasm = fs.readFileSync(path.join('build', `${spec.name}.wasm`));
    const methods = contractMethods(spec.entry, fs.readFileSync(spec.entry, 'utf8'), (await bundleContract(spec.entry)).code);
    const { violations, facts } = checkWasmRules(wasm, methods, spec.protocol);
    t.deepEqual(violations, []);
    t.true(facts!.imports.every((i) => i.startsWith('env.')));
    t.deepEqual([...facts!.exports].sort(), [...methods].sort());
  });
}

test('the rule check rejects WASI imports, foreign exports and post-MVP code', (t) => {
  const wasm = fs.readFileSync(path.join('build', 'sample.wasm'));
  const { violations } = checkWasmRules(wasm, ['init', 'get_greeting']);
  t.true(violations.some((v) => v.includes('expected the contract')));
  // A module with a WASI import and a bulk-memory instruction.
  const bad = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type: () -> ()
    0x02, 0x1f, 0x01, 0x16, ...new TextEncoder().encode('wasi_snapshot_preview1'), 0x04, ...new TextEncoder().encode('exit'), 0x00, 0x00,
    0x03, 0x02, 0x01, 0x00, // one function of type 0
    0x05, 0x03, 0x01, 0x00, 0x01, // memory 1 page
    0x07, 0x0a, 0x01, 0x06, ...new TextEncoder().encode('memory'), 0x02, 0x00,
    0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x00, 0x0b, // memory.fill
  ]);
  const result = checkWasmRules(bad, []);
  t.true(result.violations.length > 0, 'rejected');
});

test('sample: init, a view and a call that changes its state', (t) => {
  const host = new Harness(fs.readFileSync(path.join('build', 'sample.wasm')));
  const before = host.call('get_greeting');
  t.regex(before.panic ?? '', /Contract must be initialized/);
  t.is(host.call('init', { args: { owner: 'bob.test.near' } }).panic, undefined);
  t.is(host.call('get_greeting').returned, '"Hello, I belong to bob.test.near"');
  const denied = host.call('set_greeting', { args: { greeting: 'Hi' }, predecessor: 'eve.test.near' });
  t.regex(denied.panic ?? '', /^assertion failed: set_greeting: only the owner can change the greeting\n {4}at assert\n {4}at set_greeting\n/);
  const changed = host.call('set_greeting', { args: { greeting: 'Hi' }, predecessor: 'bob.test.near' });
  t.deepEqual(changed.logs, ['greeting changed to "Hi"']);
  t.is(host.call('get_greeting').returned, '"Hi, I belong to bob.test.near"');
});

test('u128 amounts survive QuickJS BigInt arithmetic exactly (libbf 32-bit limb fix)', (t) => {
  const host = new Harness(fs.readFileSync(path.join('build', 'sample.wasm')));
  host.call('init', { args: { owner: 'bob.test.near' } });
  const deposit = 7n * 10n ** 24n + 1n;
  const donated = host.call('donate', { deposit });
  t.is(donated.panic, undefined);
  t.deepEqual(JSON.parse(donated.returned!), { total: deposit.toString(), near: '7', yocto_remainder: '1' });
  // The amount goes back out through BigInt -> u128, which divides by 2^64.
  const withdrawn = host.call('withdraw', { predecessor: 'bob.test.near' });
  t.is(withdrawn.panic, undefined);
  const transfer = withdrawn.actions.find((a) => a.name === 'transfer');
  t.deepEqual(transfer && { receiver: transfer.receiver, amount: transfer.args[0] }, { receiver: 'bob.test.near', amount: deposit });
  // Values at the top of u128 too: 2^128 - 1.
  const max = 2n ** 128n - 1n;
  host.call('donate', { deposit: max });
  t.is(JSON.parse(host.call('get_info').returned!).donations, max.toString());
});
