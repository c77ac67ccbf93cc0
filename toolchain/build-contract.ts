// One contract, source to wasm: bundle, bytecode, contract image (the cached
// runtime plus this bytecode, pre-initialised unless opted out), check. The
// output is written atomically; a failed build leaves no wasm. Type checking is
// the caller's (one program for all declared contracts).
import fs from 'node:fs';
import path from 'node:path';
import { bundleContract, type CloneDeepSource } from './bundle.ts';
import { compileToBytecode } from './bytecode.ts';
import { contractMethods } from './contract-source.ts';
import { contractRuntime } from './runtime.ts';
import { codeBufferBytes, contractImage } from './contract-image.ts';
import { preinitialisedImage, type PreinitStats } from './preinit.ts';
import { BuildError } from './errors.ts';
import { checkWasmRules } from './wasm-rules.ts';
import { DEFAULT_TARGET_PROTOCOL, LATER_HOST_FUNCTIONS } from './near-host-functions.ts';
import { leanEngineMisses } from './engine-features.ts';
import type { EngineFeatures } from './quickjs-sources.ts';

export interface ContractSpec {
  /** Names the contract in messages; `build/<name>.wasm` unless a target is given. */
  name: string;
  entry: string;
  /** Run the start-up at build time (preinit.ts); the default. */
  preinit: boolean;
  /** The protocol version the contract must run on (near-host-functions.ts); 78 when not given. */
  protocol?: number;
  /** The engine (quickjs-sources.ts): lean unless the contract opts into the full one. */
  engine?: EngineFeatures;
  /** near-sdk-js's cloneDeep (bundle.ts): ours (clone-deep.ts) unless the contract opts into lodash's. */
  cloneDeep?: CloneDeepSource;
}

export interface BuiltContract {
  name: string;
  file: string;
  size: number;
  methods: string[];
  preinit?: PreinitStats;
}

export async function buildContract(spec: ContractSpec, target: string, log: (line: string) => void): Promise<BuiltContract> {
  fs.rmSync(target, { force: true }); // never leave a wasm that does not match the source
  const bundle = await bundleContract(spec.entry, spec.cloneDeep);
  const methods = contractMethods(spec.entry, fs.readFileSync(spec.entry, 'utf8'), bundle.code);
  const protocol = spec.protocol ?? DEFAULT_TARGET_PROTOCOL;
  // A binding the runtime of this protocol lacks would only fail when called, on chain: refuse it here.
  const missing = Object.entries(LATER_HOST_FUNCTIONS).filter(([fn, since]) => since > protocol && bundle.code.includes(`env.${fn}(`));
  if (missing.length > 0) {
    const needed = Math.max(...missing.map(([, since]) => since));
    throw new BuildError(`${spec.name}: calls ${missing.map(([fn, since]) => `env.${fn} (protocol ${since})`).join(', ')}, but builds for protocol ${protocol}; declare "protocol": ${needed} in package.json's "contracts"`);
  }
  const engine = spec.engine ?? 'lean';
  const misses = engine === 'lean' ? leanEngineMisses(bundle.code) : [];
  if (misses.length > 0) {
    throw new BuildError(`${spec.name}: uses ${misses.join(', ')}, which the default (lean) engine leaves out; declare "engine": "full" in package.json's "contracts" (or build with --full-engine)`);
  }
  log(`  ${spec.name}: bundled ${(bundle.code.length / 1024).toFixed(0)} KB of JS, ${methods.length} methods`);
  const bytecode = await compileToBytecode(bundle.code, `${spec.name}.js`);
  const runtime = await contractRuntime(protocol, codeBufferBytes(bytecode, methods), engine);
  let wasm: Uint8Array;
  let preinit: PreinitStats | undefined;
  if (spec.preinit) ({ wasm, stats: preinit } = preinitialisedImage(runtime, bytecode, methods, spec.name));
  else wasm = contractImage(runtime, bytecode, methods, spec.name);
  const { violations } = checkWasmRules(wasm, methods, protocol);
  if (violations.length > 0) throw new BuildError(`${spec.name}.wasm breaks NEAR's wasm rules:\n  ${violations.join('\n  ')}`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, wasm);
  fs.renameSync(tmp, target);
  return { name: spec.name, file: target, size: wasm.length, methods, preinit };
}
