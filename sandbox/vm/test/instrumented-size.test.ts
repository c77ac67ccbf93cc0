// max_instrumented_code_size (84.yaml, prepare_v3.rs prepare_contract): a module
// whose instrumented code is over the limit fails preparation with
// PrepareError::InstrumentedCodeTooLarge; at the limit it passes. As nearcore's
// own test (prepare.rs instrumented_code_too_large), the limit is set around the
// size the module instruments to. None before 84.
import test from 'ava';
import { runtimeConfig, type RuntimeConfig } from '../../params/runtime-config.ts';
import { assemble, op } from '../../test/gas/wasm.ts';
import { createVM } from '../index.ts';
import { PrepareError, prepareContract } from '../prepare.ts';
import { code, context, MemoryStorage } from './context.ts';

/** A method with `n` blocks, each holding one charged operator. */
const manyBlocks = (n: number) => assemble({ functions: [{ export: 'main', body: Array.from({ length: n }, () => [...op.block, ...op.nop, ...op.end]) }] });
const withLimit = (config: RuntimeConfig, limit: bigint | null): RuntimeConfig => ({ ...config, parameters: { ...config.parameters, max_instrumented_code_size: limit } });

test('84+: over max_instrumented_code_size is InstrumentedCodeTooLarge; exactly at it passes', (t) => {
  const config = runtimeConfig(85);
  t.is(config.parameters.max_instrumented_code_size, 16_777_216n);
  const wasm = manyBlocks(200);
  const size = BigInt(prepareContract(wasm, withLimit(config, null)).wasm.length);
  t.is(BigInt(prepareContract(wasm, withLimit(config, size)).wasm.length), size);
  t.throws(() => prepareContract(wasm, withLimit(config, size - 1n)), { instanceOf: PrepareError, message: 'InstrumentedCodeTooLarge' });
  // What a call reports: CompilationError(PrepareError(InstrumentedCodeTooLarge)), before any gas is burnt.
  const outcome = createVM(withLimit(config, size - 1n)).runFunction(code(wasm), 'main', context({}), new MemoryStorage());
  t.deepEqual(outcome.aborted, { kind: 'CompilationError', message: 'PrepareError: InstrumentedCodeTooLarge' });
  t.is(outcome.burntGas, 0n);
});

test('before 84 there is no max_instrumented_code_size', (t) => {
  t.is(runtimeConfig(83).parameters.max_instrumented_code_size, null);
  t.notThrows(() => prepareContract(manyBlocks(200), runtimeConfig(83)));
});
