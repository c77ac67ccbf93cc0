// Per-function instrumentation, as nearcore's finite-wasm analysis meters a
// function (runtime/near-vm-runner/src/near_vm_runner/runner.rs, protocol 78-83):
// - gas: `block`, `end` and `else` cost nothing, every other operator
//   regular_op_cost. Straight-line code is charged in one piece at its start; a
//   piece ends after a control instruction or a call, so a host function (used_gas,
//   a panic) sees exactly the operators before it; for operators that may trap the
//   VM is told how many operators of their piece follow them, to give those back.
//   Code after an unconditional branch is never reached, so never charged.
// - frame: entering a function costs ((frame + 7) / 8) * regular_op_cost, frame =
//   64 bytes + the sizes of its parameters and locals.
// - stack: entering a function takes frame + its largest operand stack (in bytes)
//   from a budget of max_stack_height, given back when it returns; running out is
//   a trap the VM reports as StackOverflow.
// - from 84 (Wasmtime, prepare_v3): bulk memory and reference types are accepted;
//   memory.grow, memory.init/copy/fill and table.init/copy/fill/grow are charged
//   linear_op_base_cost + count × linear_op_unit_cost right before they run.
import { Reader, sleb, uleb } from './wasm-reader.ts';

export class InstrumentError extends Error {}

export interface FuncType {
  params: number[]; // value type bytes
  results: number[];
}

export interface ModuleTypes {
  types: FuncType[];
  /** Type index of every function, imports first. */
  functions: number[];
  /** Value type of every global. */
  globals: number[];
}

export interface InstrumentOptions {
  regularOpCost: bigint;
  gasGlobal: number;
  stackGlobal: number;
  /** From protocol 84 (Wasmtime, prepare_v3's SimpleGasCostCfg): memory.grow, memory.init/copy/fill and
   *  table.init/copy/fill/grow cost linear_op_base_cost + count × linear_op_unit_cost instead of regular_op_cost,
   *  count being their last operand (pages, bytes, elements). */
  linearOps?: { base: bigint; perUnit: bigint };
  /** From 84 (reftypes_bulk_memory, runtime/near-vm-runner/src/features.rs): bulk memory and reference types. */
  reftypesBulkMemory?: boolean;
}

const FUNCREF = 0x70;
const EXTERNREF = 0x6f;
/** finite-wasm's SimpleMaxStackCfg: references take 8 bytes. */
const VALUE_SIZE: Record<number, number> = { 0x7f: 4, 0x7e: 8, 0x7d: 4, 0x7c: 8, [FUNCREF]: 8, [EXTERNREF]: 8 };
const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;

function sizeOf(type: number): number {
  const size = VALUE_SIZE[type];
  if (size === undefined) throw new InstrumentError(`value type 0x${type.toString(16)} is not enabled`);
  return size;
}

/** Instructions after which a new gas piece starts. */
const ENDS_PIECE = new Set([0x00, 0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11]);
/** Operators that may trap mid-piece (finite-wasm's trapping instructions, besides calls and control):
 *  loads and stores, integer division and remainder, float-to-int truncation. */
function mayTrap(op: number): boolean {
  return (op >= 0x28 && op <= 0x3e) || (op >= 0x6d && op <= 0x70) || (op >= 0x7f && op <= 0x82) || (op >= 0xa8 && op <= 0xab) || (op >= 0xae && op <= 0xb1);
}

/** Free operators (finite-wasm's GasCostCfg in nearcore). */
const FREE = new Set([0x02, 0x05, 0x0b]);

/** Result type of numeric conversions 0xa7-0xbf. */
function conversionResult(op: number): number {
  if (op <= 0xab || op === 0xbc) return I32;
  if (op <= 0xb1 || op === 0xbd) return I64;
  if (op <= 0xb6 || op === 0xbe) return F32;
  return F64;
}

interface Frame {
  height: number; // operand count at entry
  results: number[];
  polymorphic: boolean;
}

/** Operand-stack simulation of one function, as finite-wasm's max_stack analysis. */
class OperandStack {
  private operands: number[] = [];
  private size = 0;
  max = 0;
  readonly frames: Frame[] = [];

  constructor(results: number[]) {
    this.frames.push({ height: 0, results, polymorphic: false });
  }

  private get top(): Frame {
    return this.frames[this.frames.length - 1];
  }

  push(type: number): void {
    if (this.top.polymorphic) return;
    const s = sizeOf(type);
    this.operands.push(s);
    this.size += s;
    if (this.size > this.max) this.max = this.size;
  }

