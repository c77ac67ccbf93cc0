// `npm run build`: every contract declared in package.json to build/<name>.wasm;
// `npm run build -- <name>...`: only those; `npm run build -- <source> [target]`:
// any near-sdk-js contract (.ts or .js), as near-sdk-js's own `build [source]
// [target]`, to build/<source name>.wasm by default. `--no-preinit` builds
// without pre-initialisation, `--full-engine` on the full engine (quickjs-sources.ts).
import fs from 'node:fs';
import path from 'node:path';
import { buildContract, type ContractSpec } from './build-contract.ts';
import { assertSourcesExist, readContractSpecs } from './config.ts';
import { typecheck } from './contract-source.ts';
import { closeClang } from './clang.ts';
import { BuildError } from './errors.ts';

const NO_PREINIT = '--no-preinit';
const FULL_ENGINE = '--full-engine';
const FLAGS = [NO_PREINIT, FULL_ENGINE];

interface Job {
  spec: ContractSpec;
  target: string;
}

function isSourcePath(arg: string): boolean {
  return /\.[cm]?[jt]s$/.test(arg) || arg.includes('/') || arg.includes(path.sep);
}

/** `<source> [target]`: one contract, type-checked as near-sdk-js checks it. */
function sourceJob(projectDir: string, args: string[], preinit: boolean): Job {
  if (args.length > 2) throw new BuildError(`usage: npm run build -- <source> [target.wasm] [${NO_PREINIT}] [${FULL_ENGINE}]`);
  const [source, targetArg] = args;
  const entry = path.resolve(projectDir, source);
  if (!fs.existsSync(entry)) throw new BuildError(`source file ${source} does not exist`);
  const target = path.resolve(projectDir, targetArg ?? path.join('build', `${path.basename(source).replace(/\.[cm]?[jt]s$/, '')}.wasm`));
  if (!target.endsWith('.wasm')) throw new BuildError(`target ${targetArg}: make sure it ends with .wasm`);
  fs.rmSync(target, { force: true });
  typecheck([entry]);
  return { spec: { name: path.basename(target, '.wasm'), entry, preinit }, target };
}

/** The contracts package.json declares (all, or the named ones), type-checked with src/tsconfig.json. */
function declaredJobs(projectDir: string, only: string[], preinit: boolean): Job[] {
  const specs = readContractSpecs(projectDir).filter((s) => only.length === 0 || only.includes(s.name));
  if (only.length > 0 && specs.length !== only.length) throw new BuildError(`unknown contract in: ${only.join(', ')}`);
  const jobs = specs.map((spec) => ({ spec: { ...spec, preinit: spec.preinit && preinit }, target: path.join(projectDir, 'build', `${spec.name}.wasm`) }));
  // A failed build must not leave a wasm that no longer matches its source.
  for (const job of jobs) fs.rmSync(job.target, { force: true });
  assertSourcesExist(projectDir, specs);
  console.log(`Type-checking ${specs.map((s) => path.relative(projectDir, s.entry)).join(', ')}`);
  typecheck(specs.map((s) => s.entry), path.join(projectDir, 'src', 'tsconfig.json'));
  return jobs;
}

async function main(): Promise<number> {
  const projectDir = process.cwd();
  const args = process.argv.slice(2);
  const preinit = !args.includes(NO_PREINIT);
  const fullEngine = args.includes(FULL_ENGINE);
  const positional = args.filter((a) => !FLAGS.includes(a));
  const started = Date.now();
  try {
    const jobs = positional.length > 0 && isSourcePath(positional[0]) ? [sourceJob(projectDir, positional, preinit)] : declaredJobs(projectDir, positional, preinit);
    for (const { spec, target } of jobs) {
      const built = await buildContract(fullEngine ? { ...spec, engine: 'full' } : spec, target, (line) => console.log(line));
      const image = built.preinit ? `pre-initialised (${(built.preinit.imageBytes / 1024).toFixed(1)} KB heap image in ${built.preinit.segments} segments)` : 'plain';
      console.log(`  ${path.relative(projectDir, built.file)}: ${(built.size / 1024).toFixed(1)} KB, ${image}, exports ${built.methods.join(', ')}`);
    }
    console.log(`Built ${jobs.length} contract(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
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
