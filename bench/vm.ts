// `npm run bench:vm`: median time and gas of warm calls on the factory wasm in
// the local node's VM, pre-initialised (build/factory.wasm) and plain (built
// here with the start-up run per call), side by side (nearcore's parameters at
// the default protocol version; in-memory storage, so no trie-node gas, which
// only a chain's state gives).
import path from 'node:path';
import { PROTOCOL_VERSION } from '../sandbox/params/runtime-config.ts';
import { createVM } from '../sandbox/vm/index.ts';
import { context, contract, MemoryStorage, TGAS, viewContext } from '../sandbox/vm/test/context.ts';
import { buildContract } from '../toolchain/build-contract.ts';
import { readContractSpecs } from '../toolchain/config.ts';
import { closeClang } from '../toolchain/clang.ts';
import type { ContractCode, VMContext } from '../sandbox/vm/types.ts';

const RUNS = 30;
const vm = createVM();
const spec = readContractSpecs(process.cwd()).find((s) => s.name === 'factory')!;
const plainFile = (await buildContract({ ...spec, preinit: false }, path.join('.cache', 'bench', 'factory-plain.wasm'), () => {})).file;
await closeClang();
const builds: Array<[string, ContractCode]> = [['plain', contract(plainFile)], ['pre-initialised', contract(path.join('build', 'factory.wasm'))]];
const self = { predecessorAccountId: 'contract.test.near' };

function measure(label: string, method: string, ctx: () => VMContext): void {
  const cells = builds.map(([, code]) => {
    const storage = new MemoryStorage();
    storage.apply(vm.runFunction(code, 'init', context({ min_deposit: '1' }, self), storage).storageChanges);
    vm.runFunction(code, method, ctx(), storage); // compile and warm up
    const times: number[] = [];
    let gas = 0n;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const outcome = vm.runFunction(code, method, ctx(), storage);
      times.push(performance.now() - started);
      if (outcome.aborted) throw new Error(`${label} failed: ${JSON.stringify(outcome.aborted, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
      gas = outcome.burntGas;
    }
    times.sort((a, b) => a - b);
    return { ms: times[RUNS >> 1], tgas: Number(gas) / Number(TGAS) };
  });
  const [plain, pre] = cells;
  console.log(`${label.padEnd(42)} ${plain.tgas.toFixed(3).padStart(7)} Tgas ${plain.ms.toFixed(1).padStart(6)} ms   ${pre.tgas.toFixed(3).padStart(7)} Tgas ${pre.ms.toFixed(1).padStart(6)} ms   x${(pre.tgas / plain.tgas).toFixed(2)}`);
}

console.log(`VM benchmark, factory.wasm, protocol ${PROTOCOL_VERSION}, median of ${RUNS} warm runs; burnt gas`);
console.log(`${''.padEnd(42)} ${'plain'.padEnd(22)}   ${'pre-initialised'.padEnd(22)}   ratio`);
measure('view get_global_contract_id', 'get_global_contract_id', () => viewContext({}));
measure('call update_min_deposit', 'update_min_deposit', () => context({ min_deposit: '2' }, self));
measure('call create_factory_subaccount_and_deploy', 'create_factory_subaccount_and_deploy', () =>
  context({ name: 'alice' }, { attachedDeposit: 10n ** 24n, prepaidGas: 100n * TGAS }));
