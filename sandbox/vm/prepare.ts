// Contract preparation, as nearcore's (prepare_v2, protocol 78-83; from 84 the
// limits of prepare_v3 and Wasmtime's memory.grow fee): check imports, features
// and limits, give the module nearcore's memory, and instrument every function
// (./instrument.ts) for gas and stack height. The
// instrumented module exports the gas meter (an i64 global the code decrements),
// the stack budget (an i32 global) and the memory, under names contracts cannot
// clash with in practice.
import type { RuntimeConfig } from '../params/runtime-config.ts';
import { instrumentFunction, type FuncType, type ModuleTypes } from './instrument.ts';
import { Reader, sections, sleb, uleb } from './wasm-reader.ts';

export const GAS_GLOBAL_EXPORT = '__near_gas';
export const STACK_GLOBAL_EXPORT = '__near_stack';
export const MEMORY_EXPORT = '__near_memory';

export class PrepareError extends Error {}

export interface PreparedContract {
  wasm: Uint8Array;
  /** `env` functions the module imports. */
  imports: string[];
  /** Exported functions: true when callable as a method, i.e. of type () -> () (nearcore's get_entrypoint_index). */
  methods: Map<string, boolean>;
  /** Operators that may trap, by byte offset in `wasm` (ascending), with the operators after them in their
   *  metered piece: charged in advance, but not by nearcore if the trap happens. */
  traps: { offsets: Uint32Array; uncharged: Uint32Array };
}

/** push(...bytes) overflows the call stack for large arrays. */
function append(out: number[], bytes: ArrayLike<number>): void {
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
}

function section(id: number, body: ArrayLike<number>): number[] {
  const out = [id, ...uleb(body.length)];
  append(out, body);
  return out;
}

function exportEntry(name: string, kind: number, index: number): number[] {
  const bytes = new TextEncoder().encode(name);
  return [...uleb(bytes.length), ...bytes, kind, ...uleb(index)];
}

/** Skips a constant expression (a global's initializer) up to its `end`. */
function skipInitExpr(r: Reader, refs: boolean): void {
  for (;;) {
    const op = r.byte();
    if (op === 0x0b) return;
    if (refs && op === 0xd0) { r.byte(); continue; } // ref.null t
    if (refs && op === 0xd2) { r.u32(); continue; } // ref.func f
    if (op === 0x41) r.skipSigned(5);
    else if (op === 0x42) r.skipSigned(10);
    else if (op === 0x43) r.skip(4);
    else if (op === 0x44) r.skip(8);
    else if (op === 0x23) r.u32();
    else throw new PrepareError('Deserialization: unsupported constant expression');
  }
}

function valueType(r: Reader, refs: boolean): number {
  const t = r.byte();
  if (refs && (t === 0x70 || t === 0x6f)) return t; // funcref, externref (reference types, from 84)
  if (t !== 0x7f && t !== 0x7e && t !== 0x7d && t !== 0x7c) throw new PrepareError(`Deserialization: value type 0x${t.toString(16)} is not enabled`);
  return t;
}

/** Section order of the wasm binary format (the data count section 12 sits before code). */
const ORDER: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, 12: 10, 10: 11, 11: 12 };

