// The local node's VM: runs one exported method of a contract as nearcore's
// near-vm-runner does (preparation, gas, host functions) and returns a
// VMOutcome. Nothing the contract does (trap, panic, exception) escapes.
import { PROTOCOL_VERSION, runtimeConfig, type RuntimeConfig } from '../params/runtime-config.ts';
import { GasCounter } from './gas.ts';
import { HostFailure } from './host-error.ts';
import { hostFunctions, type CallState } from './host-functions.ts';
import { GAS_GLOBAL_EXPORT, MEMORY_EXPORT, PrepareError, prepareContract, STACK_GLOBAL_EXPORT, type PreparedContract } from './prepare.ts';
import { ReceiptManager } from './receipts.ts';
import type { ContractCode, FunctionCallError, HostError, StorageReader, VM, VMContext, VMOutcome } from './types.ts';

export type { VM } from './types.ts';

interface Compiled {
  module?: WebAssembly.Module;
  error?: FunctionCallError;
  /** Exported functions, true when of type () -> (). */
  methods: Map<string, boolean>;
  traps?: PreparedContract['traps'];
}

/** Operators charged in advance that a wasm trap kept from running: found by the trap's offset (V8 reports the
 *  module offset of the trapping instruction), so the call burns what nearcore's per-instruction charging would. */
function unexecuted(error: Error, traps: PreparedContract['traps'] | undefined): number {
  const offset = /wasm-function\[\d+\]:0x([0-9a-f]+)/.exec(error.stack ?? '')?.[1];
  if (!traps || offset === undefined) return 0;
  const at = parseInt(offset, 16);
  let lo = 0;
  let hi = traps.offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (traps.offsets[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return traps.offsets[lo] === at ? traps.uncharged[lo] : 0;
}

function trapName(error: WebAssembly.RuntimeError): string {
  const m = error.message.toLowerCase();
  if (m.includes('unreachable')) return 'Unreachable';
  if (m.includes('out of bounds') && m.includes('memory')) return 'MemoryOutOfBounds';
  if (m.includes('table index') || m.includes('out of bounds')) return 'IndirectCallToNull';
  if (m.includes('signature')) return 'IncorrectCallIndirectSignature';
  if (m.includes('divide by zero') || m.includes('remainder by zero')) return 'IllegalArithmetic';
  if (m.includes('unrepresentable') || m.includes('float')) return 'IllegalArithmetic';
  if (m.includes('stack')) return 'StackOverflow';
  return 'GenericTrap';
}

/** A VM with nearcore's runtime configuration of one protocol version (the default one if none is given). */
export function createVM(config: RuntimeConfig = runtimeConfig(PROTOCOL_VERSION)): VM {
  const cache = new Map<string, Compiled>();

  function compile(code: ContractCode): Compiled {
    const key = Buffer.from(code.hash).toString('hex');
    let compiled = cache.get(key);
    if (!compiled) {
      try {
        const prepared = prepareContract(code.code, config);
        const module = new WebAssembly.Module(new Uint8Array(prepared.wasm));
        compiled = { module, methods: prepared.methods, traps: prepared.traps };
      } catch (error) {
        const message = error instanceof PrepareError ? error.message : `Deserialization: ${(error as Error).message}`;
        compiled = { error: { kind: 'CompilationError', message: `PrepareError: ${message}` }, methods: new Map() };
      }
      cache.set(key, compiled);
    }
    return compiled;
  }

  function runFunction(code: ContractCode, methodName: string, ctx: VMContext, storage: StorageReader): VMOutcome {
    const gas = ctx.view ? new GasCounter(ctx.view.maxGasBurnt, ctx.view.maxGasBurnt) : new GasCounter(ctx.prepaidGas, config.limits.maxGasBurnt);
    const state: CallState = {
      logs: [],
      returnData: { kind: 'None' },
      storageChanges: [],
      storageUsage: ctx.storageUsage,
      balance: ctx.accountBalance,
      receipts: new ReceiptManager(Number(config.limits.maxPromisesPerFunctionCallAction)),
    };
    const outcome = (aborted?: FunctionCallError): VMOutcome => {
      gas.sync();
      if (aborted) {
        return { returnData: { kind: 'None' }, logs: state.logs, burntGas: gas.burnt, usedGas: gas.used, profile: gas.profile(), balance: ctx.accountBalance, storageUsage: ctx.storageUsage, storageChanges: [], receipts: [], aborted };
      }
      // Unused gas goes to function calls with a weight; the rest stays unused.
      gas.used += state.receipts.distribute(gas.unused());
      return { returnData: state.returnData, logs: state.logs, burntGas: gas.burnt, usedGas: gas.used, profile: gas.profile(), balance: state.balance, storageUsage: state.storageUsage, storageChanges: state.storageChanges, receipts: state.receipts.receipts, resumes: state.receipts.resumes };
    };

    // Before fix_contract_loading_cost (nightly only), nearcore charges contract loading only once the
    // contract compiled, and an empty, missing or ill-typed method costs nothing (near_vm_runner/runner.rs).
    if (methodName.length === 0) return outcome({ kind: 'MethodResolveError', error: 'MethodEmptyName' });
    const compiled = compile(code);
    if (compiled.error) return outcome(compiled.error);
    const callable = compiled.methods.get(methodName);
    if (callable === undefined) return outcome({ kind: 'MethodResolveError', error: 'MethodNotFound' });
    if (!callable) return outcome({ kind: 'MethodResolveError', error: 'MethodInvalidSignature' });
    try {
      // gas_counter.rs add_contract_loading_fee: the bytes, then the base.
      gas.burn(config.extCosts.contract_loading_bytes * BigInt(code.code.length), 'contract_loading_bytes');
      gas.burn(config.extCosts.contract_loading_base, 'contract_loading_base');
    } catch (error) {
      return outcome({ kind: 'HostError', error: (error as HostFailure).error });
    }

    let memory: WebAssembly.Memory | undefined;
    const env = hostFunctions(ctx, storage, gas, state, () => memory!, config);
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(compiled.module!, { env });
    } catch (error) {
      return outcome({ kind: 'LinkError', message: (error as Error).message });
    }
    memory = instance.exports[MEMORY_EXPORT] as WebAssembly.Memory;
    const stack = instance.exports[STACK_GLOBAL_EXPORT] as WebAssembly.Global;
    gas.attach(instance.exports[GAS_GLOBAL_EXPORT] as WebAssembly.Global);
    const entry = instance.exports[methodName] as (...args: unknown[]) => unknown;
    try {
      entry();
    } catch (error) {
      if (error instanceof HostFailure) return outcome({ kind: 'HostError', error: error.error });
      gas.sync();
      if (gas.meterExhausted()) return outcome({ kind: 'HostError', error: gas.limitError().error });
      // Out of stack: NearVM's trap before 84; Wasmtime's finite_wasm_stack_exhausted is a MemoryAccessViolation.
      if ((stack.value as number) < 0) {
        return outcome(config.parameters.vm_kind === 'Wasmtime' ? { kind: 'HostError', error: { kind: 'MemoryAccessViolation' } } : { kind: 'WasmTrap', trap: 'StackOverflow' });
      }
      if (error instanceof WebAssembly.RuntimeError) {
        gas.unburn(BigInt(unexecuted(error, compiled.traps)) * config.regularOpCost);
        return outcome({ kind: 'WasmTrap', trap: trapName(error) });
      }
      if (error instanceof RangeError) return outcome({ kind: 'WasmTrap', trap: 'StackOverflow' });
      return outcome({ kind: 'ExecutionError', message: String(error) });
    }
    return outcome();
  }

  return { runFunction };
}
