// `npm run build [-- name...]`: every declared contract (or the named ones) to build/<name>.wasm.
import fs from 'node:fs';
import path from 'node:path';
import { buildContract } from './build-contract.ts';
import { assertSourcesExist, readContractSpecs } from './config.ts';
import { typecheck } from './contract-source.ts';
import { closeClang } from './clang.ts';
import { BuildError } from './errors.ts';

async function main(): Promise<number> {
  const projectDir = process.cwd();
  const only = process.argv.slice(2);
  const started = Date.now();
  try {
    const specs = readContractSpecs(projectDir).filter((s) => only.length === 0 || only.includes(s.name));
    if (only.length > 0 && specs.length !== only.length) throw new BuildError(`unknown contract in: ${only.join(', ')}`);
    // A failed build must not leave a wasm that no longer matches its source.
    for (const spec of specs) fs.rmSync(path.join(projectDir, 'build', `${spec.name}.wasm`), { force: true });
    assertSourcesExist(projectDir, specs);
    console.log(`Type-checking ${specs.map((s) => path.relative(projectDir, s.entry)).join(', ')}`);
    const program = typecheck(specs.map((s) => s.entry), path.join(projectDir, 'src', 'tsconfig.json'));
    for (const spec of specs) {
      const built = await buildContract(spec, program, path.join(projectDir, 'build'), (line) => console.log(line));
      const image = built.preinit ? `pre-initialised (${(built.preinit.imageBytes / 1024).toFixed(1)} KB heap image in ${built.preinit.segments} segments)` : 'plain';
      console.log(`  ${path.relative(projectDir, built.file)}: ${(built.size / 1024).toFixed(1)} KB, ${image}, exports ${built.methods.join(', ')}`);
    }
    console.log(`Built ${specs.length} contract(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } catch (error) {
    if (error instanceof BuildError) {
      console.error(`Build failed: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await closeClang();
  }
}

process.exitCode = await main();
