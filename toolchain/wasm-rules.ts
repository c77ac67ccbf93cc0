// NEAR's rules for a contract wasm, checked on every build output (and by the
// tests): only `env` host-function imports that the target protocol links,
// exactly the contract's methods (plus memory) as exports, and only MVP wasm
// features, which nearcore accepts.
import binaryen from 'binaryen';
import { DEFAULT_TARGET_PROTOCOL, hostFunctionSince } from './near-host-functions.ts';

export interface WasmFacts {
  imports: string[]; // "module.name"
  exports: string[]; // function exports
  exportsMemory: boolean;
}

/** Reads the module as MVP-only: validation fails on any post-MVP instruction. */
function readAsMvp(wasm: Uint8Array): binaryen.Module | string {
  try {
    const module = binaryen.readBinary(wasm);
    module.setFeatures(binaryen.Features.MVP | binaryen.Features.MutableGlobals);
    if (!module.validate()) {
      module.dispose();
      return 'does not validate as MVP wasm (post-MVP features present)';
    }
    return module;
  } catch (error) {
    return `cannot be read as MVP wasm: ${(error as Error).message}`;
  }
}

function importViolation(name: string, protocol: number): string[] {
  const since = hostFunctionSince(name);
  if (since === undefined) return [`imports env.${name}: not a NEAR host function`];
  if (since > protocol) return [`imports env.${name}: NEAR links it from protocol ${since}, this build targets ${protocol}`];
  return [];
}

/** Returns the list of rule violations; empty means NEAR accepts it. */
export function checkWasmRules(wasm: Uint8Array, expectedMethods: string[], protocol = DEFAULT_TARGET_PROTOCOL): { violations: string[]; facts?: WasmFacts } {
  const violations: string[] = [];
  const read = readAsMvp(wasm);
  if (typeof read === 'string') return { violations: [read] };
  const module = read;
  try {
    const imports: string[] = [];
    for (let i = 0; i < module.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
      if (!info.module) continue;
      imports.push(`${info.module}.${info.base}`);
      if (info.module !== 'env') violations.push(`imports ${info.module}.${info.base}: only module "env" is allowed`);
      else violations.push(...importViolation(info.base ?? '', protocol));
    }
    for (let i = 0; i < module.getNumGlobals(); i++) {
      const info = binaryen.getGlobalInfo(module.getGlobalByIndex(i));
      if (info.module) violations.push(`imports global ${info.module}.${info.base}: NEAR provides none`);
    }
    for (let i = 0; i < module.getNumTables(); i++) {
      const info = binaryen.getTableInfo(module.getTableByIndex(i));
      if (info.module) violations.push(`imports table ${info.module}.${info.base}: NEAR provides none`);
    }
    if (module.getNumTables() > 1) violations.push('more than one table');
    const exports: string[] = [];
    let exportsMemory = false;
    for (let i = 0; i < module.getNumExports(); i++) {
      const info = binaryen.getExportInfo(module.getExportByIndex(i));
      if (info.kind === binaryen.ExternalFunction) exports.push(info.name);
      else if (info.kind === binaryen.ExternalMemory && info.name === 'memory') exportsMemory = true;
      else violations.push(`exports ${info.name}: only methods and "memory" may be exported`);
    }
    const expected = [...expectedMethods].sort();
    const actual = [...exports].sort();
    if (expected.join(',') !== actual.join(',')) {
      violations.push(`exports [${actual.join(', ')}], expected the contract's methods [${expected.join(', ')}]`);
    }
    if (!exportsMemory) violations.push('does not export its memory');
    if (module.getStart()) violations.push('has a start function');
    return { violations, facts: { imports, exports, exportsMemory } };
  } finally {
    module.dispose();
  }
}
