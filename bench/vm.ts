// `npm run bench:vm`: median time and gas of a warm view call and a warm
// state-changing call on the factory wasm, in the local node's VM (nearcore's
// parameters at the default protocol version; in-memory storage, so no
// trie-node gas, which only a chain's state gives).
import path from 'node:path';
import { PROTOCOL_VERSION } from '../sandbox/params/runtime-config.ts';
import { createVM } from '../sandbox/vm/index.ts';
import { context, contract, MemoryStorage, TGAS, viewContext } from '../sandbox/vm/test/context.ts';

const RUNS = 30;
const vm = createVM();
const factory = contract(path.join('build', 'factory.wasm'));
const storage = new MemoryStorage();
const self = { predecessorAccountId: 'contract.test.near' };
storage.apply(vm.runFunction(factory, 'init', context({ min_deposit: '1' }, self), storage).storageChanges);

function measure(label: string, run: () => { burntGas: bigint; aborted?: unknown }): void {
  run(); // compile and warm up
  const times: number[] = [];
  let gas = 0n;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const outcome = run();
    times.push(performance.now() - started);
    if (outcome.aborted) throw new Error(`${label} failed: ${JSON.stringify(outcome.aborted, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
    gas = outcome.burntGas;
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} median ${times[RUNS >> 1].toFixed(1)} ms   burnt ${(Number(gas) / Number(TGAS)).toFixed(2)} Tgas`);
}

console.log(`VM benchmark, factory.wasm, protocol ${PROTOCOL_VERSION}, ${RUNS} warm runs each`);
measure('view get_global_contract_id', () => vm.runFunction(factory, 'get_global_contract_id', viewContext({}), storage));
measure('call update_min_deposit', () => vm.runFunction(factory, 'update_min_deposit', context({ min_deposit: '2' }, self), storage));
measure('call create_factory_subaccount_and_deploy', () =>
  vm.runFunction(factory, 'create_factory_subaccount_and_deploy', context({ name: 'alice' }, { attachedDeposit: 10n ** 24n, prepaidGas: 100n * TGAS }), storage));
