// Our cloneDeep (clone-deep.ts) against lodash-es's, on generated values of the shapes
// near-sdk-js's decodeObj2class hands it (a contract instance: class instances, plain
// objects, arrays, strings, numbers, BigInt, Date, null, near-sdk-js collections with
// their `subtype` functions, nested classes) and of every other kind a contract's
// constructor may put in a field (Map, Set, typed arrays, buffers, RegExp, boxed
// primitives, symbols, functions, errors, prototypes, cycles, shared objects, ...).
// Both must return the same structure: same prototypes, own keys in the same order with
// the same descriptors, same entries, same bytes, same sharing, and the same objects
// kept by reference; or both throw an error of the same class.
import test from 'ava';
import fc from 'fast-check';
import { cloneDeep as lodashCloneDeep } from 'lodash-es';
import { cloneDeep } from '../clone-deep.ts';
import { bundleContract } from '../bundle.ts';
import path from 'node:path';

// Look-alikes of near-sdk-js 2.0.0's collections (its lib/ does not load in Node: extensionless imports).
class LookupMap { keyPrefix: string; constructor(prefix: string) { this.keyPrefix = prefix; } get(key: string): string { return this.keyPrefix + key; } }
class Vector { prefix: string; length = 0; constructor(prefix: string) { this.prefix = prefix; } isEmpty(): boolean { return this.length === 0; } }
class UnorderedMap { prefix: string; _keys: Vector; values: LookupMap; constructor(prefix: string) { this.prefix = prefix; this._keys = new Vector(`${prefix}u`); this.values = new LookupMap(`${prefix}m`); } }
class Point { x = 1; y = 2; get norm(): number { return this.x + this.y; } }
class WithSetter { set a(value: unknown) { Object.defineProperty(this, 'seen', { value, enumerable: true, configurable: true }); } }
class Tagged { get [Symbol.toStringTag](): string { return 'Map'; } }
class MyMap extends Map<unknown, unknown> {}
class MySet extends Set<unknown> {}
class MyArray extends Array<unknown> {}
class MyDate extends Date {}
function shared(this: unknown): void {}
shared.extra = 'own';
const TYPED = [Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, Uint8Array, Uint8ClampedArray, Uint16Array, Uint32Array];
const SYMBOLS = [Symbol('s1'), Symbol('s2'), Symbol.iterator];
const PROTOTYPES: Record<string, () => object> = {
  plain: () => ({}),
  none: () => Object.create(null) as object,
  point: () => new Point(),
  setter: () => new WithSetter(),
  lookupMap: () => new LookupMap('m'),
  vector: () => new Vector('v'),
  unorderedMap: () => new UnorderedMap('u'),
  onFunction: () => Object.create(shared) as object,
};

/** Values that are not containers of generated children. */
const LEAVES: Record<string, (n: number) => unknown> = {
  date: (n) => new Date(n * 86_400_000),
  invalidDate: () => new Date(Number.NaN),
  myDate: (n) => new MyDate(n),
  regexp: (n) => Object.assign(/a+(b)?/gi, { lastIndex: n % 5 }),
  sticky: () => /x/y,
  match: () => /(a)(b)?/.exec('xab'),
  boxedBoolean: (n) => new Boolean(n % 2),
  boxedNumber: (n) => new Number(n),
  boxedString: (n) => new String(`s${n}`),
  boxedSymbol: () => Object(SYMBOLS[0]),
  arrayBuffer: (n) => new Uint8Array([n, 1, 2, 3]).buffer,
  dataView: (n) => new DataView(new Uint8Array([9, n, 8, 7, 6]).buffer, 1, 3),
  uint8: (n) => new Uint8Array([n, 255, 0]),
  uint8Offset: (n) => new Uint8Array(new Uint8Array([1, 2, 3, n, 5]).buffer, 1, 3),
  uint8Clamped: (n) => new Uint8ClampedArray([n, 300]),
  int8: (n) => new Int8Array([-n, 7]),
  int16: (n) => new Int16Array([n, -300]),
  int32: (n) => new Int32Array([n, -70_000]),
  uint16: (n) => new Uint16Array([n]),
  uint32: (n) => new Uint32Array([n, 4_000_000_000]),
  float32: (n) => new Float32Array([n / 3, Number.NaN]),
  float64: (n) => new Float64Array([n / 7, -0, Number.POSITIVE_INFINITY]),
  bigInt64: (n) => new BigInt64Array([BigInt(n)]),
  typedOwnLength: (n) => Object.defineProperty(new TYPED[n % TYPED.length](2), 'length', { value: 1, enumerable: true }),
  typedOwnByteLength: (n) => Object.defineProperty(new Int16Array([n]), 'byteLength', { value: 2, enumerable: true }),
  typedWithProp: (n) => Object.assign(new Uint8Array([n]), { label: 'x' }),
  function: () => shared,
  arrow: () => (x: number) => x,
  classConstructor: () => Point,
  generator: () => function* gen() { yield 1; },
  asyncFunction: () => async () => 1,
  error: (n) => Object.assign(new Error(`e${n}`), { stack: `Error: e${n}` }), // the same stack wherever it is built
  weakMap: () => new WeakMap(),
  weakSet: () => new WeakSet(),
  promise: () => Promise.resolve(1),
  arguments: (n) => (function (..._args: unknown[]) { return arguments; })(n, 'a'), // eslint-disable-line prefer-rest-params
  prototypeObject: () => Point.prototype,
  literalPrototype: () => { function Old(): void {} Old.prototype = { constructor: Old, a: 1 }; return Old.prototype; },
  sparseArguments: (n) => { const args = (function (..._args: unknown[]) { return arguments; })(n, 'a', 'b'); delete args[1]; return args; }, // eslint-disable-line prefer-rest-params
  nanPayload: () => new Float64Array(new Uint8Array([1, 0, 0, 0, 0, 0, 0xf8, 0x7f]).buffer),
  objectPrototype: () => Object.prototype,
  ownTag: () => ({ [Symbol.toStringTag]: 'Map', a: 1 }),
  frozenTag: () => Object.freeze({ [Symbol.toStringTag]: 'Set', a: 1 }),
  tagGetter: () => new Tagged(),
  arrayLike: (n) => ({ length: n % 3, 0: 'a', 1: 'b', other: true }),
  subtype: () => Object.assign(new LookupMap('p'), { subtype: () => 'string' }),
};

