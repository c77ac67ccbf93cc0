// A pre-initialised contract behaves exactly like the plain build of the same
// source: for every method of the factory and the sample, run in the local
// node's VM on the same state with the same context, both give the same return
// value, logs, storage changes, receipts and errors. Only the gas differs.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { buildContract } from '../build-contract.ts';
import { readContractSpecs } from '../config.ts';
import { closeClang } from '../clang.ts';
import { createVM } from '../../sandbox/vm/index.ts';
import { code, context, MemoryStorage, TGAS, viewContext } from '../../sandbox/vm/test/context.ts';
import type { ContractCode, VMContext, VMOutcome } from '../../sandbox/vm/types.ts';

interface Step {
  method: string;
  ctx: VMContext;
}

const FACTORY = 'contract.test.near'; // context()'s current account
const HASH = 'EhSVeYjoBWuQqfaZZzUXmiDAnoZeTPkxnWdHoaiKrAd1';
const PK = 'ed25519:DcA2MzgpJbrUATQLLceocVckhhAqrkingax4oJ9kZ847';
const self = { predecessorAccountId: FACTORY };
const ok = (value: string) => ({ kind: 'Successful' as const, value: new TextEncoder().encode(value) });

/** Every method, in an order that reaches its interesting paths, failures included. */
const SCENARIOS: Record<string, Step[]> = {
  factory: [
    { method: 'get_global_contract_id', ctx: viewContext({}) },
    { method: 'init', ctx: context({ global_contract_id: { CodeHash: HASH }, min_deposit: '1000' }, self) },
    { method: 'get_min_deposit', ctx: viewContext({}) },
    { method: 'create_factory_subaccount_and_deploy', ctx: context({ name: 'alice', public_key: PK, init: { method: 'init', args: { owner: 'bob.test.near' } } }, { attachedDeposit: 10n ** 24n, prepaidGas: 100n * TGAS }) },
    { method: 'create_factory_subaccount_and_deploy', ctx: context({ name: 'Bad.Name' }, { attachedDeposit: 5000n }) },
    { method: 'deploy', ctx: context({ name: 'carol' }, { attachedDeposit: 10n ** 24n, prepaidGas: 100n * TGAS }) },
    { method: 'deploy', ctx: context({ name: 'poor' }, { attachedDeposit: 1n }) },
    { method: 'get_deterministic_account_id', ctx: viewContext({ owner: 'bob.test.near' }) },
    { method: 'create_deterministic_instance', ctx: context({ state: { owner: 'bob.test.near' } }, { attachedDeposit: 10n ** 24n, prepaidGas: 100n * TGAS }) },
    { method: 'create_deterministic_instance', ctx: context({}, { attachedDeposit: 1n }) },
    { method: 'on_instance_created', ctx: context({ account_id: `alice.${FACTORY}`, creator: 'bob.test.near', deposit: '5000', registry_fee: '4000000000000000000000' }, { ...self, promiseResults: [ok('')] }) },
    { method: 'on_instance_created', ctx: context({ account_id: `dave.${FACTORY}`, creator: 'bob.test.near', deposit: '5000', registry_fee: '4000000000000000000000' }, { ...self, promiseResults: [{ kind: 'Failed' }] }) },
    { method: 'on_instance_created', ctx: context({ account_id: `eve.${FACTORY}`, creator: 'eve.test.near', deposit: '1', registry_fee: '4000000000000000000000' }, { promiseResults: [ok('')] }) },
    { method: 'get_instance_count', ctx: viewContext({}) },
    { method: 'get_instances', ctx: viewContext({ from_index: 0, limit: 10 }) },
    { method: 'get_instance', ctx: viewContext({ account_id: `alice.${FACTORY}` }) },
    { method: 'get_instance', ctx: viewContext({ account_id: `nobody.${FACTORY}` }) },
    { method: 'get_instance', ctx: viewContext({}) },
    { method: 'get_registry_fee', ctx: viewContext({}) },
    { method: 'update_global_contract_id', ctx: context({ contract_id: { AccountId: 'globals.test.near' }, min_deposit: '7' }, self) },
    { method: 'update_global_contract_id', ctx: context({ contract_id: { CodeHash: 'abc' }, min_deposit: '7' }, self) },
    { method: 'update_global_contract_id', ctx: context({ contract_id: { CodeHash: HASH }, min_deposit: '7' }) },
    { method: 'update_min_deposit', ctx: context({ min_deposit: '9' }, self) },
    { method: 'update_min_deposit', ctx: context({ min_deposit: '9' }) },
    { method: 'get_global_contract_id', ctx: viewContext({}) },
    { method: 'get_min_deposit', ctx: viewContext({}) },
  ],
  sample: [
    { method: 'get_greeting', ctx: viewContext({}) },
    { method: 'init', ctx: context({ owner: 'bob.test.near' }) },
    { method: 'get_greeting', ctx: viewContext({}) },
    { method: 'set_greeting', ctx: context({ greeting: 'Hi' }, { predecessorAccountId: 'eve.test.near' }) },
    { method: 'set_greeting', ctx: context({ greeting: 'Hi' }) },
    { method: 'donate', ctx: context({}, { attachedDeposit: 7n * 10n ** 24n + 1n }) },
    { method: 'donate', ctx: context({}, { attachedDeposit: 2n ** 128n - 1n - 7n * 10n ** 24n - 1n }) },
    { method: 'get_info', ctx: viewContext({}) },
    { method: 'withdraw', ctx: context({}, { predecessorAccountId: 'eve.test.near' }) },
    { method: 'withdraw', ctx: context({}) },
    { method: 'get_info', ctx: viewContext({}) },
    { method: 'upgrade', ctx: context({ contract_id: { CodeHash: HASH } }, { predecessorAccountId: 'eve.test.near' }) },
    { method: 'upgrade', ctx: context({ contract_id: { CodeHash: 'n0pe' } }) },
    { method: 'upgrade', ctx: context({ contract_id: { CodeHash: HASH } }) },
    { method: 'upgrade', ctx: context({ contract_id: { AccountId: 'globals.test.near' } }) },
  ],
};

