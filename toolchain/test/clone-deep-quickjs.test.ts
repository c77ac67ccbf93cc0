// Our cloneDeep and lodash-es's give the same clones inside QuickJS too, the engine
// contracts run on (test/clone-deep.test.ts compares them in Node on generated values):
// the fixture bundles both (a contract's own lodash-es import is lodash's) and compares.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { buildContract } from '../build-contract.ts';
import { closeClang } from '../clang.ts';
import { Harness } from './harness.ts';

test.after.always(() => closeClang());

test('in QuickJS, every case gives the same clone with ours as with lodash-es', async (t) => {
  const entry = path.resolve('toolchain', 'test', 'fixtures', 'clone-deep-quickjs.ts');
  const built = await buildContract({ name: 'clone-deep-quickjs', entry, preinit: true }, path.join('.cache', 'test-fixtures', 'clone-deep-quickjs.wasm'), () => {});
  const host = new Harness(fs.readFileSync(built.file));
  const count = host.call('count');
  t.is(count.panic, undefined);
  t.true(Number(count.returned) >= 60, count.returned);
  const result = host.call('differences');
  t.is(result.panic, undefined);
  t.deepEqual(JSON.parse(result.returned!), []);
});
