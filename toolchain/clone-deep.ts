// What a contract bundle gets for near-sdk-js's `import { cloneDeep } from "lodash-es"`
// (bundle.ts resolves that one import here; a contract's own lodash imports are untouched).
// near-sdk-js 2.0.0 calls it once, in `decodeObj2class` on every state read of a class
// with a `static schema`, on the contract instance, and keeps the copies of the fields it
// read. lodash-es 4.17/4.18 `cloneDeep` is 108 modules and 37 KB of wasm; this is the same
// algorithm (`baseClone` with CLONE_DEEP | CLONE_SYMBOLS) in one module, as it behaves
// where there is no Node `Buffer` (QuickJS, and lodash-es loaded as an ES module):
// - primitives (BigInt and symbols too) as they are; cycles and shared objects copied once;
// - arrays: `new constructor(length)` (holes become undefined), indices only, plus
//   `index`/`input` of a RegExp match; plain objects, arguments and class instances:
//   an object on the same prototype (none: a plain `{}`), own enumerable string keys then
//   own enumerable symbols, assigned (`__proto__` defined), skipping equal own values;
// - Map, Set (entries deep, Map keys as they are), Date, RegExp (`lastIndex` kept), boxed
//   primitives, ArrayBuffer, DataView and the nine typed arrays of lodash's list: rebuilt
//   with their own constructor, then their own enumerable properties copied;
// - anything else (functions, errors, WeakMap, Promise, BigInt64Array, ...): kept as is
//   inside an object, `{}` when it is the value cloned (a top-level function: `{}` with
//   its own enumerable properties).
// The type of a value is lodash's: Object.prototype.toString, with a writable
// Symbol.toStringTag masked for the call. test/clone-deep.test.ts compares it with
// lodash-es's cloneDeep on generated values.

type Indexable = Record<PropertyKey, unknown>;
type Constructor = new (...args: unknown[]) => Indexable;

const hasOwn = Object.prototype.hasOwnProperty;
// lodash's cloneable types; the first nine (`at < 9` below) are its typed arrays.
const CLONEABLE = ['Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array', 'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array',
  'Arguments', 'Array', 'ArrayBuffer', 'DataView', 'Boolean', 'Date', 'Map', 'Number', 'Object', 'RegExp', 'Set', 'String', 'Symbol'];