type Spec =
  | { kind: 'primitive'; value: unknown }
  | { kind: 'leaf'; name: string; n: number }
  | { kind: 'object'; prototype: string; props: [string, Spec][]; symbols: [number, Spec][]; hidden: Spec | null }
  | { kind: 'array'; sub: boolean; items: (Spec | null)[]; extra: Spec | null }
  | { kind: 'map'; sub: boolean; entries: [Spec, Spec][] }
  | { kind: 'set'; sub: boolean; items: Spec[] }
  | { kind: 'ref'; back: number };

const key = fc.oneof(fc.constantFrom('a', 'b', 'value', 'length', 'constructor', '__proto__', '0', '1', '10', 'index', 'input', 'prefix', 'x', 'norm', 'seen'), fc.string({ maxLength: 4 }));
const primitive = fc.oneof(
  fc.string({ maxLength: 6 }), fc.integer(), fc.double(), fc.constantFrom(-0, Number.NaN, true, false, null, undefined),
  fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }), fc.constantFrom(...SYMBOLS),
).map((value): Spec => ({ kind: 'primitive', value }));

const { spec } = fc.letrec<{ spec: Spec }>((tie) => ({
  spec: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    fc.record({ kind: fc.constant('leaf' as const), name: fc.constantFrom(...Object.keys(LEAVES)), n: fc.nat(300) }),
    fc.record({ kind: fc.constant('ref' as const), back: fc.nat(20) }),
    fc.record({
      kind: fc.constant('object' as const), prototype: fc.constantFrom(...Object.keys(PROTOTYPES)),
      props: fc.array(fc.tuple(key, tie('spec')), { maxLength: 4 }),
      symbols: fc.array(fc.tuple(fc.nat(SYMBOLS.length - 1), tie('spec')), { maxLength: 2 }),
      hidden: fc.option(tie('spec')),
    }),
    fc.record({ kind: fc.constant('array' as const), sub: fc.boolean(), items: fc.array(fc.option(tie('spec')), { maxLength: 4 }), extra: fc.option(tie('spec')) }),
    fc.record({ kind: fc.constant('map' as const), sub: fc.boolean(), entries: fc.array(fc.tuple(tie('spec'), tie('spec')), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('set' as const), sub: fc.boolean(), items: fc.array(tie('spec'), { maxLength: 3 }) }),
  ),
}));

