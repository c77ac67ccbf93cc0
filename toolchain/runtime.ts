// The contract runtime: near-sdk-js's builder.c (read from node_modules, as its
// own CLI does) + our glue + the QuickJS engine, linked with @yowasp/clang and
// finalized with binaryen ONCE, then cached. It reserves room for a contract's
// bytecode and exports the start-up and a generic method call; contract-image.ts turns it into
// a contract by adding the bytecode and one export per method, in milliseconds.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { runClang } from './clang.ts';
import { cached, hashOf } from './cache.ts';
import { CFLAGS, engineKey, engineObjects } from './engine.ts';
import { contractGlueSources, engineSources, type EngineFeatures } from './quickjs-sources.ts';
import { hostFunctionsAt, runtimeProtocol } from './near-host-functions.ts';
import { finalizeWasm } from './finalize.ts';

const require = createRequire(import.meta.url);
const BUILDER_C = require.resolve('near-sdk-js/builder/builder.c');
/** builder.c includes its QuickJS headers through this relative path. */
const BUILDER_QUICKJS_DIR = 'node_modules/near-sdk-js/lib/cli/deps/quickjs';
/** Linked first (`--stack-first`): the stack is [0, STACK_SIZE), the stack pointer starts at its top. */
export const STACK_SIZE = 256 * 1024; // as near-sdk-js

/** NEAR caps contract code at 4 MiB, so no contract's bytecode is larger. Lives in
 *  .bss: it costs address space, not bytes in the wasm. */
export const CODE_CAPACITY = 4 * 1024 * 1024;

/** The room for bytecode a runtime is linked with: the smallest that fits. The heap
 *  starts after this buffer, and a pre-initialised image's heap segments below 1 MiB
 *  take a 3-byte offset instead of 4 (about 3 KB on the factory), so contracts whose
 *  bytecode fits 256 KiB get a runtime with that much; the others the full 4 MiB. */
export const CODE_CAPACITIES = [256 * 1024, CODE_CAPACITY] as const;

export function codeCapacityFor(bytes: number): number {
  return CODE_CAPACITIES.find((capacity) => bytes <= capacity) ?? CODE_CAPACITY;
}

/** A linked, finalized runtime and the bytecode room it was linked with. */
export interface ContractRuntime {
  wasm: Uint8Array;
  codeCapacity: number;
}

/** Names the runtime exports for contract-image.ts, which removes them again. */
export const RUNTIME_EXPORTS = {
  init: '__near_init', callMethod: '__near_call_method', code: 'code', codeSize: 'code_size',
  /** Where the heap starts: the snapshot zeroes its free chunks (dead-memory.ts). */
  heapBase: '__heap_base',
} as const;

/** builder.c's `#include "code.h"`: storage the build fills per contract. */
function codeH(capacity: number): string {
  return `#include <stdint.h>
uint8_t code[${capacity}];
uint32_t code_size;
`;
}

/** builder.c's `#include "methods.h"`: instead of a function per method, the
 *  start-up (runtime, context, module evaluation; returns 1 if jobs are
 *  pending) and a generic method call, which contract-image.ts composes. */
const METHODS_H = `#include "near-method-entry.c"
int near_init_export(void) __attribute__((export_name("${RUNTIME_EXPORTS.init}")));
int near_init_export(void) { return near_init(); }
void near_call_method_export(const char *name) __attribute__((export_name("${RUNTIME_EXPORTS.callMethod}")));
void near_call_method_export(const char *name) { near_call_method(name); }
`;

function runtimeInputs(protocol: number, codeCapacity: number, features: EngineFeatures): Record<string, string> {
  const files: Record<string, string> = {
    'builder.c': fs.readFileSync(BUILDER_C, 'utf8'),
    'code.h': codeH(codeCapacity),
    'methods.h': METHODS_H,
    'near-imports.txt': hostFunctionsAt(protocol).join('\n') + '\n',
  };
  for (const [file, data] of Object.entries({ ...engineSources(features), ...contractGlueSources() })) {
    files[`${BUILDER_QUICKJS_DIR}/${file}`] = String(data);
  }
  return files;
}

/** The finalized runtime wasm (WASI stubbed, MVP, optimized) for contracts of a target
 *  protocol: it binds the host functions that protocol links (near-nep616.c), with room
 *  for `codeBytes` of bytecode and method names (codeCapacityFor), on the lean or full
 *  engine (quickjs-sources.ts), built on a cache miss. */
export async function contractRuntime(targetProtocol: number, codeBytes: number, features: EngineFeatures = 'lean'): Promise<ContractRuntime> {
  const protocol = runtimeProtocol(targetProtocol);
  const codeCapacity = codeCapacityFor(codeBytes);
  const inputs = runtimeInputs(protocol, codeCapacity, features);
  const names = Object.keys(inputs).sort();
  const args = [
    ...CFLAGS, `-I${BUILDER_QUICKJS_DIR}`, `-DNEAR_STACK_SIZE=${STACK_SIZE}`, `-DNEAR_PROTOCOL_VERSION=${protocol}`, '-nostartfiles',
    '-Wl,--no-entry', '-Wl,--stack-first', `-Wl,-z,stack-size=${STACK_SIZE}`,
    '-Wl,--allow-undefined-file=near-imports.txt',
    `-Wl,--export=${RUNTIME_EXPORTS.code}`, `-Wl,--export=${RUNTIME_EXPORTS.codeSize}`, `-Wl,--export=${RUNTIME_EXPORTS.heapBase}`,
    ...(process.env.NEAR_TS_KEEP_NAMES ? [] : ['-Wl,--strip-all']),
  ];
  // finalize.ts's passes shape the runtime too: a change there rebuilds it.
  const finalizeSource = fs.readFileSync(new URL('./finalize.ts', import.meta.url), 'utf8');
  const key = hashOf(engineKey(features), args.join(' '), finalizeSource, ...names.flatMap((n) => [n, inputs[n]]));
  const wasm = await cached(key, 'runtime.wasm', async () => {
    const engine = await engineObjects(features);
    const out = await runClang({
      tool: 'clang',
      args: [...args, 'builder.c', ...Object.keys(engine), '-lm', '-o', 'runtime.wasm'],
      files: { ...inputs, ...engine },
      outputs: ['runtime.wasm'],
    }, 'compiling and linking the contract runtime');
    return finalizeWasm(out['runtime.wasm'], 'runtime');
  });
  return { wasm, codeCapacity };
}
