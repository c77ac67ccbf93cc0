// A hand-assembled contract with one method per alt_bn128 / bls12381 host function, for
// the VM test (vm/test/curves.test.ts) and the node test (host-functions-curves.test.ts):
// each method reads its input into memory, calls the host function on it and returns
// the status (u64 LE, for the functions that return one) followed by register 1.
import { assemble, I64, op, type Func } from './wasm.ts';

/** A curve host function: whether it writes a register and whether it returns a status. */
export interface CurveFn { name: string; register: boolean; status: boolean }

export function curveImports(fns: readonly CurveFn[]) {
  return [
    { name: 'input', params: [I64] },
    { name: 'read_register', params: [I64, I64] },
    { name: 'register_len', params: [I64], results: [I64] },
    { name: 'write_register', params: [I64, I64, I64] },
    { name: 'value_return', params: [I64, I64] },
    ...fns.map((f) => ({ name: f.name, params: f.register ? [I64, I64, I64] : [I64, I64], results: f.status ? [I64] : [] })),
  ];
}

/** The methods (by name, for their operator counts) and the module; the input is read to address `inputAt`. */
export function curveContract(fns: readonly CurveFn[], inputAt: number): { methods: Record<string, Func>; wasm: Uint8Array } {
  const imports = curveImports(fns);
  const F = Object.fromEntries(imports.map((i, n) => [i.name, n])) as Record<string, number>;
  const methods: Record<string, Func> = Object.fromEntries(fns.map(({ name, register, status }) => [name, {
    export: name,
    body: [
      op.i64(0), op.call(F.input), op.i64(0), op.i64(inputAt), op.call(F.read_register),
      op.i64(1), op.i64(0), op.i64(0), op.call(F.write_register),
      ...(status ? [op.i32(0)] : []),
      op.i64(0), op.call(F.register_len), op.i64(inputAt), ...(register ? [op.i64(1)] : []), op.call(F[name]),
      ...(status ? [op.i64Store] : []),
      op.i64(1), op.i64(8), op.call(F.read_register),
      op.i64(1), op.call(F.register_len), op.i64(8), op.i64Add, op.i64(0), op.call(F.value_return),
    ],
  }]));
  return { methods, wasm: assemble({ imports, functions: Object.values(methods) }) };
}
