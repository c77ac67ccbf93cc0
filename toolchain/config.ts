// Which contracts the project builds: package.json's "contracts" field maps a
// name (the wasm's file name) to its TypeScript entry file.
import fs from 'node:fs';
import path from 'node:path';
import { BuildError } from './errors.ts';
import type { ContractSpec } from './build-contract.ts';

export function readContractSpecs(projectDir: string): ContractSpec[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as { contracts?: Record<string, string> };
  const contracts = pkg.contracts ?? {};
  const specs = Object.entries(contracts).map(([name, entry]) => ({ name, entry: path.resolve(projectDir, entry) }));
  if (specs.length === 0) throw new BuildError('package.json declares no "contracts" to build');
  for (const spec of specs) {
    if (!/^[a-z0-9_-]+$/.test(spec.name)) throw new BuildError(`contract name "${spec.name}": use lowercase letters, digits, - and _`);
  }
  return specs;
}

export function assertSourcesExist(projectDir: string, specs: ContractSpec[]): void {
  for (const spec of specs) {
    if (!fs.existsSync(spec.entry)) throw new BuildError(`contract "${spec.name}": source file ${path.relative(projectDir, spec.entry)} does not exist`);
  }
}
