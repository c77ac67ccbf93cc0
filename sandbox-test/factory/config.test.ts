// The factory's configuration: owner-only changes, validation, effect on the
// next creation, and a by-account global contract upgrade reaching every instance.
import anyTest, { type TestFn } from 'ava';
import { apiAccount, createWorld, deployFactory, FACTORY_WASM, user, viewAccount, viewFunction, type World } from '../support/world.ts';
import { nearToYocto } from '../support/amounts.ts';
import { TGAS } from '../support/outcomes.ts';

const test = anyTest as TestFn<World>;
test.before(async (t) => { t.context = await createWorld(); });
test.after.always(async (t) => { await t.context.worker?.tearDown(); });

const DEPOSIT = nearToYocto('1');
const GAS = 100n * TGAS;

test('only the factory account can change the config; bad references leave it as it was', async (t) => {
  const world = t.context;
  const factory = await deployFactory(world, 'cfgfactory', world.byHash);
  const mallory = await user(world, 'mallory');
  const denied = await mallory.callRaw(factory, 'update_min_deposit', { min_deposit: '1' });
  t.regex(JSON.stringify(denied.Failure), /Function is private/);
  const denied2 = await mallory.callRaw(factory, 'update_global_contract_id', { contract_id: world.byAccount, min_deposit: '1' });
  t.regex(JSON.stringify(denied2.Failure), /Function is private/);
  const bad = await factory.callRaw(factory, 'update_global_contract_id', { contract_id: { CodeHash: '11111' }, min_deposit: '1' });
  t.regex(JSON.stringify(bad.Failure), /CodeHash must decode to 32 bytes/);
  t.deepEqual(await factory.view('get_global_contract_id'), world.byHash);
  t.is(await factory.view('get_min_deposit'), nearToYocto('0.5').toString());
});

test('a config update takes effect for the next creation', async (t) => {
  const world = t.context;
  const factory = await deployFactory(world, 'switchfactory', world.byHash);
  const nina = await user(world, 'nina');
  await nina.call(factory, 'deploy', { name: 'first' }, { attachedDeposit: DEPOSIT, gas: GAS });
  await factory.call(factory, 'update_global_contract_id', { contract_id: world.byAccount, min_deposit: nearToYocto('2').toString() });
  const tooLittle = await nina.callRaw(factory, 'deploy', { name: 'second' }, { attachedDeposit: DEPOSIT, gas: GAS });
  t.regex(JSON.stringify(tooLittle.Failure), /below the minimum 2000000000000000000000000/);
  await nina.call(factory, 'deploy', { name: 'second' }, { attachedDeposit: nearToYocto('2'), gas: GAS });
  t.is((await viewAccount(world, `first.${factory.accountId}`)).global_contract_hash, world.byHash.CodeHash);
  t.is((await viewAccount(world, `second.${factory.accountId}`)).global_contract_account_id, world.publisher.accountId);
  await factory.call(factory, 'update_min_deposit', { min_deposit: '1' });
  t.is(await factory.view('get_min_deposit'), '1');
  // A deposit must still cover the registry fee the factory keeps from it.
  const fee = BigInt(await factory.view('get_registry_fee') as string);
  const belowFee = await nina.callRaw(factory, 'deploy', { name: 'third' }, { attachedDeposit: fee - 1n, gas: GAS });
  t.regex(JSON.stringify(belowFee.Failure), new RegExp(`attached deposit ${fee - 1n} yoctoNEAR is below the registry fee ${fee} yoctoNEAR`));
});

test('redeploying a by-account global contract changes the code of every instance using it', async (t) => {
  const world = t.context;
  // A publisher of its own, so other tests keep the sample.
  const publisher = await world.root.createSubAccount('upgrader', { initialBalance: nearToYocto('150') });
  const deployer = await apiAccount(world, publisher);
  const { SAMPLE_WASM } = await import('../support/world.ts');
  await deployer.deployGlobalContract(SAMPLE_WASM, 'accountId');
  const factory = await deployFactory(world, 'upgfactory', { AccountId: publisher.accountId });
  const olga = await user(world, 'olga');
  for (const name of ['a1', 'a2']) {
    await olga.call(factory, 'deploy', { name, init: { method: 'init', args: { owner: olga.accountId } } }, { attachedDeposit: DEPOSIT, gas: GAS });
  }
  for (const name of ['a1', 'a2']) t.is((await viewFunction<{ version: string }>(world, `${name}.${factory.accountId}`, 'get_info')).version, '1');
  // New code under the same account: here the factory's own wasm, easy to tell apart.
  await deployer.deployGlobalContract(FACTORY_WASM, 'accountId');
  for (const name of ['a1', 'a2']) {
    t.is(await viewFunction(world, `${name}.${factory.accountId}`, 'get_min_deposit'), '200000000000000000000000');
  }
});
