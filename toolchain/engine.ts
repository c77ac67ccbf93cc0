// The QuickJS engine compiled to wasm32 object files, once per change of the
// sources, flags or clang: a contract rebuild only compiles near-sdk-js's
// builder.c with the contract's bytecode and links.
import * as yowaspClang from '@yowasp/clang';
import { runClang, type FileTree } from './clang.ts';
import { cached, hashOf } from './cache.ts';
import { engineSources, type EngineFeatures } from './quickjs-sources.ts';

/** Flags shared by every C file; MVP wasm because NEAR rejects most post-MVP features. */
export const CFLAGS: readonly string[] = [
  '--target=wasm32-wasip1', '-mcpu=mvp', '-Oz', '-w',
  '-D_GNU_SOURCE', '-DCONFIG_VERSION="2021-03-27"', '-DCONFIG_BIGNUM',
  '-include', 'wasi-compat.h',
];

/** quickjs-api-ext.c compiles quickjs.c itself plus the helpers builder.c needs. */
const ENGINE_UNITS = ['quickjs-api-ext.c', 'libregexp.c', 'libunicode.c', 'cutils.c', 'libbf.c'];

function sourcesKey(tree: FileTree): string {
  const names = Object.keys(tree).sort();
  return hashOf(String((yowaspClang as { version?: string }).version), CFLAGS.join(' '), ...names.flatMap((n) => [n, tree[n]]));
}

export async function compileUnit(file: string, tree: FileTree, extraFlags: string[] = []): Promise<Uint8Array> {
  const object = file.replace(/\.c$/, '.o');
  const key = hashOf(sourcesKey(tree), extraFlags.join(' '));
  return cached(key, object, async () => {
    const out = await runClang({ tool: 'clang', args: [...CFLAGS, ...extraFlags, '-c', file, '-o', object], files: tree, outputs: [object] }, `clang ${file}`);
    return out[object];
  });
}

/** Engine object files by name, compiled in parallel on a cache miss. */
export async function engineObjects(features: EngineFeatures = 'full'): Promise<Record<string, Uint8Array>> {
  const tree = engineSources(features);
  const objects = await Promise.all(ENGINE_UNITS.map((unit) => compileUnit(unit, tree)));
  return Object.fromEntries(ENGINE_UNITS.map((unit, i) => [unit.replace(/\.c$/, '.o'), objects[i]]));
}

export function engineKey(features: EngineFeatures = 'full'): string {
  return sourcesKey(engineSources(features));
}
