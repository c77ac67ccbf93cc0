// Contract bytecode + near-sdk-js's builder.c (read from node_modules, as its own
// CLI does) + our glue + the cached engine -> a linked wasm32 module. Only
// NEAR host functions may stay undefined: anything else is a link error.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { runClang } from './clang.ts';
import { CFLAGS, engineObjects } from './engine.ts';
import { contractGlueSources, engineSources } from './quickjs-sources.ts';
import { NEAR_HOST_FUNCTIONS } from './near-host-functions.ts';
import type { ContractMethod } from './contract-source.ts';

const require = createRequire(import.meta.url);
const BUILDER_C = require.resolve('near-sdk-js/builder/builder.c');
/** builder.c includes its QuickJS headers through this relative path. */
const BUILDER_QUICKJS_DIR = 'node_modules/near-sdk-js/lib/cli/deps/quickjs';
const STACK_SIZE = 256 * 1024; // as near-sdk-js

/** The bytecode as the C array builder.c expects (`code`, `code_size`), like qjsc -c -N code. */
function codeHeader(bytecode: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytecode.length; i += 24) lines.push(Array.from(bytecode.subarray(i, i + 24), (b) => `0x${b.toString(16).padStart(2, '0')}`).join(','));
  return `#include <stdint.h>\nconst uint32_t code_size = ${bytecode.length};\nconst uint8_t code[${bytecode.length}] = {\n${lines.join(',\n')}\n};\n`;
}

function methodsHeader(methods: ContractMethod[]): string {
  return ['#include "near-method-entry.c"', ...methods.map((m) => `DEFINE_NEAR_METHOD(${m.name})`), ''].join('\n');
}

export async function linkContract(name: string, bytecode: Uint8Array, methods: ContractMethod[]): Promise<Uint8Array> {
  const engine = await engineObjects();
  const files: Record<string, Uint8Array | string> = {
    ...engine,
    'builder.c': fs.readFileSync(BUILDER_C, 'utf8'),
    'code.h': codeHeader(bytecode),
    'methods.h': methodsHeader(methods),
    'near-imports.txt': NEAR_HOST_FUNCTIONS.join('\n') + '\n',
  };
  for (const [file, data] of Object.entries({ ...engineSources(), ...contractGlueSources() })) files[`${BUILDER_QUICKJS_DIR}/${file}`] = data;
  const out = await runClang({
    tool: 'clang',
    args: [
      ...CFLAGS, `-I${BUILDER_QUICKJS_DIR}`, `-DNEAR_STACK_SIZE=${STACK_SIZE}`, '-nostartfiles',
      '-Wl,--no-entry', '-Wl,--stack-first', `-Wl,-z,stack-size=${STACK_SIZE}`, '-Wl,--allow-undefined-file=near-imports.txt', ...(process.env.NEAR_TS_KEEP_NAMES ? [] : ['-Wl,--strip-all']),
      'builder.c', ...Object.keys(engine), '-lm', '-o', `${name}.wasm`,
    ],
    files,
    outputs: [`${name}.wasm`],
  }, `compiling and linking ${name}`);
  return out[`${name}.wasm`];
}
