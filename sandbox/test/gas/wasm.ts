// Hand-assembled wasm fixtures for the gas tests: every instruction is listed,
// so a test can count the operators nearcore's finite-wasm charges without
// trusting a compiler to keep them as written.
import { sleb, uleb } from '../../vm/wasm-reader.ts';

export type Instr = number[];
export const I32 = 0x7f;
export const I64 = 0x7e;

export const op = {
  unreachable: [0x00], nop: [0x01], else: [0x05], end: [0x0b], return: [0x0f], drop: [0x1a],
  block: [0x02, 0x40], loop: [0x03, 0x40], if: [0x04, 0x40],
  br: (d: number) => [0x0c, ...uleb(d)], brIf: (d: number) => [0x0d, ...uleb(d)],
  call: (f: number) => [0x10, ...uleb(f)],
  localGet: (i: number) => [0x20, ...uleb(i)], localSet: (i: number) => [0x21, ...uleb(i)], localTee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(BigInt(v))], i64: (v: bigint | number) => [0x42, ...sleb(BigInt(v))],
  f32: (v: number) => { const b = Buffer.alloc(4); b.writeFloatLE(v); return [0x43, ...b]; },
  i32Add: [0x6a], i32Sub: [0x6b], i32DivS: [0x6d], i32Load: [0x28, 2, 0], i32Eqz: [0x45], i64Add: [0x7c], i32Store: [0x36, 2, 0], i64Store: [0x37, 3, 0],
  i32TruncSatF32S: [0xfc, 0x00], memoryGrow: [0x40, 0x00],
};

/** Operators nearcore charges regular_op_cost for: all but block, end and else. */
export function chargedOps(body: Instr[]): number {
  return body.filter((i) => i[0] !== 0x02 && i[0] !== 0x0b && i[0] !== 0x05).length;
}

/** finite-wasm's frame size: 64 bytes plus parameters and locals (i32/f32 4, i64/f64 8). */
export function frameSize(params: number[], locals: number[]): number {
  return [...params, ...locals].reduce((s, t) => s + (t === I32 || t === 0x7d ? 4 : 8), 64);
}

export interface Func {
  export?: string;
  params?: number[];
  results?: number[];
  locals?: number[];
  body: Instr[]; // without the final `end`
}

export interface ModuleSpec {
  imports?: Array<{ name: string; params: number[]; results?: number[] }>;
  functions: Func[];
  /** Bytes placed in memory at offset 0. */
  data?: Uint8Array;
  /** Export the memory as "memory" (nearcore does not require it). */
  exportMemory?: boolean;
  /** Declare a memory at all (nearcore gives one anyway). */
  memory?: boolean;
}

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => { const b = [...Buffer.from(s)]; return [...uleb(b.length), ...b]; };
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

export function assemble(spec: ModuleSpec): Uint8Array {
  const imports = spec.imports ?? [];
  const types: string[] = [];
  const typeIndex = (params: number[], results: number[] = []) => {
    const key = JSON.stringify([params, results]);
    if (!types.includes(key)) types.push(key);
    return types.indexOf(key);
  };
  const importEntries = imports.map((i) => [...name('env'), ...name(i.name), 0x00, ...uleb(typeIndex(i.params, i.results))]);
  const funcTypes = spec.functions.map((f) => uleb(typeIndex(f.params ?? [], f.results ?? [])));
  const typeEntries = types.map((k) => { const [p, r] = JSON.parse(k) as [number[], number[]]; return [0x60, ...vec(p.map((t) => [t])), ...vec(r.map((t) => [t]))]; });
  const exports: number[][] = [];
  spec.functions.forEach((f, i) => { if (f.export) exports.push([...name(f.export), 0x00, ...uleb(imports.length + i)]); });
  if (spec.exportMemory) exports.push([...name('memory'), 0x02, 0x00]);
  const bodies = spec.functions.map((f) => {
    const locals = (f.locals ?? []).map((t) => [1, t]);
    const code = [...vec(locals), ...f.body.flat(), 0x0b];
    return [...uleb(code.length), ...code];
  });
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  out.push(...section(1, vec(typeEntries)));
  if (imports.length) out.push(...section(2, vec(importEntries)));
  out.push(...section(3, vec(funcTypes)));
  if (spec.memory !== false) out.push(...section(5, [1, 0x00, 1]));
  out.push(...section(7, vec(exports)));
  out.push(...section(10, vec(bodies)));
  if (spec.data) out.push(...section(11, [1, 0x00, 0x41, 0x00, 0x0b, ...uleb(spec.data.length), ...spec.data]));
  return new Uint8Array(out);
}