/** Builds the value of a spec; every object it creates is in `made` (refs point back into it, so cycles occur). */
function build(s: Spec, made: object[]): unknown {
  const track = <T extends object>(value: T): T => { made.push(value); return value; };
  switch (s.kind) {
    case 'primitive': return s.value;
    case 'leaf': {
      const value = LEAVES[s.name](s.n);
      if ((typeof value === 'object' || typeof value === 'function') && value !== null) made.push(value);
      return value;
    }
    case 'ref': return made.length === 0 ? undefined : made[s.back % made.length];
    case 'object': {
      const object = track(PROTOTYPES[s.prototype]()) as Record<PropertyKey, unknown>;
      for (const [name, child] of s.props) Object.defineProperty(object, name, { value: build(child, made), enumerable: true, writable: true, configurable: true });
      for (const [index, child] of s.symbols) object[SYMBOLS[index]] = build(child, made);
      if (s.hidden) Object.defineProperty(object, 'hidden', { value: build(s.hidden, made), enumerable: false, writable: true, configurable: true });
      return object;
    }
    case 'array': {
      const array = track(s.sub ? new MyArray() : []) as unknown[] & { extra?: unknown };
      s.items.forEach((item, i) => { if (item) array[i] = build(item, made); });
      array.length = s.items.length; // a trailing hole stays a hole
      if (s.extra) array.extra = build(s.extra, made);
      return array;
    }
    case 'map': {
      const map = track(s.sub ? new MyMap() : new Map<unknown, unknown>());
      for (const [k, v] of s.entries) map.set(build(k, made), build(v, made));
      return map;
    }
    case 'set': {
      const set = track(s.sub ? new MySet() : new Set<unknown>());
      for (const item of s.items) set.add(build(item, made));
      return set;
    }
  }
}

type Outcome = { value: unknown } | { error: string };

function run(clone: (value: unknown) => unknown, value: unknown): Outcome {
  try {
    return { value: clone(value) };
  } catch (error) {
    // The class only: V8's messages quote the failing expression, whose variable names differ.
    return { error: (error as Error).constructor.name };
  }
}

const tagOf = (value: object): string => Object.prototype.toString.call(value);
const bytes = (value: ArrayBufferLike): number[] => [...new Uint8Array(value)];
const VALUE_OF: Record<string, (value: object) => unknown> = {
  '[object Boolean]': (v) => Boolean.prototype.valueOf.call(v),
  '[object Number]': (v) => Number.prototype.valueOf.call(v),
  '[object String]': (v) => String.prototype.valueOf.call(v),
  '[object Symbol]': (v) => Symbol.prototype.valueOf.call(v),
  '[object Date]': (v) => Date.prototype.getTime.call(v),
};

