// Which contracts the project builds: package.json's "contracts" field maps a
// name (the wasm's file name) to its entry file, or to `{ "source": <entry>,
// "preinit": false, "protocol": 85, "engine": "full", "cloneDeep": "lodash" }`: without
// pre-initialisation (preinit.ts), for a protocol version whose host functions it uses
// (near-host-functions.ts), on the full engine (quickjs-sources.ts), with lodash's
// cloneDeep for near-sdk-js instead of ours (clone-deep.ts).
import fs from 'node:fs';
import path from 'node:path';
import { BuildError } from './errors.ts';
import type { ContractSpec } from './build-contract.ts';
import { BASE_PROTOCOL } from './near-host-functions.ts';
import type { EngineFeatures } from './quickjs-sources.ts';
import type { CloneDeepSource } from './bundle.ts';

export function readContractSpecs(projectDir: string): ContractSpec[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as { contracts?: Record<string, unknown> };
  const contracts = pkg.contracts ?? {};
  const specs = Object.entries(contracts).map(([name, declared]) => specOf(projectDir, name, declared));
  if (specs.length === 0) throw new BuildError('package.json declares no "contracts" to build');
  for (const spec of specs) {
    if (!/^[a-z0-9_-]+$/.test(spec.name)) throw new BuildError(`contract name "${spec.name}": use lowercase letters, digits, - and _`);
  }
  return specs;
}

function specOf(projectDir: string, name: string, declared: unknown): ContractSpec {
  if (typeof declared === 'string') return { name, entry: path.resolve(projectDir, declared), preinit: true };
  const { source, preinit, protocol, engine, cloneDeep, ...rest } = (typeof declared === 'object' && declared !== null ? declared : {}) as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  const badProtocol = protocol !== undefined && (!Number.isInteger(protocol) || (protocol as number) < BASE_PROTOCOL);
  const badEngine = engine !== undefined && engine !== 'lean' && engine !== 'full';
  const badCloneDeep = cloneDeep !== undefined && cloneDeep !== 'ours' && cloneDeep !== 'lodash';
  if (typeof source !== 'string' || (preinit !== undefined && typeof preinit !== 'boolean') || badProtocol || badEngine || badCloneDeep || unknownKeys.length > 0) {
    throw new BuildError(`contract "${name}": declare it as "<source file>" or { "source": "<source file>", "preinit": false, "protocol": ${BASE_PROTOCOL} or later, "engine": "full", "cloneDeep": "lodash" }` +
      (unknownKeys.length > 0 ? ` (unknown key ${unknownKeys.join(', ')})` : ''));
  }
  return {
    name, entry: path.resolve(projectDir, source), preinit: preinit ?? true,
    ...(protocol === undefined ? {} : { protocol: protocol as number }),
    ...(engine === undefined ? {} : { engine: engine as EngineFeatures }),
    ...(cloneDeep === undefined ? {} : { cloneDeep: cloneDeep as CloneDeepSource }),
  };
}

export function assertSourcesExist(projectDir: string, specs: ContractSpec[]): void {
  for (const spec of specs) {
    if (!fs.existsSync(spec.entry)) throw new BuildError(`contract "${spec.name}": source file ${path.relative(projectDir, spec.entry)} does not exist`);
  }
}
