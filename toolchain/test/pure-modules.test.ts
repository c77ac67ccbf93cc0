// Which near-sdk-js modules rollup may leave out (pure-modules.ts, bundle.ts): those
// whose top level only declares. Checked on near-sdk-js 2.0.0 itself, on what must be
// refused, and on the factory's bundle.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { impureStatements } from '../pure-modules.ts';
import { bundleContract } from '../bundle.ts';

const LIB = path.join('node_modules', 'near-sdk-js', 'lib');
const modules = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
  entry.isDirectory() ? modules(path.join(dir, entry.name)) : entry.name.endsWith('.js') ? [path.join(dir, entry.name)] : []);

test('near-sdk-js 2.0.0: every library module only declares, but version.js (it reads package.json)', (t) => {
  const impure = modules(LIB).filter((file) => !file.includes(`${path.sep}cli${path.sep}`) && impureStatements(fs.readFileSync(file, 'utf8')).length > 0);
  t.deepEqual(impure.map((file) => path.relative(LIB, file)), ['version.js']);
  t.true(modules(LIB).length > 20);
});

test('what can run code at load is refused; declarations and enums are not', (t) => {
  const pure = [
    'import { a } from "./a"; export * from "./b"; export function f() { g(); }',
    'export var E; (function (E) { E[E["A"] = 0] = "A"; E["B"] = "b"; })(E || (E = {}));',
    'const MAX = 2n ** 64n - 1n; const LESS = MAX - 1n; const RE = /x+/; const T = ["a", 1]; const O = { k: "v", f: () => 1 };',
    'import { Base } from "./base"; export class A extends Base { static s = 1; [Symbol.iterator]() { return this; } m() { sideEffect(); } }',
    'class E1 extends Error {}',
  ];
  for (const code of pure) t.deepEqual(impureStatements(code), [], code);
  const impure = [
    'globalThis.x = 1;',
    'console.log("loaded");',
    'const X = compute();',
    'const A = B; const B = 1;', // B in its TDZ: a ReferenceError when loaded
    'export var E; (function (E) { other[0] = 1; })(E || (E = {}));',
    'var E; (function (E) { E["A"] = f(); })(E || (E = {}));',
    'class A { static s = f(); }',
    'class A { static { f(); } }',
    'class A extends mixin(B) {}',
    'class A { [key()]() {} }',
    'const O = { [k()]: 1 };',
    'const S = [...items];',
    'if (x) y();',
    'export default f();',
    'const N = -x;',
  ];
  for (const code of impure) t.is(impureStatements(code).length, 1, code);
});

test('the factory bundle leaves out near-sdk-js\'s unused enums, nothing else it uses', async (t) => {
  const { code } = await bundleContract(path.resolve('src', 'factory', 'index.ts'));
  t.false(code.includes('CurveType'), 'public_key.js: nothing of it is used');
  t.false(code.includes('DataLength'));
  t.true(code.includes('var PromiseResult;'), 'vm_types.js stays: PromiseResult is used');
  t.true(code.includes('function decodeObj2class('));
});
