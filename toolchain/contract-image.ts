// Runtime + one contract's bytecode -> that contract's wasm: the bytecode and
// method names go into the runtime's reserved memory as data segments, and each
// method becomes an exported function calling the runtime's entry point.
import binaryen from 'binaryen';
import { BuildError } from './errors.ts';
import { CODE_CAPACITY, RUNTIME_EXPORTS } from './runtime.ts';
import { appendDataSegments } from './wasm-data.ts';

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

export function contractImage(runtime: Uint8Array, bytecode: Uint8Array, methods: string[], name: string): Uint8Array {
  const module = binaryen.readBinary(runtime);
  try {
    module.setFeatures(binaryen.Features.MVP | binaryen.Features.MutableGlobals);
    const codeAddress = exportedAddress(module, RUNTIME_EXPORTS.code);
    const codeSizeAddress = exportedAddress(module, RUNTIME_EXPORTS.codeSize);
    const runMethod = binaryen.getExportInfo(module.getExport(RUNTIME_EXPORTS.runMethod)).value;

    // Method names as C strings, right after the bytecode.
    const encoder = new TextEncoder();
    const namesAddress = codeAddress + bytecode.length;
    const nameOffsets: number[] = [];
    const nameBytes: number[] = [];
    for (const method of methods) {
      nameOffsets.push(namesAddress + nameBytes.length);
      nameBytes.push(...encoder.encode(method), 0);
    }
    if (bytecode.length + nameBytes.length > CODE_CAPACITY) {
      throw new BuildError(`${name}: bytecode is ${bytecode.length} bytes, more than NEAR's ${CODE_CAPACITY}-byte contract limit`);
    }

    methods.forEach((method, i) => {
      const fn = `method$${method}`;
      module.addFunction(fn, binaryen.none, binaryen.none, [], module.call(runMethod, [module.i32.const(nameOffsets[i])], binaryen.none));
      module.addFunctionExport(fn, method);
    });
    for (const helper of Object.values(RUNTIME_EXPORTS)) module.removeExport(helper);
    if (!module.validate()) throw new BuildError(`${name}: the contract image does not validate`);
    return appendDataSegments(module.emitBinary(), [
      { address: codeAddress, bytes: bytecode },
      { address: namesAddress, bytes: new Uint8Array(nameBytes) },
      { address: codeSizeAddress, bytes: u32le(bytecode.length) },
    ]);
  } finally {
    module.dispose();
  }
}
