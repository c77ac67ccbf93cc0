// The lean engine (the default) leaves out Math's trigonometric, hyperbolic,
// exponential and logarithmic functions, Proxy and Reflect: a contract naming them
// gets a build error that says how to opt into the full engine, and builds and runs
// on it; what a lean contract sees of them at run time is `undefined`.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { buildContract } from '../build-contract.ts';
import { leanEngineMisses } from '../engine-features.ts';
import { BuildError } from '../errors.ts';
import { closeClang } from '../clang.ts';
import { Harness } from './harness.ts';

const DIR = path.join('.cache', 'test-engine-features');

function contractFile(name: string, body: string): string {
  fs.mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, `${name}.js`);
  fs.writeFileSync(file, `import { near } from 'near-sdk-js';\nexport function run() {\n  near.valueReturn(${body});\n}\n`);
  return file;
}

async function run(entry: string, engine: 'lean' | 'full', preinit = true): Promise<string | undefined> {
  const built = await buildContract({ name: path.basename(entry, '.js'), entry, preinit, engine }, path.join(DIR, `${path.basename(entry, '.js')}-${engine}-${preinit}.wasm`), () => {});
  const result = new Harness(fs.readFileSync(built.file)).call('run');
  if (result.panic) throw new Error(result.panic);
  return result.returned;
}

test.after.always(async () => { await closeClang(); });

test('what the lean engine leaves out is found in the syntax tree, not in strings', (t) => {
  t.deepEqual(leanEngineMisses("const tag = '[object Proxy]'; Math.max(1, Math.floor(Math.PI)); x.Reflect;"), ['Reflect']);
  t.deepEqual(leanEngineMisses('Math.sin(1); new Proxy({}, {}); Math.hypot(3, 4); Math.sin(2);'), ['Math.sin', 'Proxy', 'Math.hypot']);
  t.deepEqual(leanEngineMisses("Math['log'](2); Math['abs'](2);"), ['Math.log']);
  t.deepEqual(leanEngineMisses('const { cos } = Math; Math[name](1);'), ['Math', 'Math[…]']);
  t.deepEqual(leanEngineMisses('const o = { Math: 1 }; o.Math; Math.pow(2, 3) + Math.sqrt(4);'), []);
});

test('a contract naming them fails to build on the lean engine, saying how to opt in', async (t) => {
  const entry = contractFile('trig', "String(Math.round(Math.sin(0.5) * 1e6))");
  const error = await t.throwsAsync(buildContract({ name: 'trig', entry, preinit: true }, path.join(DIR, 'trig.wasm'), () => {}), { instanceOf: BuildError });
  t.regex(error!.message, /^trig: uses Math\.sin, which the default \(lean\) engine leaves out; declare "engine": "full"/);
  t.false(fs.existsSync(path.join(DIR, 'trig.wasm')));
});

test('on the full engine they work, pre-initialised and plain', async (t) => {
  const entry = contractFile('full', "[Math.round(Math.sin(0.5) * 1e6), Math.round(Math.log(8) / Math.log(2)), Reflect.ownKeys({ a: 1, b: 2 }).join('+'), new Proxy({}, { get: () => 7 }).x].join()");
  for (const preinit of [true, false]) t.is(await run(entry, 'full', preinit), '479426,3,a+b,7');
});

test('a lean contract that reaches them by a computed name finds them undefined; the rest of Math is there', async (t) => {
  const entry = contractFile('computed', "[typeof globalThis['Pro' + 'xy'], typeof globalThis['Ref' + 'lect'], typeof globalThis.Math['s' + 'in'], Math.pow(2, 10), Math.sqrt(81), Math.max(3, Math.abs(-4))].join()");
  t.is(await run(entry, 'lean'), 'undefined,undefined,undefined,1024,9,4');
  t.is(await run(entry, 'full'), 'function,object,function,1024,9,4');
});
