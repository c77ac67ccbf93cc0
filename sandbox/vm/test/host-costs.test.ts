// Host functions whose charges differ from "base + own costs" in logic.rs:
// hashes pay no `base`, null-terminated strings are read byte by byte, abort
// logs its message. Expected gas from nearcore's parameters.
import test from 'ava';
import { resolveParameters } from '../../params/resolve.ts';
import { runtimeConfig } from '../../params/runtime-config.ts';
import { assemble, chargedOps, frameSize, I32, I64, op, type Func } from '../../test/gas/wasm.ts';
import { createVM } from '../index.ts';
import { code, context, MemoryStorage } from './context.ts';

const IMPORTS = [
  { name: 'sha256', params: [I64, I64, I64] },
  { name: 'log_utf8', params: [I64, I64] },
  { name: 'abort', params: [I32, I32, I32, I32] },
];
const METHODS: Record<string, Func> = {
  hash: { export: 'hash', body: [op.i64(5), op.i64(0), op.i64(0), op.call(0)] },
  log_nul: { export: 'log_nul', body: [op.i64(-1), op.i64(0), op.call(1)] },
  abort: { export: 'abort', body: [op.i32(20), op.i32(40), op.i32(7), op.i32(3), op.call(2)] },
};
const data = new Uint8Array(64);
data.set(Buffer.from('hello\0'), 0);
// AssemblyScript strings: u32 byte length before UTF-16LE text.
data.set([4, 0, 0, 0], 16);
data.set(Buffer.from('hi', 'utf16le'), 20);
data.set([6, 0, 0, 0], 36);
data.set(Buffer.from('a.ts', 'utf16le').subarray(0, 6), 40);
const CONTRACT = code(assemble({ imports: IMPORTS, functions: Object.values(METHODS), data }));

test('sha256 pays no base; a null-terminated log is read byte by byte; abort logs and panics', (t) => {
  const p = resolveParameters(78);
  const vm = createVM(runtimeConfig(78));
  const readMemory = (n: bigint) => p.wasm_read_memory_base + p.wasm_read_memory_byte * n;
  const wasm = (f: Func) => p.wasm_contract_loading_base + p.wasm_contract_loading_bytes * BigInt(CONTRACT.code.length)
    + BigInt(Math.floor((frameSize([], []) + 7) / 8)) * p.wasm_regular_op_cost + BigInt(chargedOps(f.body)) * p.wasm_regular_op_cost;
  const run = (method: string) => vm.runFunction(CONTRACT, method, context({}), new MemoryStorage());

  const hash = run('hash');
  t.is(hash.burntGas, wasm(METHODS.hash) + p.wasm_sha256_base + readMemory(5n) + p.wasm_sha256_byte * 5n + p.wasm_write_register_base + p.wasm_write_register_byte * 32n);

  const logged = run('log_nul');
  t.is(logged.aborted, undefined, JSON.stringify(logged.aborted, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
  t.deepEqual(logged.logs, ["hello"]);
  t.is(logged.burntGas, wasm(METHODS.log_nul) + p.wasm_base + p.wasm_utf8_decoding_base + 6n * readMemory(1n) + p.wasm_utf8_decoding_byte * 5n
    + p.wasm_log_base + p.wasm_log_byte * 5n);

  const aborted = run('abort');
  const message = 'hi, filename: "a.t" line: 7 col: 3';
  t.deepEqual(aborted.aborted, { kind: 'HostError', error: { kind: 'GuestPanic', panicMsg: message } });
  t.deepEqual(aborted.logs, [`ABORT: ${message}`]);
  const utf16 = (n: bigint) => p.wasm_utf16_decoding_base + readMemory(n) + p.wasm_utf16_decoding_byte * n;
  t.is(aborted.burntGas, wasm(METHODS.abort) + p.wasm_base + 2n * readMemory(4n) + utf16(4n) + utf16(6n) + p.wasm_log_base + p.wasm_log_byte * BigInt(message.length));
});