  pop(count = 1): void {
    if (this.top.polymorphic) return;
    for (let i = 0; i < count; i++) {
      const s = this.operands.pop();
      if (s === undefined) throw new InstrumentError('operand stack underflow');
      this.size -= s;
    }
  }

  unreachable(): void {
    this.top.polymorphic = true;
  }

  enter(results: number[]): void {
    this.frames.push({ height: this.operands.length, results, polymorphic: this.top.polymorphic });
  }

  private truncate(frame: Frame): void {
    while (this.operands.length > frame.height) this.size -= this.operands.pop()!;
  }

  /** `else`: back to the height at `if`, reachable again if the `if` was. */
  restart(): void {
    const frame = this.frames.pop()!;
    this.truncate(frame);
    this.frames.push({ height: frame.height, results: frame.results, polymorphic: this.top.polymorphic });
  }

  /** `end`: pops the frame and pushes its results; false at the function's own end. */
  leave(): boolean {
    if (this.frames.length === 1) return false;
    const frame = this.frames.pop()!;
    this.truncate(frame);
    for (const t of frame.results) this.push(t);
    return true;
  }

  get depth(): number {
    return this.frames.length - 1;
  }
}

function blockResults(r: Reader, refs: boolean): number[] {
  const bt = r.byte();
  if (bt === 0x40) return [];
  if (bt === I32 || bt === I64 || bt === F32 || bt === F64 || (refs && (bt === FUNCREF || bt === EXTERNREF))) return [bt];
  throw new InstrumentError('multi-value block types are not enabled');
}

/** The instrumented function body (locals and code, without its size), and its stack size. */
export interface InstrumentedFunction {
  body: number[];
  locals: number;
  /** block, loop and if instructions (max_blocks_per_function). */
  blocks: number;
  /** Largest operand stack in bytes (max_operand_stack_bytes_per_function). */
  operandStack: number;
  /** [offset in `body`, operators of its piece after it]: what a trap there has been charged for but nearcore would not. */
  traps: Array<[number, number]>;
}

