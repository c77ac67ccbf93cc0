// A pre-initialised contract (what Wizer does for wasm and Javy for QuickJS):
// the start-up runs once at build time (snapshot.ts), its memory becomes the
// wasm's data and its mutable globals their initial values, and each method
// export calls the method directly. The start-up code itself, now unreachable,
// is dropped, and so is the bytecode it read (QuickJS copied it into the heap).
import binaryen from 'binaryen';
import { BuildError } from './errors.ts';
import { addMethods, MVP_FEATURES } from './contract-image.ts';
import { takeSnapshot, type CapturedGlobal, type Snapshot } from './snapshot.ts';
import { zeroDeadMemory } from './dead-memory.ts';
import { STACK_SIZE, type ContractRuntime } from './runtime.ts';
import { replaceDataSegments, setMemoryMinimum, type DataSegment } from './wasm-data.ts';

/** A run of zeros shorter than this stays inside a segment: a new segment's
 *  header (flags, offset expression, length) costs about as many bytes. */
const MIN_ZERO_GAP = 8;

export interface PreinitStats {
  /** Bytes of non-zero memory the image carries, and in how many segments. */
  imageBytes: number;
  segments: number;
  pages: number;
}

/** The non-zero bytes of memory as data segments, in address order. */
export function memorySegments(memory: Uint8Array): DataSegment[] {
  const segments: DataSegment[] = [];
  const n = memory.length;
  let at = 0;
  for (;;) {
    while (at < n && memory[at] === 0) at++;
    if (at === n) return segments;
    const start = at;
    let end: number;
    for (;;) {
      while (at < n && memory[at] !== 0) at++;
      end = at;
      let next = at;
      while (next < n && memory[next] === 0 && next - at < MIN_ZERO_GAP) next++;
      if (next === n || next - at >= MIN_ZERO_GAP) break;
      at = next; // a short gap: the segment goes on
    }
    segments.push({ address: start, bytes: memory.subarray(start, end) });
    at = end;
  }
}

function constant(module: binaryen.Module, global: CapturedGlobal): binaryen.ExpressionRef {
  switch (global.type) {
    case binaryen.i32: return module.i32.const(global.value as number);
    case binaryen.i64: {
      const v = BigInt.asUintN(64, global.value as bigint);
      return module.i64.const(Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0);
    }
    case binaryen.f32: return module.f32.const(global.value as number);
    case binaryen.f64: return module.f64.const(global.value as number);
    default: throw new BuildError(`cannot carry a global of binaryen type ${global.type} into the image`);
  }
}

function setGlobalInitialValues(module: binaryen.Module, globals: CapturedGlobal[]): void {
  const infos = globals.map((g) => ({ g, info: binaryen.getGlobalInfo(module.getGlobalByIndex(g.index)) }));
  // Re-adding appends: remove and re-add every global after the first changed
  // one, so that all keep their indices.
  const first = Math.min(...globals.map((g) => g.index));
  const tail: Array<{ name: string; type: binaryen.Type; mutable: boolean; init: binaryen.ExpressionRef }> = [];
  const count = module.getNumGlobals();
  for (let i = first; i < count; i++) {
    const info = binaryen.getGlobalInfo(module.getGlobalByIndex(i));
    const captured = infos.find((x) => x.g.index === i);
    tail.push({ name: info.name, type: info.type, mutable: info.mutable, init: captured ? constant(module, captured.g) : info.init });
  }
  for (const g of tail) module.removeGlobal(g.name);
  for (const g of tail) module.addGlobal(g.name, g.type, g.mutable, g.init);
}

export function preinitialisedImage(runtime: ContractRuntime, bytecode: Uint8Array, methods: string[], name: string): { wasm: Uint8Array; stats: PreinitStats } {
  const snapshot: Snapshot = takeSnapshot(runtime, bytecode, methods, name);
  // The bytecode was copied into QuickJS's heap: its buffer is dead.
  const { address, length } = snapshot.layout.bytecode;
  snapshot.memory.fill(0, address, address + length);
  // So are the stack below the stack pointer and the free heap chunks' payloads.
  // Below the stack pointer is only stack when the stack is linked first.
  const stackPointer = snapshot.globals[0].value as number;
  zeroDeadMemory(snapshot.memory, stackPointer === STACK_SIZE ? stackPointer : 0, snapshot.heapBase);
  const segments = memorySegments(snapshot.memory);

  const module = binaryen.readBinary(runtime.wasm);
  try {
    addMethods(module, runtime.codeCapacity, bytecode, methods, name, 'preinitialised');
    setGlobalInitialValues(module, snapshot.globals);
    module.setFeatures(MVP_FEATURES);
    // The start-up is no longer exported nor called: drop it and all it alone reached.
    module.runPasses(['remove-unused-module-elements']);
    if (!module.validate()) throw new BuildError(`${name}: the pre-initialised image does not validate`);
    const wasm = setMemoryMinimum(replaceDataSegments(module.emitBinary(), segments), snapshot.pages);
    return {
      wasm,
      stats: { imageBytes: segments.reduce((n, s) => n + s.bytes.length, 0), segments: segments.length, pages: snapshot.pages },
    };
  } finally {
    module.dispose();
  }
}
