// The VM on the contracts our toolchain builds (and a few wat fixtures):
// what a caller sees of a call, as nearcore's runtime would report it.
import test from 'ava';
import path from 'node:path';
import { createVM } from '../index.ts';
import { context, contract, MemoryStorage, returned, TGAS, viewContext, wat } from './context.ts';

const vm = createVM();
const sample = contract(path.join('build', 'sample.wasm'));
const factory = contract(path.join('build', 'factory.wasm'));

function initialized(): MemoryStorage {
  const storage = new MemoryStorage();
  const outcome = vm.runFunction(sample, 'init', context({ owner: 'bob.test.near' }), storage);
  if (outcome.aborted) throw new Error(JSON.stringify(outcome.aborted));
  storage.apply(outcome.storageChanges);
  return storage;
}

test('a call writes state with nearcore storage accounting; a view reads it back', (t) => {
  const storage = new MemoryStorage();
  const init = vm.runFunction(sample, 'init', context({ owner: 'bob.test.near' }), storage);
  t.is(init.aborted, undefined);
  t.is(init.storageChanges.length, 1);
  const [change] = init.storageChanges;
  t.is(Buffer.from(change.key).toString(), 'STATE');
  // key + value + 40 bytes per record.
  t.is(init.storageUsage - 500n, BigInt(change.key.length + change.value!.length + 40));
  storage.apply(init.storageChanges);
  const view = vm.runFunction(sample, 'get_greeting', viewContext({}), storage);
  t.is(returned(view), 'Hello, I belong to bob.test.near');
  t.deepEqual(view.storageChanges, []);
  t.true(view.burntGas > TGAS / 10n && view.burntGas < 30n * TGAS, `view burnt ${view.burntGas}`);
  t.is(view.burntGas, view.usedGas);
});

test('logs, and a panic with the contract\'s message, which discards state changes', (t) => {
  const storage = initialized();
  const changed = vm.runFunction(sample, 'set_greeting', context({ greeting: 'Hi' }), storage);
  t.deepEqual(changed.logs, ['greeting changed to "Hi"']);
  const denied = vm.runFunction(sample, 'set_greeting', context({ greeting: 'Hi' }, { predecessorAccountId: 'eve.test.near' }), storage);
  t.like(denied.aborted, { kind: 'HostError', error: { kind: 'GuestPanic' } });
  const message = denied.aborted?.kind === 'HostError' && denied.aborted.error.kind === 'GuestPanic' ? denied.aborted.error.panicMsg : '';
  t.regex(message, /^assertion failed: set_greeting: only the owner can change the greeting/);
  t.deepEqual(denied.storageChanges, []);
  t.is(denied.storageUsage, 500n);
});

test('a view that calls a state-changing host function fails with ProhibitedInView', (t) => {
  const storage = initialized();
  const outcome = vm.runFunction(sample, 'set_greeting', viewContext({ greeting: 'Hi' }), storage);
  t.like(outcome.aborted, { kind: 'HostError', error: { kind: 'ProhibitedInView' } });
});

test('too little gas fails with GasExceeded and burns all of it', (t) => {
  const storage = initialized();
  const outcome = vm.runFunction(sample, 'get_greeting', context({}, { prepaidGas: TGAS / 2n }), storage);
  t.deepEqual(outcome.aborted, { kind: 'HostError', error: { kind: 'GasExceeded' } });
  t.is(outcome.usedGas, TGAS / 2n);
  const loop = wat('(module (memory (export "memory") 1) (func (export "spin") (loop $l (br $l))))');
  const spun = vm.runFunction(loop, 'spin', context(undefined, { prepaidGas: 5n * TGAS }), new MemoryStorage());
  t.deepEqual(spun.aborted, { kind: 'HostError', error: { kind: 'GasExceeded' } });
  t.is(spun.burntGas, 5n * TGAS);
});

