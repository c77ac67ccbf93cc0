// QuickJS 2021-03-27 as shipped in the npm package `qjsc`, with the changes a
// NEAR contract runtime needs applied at build time (nothing is copied into
// this repo): no Atomics (no threads on NEAR), no full Unicode tables, switch
// dispatch, a libbf fix for 32-bit limbs, and no FFT multiplication in libbf;
// and for the lean engine (the default) no Math transcendentals, Reflect or Proxy.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { BuildError } from './errors.ts';
import type { FileTree } from './clang.ts';

const require = createRequire(import.meta.url);
export const QUICKJS_DIR = path.join(path.dirname(require.resolve('qjsc/package.json')), 'deps', 'quickjs_2021_03_27');
export const OUR_C_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'c');

const QUICKJS_FILES = [
  'quickjs.c', 'quickjs.h', 'quickjs-atom.h', 'quickjs-opcode.h', 'cutils.c', 'cutils.h', 'list.h',
  'libregexp.c', 'libregexp.h', 'libregexp-opcode.h', 'libunicode.c', 'libunicode.h', 'libunicode-table.h',
  'libbf.c', 'libbf.h', 'VERSION',
];

interface Patch {
  file: string;
  why: string;
  from: string;
  to: string;
}

const PATCHES: Patch[] = [
  {
    file: 'quickjs.c',
    why: 'Atomics need OS threads; NEAR contracts have none',
    from: '#if !defined(EMSCRIPTEN)\n#define CONFIG_ATOMICS\n#endif',
    to: '/* CONFIG_ATOMICS off for NEAR */',
  },
  {
    // The full Unicode tables (normalization, \p{...} property escapes) are
    // ~40 KB of every contract; near-sdk-js contracts need neither. Without
    // them String.prototype.normalize is absent and a regexp using \p{...}
    // fails to compile, at build time for literals.
    file: 'libunicode.h',
    why: 'no full Unicode tables',
    from: '#define CONFIG_ALL_UNICODE\n',
    to: '/* CONFIG_ALL_UNICODE off for NEAR: see toolchain/quickjs-sources.ts */\n',
  },
  {
    // wasm has no computed goto: clang turns each `goto *dispatch_table[op]` into
    // its own 256-way br_table, which makes the interpreter loop several times
    // larger. A plain switch is one table.
    file: 'quickjs.c',
    why: 'switch dispatch on wasm',
    from: '#if defined(EMSCRIPTEN) || defined(_MSC_VER)\n#define DIRECT_DISPATCH  0',
    to: '#if defined(EMSCRIPTEN) || defined(_MSC_VER) || defined(__wasm__)\n#define DIRECT_DISPATCH  0',
  },
  {
    // With 32-bit limbs (wasm32), a u64 whose high word has its top bit set gives
    // shift == 0, and `a0 >> (LIMB_BITS - 0)` is a shift by 32: undefined in C,
    // and on wasm it leaves a0 unshifted, corrupting the high limb. Every
    // yoctoNEAR amount above 2^63 goes through here.
    file: 'libbf.c',
    why: 'bf_set_ui: shift by 32 on 32-bit limbs',
    from: '        r->tab[1] = (a1 << shift) | (a0 >> (LIMB_BITS - shift));',
    to: '        r->tab[1] = shift == 0 ? a1 : (a1 << shift) | (a0 >> (LIMB_BITS - shift));',
  },
  {
    // FFT/NTT multiplication only pays off for BigInts above 100 limbs (3,200
    // bits); NEAR amounts are 128 bits. Without it libbf multiplies and divides
    // with its base-case code for every size: the same results, about 7 KB
    // less code (larger products are slower, which no contract needs).
    file: 'libbf.c',
    why: 'no FFT multiplication',
    from: '#define USE_FFT_MUL\n',
    to: '/* USE_FFT_MUL off for NEAR: see toolchain/quickjs-sources.ts */\n',
  },
];

/** Which engine a contract runs on: `lean` (the default) leaves out what near-sdk-js
 *  never uses and costs 30 KB of every wasm; `full` keeps it (engine-features.ts
 *  refuses a lean build of a contract that names it). */
