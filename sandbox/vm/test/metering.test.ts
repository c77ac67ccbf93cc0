// Wasm gas as nearcore's finite-wasm meters it, on hand-assembled fixtures:
// expected gas is computed here from nearcore's parameters by nearcore's rules
// (runtime/near-vm-runner/src/near_vm_runner/runner.rs), never read from the VM.
import test, { type ExecutionContext } from 'ava';
import { resolveParameters } from '../../params/resolve.ts';
import { runtimeConfig } from '../../params/runtime-config.ts';
import { assemble, chargedOps, frameSize, I32, I64, op, type Instr } from '../../test/gas/wasm.ts';
import { createVM } from '../index.ts';
import { code, context, MemoryStorage } from './context.ts';

for (const version of [78, 85]) {
  const p = resolveParameters(version);
  const vm = createVM(runtimeConfig(version));
  const regular = p.wasm_regular_op_cost;
  const loading = (bytes: Uint8Array) => p.wasm_contract_loading_base + p.wasm_contract_loading_bytes * BigInt(bytes.length);
  /** ((frame + 7) / 8) * regular_op_cost, charged on entering a function. */
  const frame = (params: number[], locals: number[]) => BigInt(Math.floor((frameSize(params, locals) + 7) / 8)) * regular;
  const run = (wasm: Uint8Array, method = 'run') => vm.runFunction(code(wasm), method, context({}), new MemoryStorage());
  // Running out of stack: NearVM's trap through 83, Wasmtime's MemoryAccessViolation from 84 (vm_kind).
  const stackExhausted = p.vm_kind === 'Wasmtime' ? { kind: 'HostError', error: { kind: 'MemoryAccessViolation' } } : { kind: 'WasmTrap', trap: 'StackOverflow' };

  test(`${version}: straight-line code costs regular_op_cost per operator plus the frame; block, end and else are free`, (t) => {
    const body: Instr[] = [
      op.i32(1), op.i32(2), op.i32Add, op.drop,
      op.block, op.i32(0), op.if, op.nop, op.else, op.nop, op.end, op.end,
      op.block, op.block, op.end, op.end,
    ];
    const wasm = assemble({ functions: [{ export: 'run', locals: [I64, I32], body }] });
    const outcome = run(wasm);
    t.is(outcome.aborted, undefined);
    // i32.const, i32.const, i32.add, drop, then i32.const, if, nop (the else branch is not taken).
    const executed = 4n + 3n;
    t.is(outcome.burntGas, loading(wasm) + frame([], [I64, I32]) + executed * regular);
  });

  test(`${version}: each call pays its callee's frame, with parameters and locals; the taken else branch is charged`, (t) => {
    const callee: Instr[] = [op.localGet(0), op.if, op.nop, op.else, op.nop, op.nop, op.end];
    const body: Instr[] = [op.i32(0), op.call(1), op.i32(1), op.call(1)];
    const wasm = assemble({
      functions: [
        { export: 'run', body },
        { params: [I32], locals: [I64, I64, I64], body: callee },
      ],
    });
    const outcome = run(wasm);
    t.is(outcome.aborted, undefined);
    // callee with 0: local.get, if, nop, nop (else); with 1: local.get, if, nop.
    const calleeOps = 4n + 3n;
    t.is(outcome.burntGas, loading(wasm) + frame([], []) + BigInt(chargedOps(body)) * regular + 2n * frame([I32], [I64, I64, I64]) + calleeOps * regular);
  });

  test(`${version}: a loop pays each iteration; code after an unconditional branch is never charged`, (t) => {
    // local0 = 5; loop { local0 -= 1; br_if (local0 != 0) }; block { br 0; (dead: i32.const; drop; nop) }
    const body: Instr[] = [
      op.i32(5), op.localSet(0),
      op.loop, op.localGet(0), op.i32(1), op.i32Sub, op.localTee(0), op.brIf(0), op.end,
      op.block, op.br(0), op.i32(9), op.drop, op.nop, op.end,
    ];
    const wasm = assemble({ functions: [{ export: 'run', locals: [I32], body }] });
    const outcome = run(wasm);
    t.is(outcome.aborted, undefined);
    // `loop` runs once: its branches go to the first instruction inside it. Five iterations of five operators.
    t.is(outcome.burntGas, loading(wasm) + frame([], [I32]) + (2n + 1n /* loop */ + 5n * 5n + 1n /* br */) * regular);
  });

  test(`${version}: a trap is charged up to and including the trapping operator, not the rest of its straight-line code`, (t) => {
    const division: Instr[] = [op.i32(1), op.i32(0), op.i32DivS, op.drop, op.nop, op.nop, op.i32(1), op.drop];
    const byZero = run(assemble({ functions: [{ export: 'run', body: division }] }));
    t.deepEqual(byZero.aborted, { kind: 'WasmTrap', trap: 'IllegalArithmetic' });
    const wasm = assemble({ functions: [{ export: 'run', body: division }] });
    t.is(byZero.burntGas, loading(wasm) + frame([], []) + 3n * regular);
    // A load past the end of nearcore's 2048 pages of memory.
    const load: Instr[] = [op.i32(-16), op.i32Load, op.drop, op.nop];
    const outOfBounds = run(assemble({ functions: [{ export: 'run', body: load }] }));
    t.deepEqual(outOfBounds.aborted, { kind: 'WasmTrap', trap: 'MemoryOutOfBounds' });
    t.is(outOfBounds.burntGas, loading(assemble({ functions: [{ export: 'run', body: load }] })) + frame([], []) + 2n * regular);
  });

  test(`${version}: recursion stops at max_stack_height with nearcore's error, frames charged until then`, (t) => {
    // run calls f; f calls itself forever. Both have no locals and an empty operand stack: 64 bytes each.
    const wasm = assemble({ functions: [{ export: 'run', body: [op.call(1)] }, { body: [op.call(1)] }] });
    const outcome = run(wasm);
    t.deepEqual(outcome.aborted, stackExhausted);
    const perFrame = 64n;
    const frames = p.max_stack_height / perFrame; // run's and f's frames that fit; the next entry overflows
    t.is(outcome.burntGas, loading(wasm) + frames * (frame([], []) + regular));
  });

  test(`${version}: the operand stack counts towards the stack height`, (t) => {
    // f pushes an i64 and an i32 before calling itself: 64 + 12 bytes per frame.
    const wasm = assemble({ functions: [{ export: 'run', body: [op.call(1)] }, { body: [op.i64(1), op.i32(1), op.call(1), op.drop, op.drop] }] });
    const outcome = run(wasm);
    t.deepEqual(outcome.aborted, stackExhausted);
    const frames = (p.max_stack_height - 64n) / 76n; // f frames that fit after run's
    t.is(outcome.burntGas, loading(wasm) + frame([], []) + regular + frames * (frame([], []) + 3n * regular));
  });

  test(`${version}: memory.grow costs regular_op_cost through 83, linear_op_base_cost + pages × linear_op_unit_cost from 84`, (t) => {
    const body: Instr[] = [op.i32(3), op.memoryGrow, op.drop];
    const wasm = assemble({ functions: [{ export: 'run', body }] });
    const outcome = run(wasm);
    t.is(outcome.aborted, undefined);
    const grow = p.vm_kind === 'Wasmtime' ? p.wasm_linear_op_base_cost + 3n * p.wasm_linear_op_unit_cost : regular;
    t.is(outcome.burntGas, loading(wasm) + frame([], []) + 2n * regular + grow);
  });

  test(`${version}: from 84, prepare_v3 limits apply (operand stack over max_operand_stack_bytes_per_function)`, (t) => {
    // 1025 i64 values on the operand stack: 8,200 bytes.
    const body: Instr[] = [...Array.from({ length: 1025 }, () => op.i64(1)), ...Array.from({ length: 1025 }, () => op.drop)];
    const outcome = run(assemble({ functions: [{ export: 'run', body }] }));
    if (p.max_operand_stack_bytes_per_function === null) t.is(outcome.aborted, undefined);
    else t.deepEqual(outcome.aborted, { kind: 'CompilationError', message: 'PrepareError: OperandStackTooLarge' });
  });

  test(`${version}: saturating float-to-int is accepted; a module needs no memory export and gets nearcore's memory`, (t) => {
    const body: Instr[] = [op.f32(1e10), op.i32TruncSatF32S, op.drop, op.i32(65536 * 1023), op.i32(7), op.i32Store];
    const wasm = assemble({ functions: [{ export: 'run', body }], memory: false });
    const outcome = run(wasm);
    t.is(outcome.aborted, undefined);
    t.is(outcome.burntGas, loading(wasm) + frame([], []) + BigInt(chargedOps(body)) * regular);
  });

  test(`${version}: preparation rejects multi-value and an imported memory; failed preparation and missing methods cost nothing`, (t) => {
    const multi = assemble({ functions: [{ export: 'run', results: [I32, I32], body: [op.i32(1), op.i32(2)] }] });
    const m = run(multi);
    t.like(m.aborted, { kind: 'CompilationError' });
    t.is(m.burntGas, 0n);
    const withImport = assemble({ functions: [{ export: 'run', body: [] }] });
    // Add an `env.memory` import by hand: a second module with an import section of kind 2.
    const memImport = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, 0x0f, 1, 3, ...Buffer.from('env'), 6, ...Buffer.from('memory'), 2, 0, 1]);
    const imported = run(memImport);
    t.like(imported.aborted, { kind: 'CompilationError' });
    t.regex(imported.aborted?.kind === 'CompilationError' ? imported.aborted.message : '', /Memory/);
    const missing = run(withImport, 'nope');
    t.deepEqual(missing.aborted, { kind: 'MethodResolveError', error: 'MethodNotFound' });
    t.is(missing.burntGas, 0n);
  });
}