/** The first difference between our clone `a` and lodash's `b`, or undefined. */
function difference(a: unknown, b: unknown, where: string, originals: Set<unknown>, pairs: Map<unknown, unknown>, reverse: Map<unknown, unknown>): string | undefined {
  const isObject = (v: unknown): v is object => (typeof v === 'object' || typeof v === 'function') && v !== null;
  if (!isObject(a) || !isObject(b)) return Object.is(a, b) ? undefined : `${where}: ${String(a)} vs ${String(b)}`;
  if (originals.has(a) || originals.has(b)) return a === b ? undefined : `${where}: one kept the original, the other copied it`;
  if (pairs.has(a) || reverse.has(b)) return pairs.get(a) === b && reverse.get(b) === a ? undefined : `${where}: shared differently`;
  pairs.set(a, b);
  reverse.set(b, a);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${where}: prototypes differ`;
  if (tagOf(a) !== tagOf(b)) return `${where}: ${tagOf(a)} vs ${tagOf(b)}`;
  const valueOf = VALUE_OF[tagOf(a)];
  if (valueOf && !Object.is(valueOf(a), valueOf(b))) return `${where}: boxed values differ`;
  if (a instanceof RegExp && b instanceof RegExp && (a.source !== b.source || a.flags !== b.flags)) return `${where}: regexps differ`;
  if (a instanceof ArrayBuffer && b instanceof ArrayBuffer && bytes(a).join() !== bytes(b).join()) return `${where}: buffer bytes differ`;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    if (a.byteOffset !== b.byteOffset || a.byteLength !== b.byteLength) return `${where}: views differ`;
    const found = difference(a.buffer, b.buffer, `${where}.buffer`, originals, pairs, reverse);
    if (found) return found;
  }
  if (a instanceof Map && b instanceof Map) {
    const [ea, eb] = [[...a], [...b]];
    if (ea.length !== eb.length) return `${where}: map sizes differ`;
    for (let i = 0; i < ea.length; i++) {
      const found = difference(ea[i][0], eb[i][0], `${where}<key ${i}>`, originals, pairs, reverse) ?? difference(ea[i][1], eb[i][1], `${where}<value ${i}>`, originals, pairs, reverse);
      if (found) return found;
    }
  }
  if (a instanceof Set && b instanceof Set) {
    const [ea, eb] = [[...a], [...b]];
    if (ea.length !== eb.length) return `${where}: set sizes differ`;
    for (let i = 0; i < ea.length; i++) {
      const found = difference(ea[i], eb[i], `${where}<${i}>`, originals, pairs, reverse);
      if (found) return found;
    }
  }
  const [ka, kb] = [Reflect.ownKeys(a), Reflect.ownKeys(b)];
  if (ka.map(String).join('|') !== kb.map(String).join('|') || ka.some((k, i) => k !== kb[i])) return `${where}: keys ${ka.map(String)} vs ${kb.map(String)}`;
  for (const k of ka) {
    const [da, db] = [Object.getOwnPropertyDescriptor(a, k)!, Object.getOwnPropertyDescriptor(b, k)!];
    if (da.enumerable !== db.enumerable || da.writable !== db.writable || da.configurable !== db.configurable || da.get !== db.get || da.set !== db.set) return `${where}.${String(k)}: descriptors differ`;
    const found = difference(da.value, db.value, `${where}.${String(k)}`, originals, pairs, reverse);
    if (found) return found;
  }
  return undefined;
}

/** Every object of the input (own properties of any kind, entries, views' buffers): a clone holding one of them kept it as is. */
function reachable(value: unknown, found = new Set<unknown>()): Set<unknown> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || found.has(value)) return found;
  found.add(value);
  if (value instanceof Map) for (const [k, v] of value) { reachable(k, found); reachable(v, found); }
  if (value instanceof Set) for (const v of value) reachable(v, found);
  if (ArrayBuffer.isView(value)) reachable(value.buffer, found);
  for (const k of Reflect.ownKeys(value)) reachable(Object.getOwnPropertyDescriptor(value, k)!.value, found);
  return found;
}

function compare(value: unknown): string | undefined {
  const originals = reachable(value);
  const ours = run(cloneDeep, value);
  const theirs = run(lodashCloneDeep, value);
  if ('error' in ours || 'error' in theirs) return 'error' in ours && 'error' in theirs && ours.error === theirs.error ? undefined : `outcomes differ: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`;
  return difference(ours.value, theirs.value, '$', originals, new Map(), new Map());
}

test('our cloneDeep returns what lodash-es cloneDeep returns, on generated values', (t) => {
  fc.assert(fc.property(spec, (s) => {
    const made: object[] = [];
    const value = build(s, made);
    const found = compare(value);
    if (found) throw new Error(found);
    // Neither clone changed its input (lodash masks a writable Symbol.toStringTag, then restores it).
    const changed = difference(value, build(s, []), '$', new Set(), new Map(), new Map());
    if (changed) throw new Error(`the input changed: ${changed}`);
  }), { numRuns: 3000 });
  t.pass();
});

test('on contract instances as decodeObj2class passes them: a class with collections, nested classes and decoded state', (t) => {
  class Contract {
    static schema = { owner: 'string', registry: UnorderedMap, count: 'bigint' };
    owner = '';
    count = 0n;
    created = new Date(0);
    registry = new UnorderedMap('r');
    nested = new Point();
    list: unknown[] = [];
  }
  fc.assert(fc.property(fc.string(), fc.bigInt(), fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null))), fc.jsonValue(), (owner, count, list, json) => {
    const instance = new Contract();
    Object.assign(instance, { owner, count, list, json });
    (instance.registry as unknown as { subtype: () => string }).subtype = () => 'string';
    const found = compare(instance);
    if (found) throw new Error(found);
  }), { numRuns: 500 });
  t.pass();
});

test('cycles and shared objects are copied once, as lodash does', (t) => {
  const inner = { a: 1 };
  const outer: Record<string, unknown> = { inner, again: inner, list: [inner] };
  outer.self = outer;
  const copy = cloneDeep(outer) as typeof outer;
  t.not(copy, outer);
  t.is(copy.self, copy);
  t.is(copy.again, copy.inner);
  t.is((copy.list as unknown[])[0], copy.inner);
  t.is(compare(outer), undefined);
});

test('near-sdk-js bundles ours by default and lodash-es with "cloneDeep": "lodash"', async (t) => {
  const entry = path.resolve('src', 'factory', 'index.ts');
  const ours = await bundleContract(entry);
  t.true(ours.modules.some((id) => id.endsWith(path.join('toolchain', 'clone-deep.ts'))));
  t.false(ours.modules.some((id) => id.includes(`${path.sep}lodash-es${path.sep}`)));
  const lodash = await bundleContract(entry, 'lodash');
  t.false(lodash.modules.some((id) => id.endsWith(path.join('toolchain', 'clone-deep.ts'))));
  t.true(lodash.modules.some((id) => id.endsWith(path.join('lodash-es', 'cloneDeep.js'))));
});
