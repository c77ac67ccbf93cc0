// TypeScript contract -> one ES module, as near-sdk-js's own CLI bundles it:
// rollup + babel with near-sdk-js's babel plugins (method exporter, includeBytes)
// and legacy decorators.
import { rollup, type RollupError } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { babel } from '@rollup/plugin-babel';
import path from 'node:path';
import { BuildError } from './errors.ts';

export interface Bundle {
  code: string;
  exports: string[];
}

function describe(error: RollupError): string {
  const loc = error.loc ? `${path.relative(process.cwd(), error.loc.file ?? error.id ?? '')}:${error.loc.line}:${error.loc.column + 1}: ` : '';
  return `${loc}${error.message}${error.frame ? `\n${error.frame}` : ''}`;
}

export async function bundleContract(entry: string): Promise<Bundle> {
  try {
    const bundle = await rollup({
      input: entry,
      onwarn: (warning, warn) => {
        if (warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
      },
      plugins: [
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
    await bundle.close();
    const chunk = output[0];
    return { code: chunk.code, exports: chunk.exports };
  } catch (error) {
    throw new BuildError(`bundling ${path.relative(process.cwd(), entry)} failed:\n${describe(error as RollupError)}`);
  }
}
