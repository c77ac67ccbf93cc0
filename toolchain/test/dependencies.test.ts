// near-sdk-js's own code bundles the @scure/base line near-sdk-js declares
// (1.1.x; its 2.0.0 release was built with 1.1.3), not the 1.2.x that other
// packages of this project depend on: 1.2.x dropped the pure annotations that
// let rollup leave out the encodings a contract does not use, so every
// contract using PublicKey would carry and evaluate all of them.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { bundleContract } from '../bundle.ts';
import { buildContract } from '../build-contract.ts';
import { closeClang } from '../clang.ts';
import { Harness } from './harness.ts';

const entry = path.resolve('toolchain', 'test', 'fixtures', 'public-key.ts');
const require = createRequire(import.meta.url);
test.after.always(() => closeClang());

function packageOf(file: string): { name: string; version: string } | undefined {
  if (!path.isAbsolute(file)) return undefined; // rollup's virtual modules (babel helpers)
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (pkg.name && pkg.version) return { name: pkg.name, version: pkg.version };
  }
  return undefined;
}

test('a contract using PublicKey bundles the @scure/base that near-sdk-js declares', async (t) => {
  const bundle = await bundleContract(entry);
  const scure = bundle.modules.filter((id) => packageOf(id)?.name === '@scure/base');
  t.true(scure.length > 0, 'PublicKey pulls in @scure/base');
  const versions = new Set(scure.map((id) => packageOf(id)!.version));
  const sdk = JSON.parse(fs.readFileSync(require.resolve('near-sdk-js/package.json'), 'utf8')) as { dependencies: Record<string, string> };
  t.is(sdk.dependencies['@scure/base'], '^1.1.1', 'near-sdk-js 2.0.0 declares ^1.1.1');
  const pinned = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { overrides: Record<string, Record<string, string>> }).overrides['near-sdk-js']['@scure/base'];
  t.regex(pinned, /^1\.1\.\d+$/, 'package.json pins near-sdk-js\'s @scure/base to the 1.1 line');
  t.deepEqual([...versions], [pinned]);
  // What the 1.1 line's pure annotations buy: only base58 is bundled.
  t.false(bundle.code.includes('bech32'), 'no bech32 coder in the bundle');
});

test('the PublicKey contract builds and decodes keys', async (t) => {
  const built = await buildContract({ name: 'public-key', entry, preinit: true }, path.join('.cache', 'test-fixtures', 'public-key.wasm'), () => {});
  const host = new Harness(fs.readFileSync(built.file));
  const r = host.call('key_info', { args: { public_key: 'ed25519:DcA2MzgpJbrUATQLLceocVckhhAqrkingax4oJ9kZ847' } });
  t.is(r.panic, undefined);
  t.deepEqual(JSON.parse(r.returned!), { curve: 0, bytes: 33 });
});
