// Who may initialise a factory: only the factory account, either in its own
// transaction or together with the deploy (near deploy --initFunction). A
// stranger's init on a deployed, uninitialised factory fails and changes nothing.
import anyTest, { type TestFn } from 'ava';
import { balanceOf, createWorld, FACTORY_WASM, user, viewAccount, type World } from '../support/world.ts';
import { nearToYocto } from '../support/amounts.ts';
import { tokensBurnt } from '../support/outcomes.ts';

const test = anyTest as TestFn<World>;
test.before(async (t) => { t.context = await createWorld(); });
test.after.always(async (t) => { await t.context.worker?.tearDown(); });

const MIN = nearToYocto('0.5').toString();

test('deploy and init in one transaction signed by the factory account', async (t) => {
  const world = t.context;
  const factory = await world.root.createSubAccount('onetx', { initialBalance: nearToYocto('20') });
  const result = await factory.batch(factory).deployContract(FACTORY_WASM)
    .functionCall('init', { global_contract_id: world.byHash, min_deposit: MIN }).transact();
  t.true(result.succeeded, JSON.stringify(result.Failure));
  t.deepEqual(await factory.view('get_global_contract_id'), world.byHash);
  t.is(await factory.view('get_min_deposit'), MIN);
  const again = await factory.callRaw(factory, 'init', { min_deposit: MIN });
  t.regex(JSON.stringify(again.Failure), /Contract already initialized/);
});

test('a stranger cannot initialise a deployed factory; it pays gas, the state stays, the owner can still init', async (t) => {
  const world = t.context;
  const factory = await world.root.createSubAccount('fresh', { initialBalance: nearToYocto('20') });
  await factory.deploy(FACTORY_WASM);
  const mallory = await user(world, 'mallory');
  const storageBefore = (await viewAccount(world, factory.accountId)).storage_usage;
  const before = (await balanceOf(world, mallory.accountId))!;
  const hijack = await mallory.callRaw(factory, 'init', { global_contract_id: { AccountId: mallory.accountId }, min_deposit: '0' });
  t.true(hijack.failed);
  t.regex(JSON.stringify(hijack.Failure), new RegExp(`init: only the factory account ${factory.accountId} can initialise the factory, not ${mallory.accountId}`));
  t.is(before - (await balanceOf(world, mallory.accountId))!, tokensBurnt(hijack), 'the stranger paid only gas');
  t.is((await viewAccount(world, factory.accountId)).storage_usage, storageBefore, 'nothing was written');
  // Still the built-in defaults (the tutorial's).
  t.deepEqual(await factory.view('get_global_contract_id'), { AccountId: 'ft.globals.primitives.testnet' });
  t.is(await factory.view('get_min_deposit'), nearToYocto('0.2').toString());

  await factory.call(factory, 'init', { global_contract_id: world.byAccount, min_deposit: MIN });
  t.deepEqual(await factory.view('get_global_contract_id'), world.byAccount);
});