export function instrumentFunction(code: Uint8Array, start: number, end: number, type: FuncType, module: ModuleTypes, options: InstrumentOptions): InstrumentedFunction {
  const r = new Reader(code, start);
  const localTypes = [...type.params];
  const groups = r.u32();
  let declared = 0;
  for (let g = 0; g < groups; g++) {
    const n = r.u32();
    const t = r.byte();
    sizeOf(t);
    if ((t === FUNCREF || t === EXTERNREF) && !options.reftypesBulkMemory) throw new InstrumentError(`value type 0x${t.toString(16)} is not enabled`);
    declared += n;
    if (declared > 50_000_000) throw new InstrumentError('too many locals');
    for (let i = 0; i < n; i++) localTypes.push(t);
  }
  const frameSize = localTypes.reduce((s, t) => s + sizeOf(t), 64);
  const localsBytes = code.subarray(start, r.at);
  // A scratch i32 local after the contract's own, for the count of an operator with a linear fee.
  const scratch = localTypes.length;
  let blocks = 0;
  const refs = options.reftypesBulkMemory === true;
  /** The operator, preceded by its linear fee on the count on top of the stack (from 84), or undefined before 84. */
  const linearCharge = (opBytes: number[]): number[] | undefined => {
    const linear = options.linearOps;
    if (!linear) return undefined;
    // local.tee count; gas -= count × unit + base; trap below 0; then the operator.
    const g = uleb(options.gasGlobal);
    const t = uleb(scratch);
    return [
      0x22, ...t, 0x23, ...g, 0x20, ...t, 0xad, 0x42, ...sleb(linear.perUnit), 0x7e, 0x7d, 0x42, ...sleb(linear.base), 0x7d, 0x24, ...g,
      0x23, ...g, 0x42, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b, ...opBytes,
    ];
  };
  const notEnabled = (what: string) => new InstrumentError(`${what} is not enabled`);

  const stack = new OperandStack(type.results);
  // Pieces: [meter cost, bytes]; the first carries the frame's cost.
  type Piece = { ops: number; bytes: number[]; traps: Array<[number, number]> };
  const pieces: Piece[] = [];
  let piece: Piece = { ops: 0, bytes: [], traps: [] };
  let finished = false;
  while (!finished) {
    if (r.at >= end) throw new InstrumentError('function body does not end with `end`');
    const at = r.at;
    const op = r.byte();
    let replaced: number[] | undefined;
    let free = FREE.has(op);
    /** Bulk-memory and table operators can trap out of bounds. */
    let trapping = op === 0x25 || op === 0x26;
    if (op === 0x02 || op === 0x03 || op === 0x04) blocks++;
    switch (true) {
      case op === 0x00: stack.unreachable(); break;
      case op === 0x01: break;
      case op === 0x02 || op === 0x03: stack.enter(blockResults(r, refs)); break;
      case op === 0x04: { stack.pop(); stack.enter(blockResults(r, refs)); break; }
      case op === 0x05: stack.restart(); break;
      case op === 0x0b: if (!stack.leave()) finished = true; break;
      case op === 0x0c: r.u32(); stack.unreachable(); break;
      case op === 0x0d: r.u32(); stack.pop(); break;
      case op === 0x0e: { const n = r.u32(); for (let i = 0; i <= n; i++) r.u32(); stack.pop(); stack.unreachable(); break; }
      case op === 0x0f:
        // `return` becomes a branch to the block wrapping the body, so the stack budget is given back.
        replaced = [0x0c, ...uleb(stack.depth)];
        stack.unreachable();
        break;
      case op === 0x10 || op === 0x11: {
        const callee = op === 0x10 ? module.types[module.functions[r.u32()]] : module.types[r.u32()];
        // With reference types the table index is a LEB u32 (LLVM writes 0 in 5 bytes); before, one zero byte.
        if (op === 0x11 && (refs ? r.u32() : r.byte()) !== 0) throw new InstrumentError('call_indirect: table index must be 0');
        if (!callee) throw new InstrumentError('call to an unknown function or type');
        if (op === 0x11) stack.pop();
        stack.pop(callee.params.length);
        for (const t of callee.results) stack.push(t);
        break;
      }
      case op === 0x1a: stack.pop(); break;
      case op === 0x1b: stack.pop(2); break;
      case op === 0x1c: {
        // Typed select (reference types): a vector of one result type.
        if (!refs) throw notEnabled('typed select');
        const n = r.u32();
        const types = Array.from({ length: n }, () => r.byte());
        stack.pop(3);
        stack.push(types[0] ?? I32);
        break;
      }
      case op === 0x25: if (!refs) throw notEnabled('table.get'); r.u32(); stack.pop(); stack.push(FUNCREF); break;
      case op === 0x26: if (!refs) throw notEnabled('table.set'); r.u32(); stack.pop(2); break;
      case op === 0xd0: { if (!refs) throw notEnabled('ref.null'); const t = r.byte(); stack.push(t); break; }
      case op === 0xd1: if (!refs) throw notEnabled('ref.is_null'); stack.pop(); stack.push(I32); break;
      case op === 0xd2: if (!refs) throw notEnabled('ref.func'); r.u32(); stack.push(FUNCREF); break;
      case op === 0x20: stack.push(localTypes[r.u32()] ?? I32); break;
      case op === 0x21: r.u32(); stack.pop(); break;
      case op === 0x22: r.u32(); break;
      case op === 0x23: stack.push(module.globals[r.u32()] ?? I32); break;
      case op === 0x24: r.u32(); stack.pop(); break;
      case op >= 0x28 && op <= 0x35: {
        r.u32(); r.u32();
        stack.pop();
        stack.push(op === 0x28 || (op >= 0x2c && op <= 0x2f) ? I32 : op === 0x2a ? F32 : op === 0x2b ? F64 : I64);
        break;
      }
      case op >= 0x36 && op <= 0x3e: r.u32(); r.u32(); stack.pop(2); break;
      case op === 0x3f: if (r.byte() !== 0) throw new InstrumentError('memory index must be 0'); stack.push(I32); break;
      case op === 0x40: {
        if (r.byte() !== 0) throw new InstrumentError('memory index must be 0');
        // memory.grow, charged right before it by the pages asked for (from 84).
        replaced = linearCharge([0x40, 0x00]);
        if (replaced) free = true;
        break;
      }
      case op === 0x41: r.skipSigned(5); stack.push(I32); break;
      case op === 0x42: r.skipSigned(10); stack.push(I64); break;
      case op === 0x43: r.skip(4); stack.push(F32); break;
      case op === 0x44: r.skip(8); stack.push(F64); break;
      // eqz: [t] -> [i32]; comparisons: [t t] -> [i32]
      case op === 0x45 || op === 0x50: stack.pop(); stack.push(I32); break;
      case (op >= 0x46 && op <= 0x4f) || (op >= 0x51 && op <= 0x66): stack.pop(2); stack.push(I32); break;
      // unary [t] -> [t], incl. sign extension 0xc0-0xc4
      case (op >= 0x67 && op <= 0x69) || (op >= 0x79 && op <= 0x7b) || (op >= 0x8b && op <= 0x91) || (op >= 0x99 && op <= 0x9f) || (op >= 0xc0 && op <= 0xc4): break;
      // binary [t t] -> [t]
      case (op >= 0x6a && op <= 0x78) || (op >= 0x7c && op <= 0x8a) || (op >= 0x92 && op <= 0x98) || (op >= 0xa0 && op <= 0xa6): stack.pop(); break;
      case op >= 0xa7 && op <= 0xbf: stack.pop(); stack.push(conversionResult(op)); break;
      case op === 0xfc: {
        const sub = r.u32();
        if (sub <= 7) {
          // Saturating float-to-int (protocol 78's saturating_float_to_int).
          stack.pop();
          stack.push(sub < 4 ? I32 : I64);
          break;
        }
        if (!refs || sub > 17) throw notEnabled(`instruction 0xfc ${sub}`);
        // Bulk memory and table operators (from 84): memory.init 8, data.drop 9, memory.copy 10, memory.fill 11,
        // table.init 12, elem.drop 13, table.copy 14, table.grow 15, table.size 16, table.fill 17.
        const immediates = sub === 9 || sub === 11 || sub === 13 || sub === 15 || sub === 16 || sub === 17 ? 1 : 2;
        const args: number[] = [];
        for (let i = 0; i < immediates; i++) args.push(r.u32());
        if ((sub === 8 && args[1] !== 0) || (sub === 10 && (args[0] !== 0 || args[1] !== 0)) || (sub === 11 && args[0] !== 0)) throw new InstrumentError('memory index must be 0');
        if (sub === 16) { stack.push(I32); break; }
        if (sub === 9 || sub === 13) break;
        if (sub === 15) { stack.pop(2); stack.push(I32); } else stack.pop(3);
        // Every one of them but data.drop, elem.drop and table.size has a linear fee on its count.
        replaced = linearCharge([...code.subarray(at, r.at)]);
        if (replaced) free = true;
        trapping = sub !== 15;
        break;
      }
      default:
        throw new InstrumentError(`instruction 0x${op.toString(16)} is not enabled`);
    }
    if (!free) piece.ops++;
    if (mayTrap(op) || trapping) piece.traps.push([piece.bytes.length, piece.ops]);
    const bytes = replaced ?? code.subarray(at, r.at);
    for (let i = 0; i < bytes.length; i++) piece.bytes.push(bytes[i]);
    if (ENDS_PIECE.has(op)) {
      pieces.push(piece);
      piece = { ops: 0, bytes: [], traps: [] };
    }
  }
  if (r.at !== end) throw new InstrumentError('code after the end of the function body');

  const stackSize = frameSize + stack.max;
  const frameCost = BigInt(Math.ceil(frameSize / 8)) * options.regularOpCost;
  const g = uleb(options.gasGlobal);
  const s = uleb(options.stackGlobal);
  const size = sleb(BigInt(stackSize));
  const out: number[] = [];
  const emit = (bytes: ArrayLike<number>) => { for (let i = 0; i < bytes.length; i++) out.push(bytes[i]); };
  if (options.linearOps) {
    // The locals vector with one more group: (1, i32).
    const lr = new Reader(code, start);
    emit(uleb(lr.u32() + 1));
    emit(code.subarray(lr.at, start + localsBytes.length));
    emit([0x01, I32]);
  } else {
    emit(localsBytes);
  }
  // Stack budget: take stackSize; below zero, trap (the VM reads the global to name it StackOverflow).
  emit([0x23, ...s, 0x41, ...size, 0x6b, 0x24, ...s, 0x23, ...s, 0x41, 0x00, 0x48, 0x04, 0x40, 0x00, 0x0b]);
  // The body inside a block of the function's result type: `return` and branches to the function's
  // label land at its end, where the budget is given back.
  emit([0x02, type.results.length === 0 ? 0x40 : type.results[0]]);
  const traps: Array<[number, number]> = [];
  pieces.forEach((p, i) => {
    const cost = BigInt(p.ops) * options.regularOpCost + (i === 0 ? frameCost : 0n);
    // global.get g; i64.const cost; i64.sub; global.set g; global.get g; i64.const 0; i64.lt_s; if; unreachable; end
    if (cost > 0n) emit([0x23, ...g, 0x42, ...sleb(cost), 0x7d, 0x24, ...g, 0x23, ...g, 0x42, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b]);
    for (const [at, charged] of p.traps) if (p.ops > charged) traps.push([out.length + at, p.ops - charged]);
    emit(p.bytes);
  });
  // The original final `end` closed the wrapping block; give the budget back and end the function.
  emit([0x23, ...s, 0x41, ...size, 0x6a, 0x24, ...s, 0x0b]);
  return { body: out, locals: declared, blocks, operandStack: stack.max, traps };
}
