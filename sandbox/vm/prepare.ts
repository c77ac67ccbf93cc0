// Contract preparation, as nearcore's: check imports and limits, give the
// module nearcore's memory size, and add gas metering. Metering is per segment
// of straight-line code (ended by a control instruction): at its start, the
// segment's instruction count times regular_op_cost is taken from a mutable i64
// global `__near_gas`; below zero the module traps with `unreachable`, and the
// VM reads the global to tell out-of-gas from other traps.
import { LIMITS, REGULAR_OP_COST } from '../params/runtime-config.ts';
import { CONTROL, instruction, Reader, sections, sleb, uleb } from './wasm-reader.ts';

export const GAS_GLOBAL_EXPORT = '__near_gas';

export class PrepareError extends Error {}

export interface PreparedContract {
  wasm: Uint8Array;
  /** `env` functions the module imports. */
  imports: string[];
  importsMemory: boolean;
}

/** push(...bytes) overflows the call stack for large arrays. */
function append(out: number[], bytes: ArrayLike<number>): void {
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
}

function concat(...parts: ArrayLike<number>[]): number[] {
  const out: number[] = [];
  for (const p of parts) append(out, p);
  return out;
}

function section(id: number, body: ArrayLike<number>): number[] {
  const out = [id, ...uleb(body.length)];
  append(out, body);
  return out;
}

function meter(globalIndex: number, cost: bigint): number[] {
  const g = uleb(globalIndex);
  // global.get g; i64.const cost; i64.sub; global.set g; global.get g; i64.const 0; i64.lt_s; if; unreachable; end
  return [0x23, ...g, 0x42, ...sleb(cost), 0x7d, 0x24, ...g, 0x23, ...g, 0x42, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b];
}

function skipLimits(r: Reader): void {
  const flags = r.byte();
  r.u32();
  if (flags & 1) r.u32();
}

export function prepareContract(code: Uint8Array): PreparedContract {
  let secs;
  try {
    secs = sections(code);
  } catch (error) {
    throw new PrepareError(`Deserialization: ${(error as Error).message}`);
  }
  const imports: string[] = [];
  const importedGlobals = 0; // any imported global is rejected above
  let importsMemory = false;
  let definedGlobals = 0;
  let functionCount = 0;
  const out: number[] = [];
  append(out, code.subarray(0, 8));
  const has = (id: number) => secs.some((s) => s.id === id);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let gasGlobal = -1;

  const globalIndex = () => {
    if (gasGlobal < 0) throw new PrepareError('internal: gas global not placed');
    return gasGlobal;
  };

  // First pass: imports and globals decide the gas global's index.
  for (const s of secs) {
    const r = new Reader(code, s.start);
    if (s.id === 2) {
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const mlen = r.u32();
        const moduleName = decoder.decode(code.subarray(r.at, r.at + mlen));
        r.skip(mlen);
        const flen = r.u32();
        const field = decoder.decode(code.subarray(r.at, r.at + flen));
        r.skip(flen);
        const kind = r.byte();
        if (moduleName !== 'env') throw new PrepareError(`Instantiate: module imports "${moduleName}.${field}"; only "env" is provided`);
        if (kind === 0) {
          r.u32();
          imports.push(field);
          functionCount++;
        } else if (kind === 2 && field === 'memory') {
          skipLimits(r);
          importsMemory = true;
        } else {
          throw new PrepareError(`Instantiate: import env.${field} is not a function NEAR provides`);
        }
      }
    } else if (s.id === 6) {
      definedGlobals = r.u32();
    } else if (s.id === 3) {
      functionCount += r.u32();
    } else if (s.id === 4) {
      if (r.u32() > LIMITS.maxTablesPerContract) throw new PrepareError('TooManyTables');
    }
  }
  if (functionCount > LIMITS.maxFunctionsNumberPerContract) throw new PrepareError(`TooManyFunctions: ${functionCount}`);
  gasGlobal = importedGlobals + definedGlobals;

  const gasGlobalEntry = [0x7e, 0x01, 0x42, 0x00, 0x0b]; // mut i64 = 0
  const gasExport = [...uleb(GAS_GLOBAL_EXPORT.length), ...new TextEncoder().encode(GAS_GLOBAL_EXPORT), 0x03, ...uleb(globalIndex())];
  let locals = 0;

  const added = new Set<number>();
  const addMissing = (beforeId: number) => {
    // The global and export sections we create when the module has none, in wasm's section order.
    for (const id of [6, 7]) {
      if (id >= beforeId || has(id) || added.has(id)) continue;
      append(out, section(id, id === 6 ? [1, ...gasGlobalEntry] : [1, ...gasExport]));
      added.add(id);
    }
  };

  for (const s of secs) {
    const body = code.subarray(s.start, s.end);
    const r = new Reader(code, s.start);
    if (s.id !== 0) addMissing(s.id);
    if (s.id === 5) {
      // nearcore replaces the contract's memory with one of its configured size.
      const n = r.u32();
      if (n > 1) throw new PrepareError('MultipleMemories');
      const limits = [0x01, ...uleb(LIMITS.initialMemoryPages), ...uleb(LIMITS.maxMemoryPages)];
      append(out, section(5, n === 0 ? [0] : [1, ...limits]));
    } else if (s.id === 6) {
      const n = r.u32();
      append(out, section(6, concat(uleb(n + 1), code.subarray(r.at, s.end), gasGlobalEntry)));
    } else if (s.id === 7) {
      const n = r.u32();
      append(out, section(7, concat(uleb(n + 1), code.subarray(r.at, s.end), gasExport)));
    } else if (s.id === 10) {
      const n = r.u32();
      const bodies: number[] = [...uleb(n)];
      for (let i = 0; i < n; i++) {
        const size = r.u32();
        const end = r.at + size;
        const localsStart = r.at;
        const groups = r.u32();
        for (let g = 0; g < groups; g++) {
          locals += r.u32();
          r.byte();
        }
        if (locals > LIMITS.maxLocalsPerContract) throw new PrepareError('TooManyLocals');
        const fn: number[] = [];
        append(fn, code.subarray(localsStart, r.at));
        let segmentStart = r.at;
        let count = 0n;
        try {
          while (r.at < end) {
            const op = instruction(r);
            count++;
            if (CONTROL.has(op)) {
              append(fn, meter(globalIndex(), count * REGULAR_OP_COST));
              append(fn, code.subarray(segmentStart, r.at));
              segmentStart = r.at;
              count = 0n;
            }
          }
        } catch (error) {
          throw new PrepareError(`Deserialization: ${(error as Error).message}`);
        }
        if (count !== 0n || r.at !== end) throw new PrepareError('Deserialization: function body does not end with `end`');
        append(bodies, uleb(fn.length));
        append(bodies, fn);
      }
      append(out, section(10, bodies));
    } else {
      append(out, section(s.id, body));
    }
  }
  addMissing(Number.MAX_SAFE_INTEGER);
  return { wasm: new Uint8Array(out), imports, importsMemory };
}
