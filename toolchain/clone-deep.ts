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

const hasOwn = Object.prototype.hasOwnProperty;
const isEnumerable = Object.prototype.propertyIsEnumerable;
const objectTag = Object.prototype.toString;
const TYPED_ARRAYS = ['Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array', 'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array'];
const CLONEABLE = TYPED_ARRAYS.concat(['Arguments', 'Array', 'ArrayBuffer', 'DataView', 'Boolean', 'Date', 'Map', 'Number', 'Object', 'RegExp', 'Set', 'String', 'Symbol']);

/** lodash's getTag, without the `[object ` and `]`. */
function typeName(value: object): string {
  const target = value as Indexable;
  const tagKey = Symbol.toStringTag;
  if (!(tagKey in value)) return objectTag.call(value).slice(8, -1);
  const isOwn = hasOwn.call(value, tagKey);
  const tag = target[tagKey];
  let unmasked = false;
  try {
    target[tagKey] = undefined;
    unmasked = true;
  } catch {
    // A read-only tag (Map, typed arrays, ...) is the real one.
  }
  const result = objectTag.call(value).slice(8, -1);
  if (unmasked) {
    if (isOwn) target[tagKey] = tag;
    else delete target[tagKey];
  }
  return result;
}

/** lodash's getAllKeys (`keys` then enumerable own symbols) for a value that is not an array. */
function ownKeys(value: Indexable, type: string): PropertyKey[] {
  const keys: PropertyKey[] = [];
  const length = value.length;
  const constructor = value.constructor;
  // lodash's isFunction goes by the type; of its four, only these two are ever cloned.
  if (typeof length === 'number' && length > -1 && length % 1 === 0 && length <= Number.MAX_SAFE_INTEGER && type !== 'Function' && type !== 'GeneratorFunction') {
    // arrayLikeKeys: arguments and typed arrays list their indices first.
    const typed = TYPED_ARRAYS.includes(type);
    const skipIndexes = typed || type === 'Arguments';
    if (skipIndexes) for (let i = 0; i < length; i++) keys.push(String(i));
    for (const key in value) {
      if (hasOwn.call(value, key) && !(skipIndexes && (key === 'length' || (typed && (key === 'buffer' || key === 'byteLength' || key === 'byteOffset')) ||
        (length > 0 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < length)))) keys.push(key);
    }
  } else if (value === ((typeof constructor === 'function' && constructor.prototype) || Object.prototype)) {
    // A prototype object: without its `constructor`.
    for (const key in value) if (hasOwn.call(value, key) && key !== 'constructor') keys.push(key);
  } else {
    keys.push(...Object.keys(value));
  }
  for (const symbol of Object.getOwnPropertySymbols(value)) if (isEnumerable.call(value, symbol)) keys.push(symbol);
  return keys;
}

function copyBuffer(buffer: ArrayBuffer): ArrayBuffer {
  const result = new (buffer.constructor as ArrayBufferConstructor)(buffer.byteLength);
  new Uint8Array(result).set(new Uint8Array(buffer));
  return result;
}

type Constructor = new (...args: unknown[]) => Indexable;

function clone(value: unknown, nested: boolean, copies: Map<object, unknown>): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
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
    type = typeName(value);
    const isFunction = type === 'Function' || type === 'GeneratorFunction';
    const Ctor = source.constructor as Constructor;
    if (type === 'Object' || type === 'Arguments' || (isFunction && !nested)) {
      const isPrototype = value === ((typeof Ctor === 'function' && Ctor.prototype) || Object.prototype);
      const prototype: unknown = isFunction || typeof Ctor !== 'function' || isPrototype ? null : Object.getPrototypeOf(value);
      result = (typeof prototype === 'object' || typeof prototype === 'function') && prototype !== null ? Object.create(prototype) as Indexable : {};
    } else if (!CLONEABLE.includes(type)) {
      return nested ? value : {};
    } else if (type === 'ArrayBuffer') {
      result = copyBuffer(value as ArrayBuffer) as unknown as Indexable;
    } else if (type === 'Boolean' || type === 'Date') {
      result = new Ctor(+(value as unknown as number));
    } else if (type === 'DataView' || TYPED_ARRAYS.includes(type)) {
      const view = value as DataView & { length?: number };
      result = new Ctor(copyBuffer(view.buffer as ArrayBuffer), view.byteOffset, type === 'DataView' ? view.byteLength : view.length);
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
  if (copy) return copy;
  copies.set(value, result);
  const target = result as Indexable;
  if (type === 'Set') (value as Set<unknown>).forEach((item) => (target as unknown as Set<unknown>).add(clone(item, true, copies)));
  else if (type === 'Map') (value as Map<unknown, unknown>).forEach((item, key) => (target as unknown as Map<unknown, unknown>).set(key, clone(item, true, copies)));
  const keys: PropertyKey[] = Array.isArray(value) ? [] : ownKeys(source, type);
  const count = Array.isArray(value) ? value.length : keys.length;
  for (let i = 0; i < count; i++) {
    const key = Array.isArray(value) ? i : keys[i];
    const item = clone(source[key], true, copies);
    const current = target[key];
    // lodash's assignValue: equal own values (SameValueZero) are left alone (its
    // `undefined` clause adds nothing: an own key is `in`). NaN too: QuickJS
    // canonicalises a NaN it writes, so a Float64Array's NaN payload would change.
    if (!(hasOwn.call(target, key) && (current === item || (current !== current && item !== item)))) {
      if (key === '__proto__') Object.defineProperty(target, key, { configurable: true, enumerable: true, value: item, writable: true });
      else target[key] = item;
    }
  }
  return result;
}

export function cloneDeep<T>(value: T): T {
  return clone(value, false, new Map()) as T;
}
