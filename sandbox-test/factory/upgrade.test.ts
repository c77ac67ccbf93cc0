// Instance upgrades: the owner of a by-hash instance moves it to version 2 of
// the sample (another global contract by hash) with `upgrade`; its state stays
// and v2's code runs. The same call can make it follow a publisher's account.
import fs from 'node:fs';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { type NearAccount } from 'near-workspaces';
import { apiAccount, createWorld, deployFactory, SAMPLE_WASM, user, viewAccount, viewFunction, type World } from '../support/world.ts';
import { nearToYocto } from '../support/amounts.ts';
import { TGAS } from '../support/outcomes.ts';
import { codeHash } from '../../client/near.ts';

const SAMPLE_V2_WASM = fs.readFileSync(path.join('build', 'sample_v2.wasm'));

interface Context extends World { v2: { CodeHash: string }; factory: NearAccount }
const test = anyTest as TestFn<Context>;
test.before(async (t) => {
  const world = await createWorld();
  // Publishing burns 10x the storage price per byte of code, so v2 gets a publisher of its own.
  const v2Publisher = await world.root.createSubAccount('v2pub', { initialBalance: nearToYocto('100') });
  // near-api-js throws if the transaction or a receipt fails.
  await (await apiAccount(world, v2Publisher)).deployGlobalContract(SAMPLE_V2_WASM, 'codeHash');
  t.context = { ...world, v2: { CodeHash: codeHash(SAMPLE_V2_WASM) }, factory: await deployFactory(world, 'upfactory', world.byHash) };
});
test.after.always(async (t) => { await t.context.worker?.tearDown(); });

const DEPOSIT = nearToYocto('1');
const GAS = 100n * TGAS;

interface Info { owner: string; greeting: string; donations: string; version: string }

async function instanceOf(t: { context: Context }, name: string, owner: NearAccount): Promise<string> {
  await owner.call(t.context.factory, 'deploy', { name, init: { method: 'init', args: { owner: owner.accountId } } }, { attachedDeposit: DEPOSIT, gas: GAS });
  return `${name}.${t.context.factory.accountId}`;
}

test('the owner moves a by-hash instance to v2: the state stays and v2 runs', async (t) => {
  const world = t.context;
  const rita = await user(world, 'rita');
  const instance = await instanceOf(t, 'mover', rita);
  await rita.call(instance, 'set_greeting', { greeting: 'Ahoy' });
  await rita.call(instance, 'donate', {}, { attachedDeposit: nearToYocto('0.25') });
  t.deepEqual(await viewFunction<Info>(world, instance, 'get_info'), { owner: rita.accountId, greeting: 'Ahoy', donations: nearToYocto('0.25').toString(), version: '1' });

  const result = await rita.callRaw(instance, 'upgrade', { contract_id: world.v2 });
  t.true(result.succeeded, JSON.stringify(result.Failure));
  t.is((await viewAccount(world, instance)).global_contract_hash, world.v2.CodeHash);
  t.deepEqual(await viewFunction<Info>(world, instance, 'get_info'), { owner: rita.accountId, greeting: 'Ahoy', donations: nearToYocto('0.25').toString(), version: '2' });
  // A method only v2 has, acting on the kept state.
  const sam = await user(world, 'sam');
  await rita.call(instance, 'transfer_ownership', { new_owner: sam.accountId });
  t.is(await viewFunction(world, instance, 'get_greeting'), `Ahoy, I belong to ${sam.accountId}`);
  // Other instances of the factory stay on v1.
  const other = await instanceOf(t, 'stayer', rita);
  t.is((await viewFunction<Info>(world, other, 'get_info')).version, '1');
});

test('only the owner can upgrade; a missing target fails and the code stays', async (t) => {
  const world = t.context;
  const tina = await user(world, 'tina');
  const instance = await instanceOf(t, 'guarded', tina);
  const mallory = await user(world, 'mallory');
  const denied = await mallory.callRaw(instance, 'upgrade', { contract_id: world.v2 });
  t.regex(JSON.stringify(denied.Failure), /upgrade: only the owner can upgrade the instance/);
  const missing = await tina.callRaw(instance, 'upgrade', { contract_id: { CodeHash: '11111111111111111111111111111111' } });
  t.true(missing.failed);
  t.regex(JSON.stringify(missing.Failure), /GlobalContractDoesNotExist/);
  const bad = await tina.callRaw(instance, 'upgrade', { contract_id: { CodeHash: 'n0pe' } });
  t.regex(JSON.stringify(bad.Failure), /contract_id: CodeHash \\"n0pe\\" is not valid base58/);
  t.is((await viewAccount(world, instance)).global_contract_hash, world.byHash.CodeHash);
  t.is((await viewFunction<Info>(world, instance, 'get_info')).version, '1');
});

test('an instance can follow a publisher account instead (by account id), keeping its state', async (t) => {
  const world = t.context;
  const uma = await user(world, 'uma');
  const instance = await instanceOf(t, 'follower', uma);
  await uma.call(instance, 'set_greeting', { greeting: 'Hey' });
  const publisher = await world.root.createSubAccount('follow', { initialBalance: nearToYocto('150') });
  const signer = await apiAccount(world, publisher);
  await signer.deployGlobalContract(SAMPLE_WASM, 'accountId');
  const result = await uma.callRaw(instance, 'upgrade', { contract_id: { AccountId: publisher.accountId } });
  t.true(result.succeeded, JSON.stringify(result.Failure));
  t.is((await viewAccount(world, instance)).global_contract_account_id, publisher.accountId);
  t.is(await viewFunction(world, instance, 'get_greeting'), `Hey, I belong to ${uma.accountId}`);
  // What the publisher deploys next is what the instance runs: here v2.
  await signer.deployGlobalContract(SAMPLE_V2_WASM, 'accountId');
  t.is((await viewFunction<Info>(world, instance, 'get_info')).version, '2');
});
