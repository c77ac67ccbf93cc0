// The factory's wasm under the minimal host: the exact promise batch it builds,
// its input checks and its callback, before any chain is involved (the
// sandbox tests cover the same contract end to end).
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { Harness, type CallResult } from './harness.ts';

const FACTORY = 'factory.test.near';
const HASH = 'EhSVeYjoBWuQqfaZZzUXmiDAnoZeTPkxnWdHoaiKrAd1'; // any 32-byte base58
const PK = 'ed25519:DcA2MzgpJbrUATQLLceocVckhhAqrkingax4oJ9kZ847';
const load = () => new Harness(fs.readFileSync(path.join('build', 'factory.wasm')));
const owner = { predecessor: FACTORY, current: FACTORY };

function summary(r: CallResult): unknown[] {
  return r.actions.map((a) => [a.receiver, a.name, ...a.args.map((x) => (x instanceof Uint8Array ? x.length : typeof x === 'bigint' ? x.toString() : x))]);
}

test('defaults are the tutorial\'s', (t) => {
  const host = load();
  t.is(host.call('get_global_contract_id', { current: FACTORY }).returned, '{"AccountId":"ft.globals.primitives.testnet"}');
  t.is(host.call('get_min_deposit', { current: FACTORY }).returned, '"200000000000000000000000"');
});

test('create by code hash: one batch with every action, then the callback', (t) => {
  const host = load();
  // The factory keeps a registry fee (400 bytes of storage at 10^19 yoctoNEAR) from each deposit.
  const fee = 4n * 10n ** 21n;
  t.is(host.call('init', { ...owner, args: { global_contract_id: { CodeHash: HASH }, min_deposit: '1000' } }).panic, undefined);
  const r = host.call('create_factory_subaccount_and_deploy', {
    current: FACTORY, predecessor: 'bob.test.near', deposit: fee + 5000n,
    args: { name: 'alice', public_key: PK, init: { method: 'init', args: { owner: 'bob.test.near' } } },
  });
  t.is(r.panic, undefined);
  // Refunds of the batch go to the caller; AddKey last: the batch's result is then never the init's returned promise.
  t.deepEqual(summary(r), [
    ['alice.factory.test.near', 'set_refund_to', 'bob.test.near'],
    ['alice.factory.test.near', 'create_account'],
    ['alice.factory.test.near', 'transfer', '5000'],
    ['alice.factory.test.near', 'use_global_contract', 32],
    ['alice.factory.test.near', 'function_call', 'init', '{"owner":"bob.test.near"}', '0', '20000000000000'],
    ['alice.factory.test.near', 'add_key_full_access', 33, '0'],
    [FACTORY, 'function_call_weight', 'on_instance_created',
      `{"account_id":"alice.factory.test.near","creator":"bob.test.near","deposit":"${fee + 5000n}","registry_fee":"${fee}"}`, '0', '20000000000000', '1'],
    [FACTORY, 'promise_return'],
  ]);
});

test('create by account id uses the account reference', (t) => {
  const host = load();
  host.call('init', { ...owner, args: { global_contract_id: { account_id: 'globals.test.near' } } });
  const r = host.call('deploy', { current: FACTORY, deposit: 10n ** 24n, args: { name: 'carol' } });
  t.deepEqual(summary(r).find((a) => (a as string[])[1] === 'use_global_contract_by_account_id'), ['carol.factory.test.near', 'use_global_contract_by_account_id', 'globals.test.near']);
});