export function prepareContract(code: Uint8Array, config: RuntimeConfig): PreparedContract {
  const { limits } = config;
  // From 84 nearcore's Wasmtime configuration accepts bulk memory and reference types (features.rs).
  const refs = config.parameters.reftypes_bulk_memory;
  let secs;
  try {
    secs = sections(code);
  } catch (error) {
    throw new PrepareError(`Deserialization: ${(error as Error).message}`);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const readName = (r: Reader) => {
    const len = r.u32();
    const name = decoder.decode(code.subarray(r.at, r.at + len));
    r.skip(len);
    return name;
  };
  const imports: string[] = [];
  const module: ModuleTypes = { types: [], functions: [], globals: [] };
  let definedFunctions: number[] = [];
  const exportedFunctions = new Map<string, number>();

  // First pass: types, imports, functions, globals and tables.
  try {
    for (const s of secs) {
      const r = new Reader(code, s.start);
      if (s.id === 12 && !refs) throw new PrepareError('Deserialization: bulk memory operations are not enabled');
      if (s.id === 1) {
        const n = r.u32();
        if (limits.maxTypesPerContract !== null && n > limits.maxTypesPerContract) throw new PrepareError('TooManyTypes');
        for (let i = 0; i < n; i++) {
          if (r.byte() !== 0x60) throw new PrepareError('Deserialization: malformed function type');
          const params = Array.from({ length: r.u32() }, () => valueType(r, refs));
          const results = Array.from({ length: r.u32() }, () => valueType(r, refs));
          if (results.length > 1) throw new PrepareError('Deserialization: multiple function results are not enabled (multi-value)');
          module.types.push({ params, results });
        }
      } else if (s.id === 2) {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const moduleName = readName(r);
          const field = readName(r);
          const kind = r.byte();
          if (kind === 2) throw new PrepareError('Memory: the contract imports a memory; nearcore provides its own');
          if (moduleName !== 'env') throw new PrepareError(`Instantiate: module imports "${moduleName}.${field}"; only "env" is provided`);
          if (kind !== 0) throw new PrepareError(`Instantiate: import env.${field} is not a function NEAR provides`);
          module.functions.push(r.u32());
          imports.push(field);
        }
      } else if (s.id === 3) {
        definedFunctions = Array.from({ length: r.u32() }, () => r.u32());
        module.functions.push(...definedFunctions);
      } else if (s.id === 6) {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          module.globals.push(valueType(r, refs));
          r.byte();
          skipInitExpr(r, refs);
        }
      } else if (s.id === 4) {
        const tables = r.u32();
        // Before 82 there is no table limit, but without reference types a module has at most one.
        if (tables > (limits.maxTablesPerContract ?? 1)) throw new PrepareError('TooManyTables');
        if (tables === 1 && limits.maxElementsPerContractTable !== null) {
          r.byte();
          const flags = r.byte();
          const initial = r.u32();
          if (initial > limits.maxElementsPerContractTable || (flags & 1 && r.u32() > limits.maxElementsPerContractTable)) throw new PrepareError('TooManyTableElements');
        }
      } else if (s.id === 7) {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const name = readName(r);
          const kind = r.byte();
          const index = r.u32();
          if (kind === 0) exportedFunctions.set(name, index);
        }
      } else if (s.id === 5) {
        if (r.u32() > 1) throw new PrepareError('Deserialization: multiple memories are not enabled');
      }
    }
  } catch (error) {
    if (error instanceof PrepareError) throw error;
    throw new PrepareError(`Deserialization: ${(error as Error).message}`);
  }
  if (module.functions.length > limits.maxFunctionsNumberPerContract) throw new PrepareError(`TooManyFunctions: ${module.functions.length}`);
  for (const t of module.functions) if (!module.types[t]) throw new PrepareError('Deserialization: function of an unknown type');
  const methods = new Map<string, boolean>();
  for (const [name, index] of exportedFunctions) {
    const type = module.types[module.functions[index]];
    if (!type) throw new PrepareError('Deserialization: export of an unknown function');
    methods.set(name, type.params.length === 0 && type.results.length === 0);
  }

  const gasGlobal = module.globals.length;
  const stackGlobal = gasGlobal + 1;
  const newGlobals = [
    0x7e, 0x01, 0x42, 0x00, 0x0b, // mut i64 = 0: the gas meter, set by the VM
    0x7f, 0x01, 0x41, ...sleb(limits.maxStackHeight), 0x0b, // mut i32 = max_stack_height: the stack budget
  ];
  const newExports = [...exportEntry(GAS_GLOBAL_EXPORT, 3, gasGlobal), ...exportEntry(STACK_GLOBAL_EXPORT, 3, stackGlobal), ...exportEntry(MEMORY_EXPORT, 2, 0)];
  // nearcore replaces the contract's memory with one of its configured size, and gives one to a module without.
  const memory = [1, 0x01, ...uleb(limits.initialMemoryPages), ...uleb(limits.maxMemoryPages)];

  const out: number[] = [];
  append(out, code.subarray(0, 8));
  const present = new Set(secs.map((s) => s.id));
  const added = new Set<number>();
  const addMissing = (before: number) => {
    for (const [id, body] of [[5, memory], [6, [2, ...newGlobals]], [7, [3, ...newExports]]] as const) {
      if (ORDER[id] >= before || present.has(id) || added.has(id)) continue;
      append(out, section(id, body));
      added.add(id);
    }
  };

  const traps = { offsets: new Uint32Array(), uncharged: new Uint32Array() };
  let locals = 0;
  let blocks = 0;
  let params = 0;
  const wasmtime = config.parameters.vm_kind === 'Wasmtime';
  const linearOps = wasmtime ? { base: config.parameters.wasm_linear_op_base_cost, perUnit: config.parameters.wasm_linear_op_unit_cost } : undefined;
  const over = (value: number, limit: number | null) => limit !== null && value > limit;
  for (const s of secs) {
    const body = code.subarray(s.start, s.end);
    const r = new Reader(code, s.start);
    if (s.id !== 0) addMissing(ORDER[s.id] ?? Number.MAX_SAFE_INTEGER);
    if (s.id === 5) {
      append(out, section(5, memory));
    } else if (s.id === 6) {
      const n = r.u32();
      const entries = [...uleb(n + 2)];
      append(entries, code.subarray(r.at, s.end));
      append(entries, newGlobals);
      append(out, section(6, entries));
    } else if (s.id === 7) {
      const n = r.u32();
      const entries = [...uleb(n + 3)];
      append(entries, code.subarray(r.at, s.end));
      append(entries, newExports);
      append(out, section(7, entries));
    } else if (s.id === 10) {
      const n = r.u32();
      if (n !== definedFunctions.length) throw new PrepareError('Deserialization: function and code section counts differ');
      const bodies: number[] = [...uleb(n)];
      const trapsInBodies: Array<[number, number]> = [];
      for (let i = 0; i < n; i++) {
        const size = r.u32();
        const end = r.at + size;
        const type: FuncType = module.types[definedFunctions[i]];
        if (over(size, limits.maxFunctionBodySize)) throw new PrepareError('FunctionBodyTooLarge');
        params += type.params.length;
        if (over(type.params.length, limits.maxParamsPerFunction)) throw new PrepareError('TooManyParamsPerFunction');
        if (over(params, limits.maxParamsPerContract)) throw new PrepareError('TooManyParamsPerContract');
        let instrumented;
        try {
          instrumented = instrumentFunction(code, r.at, end, type, module, { regularOpCost: config.regularOpCost, gasGlobal, stackGlobal, linearOps, reftypesBulkMemory: refs });
        } catch (error) {
          // InstrumentError, or the reader running past the end of the body.
          throw new PrepareError(`Deserialization: ${(error as Error).message}`);
        }
        locals += instrumented.locals;
        if (locals > limits.maxLocalsPerContract) throw new PrepareError('TooManyLocals');
        blocks += instrumented.blocks;
        if (over(instrumented.blocks, limits.maxBlocksPerFunction)) throw new PrepareError('TooManyBlocksPerFunction');
        if (over(blocks, limits.maxBlocksPerContract)) throw new PrepareError('TooManyBlocksPerContract');
        if (over(instrumented.operandStack, limits.maxOperandStackBytesPerFunction)) throw new PrepareError('OperandStackTooLarge');
        append(bodies, uleb(instrumented.body.length));
        for (const [at, ops] of instrumented.traps) trapsInBodies.push([bodies.length + at, ops]);
        append(bodies, instrumented.body);
        r.at = end;
      }
      const start = out.length + 1 + uleb(bodies.length).length;
      traps.offsets = Uint32Array.from(trapsInBodies, ([at]) => start + at);
      traps.uncharged = Uint32Array.from(trapsInBodies, ([, ops]) => ops);
      append(out, section(10, bodies));
    } else if (s.id !== 0) {
      append(out, section(s.id, body));
    }
    // Custom sections are dropped, as nearcore's discard_custom_sections does.
  }
  addMissing(Number.MAX_SAFE_INTEGER);
  // prepare_v3.rs prepare_contract: the instrumented module over max_instrumented_code_size (84.yaml, a guard
  // for Cranelift) is InstrumentedCodeTooLarge. The size measured is this node's instrumented module, whose
  // bytes are not nearcore's instrument_v3 output: near the limit the two can disagree.
  const maxInstrumented = config.parameters.max_instrumented_code_size;
  if (maxInstrumented !== null && BigInt(out.length) > maxInstrumented) throw new PrepareError('InstrumentedCodeTooLarge');
  return { wasm: new Uint8Array(out), imports, methods, traps };
}
