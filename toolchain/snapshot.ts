// Runs a contract's start-up (runtime and context creation, bytecode load,
// module evaluation) once, at build time, under a host where every NEAR host
// function traps, and captures what it leaves: linear memory and mutable
// globals. Nothing the start-up computes may depend on the call, so a call into
// a host function (or a panic, or a pending promise job) fails the build.
import binaryen from 'binaryen';
import { BuildError } from './errors.ts';
import { RUNTIME_EXPORTS, type ContractRuntime } from './runtime.ts';
import { addMethods, MVP_FEATURES, type ImageLayout } from './contract-image.ts';
import { appendDataSegments } from './wasm-data.ts';

/** nearcore's `initial_memory_pages` (core/parameters/res/runtime_configs/parameters.yaml):
 *  the memory a contract starts with, whatever its module declares. The image must fit. */
export const NEARCORE_INITIAL_MEMORY_PAGES = 1024;
const PAGE = 65536;
const GLOBAL_EXPORT_PREFIX = '__snapshot_global_';

export interface CapturedGlobal {
  /** Index among the module's globals (imports included; a contract has none). */
  index: number;
  type: binaryen.Type;
  value: number | bigint;
}

export interface Snapshot {
  memory: Uint8Array;
  pages: number;
  globals: CapturedGlobal[];
  layout: ImageLayout;
  /** Where dlmalloc's heap begins (the linker's `__heap_base`). */
  heapBase: number;
}

/** Thrown by the trapping host; carries the message the build reports. */
class HostCallDuringStartup extends Error {}

function describeOptOut(name: string): string {
  return `pre-initialisation runs the contract's top-level code at build time, where it cannot reach the chain; ` +
    `move that code into a method, or build "${name}" without pre-initialisation: in package.json, ` +
    `"contracts": { "${name}": { "source": "<its source>", "preinit": false } }`;
}

/** The runtime with the contract's methods and data, exporting the start-up and every mutable global. */
function harnessModule(runtime: ContractRuntime, bytecode: Uint8Array, methods: string[], name: string): { wasm: Uint8Array; layout: ImageLayout; globals: Array<{ index: number; type: binaryen.Type }>; heapBase: number } {
  const module = binaryen.readBinary(runtime.wasm);
  try {
    const heapBaseGlobal = binaryen.getExportInfo(module.getExport(RUNTIME_EXPORTS.heapBase)).value;
    const heapBase = (binaryen.getExpressionInfo(binaryen.getGlobalInfo(module.getGlobal(heapBaseGlobal)).init) as binaryen.ConstInfo).value as number;
    const layout = addMethods(module, runtime.codeCapacity, bytecode, methods, name, 'plain', [RUNTIME_EXPORTS.init]);
    const globals: Array<{ index: number; type: binaryen.Type }> = [];
    for (let i = 0; i < module.getNumGlobals(); i++) {
      const info = binaryen.getGlobalInfo(module.getGlobalByIndex(i));
      if (!info.mutable) continue;
      module.addGlobalExport(info.name, `${GLOBAL_EXPORT_PREFIX}${i}`);
      globals.push({ index: i, type: info.type });
    }
    module.setFeatures(MVP_FEATURES);
    if (!module.validate()) throw new BuildError(`${name}: the snapshot harness does not validate`);
    return { wasm: appendDataSegments(module.emitBinary(), layout.segments), layout, globals, heapBase };
  } finally {
    module.dispose();
  }
}

export function takeSnapshot(runtime: ContractRuntime, bytecode: Uint8Array, methods: string[], name: string): Snapshot {
  const harness = harnessModule(runtime, bytecode, methods, name);
  const module = new WebAssembly.Module(new Uint8Array(harness.wasm));
  let memory: WebAssembly.Memory | undefined;
  const text = (len: bigint, ptr: bigint) => new TextDecoder().decode(new Uint8Array(memory!.buffer, Number(ptr), Number(len)));
  const env: Record<string, (...args: bigint[]) => never> = {};
  for (const imported of WebAssembly.Module.imports(module)) {
    env[imported.name] = imported.name === 'panic_utf8'
      ? (len, ptr) => { throw new HostCallDuringStartup(`${name}: the contract's top-level code threw: ${text(len, ptr).trim()}`); }
      : () => { throw new HostCallDuringStartup(`${name}: the contract's top-level code calls the host function ${imported.name}(); ${describeOptOut(name)}`); };
  }
  const instance = new WebAssembly.Instance(module, { env });
  memory = instance.exports.memory as WebAssembly.Memory;
  const global = (index: number) => instance.exports[`${GLOBAL_EXPORT_PREFIX}${index}`] as WebAssembly.Global;
  const before = harness.globals.map((g) => global(g.index).value as number | bigint);

  let pending: number;
  try {
    pending = (instance.exports[RUNTIME_EXPORTS.init] as () => number)();
  } catch (error) {
    if (error instanceof HostCallDuringStartup) throw new BuildError(error.message);
    throw new BuildError(`${name}: the contract's start-up trapped at build time: ${(error as Error).message}`);
  }
  if (pending !== 0) {
    throw new BuildError(`${name}: the contract's top-level code leaves pending promise jobs, which a snapshot cannot carry into a call; ${describeOptOut(name)}`);
  }
  const globals = harness.globals.map((g) => ({ ...g, value: global(g.index).value as number | bigint }));
  // LLVM's shadow stack pointer is the first mutable global: the start-up
  // returned, so it must be back where it started, or calls would begin on a
  // stack the start-up still claims.
  if (globals.length === 0 || globals[0].value !== before[0]) {
    throw new BuildError(`${name}: the stack pointer did not return to its initial value after the start-up`);
  }
  const pages = memory.buffer.byteLength / PAGE;
  if (pages > NEARCORE_INITIAL_MEMORY_PAGES) {
    throw new BuildError(`${name}: the start-up uses ${pages} pages of memory, more than the ${NEARCORE_INITIAL_MEMORY_PAGES} nearcore gives a contract`);
  }
  return { memory: new Uint8Array(memory.buffer).slice(), pages, globals, layout: harness.layout, heapBase: harness.heapBase };
}
