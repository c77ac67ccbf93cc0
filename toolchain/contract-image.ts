// Runtime + one contract's bytecode -> that contract's wasm: the bytecode and
// method names go into the runtime's reserved memory as data segments, and each
// method becomes an exported function. A plain method runs the start-up
// (runtime, context, module evaluation) and then the method; a pre-initialised
// one (preinit.ts) goes straight to the method, the start-up having run at build time.
import binaryen from 'binaryen';
import { BuildError } from './errors.ts';
import { CODE_CAPACITY, RUNTIME_EXPORTS, type ContractRuntime } from './runtime.ts';
import { appendDataSegments, type DataSegment } from './wasm-data.ts';

export const MVP_FEATURES = binaryen.Features.MVP | binaryen.Features.MutableGlobals;

/** Where the image's contract data sits in memory. */
export interface ImageLayout {
  /** The bytecode: read once by the start-up, dead afterwards. */
  bytecode: { address: number; length: number };
  segments: DataSegment[];
}

export type MethodEntry = 'plain' | 'preinitialised';

function exportedAddress(module: binaryen.Module, exportName: string): number {
  const info = binaryen.getExportInfo(module.getExport(exportName));
  const init = binaryen.getGlobalInfo(module.getGlobal(info.value)).init;
  return (binaryen.getExpressionInfo(init) as binaryen.ConstInfo).value as number;
}

function u32le(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

export function exportedFunction(module: binaryen.Module, exportName: string): string {
  return binaryen.getExportInfo(module.getExport(exportName)).value;
}

/** The method names as the C strings the image stores after the bytecode, and where each starts. */
function methodNames(methods: string[]): { bytes: number[]; offsets: number[] } {
  const encoder = new TextEncoder();
  const bytes: number[] = [];
  const offsets: number[] = [];
  for (const method of methods) {
    offsets.push(bytes.length);
    bytes.push(...encoder.encode(method), 0);
  }
  return { bytes, offsets };
}

/** Bytes of the runtime's code buffer a contract fills: its bytecode and method names. */
export function codeBufferBytes(bytecode: Uint8Array, methods: string[]): number {
  return bytecode.length + methodNames(methods).bytes.length;
}

/** Adds one export per method to a runtime module read by the caller, removes
 *  the runtime's helper exports except `keep`, and returns the data to append. */
export function addMethods(module: binaryen.Module, codeCapacity: number, bytecode: Uint8Array, methods: string[], name: string, entry: MethodEntry, keep: string[] = []): ImageLayout {
  module.setFeatures(MVP_FEATURES);
  const codeAddress = exportedAddress(module, RUNTIME_EXPORTS.code);
  const codeSizeAddress = exportedAddress(module, RUNTIME_EXPORTS.codeSize);
  const init = exportedFunction(module, RUNTIME_EXPORTS.init);
  const callMethod = exportedFunction(module, RUNTIME_EXPORTS.callMethod);

  // Method names as C strings, right after the bytecode.
  const namesAddress = codeAddress + bytecode.length;
  const { bytes: nameBytes, offsets } = methodNames(methods);
  const nameOffsets = offsets.map((offset) => namesAddress + offset);
  if (bytecode.length + nameBytes.length > CODE_CAPACITY) {
    throw new BuildError(`${name}: bytecode is ${bytecode.length} bytes, more than NEAR's ${CODE_CAPACITY}-byte contract limit`);
  }
  if (bytecode.length + nameBytes.length > codeCapacity) {
    throw new BuildError(`${name}: bytecode and method names take ${bytecode.length + nameBytes.length} bytes, but the runtime was linked with room for ${codeCapacity}`);
  }

  methods.forEach((method, i) => {
    const fn = `method$${method}`;
    const call = module.call(callMethod, [module.i32.const(nameOffsets[i])], binaryen.none);
    const body = entry === 'plain' ? module.block(null, [module.drop(module.call(init, [], binaryen.i32)), call]) : call;
    module.addFunction(fn, binaryen.none, binaryen.none, [], body);
    module.addFunctionExport(fn, method);
  });
  for (const helper of Object.values(RUNTIME_EXPORTS)) if (!keep.includes(helper)) module.removeExport(helper);
  return {
    bytecode: { address: codeAddress, length: bytecode.length },
    segments: [
      { address: codeAddress, bytes: bytecode },
      { address: namesAddress, bytes: new Uint8Array(nameBytes) },
      { address: codeSizeAddress, bytes: u32le(bytecode.length) },
    ],
  };
}

/** The plain contract: every call runs the start-up, then its method. */
export function contractImage(runtime: ContractRuntime, bytecode: Uint8Array, methods: string[], name: string): Uint8Array {
  const module = binaryen.readBinary(runtime.wasm);
  try {
    const layout = addMethods(module, runtime.codeCapacity, bytecode, methods, name, 'plain');
    if (!module.validate()) throw new BuildError(`${name}: the contract image does not validate`);
    return appendDataSegments(module.emitBinary(), layout.segments);
  } finally {
    module.dispose();
  }
}
