// TypeScript contract -> one ES module, as near-sdk-js's own CLI bundles it:
// rollup + babel with near-sdk-js's babel plugins (method exporter, includeBytes)
// and legacy decorators.
import fs from 'node:fs';
import { rollup, type RollupCache, type RollupError } from 'rollup';
import { CACHE_DIR } from './cache.ts';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { babel } from '@rollup/plugin-babel';
import path from 'node:path';
import { BuildError } from './errors.ts';
import { fileURLToPath } from 'node:url';
import { impureStatements } from './pure-modules.ts';

/** Where near-sdk-js's `cloneDeep` comes from: our module (clone-deep.ts), or lodash-es as near-sdk-js declares. */
export type CloneDeepSource = 'ours' | 'lodash';

const CLONE_DEEP_MODULE = fileURLToPath(new URL('./clone-deep.ts', import.meta.url));
const NEAR_SDK_JS_DIR = `${path.sep}node_modules${path.sep}near-sdk-js${path.sep}`;

const NEAR_SDK_JS_LIB = `${NEAR_SDK_JS_DIR}lib${path.sep}`;
const pureModules = new Map<string, boolean>();

/**
 * A near-sdk-js library module whose top level only declares (pure-modules.ts:
 * near-sdk-js 2.0.0's all but lib/version.js) has no side effects, so rollup leaves
 * it out when a contract uses none of its exports; by default rollup kept such
 * modules for their TypeScript enums (`CurveType`, `DataLength`, ...).
 */
function isPureNearSdkModule(id: string): boolean {
  if (!id.includes(NEAR_SDK_JS_LIB)) return false;
  let pure = pureModules.get(id);
  if (pure === undefined) {
    pure = impureStatements(fs.readFileSync(id, 'utf8')).length === 0;
    pureModules.set(id, pure);
  }
  return pure;
}

/** near-sdk-js's one lodash import (`cloneDeep`, in lib/utils.js) resolved to clone-deep.ts; nobody else's. */
const nearSdkCloneDeep = {
  name: 'near-sdk-js-clone-deep',
  resolveId(source: string, importer: string | undefined): string | null {
    return source === 'lodash-es' && importer !== undefined && importer.includes(NEAR_SDK_JS_DIR) ? CLONE_DEEP_MODULE : null;
  },
};

export interface Bundle {
  code: string;
  /** Files whose code the bundle includes (rollup module ids), for checking what a contract pulls in. */
  modules: string[];
}

function describe(error: RollupError): string {
  const loc = error.loc ? `${path.relative(process.cwd(), error.loc.file ?? error.id ?? '')}:${error.loc.line}:${error.loc.column + 1}: ` : '';
  return `${loc}${error.message}${error.frame ? `\n${error.frame}` : ''}`;
}

/** Rollup's module cache, kept on disk: babel on near-sdk-js is most of a bundle's time. */
// Rollup keeps each cached module's resolved imports (with their side effects), so
// the cache is per cloneDeep source, and `rollup-3`: the older caches resolve
// near-sdk-js's lodash import to lodash, and take its modules to have side effects.
function cacheFile(entry: string, cloneDeep: CloneDeepSource): string {
  return path.join(CACHE_DIR, 'rollup-3', `${path.relative(process.cwd(), entry).replace(/[^a-zA-Z0-9]+/g, '_')}${cloneDeep === 'lodash' ? '.lodash' : ''}.json`);
}

const BIGINT_TAG = '$bigint';

function loadCache(file: string): RollupCache | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'), (_key, value: unknown) =>
      typeof value === 'object' && value !== null && BIGINT_TAG in value ? BigInt((value as Record<string, string>)[BIGINT_TAG]) : value,
    ) as RollupCache;
  } catch {
    return undefined;
  }
}

function saveCache(file: string, cache: RollupCache | undefined): void {
  if (!cache) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // The cached ASTs hold BigInt literals (`10n`), which JSON cannot carry as is.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(cache, (_key, value: unknown) => (typeof value === 'bigint' ? { [BIGINT_TAG]: value.toString() } : value)));
  fs.renameSync(`${file}.tmp`, file);
}

export async function bundleContract(entry: string, cloneDeep: CloneDeepSource = 'ours'): Promise<Bundle> {
  const cache = cacheFile(entry, cloneDeep);
  try {
    const bundle = await rollup({
      input: entry,
      cache: loadCache(cache),
      treeshake: { moduleSideEffects: (id) => !isPureNearSdkModule(id) },
      onwarn: (warning, warn) => {
        if (warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
      },
      plugins: [
        ...(cloneDeep === 'ours' ? [nearSdkCloneDeep] : []),
        nodeResolve({ extensions: ['.js', '.ts'] }),
        babel({
          babelHelpers: 'bundled',
          babelrc: false,
          configFile: false,
          extensions: ['.ts', '.js', '.mjs'],
          presets: ['@babel/preset-typescript'],
          plugins: [
            'near-sdk-js/lib/cli/build-tools/include-bytes.js',
            'near-sdk-js/lib/cli/build-tools/near-bindgen-exporter.js',
            ['@babel/plugin-proposal-decorators', { version: 'legacy' }],
          ],
        }),
      ],
    });
    const { output } = await bundle.generate({ format: 'es' });
    saveCache(cache, bundle.cache);
    await bundle.close();
    const chunk = output[0];
    return { code: chunk.code, modules: Object.keys(chunk.modules).filter((id) => chunk.modules[id].renderedLength > 0) };
  } catch (error) {
    throw new BuildError(`bundling ${path.relative(process.cwd(), entry)} failed:\n${describe(error as RollupError)}`);
  }
}