test('bad names and small deposits are rejected before any action', (t) => {
  const host = load();
  const tooLong = 'a'.repeat(64 - FACTORY.length);
  for (const [name, message] of [
    ['Bad.Name', /name: "Bad\.Name" must be a single label/],
    ['a.b', /name: "a\.b" must be a single label/],
    ['', /name: required/],
    [tooLong, /is not a valid account id \(at most 64 characters\)/],
  ] as const) {
    const r = host.call('create_factory_subaccount_and_deploy', { current: FACTORY, deposit: 10n ** 24n, args: { name } });
    t.regex(r.panic ?? '', message, name);
    t.deepEqual(r.actions, []);
  }
  const poor = host.call('create_factory_subaccount_and_deploy', { current: FACTORY, deposit: 10n ** 23n, args: { name: 'alice' } });
  t.regex(poor.panic ?? '', /attached deposit 100000000000000000000000 yoctoNEAR is below the minimum 200000000000000000000000 yoctoNEAR/);
});

test('the callback records success, or returns the registry fee to the creator on failure (the protocol refunds the rest)', (t) => {
  const host = load();
  const ticket = { account_id: 'alice.factory.test.near', creator: 'bob.test.near', deposit: '5000', registry_fee: '1000' };
  const ok = host.call('on_instance_created', { ...owner, args: ticket, promiseResults: [new Uint8Array()] });
  t.is(ok.returned, 'true');
  t.deepEqual(ok.actions, []);
  t.true(ok.logs.some((l) => l.startsWith('EVENT_JSON:{"standard":"factory","version":"1.0.0","event":"instance_created","data":[{"account_id":"alice.factory.test.near"')));
  t.is(host.call('get_instances', { current: FACTORY, args: {} }).returned, '["alice.factory.test.near"]');
  const failed = host.call('on_instance_created', { ...owner, args: { ...ticket, account_id: 'dave.factory.test.near' }, promiseResults: ['failed'] });
  t.is(failed.returned, 'false');
  t.deepEqual(summary(failed), [['bob.test.near', 'transfer', '1000']]);
  t.is(host.call('get_instance_count', { current: FACTORY }).returned, '1');
  const outsider = host.call('on_instance_created', { current: FACTORY, predecessor: 'eve.test.near', args: ticket, promiseResults: ['failed'] });
  t.regex(outsider.panic ?? '', /Function is private/);
});

test('manager methods: factory only, malformed references rejected, old config kept', (t) => {
  const host = load();
  const update = (args: unknown, who = FACTORY) => host.call('update_global_contract_id', { current: FACTORY, predecessor: who, args });
  t.regex(update({ contract_id: { CodeHash: HASH }, min_deposit: '1' }, 'eve.test.near').panic ?? '', /Function is private/);
  t.regex(update({ contract_id: { CodeHash: 'abc' }, min_deposit: '1' }).panic ?? '', /CodeHash must decode to 32 bytes/);
  t.regex(update({ contract_id: { CodeHash: '0OIl' }, min_deposit: '1' }).panic ?? '', /is not valid base58/);
  t.regex(update({ contract_id: { AccountId: 'Not Valid' }, min_deposit: '1' }).panic ?? '', /is not a valid account id/);
  t.regex(update({ contract_id: { AccountId: 'a.near', CodeHash: HASH }, min_deposit: '1' }).panic ?? '', /exactly one of AccountId or CodeHash, got AccountId and CodeHash/);
  t.regex(update({ contract_id: {}, min_deposit: '1' }).panic ?? '', /got neither/);
  t.regex(update({ contract_id: { CodeHash: HASH }, min_deposit: '-1' }).panic ?? '', /min_deposit: expected a yoctoNEAR amount/);
  t.is(host.call('get_global_contract_id', { current: FACTORY }).returned, '{"AccountId":"ft.globals.primitives.testnet"}');
  t.is(update({ contract_id: { hash: HASH }, min_deposit: '7' }).panic, undefined);
  t.is(host.call('get_global_contract_id', { current: FACTORY }).returned, JSON.stringify({ CodeHash: HASH }));
  t.is(host.call('get_min_deposit', { current: FACTORY }).returned, '"7"');
  t.is(host.call('update_min_deposit', { ...owner, args: { min_deposit: '9' } }).panic, undefined);
  t.is(host.call('get_min_deposit', { current: FACTORY }).returned, '"9"');
});