const vm = createVM();
const builds = new Map<string, { plain: ContractCode; preinit: ContractCode }>();

test.before(async () => {
  const specs = readContractSpecs(process.cwd()).filter((s) => s.name in SCENARIOS);
  for (const spec of specs) {
    const plain = await buildContract({ ...spec, preinit: false }, path.join('.cache', 'test-equivalence', `${spec.name}-plain.wasm`), () => {});
    builds.set(spec.name, { plain: code(fs.readFileSync(plain.file)), preinit: code(fs.readFileSync(path.join('build', `${spec.name}.wasm`))) });
  }
});
test.after.always(() => closeClang());

/** What a user can observe of a call, but the gas: receipts' function calls without their gas. */
function observable(outcome: VMOutcome): unknown {
  const { returnData, logs, storageChanges, aborted, balance, storageUsage } = outcome;
  const receipts = outcome.receipts.map((r) => ({ ...r, actions: r.actions.map((a) => (a.kind === 'FunctionCall' ? { ...a, gas: undefined } : a)) }));
  return { returnData, logs, storageChanges, receipts, aborted, balance, storageUsage };
}

function attachedGas(outcome: VMOutcome): bigint[] {
  return outcome.receipts.flatMap((r) => r.actions.flatMap((a) => (a.kind === 'FunctionCall' ? [a.gas] : [])));
}

for (const [name, steps] of Object.entries(SCENARIOS)) {
  test(`${name}: every method gives the same outcome pre-initialised as plain`, (t) => {
    const build = builds.get(name)!;
    t.is(readContractSpecs(process.cwd()).find((s) => s.name === name)?.preinit, true, 'the declared build is pre-initialised');
    const storage = { plain: new MemoryStorage(), preinit: new MemoryStorage() };
    const methods = new Set<string>();
    for (const step of steps) {
      methods.add(step.method);
      const plain = vm.runFunction(build.plain, step.method, step.ctx, storage.plain);
      const preinit = vm.runFunction(build.preinit, step.method, step.ctx, storage.preinit);
      t.deepEqual(observable(preinit), observable(plain), `${step.method}(${new TextDecoder().decode(step.ctx.input)})`);
      // The start-up no longer runs per call, so every call burns less; what it
      // saves goes to a call attached with a weight (a callback), the rest is equal.
      t.true(preinit.burntGas < plain.burntGas, `${step.method}: ${preinit.burntGas} < ${plain.burntGas}`);
      const saved = plain.burntGas - preinit.burntGas;
      const gasPlain = attachedGas(plain);
      t.deepEqual(attachedGas(preinit).map((g, i) => (g === gasPlain[i] ? 'same' : g - gasPlain[i] === saved ? 'gets the saved gas' : g)),
        gasPlain.map((_g, i) => (i === gasPlain.length - 1 && plain.receipts.length > 1 ? 'gets the saved gas' : 'same')), `${step.method}: attached gas`);
      storage.plain.apply(plain.storageChanges);
      storage.preinit.apply(preinit.storageChanges);
    }
    const exported = WebAssembly.Module.exports(new WebAssembly.Module(new Uint8Array(build.preinit.code))).filter((e) => e.kind === 'function').map((e) => e.name);
    t.deepEqual([...methods].sort(), exported.sort(), 'the scenario calls every method');
  });
}