export type EngineFeatures = 'lean' | 'full';

const LEAN_MATH = ['acos', 'asin', 'atan', 'cos', 'exp', 'log', 'sin', 'tan', 'cosh', 'sinh', 'tanh', 'acosh', 'asinh', 'atanh', 'expm1', 'log1p', 'log2', 'log10', 'cbrt'];
/** Every Math function the lean engine leaves out (engine-features.ts checks for them). */
export const LEAN_MISSING_MATH: readonly string[] = [...LEAN_MATH, 'atan2', 'hypot'];

/** Only in the lean engine: Math's trigonometric, hyperbolic, exponential and
 *  logarithmic functions (musl's implementations go with them), Reflect and Proxy.
 *  Math keeps min/max/abs/floor/ceil/round/sqrt/pow/trunc/sign/random/fround/imul/clz32
 *  and its constants. Atoms and the bytecode format are untouched. */
export const LEAN_PATCHES: Patch[] = [
  ...LEAN_MATH.map((fn) => ({ file: 'quickjs.c', why: `lean: no Math.${fn}`, from: `    JS_CFUNC_SPECIAL_DEF("${fn}", 1, f_f, ${fn} ),\n`, to: '' })),
  { file: 'quickjs.c', why: 'lean: no Math.atan2', from: '    JS_CFUNC_SPECIAL_DEF("atan2", 2, f_f_f, atan2 ),\n', to: '' },
  { file: 'quickjs.c', why: 'lean: no Math.hypot', from: '    JS_CFUNC_DEF("hypot", 2, js_math_hypot ),\n', to: '' },
  {
    file: 'quickjs.c',
    why: 'lean: no Reflect',
    from: '    JS_OBJECT_DEF("Reflect", js_reflect_funcs, countof(js_reflect_funcs), JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE ),\n',
    to: '',
  },
  {
    // The global stays undefined; the unused original is dropped by the compiler.
    file: 'quickjs.c',
    why: 'lean: no Proxy',
    from: 'void JS_AddIntrinsicProxy(JSContext *ctx)\n{\n',
    to: 'void JS_AddIntrinsicProxy(JSContext *ctx)\n{\n}\n\nstatic __attribute__((unused)) void js_add_intrinsic_proxy_full(JSContext *ctx)\n{\n',
  },
];

function applyPatch(source: string, patch: Patch): string {
  const at = source.indexOf(patch.from);
  if (at < 0 || source.indexOf(patch.from, at + 1) >= 0) {
    throw new BuildError(`QuickJS patch "${patch.why}" does not apply to ${patch.file}: the qjsc package changed`);
  }
  return source.replace(patch.from, patch.to);
}

/** Our C files that the engine objects and the js-compiler are built from; the
 *  rest of c/ (contract entry points, global-contract bindings) only goes into
 *  the per-contract link, so editing it does not rebuild the engine. */
const ENGINE_GLUE = ['wasi-compat.h', 'quickjs-libc-min.h', 'quickjs-api-ext.c', 'js-compiler.c'];

const engineTrees = new Map<EngineFeatures, FileTree>();

/** QuickJS sources (patched) and the engine's C glue, flat, as clang's virtual file tree. */
export function engineSources(features: EngineFeatures = 'full'): FileTree {
  const known = engineTrees.get(features);
  if (known) return known;
  const patches = features === 'lean' ? [...PATCHES, ...LEAN_PATCHES] : PATCHES;
  const tree: FileTree = {};
  for (const file of QUICKJS_FILES) {
    let text = fs.readFileSync(path.join(QUICKJS_DIR, file), 'utf8');
    for (const patch of patches.filter((p) => p.file === file)) text = applyPatch(text, patch);
    tree[file] = text;
  }
  for (const file of ENGINE_GLUE) tree[file] = fs.readFileSync(path.join(OUR_C_DIR, file), 'utf8');
  engineTrees.set(features, tree);
  return tree;
}

/** Everything in c/, for the contract link step. */
export function contractGlueSources(): FileTree {
  return Object.fromEntries(fs.readdirSync(OUR_C_DIR).map((file) => [file, fs.readFileSync(path.join(OUR_C_DIR, file), 'utf8')]));
}
