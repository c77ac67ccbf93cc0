// Linked wasm -> NEAR-valid wasm with binaryen: WASI imports (pulled in by
// wasi-libc, never meaningful on NEAR) become local stubs, post-MVP features
// that clang/wasi-libc emit are lowered, then the module is optimized for size.
import binaryen from 'binaryen';
import { BuildError } from './errors.ts';

/** WASI's errno ENOTCAPABLE: "not permitted here", what a stubbed call reports. */
const WASI_ENOTCAPABLE = 76;

/** What clang 22 + wasi-libc emit for wasm32 by default (binaryen's lowering
 *  passes assert on a feature set much wider than this). */
const LINKED_FEATURES =
  binaryen.Features.MVP | binaryen.Features.MutableGlobals | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt |
  binaryen.Features.SignExt | binaryen.Features.NontrappingFPToInt | binaryen.Features.Multivalue;

/** Passes that rewrite post-MVP instructions with MVP ones. */
const LOWERING_PASSES = ['llvm-memory-copy-fill-lowering', 'signext-lowering', 'llvm-nontrapping-fptoint-lowering'];

function stubWasiImports(module: binaryen.Module): void {
  for (let i = module.getNumFunctions() - 1; i >= 0; i--) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    if (info.module !== 'wasi_snapshot_preview1') continue;
    const resultTypes = binaryen.expandType(info.results);
    let body: binaryen.ExpressionRef;
    if (info.base === 'proc_exit') body = module.unreachable(); // must not return
    else if (resultTypes.length === 0) body = module.nop();
    else if (resultTypes.length === 1 && resultTypes[0] === binaryen.i32) body = module.i32.const(WASI_ENOTCAPABLE);
    else throw new BuildError(`cannot stub WASI import ${info.base}: unexpected result type`);
    module.removeFunction(info.name);
    module.addFunction(info.name, info.params, info.results, [], body);
  }
}

export function finalizeWasm(linked: Uint8Array, name: string): Uint8Array {
  const module = binaryen.readBinary(linked);
  try {
    module.setFeatures(LINKED_FEATURES);
    stubWasiImports(module);
    module.runPasses(LOWERING_PASSES);
    module.setFeatures(binaryen.Features.MVP | binaryen.Features.MutableGlobals);
    if (!module.validate()) throw new BuildError(`${name}: wasm still uses features beyond MVP after lowering`);
    binaryen.setOptimizeLevel(2);
    binaryen.setShrinkLevel(2);
    binaryen.setDebugInfo(Boolean(process.env.NEAR_TS_KEEP_NAMES)); // a name section, for size analysis
    // A second round finds what the first one's changes opened up (0.5 KB).
    module.optimize();
    module.optimize();
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}