// Bulk memory and reference types: nearcore's Wasmtime configuration accepts them from 84
// (runtime/near-vm-runner/src/features.rs, reftypes_bulk_memory); memory.fill, memory.copy (and
// memory.init, the table operators) cost linear_op_base_cost + count × linear_op_unit_cost
// (prepare_v3.rs SimpleGasCostCfg), the other new operators regular_op_cost.
const FUNCREF = 0x70;
const memoryFill: Instr = [0xfc, 11, 0x00];
const memoryCopy: Instr = [0xfc, 10, 0x00, 0x00];
for (const version of [78, 84, 85]) {
  const p = resolveParameters(version);
  const vm = createVM(runtimeConfig(version));
  const regular = p.wasm_regular_op_cost;
  const loading = (bytes: Uint8Array) => p.wasm_contract_loading_base + p.wasm_contract_loading_bytes * BigInt(bytes.length);
  const frame = (locals: number[]) => BigInt(Math.floor((frameSize([], locals) + 7) / 8)) * regular;
  const run = (wasm: Uint8Array) => vm.runFunction(code(wasm), 'run', context({}), new MemoryStorage());
  const notEnabled = (t: ExecutionContext, outcome: ReturnType<typeof run>) => {
    t.like(outcome.aborted, { kind: 'CompilationError' });
    t.is(outcome.burntGas, 0n);
  };

  test(`${version}: memory.fill and memory.copy are refused through 83, from 84 charged linear_op_base_cost + bytes × linear_op_unit_cost`, (t) => {
    // fill 100 bytes at 0 with 7, copy 60 of them to 1000.
    const body: Instr[] = [op.i32(0), op.i32(7), op.i32(100), memoryFill, op.i32(1000), op.i32(0), op.i32(60), memoryCopy];
    const wasm = assemble({ functions: [{ export: 'run', body }] });
    const outcome = run(wasm);
    if (!p.reftypes_bulk_memory) return notEnabled(t, outcome);
    t.is(outcome.aborted, undefined);
    const linear = (n: bigint) => p.wasm_linear_op_base_cost + n * p.wasm_linear_op_unit_cost;
    t.is(outcome.burntGas, loading(wasm) + frame([]) + 6n * regular + linear(100n) + linear(60n));
  });

  test(`${version}: memory.copy moves the bytes (from 84); out of bounds it traps`, (t) => {
    // fill 8 bytes at 0 with 0x2a, copy 4 to 16, return memory[16..20].
    const body: Instr[] = [op.i32(0), op.i32(0x2a), op.i32(8), memoryFill, op.i32(16), op.i32(0), op.i32(4), memoryCopy, op.i64(4), op.i64(16), op.call(0)];
    const wasm = assemble({ imports: [{ name: 'value_return', params: [I64, I64] }], functions: [{ export: 'run', body }] });
    const outcome = run(wasm);
    if (!p.reftypes_bulk_memory) return notEnabled(t, outcome);
    t.deepEqual(outcome.returnData, { kind: 'Value', value: new Uint8Array([0x2a, 0x2a, 0x2a, 0x2a]) });
    // 8 bytes from 4 below the end of the initial memory (initial_memory_pages × 64 KiB).
    const end = Number(p.initial_memory_pages) * 65536;
    const outside = run(assemble({ functions: [{ export: 'run', body: [op.i32(end - 4), op.i32(0), op.i32(8), memoryFill] }] }));
    t.deepEqual(outside.aborted, { kind: 'WasmTrap', trap: 'MemoryOutOfBounds' });
    // A count too large to pay for runs out of gas before the operator (the fee is charged first).
    const huge = run(assemble({ functions: [{ export: 'run', body: [op.i32(0), op.i32(0), op.i32(-1), memoryFill] }] }));
    t.like(huge.aborted, { kind: 'HostError', error: { kind: 'GasExceeded' } });
  });

  test(`${version}: reference types (a funcref local, ref.null, ref.is_null) are refused through 83, from 84 regular operators`, (t) => {
    const body: Instr[] = [[0xd0, FUNCREF], [0xd1], op.drop, op.localGet(0), [0xd1], op.drop];
    const wasm = assemble({ functions: [{ export: 'run', locals: [FUNCREF], body }] });
    const outcome = run(wasm);
    if (!p.reftypes_bulk_memory) return notEnabled(t, outcome);
    t.is(outcome.aborted, undefined);
    // A reference takes 8 bytes of the frame (finite-wasm's SimpleMaxStackCfg).
    t.is(outcome.burntGas, loading(wasm) + BigInt(Math.floor((64 + 8 + 7) / 8)) * regular + 6n * regular);
  });
}