test('a missing method and a bad import fail clearly; sandbox_debug_log and the deprecated storage_iter_* as in neard sandbox', (t) => {
  t.deepEqual(vm.runFunction(sample, 'nope', context({}), new MemoryStorage()).aborted, { kind: 'MethodResolveError', error: 'MethodNotFound' });
  const wasi = wat('(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))) (memory (export "memory") 1) (func (export "m")))');
  t.like(vm.runFunction(wasi, 'm', context({}), new MemoryStorage()).aborted, { kind: 'CompilationError' });
  const debugLog = wat(`(module (import "env" "sandbox_debug_log" (func $s (param i64 i64))) (memory (export "memory") 1)
    (func (export "m") (call $s (i64.const 0) (i64.const 0))))`);
  // neard's sandbox build links sandbox_debug_log: free of gas, invalid UTF-8 is BadUTF8, nothing in the outcome's logs.
  const logged = vm.runFunction(debugLog, 'm', context({}), new MemoryStorage());
  t.is(logged.aborted, undefined);
  t.deepEqual(logged.logs, []);
  // Free: the same module with a 0-, a 1-byte and an invalid 1-byte text burns the same gas (no base, no per byte).
  const withText = (text: string, len: number) => wat(`(module (import "env" "sandbox_debug_log" (func $s (param i64 i64))) (memory (export "memory") 1)
    (data (i32.const 8) "${text}") (func (export "m") (call $s (i64.const ${len}) (i64.const 8))))`);
  const run = (code: ReturnType<typeof wat>) => vm.runFunction(code, 'm', context({}), new MemoryStorage());
  const [none, one, bad] = [run(withText('a', 0)), run(withText('a', 1)), run(withText('\\ff', 1))];
  t.is(one.aborted, undefined);
  t.deepEqual(bad.aborted, { kind: 'HostError', error: { kind: 'BadUTF8' } });
  t.is(one.burntGas, none.burntGas);
  t.is(bad.burntGas, none.burntGas);
  // storage_iter_* link and fail as nearcore's deprecated functions.
  const iter = wat(`(module (import "env" "storage_iter_prefix" (func $i (param i64 i64) (result i64))) (memory (export "memory") 1)
    (func (export "m") (drop (call $i (i64.const 0) (i64.const 0)))))`);
  t.deepEqual(vm.runFunction(iter, 'm', context({}), new MemoryStorage()).aborted, { kind: 'HostError', error: { kind: 'Deprecated', methodName: 'storage_iter_prefix' } });
});

test('the factory builds its batch with use_global_contract and a callback; fees are reserved', (t) => {
  const hash = 'EhSVeYjoBWuQqfaZZzUXmiDAnoZeTPkxnWdHoaiKrAd1';
  const storage = new MemoryStorage();
  const init = vm.runFunction(factory, 'init', context({ global_contract_id: { CodeHash: hash }, min_deposit: '1' }, { predecessorAccountId: 'contract.test.near' }), storage);
  t.is(init.aborted, undefined);
  storage.apply(init.storageChanges);
  const deposit = 10n ** 24n;
  const outcome = vm.runFunction(factory, 'create_factory_subaccount_and_deploy', context({ name: 'alice' }, { attachedDeposit: deposit, accountBalance: 10n ** 25n + deposit, prepaidGas: 100n * TGAS }), storage);
  t.is(outcome.aborted, undefined, JSON.stringify(outcome.aborted));
  t.deepEqual(outcome.receipts.map((r) => [r.receiverId, r.dependsOn, r.actions.map((a) => a.kind)]), [
    ['alice.contract.test.near', [], ['CreateAccount', 'Transfer', 'UseGlobalContract', 'AddKey']],
    ['contract.test.near', [0], ['FunctionCall']],
  ]);
  const use = outcome.receipts[0].actions[2];
  t.true(use.kind === 'UseGlobalContract' && use.contractIdentifier.kind === 'CodeHash' && use.contractIdentifier.hash.length === 32);
  t.deepEqual(outcome.returnData, { kind: 'ReceiptIndex', index: 1 });
  // The factory keeps its registry fee (400 bytes at 10^19 yoctoNEAR each); the rest left with the transfer.
  t.is(outcome.balance, 10n ** 25n + 400n * 10n ** 19n, 'the deposit less the registry fee left with the transfer');
  // All prepaid gas is used: unused gas went to the weighted callback.
  t.is(outcome.usedGas, 100n * TGAS);
  const callback = outcome.receipts[1].actions[0];
  t.true(callback.kind === 'FunctionCall' && callback.gas > 20n * TGAS);
});

test('a callback reads its promise results', (t) => {
  const storage = new MemoryStorage();
  const ticket = { account_id: 'alice.contract.test.near', creator: 'bob.test.near', deposit: '5000', registry_fee: '1000' };
  const self = { predecessorAccountId: 'contract.test.near' };
  const ok = vm.runFunction(factory, 'on_instance_created', context(ticket, { ...self, promiseResults: [{ kind: 'Successful', value: new Uint8Array() }] }), storage);
  t.is(returned(ok), true);
  t.true(ok.logs.some((l) => l.includes('"event":"instance_created"')));
  const failed = vm.runFunction(factory, 'on_instance_created', context(ticket, { ...self, promiseResults: [{ kind: 'Failed' }] }), storage);
  t.is(returned(failed), false);
  // The factory returns the registry fee it kept; the batch's own deposit was refunded by the protocol (refund_to).
  t.deepEqual(failed.receipts.map((r) => [r.receiverId, r.actions]), [['bob.test.near', [{ kind: 'Transfer', deposit: 1000n }]]]);
});