// One function, its helpers inlined: in a contract each function costs about 200
// bytes of wasm before its code. `nested` and `copies` are lodash's `object` and `stack`.
export function cloneDeep<T>(input: T, nested = false, copies = new Map<object, unknown>()): T {
  const value: unknown = input;
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return input;
  const source = value as Indexable;
  let result: Indexable | undefined;
  let type = 'Array';
  if (Array.isArray(value)) {
    result = new (value.constructor as Constructor)(value.length);
    if (value.length && typeof value[0] === 'string' && hasOwn.call(value, 'index')) {
      result.index = source.index;
      result.input = source.input;
    }
  } else {
    // lodash's getTag: Object.prototype.toString, a writable Symbol.toStringTag masked meanwhile.
    const tagKey = Symbol.toStringTag;
    if (tagKey in value) {
      const isOwn = hasOwn.call(value, tagKey);
      const tag = source[tagKey];
      let unmasked = false;
      try {
        source[tagKey] = undefined;
        unmasked = true;
      } catch {
        // A read-only tag (Map, typed arrays, ...) is the real one.
      }
      type = Object.prototype.toString.call(value).slice(8, -1);
      if (unmasked) {
        if (isOwn) source[tagKey] = tag;
        else delete source[tagKey];
      }
    } else {
      type = Object.prototype.toString.call(value).slice(8, -1);
    }
    const isFunction = type === 'Function' || type === 'GeneratorFunction';
    const Ctor = source.constructor as Constructor;
    const at = CLONEABLE.indexOf(type);
    if (type === 'Object' || type === 'Arguments' || (isFunction && !nested)) {
      const isPrototype = value === ((typeof Ctor === 'function' && Ctor.prototype) || Object.prototype);
      const prototype: unknown = isFunction || typeof Ctor !== 'function' || isPrototype ? null : Object.getPrototypeOf(value);
      result = (typeof prototype === 'object' || typeof prototype === 'function') && prototype !== null ? Object.create(prototype) as Indexable : {};
    } else if (at < 0) {
      return (nested ? value : {}) as T;
    } else if (type === 'ArrayBuffer' || type === 'DataView' || at < 9) {
      // lodash's cloneArrayBuffer: a new buffer for each, even where views share one.
      const view = value as DataView & { length?: number };
      const buffer = (type === 'ArrayBuffer' ? value : view.buffer) as ArrayBuffer;
      const copy = new (buffer.constructor as ArrayBufferConstructor)(buffer.byteLength);
      new Uint8Array(copy).set(new Uint8Array(buffer));
      result = type === 'ArrayBuffer' ? copy as unknown as Indexable : new Ctor(copy, view.byteOffset, type === 'DataView' ? view.byteLength : view.length);
    } else if (type === 'Boolean' || type === 'Date') {
      result = new Ctor(+(value as unknown as number));
    } else if (type === 'Map' || type === 'Set') {
      result = new Ctor();
    } else if (type === 'Number' || type === 'String') {
      result = new Ctor(value);
    } else if (type === 'RegExp') {
      result = new Ctor((value as RegExp).source, /\w*$/.exec(value as unknown as string));
      result.lastIndex = (value as RegExp).lastIndex;
    } else if (type === 'Symbol') {
      result = Object(Symbol.prototype.valueOf.call(value)) as Indexable;
    }
    // lodash leaves 'Array' (a non-array claiming it with a tag getter) undefined here, too.
  }
  const copy = copies.get(value);
  if (copy) return copy as T;
  copies.set(value, result);
  const target = result as Indexable;
  if (type === 'Set' || type === 'Map') {
    // Set's forEach passes each item as its own key.
    (value as Map<unknown, unknown>).forEach((item, key) => type === 'Set'
      ? (target as unknown as Set<unknown>).add(cloneDeep(item, true, copies))
      : (target as unknown as Map<unknown, unknown>).set(key, cloneDeep(item, true, copies)));
  }
  // lodash's getAllKeys (`keys`, then enumerable own symbols); an array's indices instead.
  const keys: PropertyKey[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) keys.push(i);
  } else {
    const length = source.length;
    if (typeof length === 'number' && length > -1 && length % 1 === 0 && length <= Number.MAX_SAFE_INTEGER && type !== 'Function' && type !== 'GeneratorFunction') {
      // arrayLikeKeys: arguments and typed arrays list their indices first.
      const at = CLONEABLE.indexOf(type);
      const typed = at >= 0 && at < 9;
      const skipIndexes = typed || type === 'Arguments';
      if (skipIndexes) for (let i = 0; i < length; i++) keys.push(String(i));
      for (const key in source) {
        if (hasOwn.call(source, key) && !(skipIndexes && (key === 'length' || (typed && (key === 'buffer' || key === 'byteLength' || key === 'byteOffset')) ||
          (length > 0 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < length)))) keys.push(key);
      }
    } else if (value === ((typeof source.constructor === 'function' && (source.constructor as Constructor).prototype) || Object.prototype)) {
      // A prototype object: without its `constructor`.
      for (const key in source) if (hasOwn.call(source, key) && key !== 'constructor') keys.push(key);
    } else {
      keys.push(...Object.keys(source));
    }
    for (const symbol of Object.getOwnPropertySymbols(source)) if (Object.prototype.propertyIsEnumerable.call(source, symbol)) keys.push(symbol);
  }
  for (const key of keys) {
    const item = cloneDeep(source[key], true, copies);
    const current = target[key];
    // lodash's assignValue: equal own values (SameValueZero) are left alone (its
    // `undefined` clause adds nothing: an own key is `in`). NaN too: QuickJS
    // canonicalises a NaN it writes, so a Float64Array's NaN payload would change.
    if (!(hasOwn.call(target, key) && (current === item || (current !== current && item !== item)))) {
      if (key === '__proto__') Object.defineProperty(target, key, { configurable: true, enumerable: true, value: item, writable: true });
      else target[key] = item;
    }
  }
  return result as T;
}
