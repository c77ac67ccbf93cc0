// A contract links against the runtime with the smallest bytecode buffer its bytecode
// fits (runtime.ts CODE_CAPACITIES): one too large for the small buffer still builds,
// on the full-size runtime, and runs the same pre-initialised and plain.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { buildContract } from '../build-contract.ts';
import { bundleContract } from '../bundle.ts';
import { compileToBytecode } from '../bytecode.ts';
import { codeBufferBytes } from '../contract-image.ts';
import { CODE_CAPACITIES, codeCapacityFor } from '../runtime.ts';
import { closeClang } from '../clang.ts';
import { Harness } from './harness.ts';

const DIR = path.join('.cache', 'test-code-capacity');
const ENTRY = path.join(DIR, 'big.js');
/** Distinct strings, so the bytecode carries each of them: about 330 KB. */
const TABLE = Array.from({ length: 3000 }, (_, i) => `${i}:${'abcdefghij'.repeat(11)}`);

test.before(() => {
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(ENTRY, [
    "import { near } from 'near-sdk-js';",
    `const TABLE = ${JSON.stringify(TABLE)};`,
    'export function pick() {',
    "  const { index } = JSON.parse(near.input() || '{}');",
    '  near.valueReturn(`${TABLE.length} ${TABLE[index]}`);',
    '}',
    '',
  ].join('\n'));
});
test.after.always(async () => { await closeClang(); });

test('the smallest buffer that fits is chosen, and NEAR\'s 4 MiB is the last', (t) => {
  t.is(codeCapacityFor(1), CODE_CAPACITIES[0]);
  t.is(codeCapacityFor(CODE_CAPACITIES[0]), CODE_CAPACITIES[0]);
  t.is(codeCapacityFor(CODE_CAPACITIES[0] + 1), CODE_CAPACITIES[1]);
  t.is(CODE_CAPACITIES[CODE_CAPACITIES.length - 1], 4 * 1024 * 1024);
});

test('a contract whose bytecode outgrows the small buffer builds and runs, pre-initialised and plain', async (t) => {
  const bytecode = await compileToBytecode((await bundleContract(ENTRY)).code, 'big.js');
  t.true(codeBufferBytes(bytecode, ['pick']) > CODE_CAPACITIES[0], 'the fixture needs the larger runtime');
  for (const preinit of [true, false]) {
    const built = await buildContract({ name: 'big', entry: ENTRY, preinit }, path.join(DIR, `big-${preinit}.wasm`), () => {});
    const host = new Harness(fs.readFileSync(built.file));
    t.is(host.call('pick', { args: { index: 2999 } }).returned, `3000 ${TABLE[2999]}`);
    t.is(host.call('pick', { args: { index: 7 } }).returned, `3000 ${TABLE[7]}`);
  }
});
