// Creating instances through the factory on a real chain: each global-contract
// reference kind, keys, init, events, independent state, balances, gas.
import anyTest, { type TestFn } from 'ava';
import { KeyPair } from 'near-api-js';
import { accessKeys, balanceOf, createWorld, deployFactory, user, viewAccount, viewFunction, type World } from '../support/world.ts';
import { nearToYocto } from '../support/amounts.ts';
import { gasBurnt, tokensBurnt, TGAS } from '../support/outcomes.ts';
import { rewardOf } from './ledger.ts';

const test = anyTest as TestFn<World>;
test.before(async (t) => { t.context = await createWorld(); });
test.after.always(async (t) => { await t.context.worker?.tearDown(); });

const DEPOSIT = nearToYocto('1');

test('by code hash: the instance runs the sample with its own state, owned by the caller', async (t) => {
  const world = t.context;
  const factory = await deployFactory(world, 'hashfactory', world.byHash);
  const bob = await user(world, 'bob');
  const result = await bob.callRaw(factory, 'create_factory_subaccount_and_deploy',
    { name: 'shop', init: { method: 'init', args: { owner: bob.accountId } } }, { attachedDeposit: DEPOSIT, gas: 100n * TGAS });
  t.true(result.succeeded, JSON.stringify(result.Failure));
  t.is(result.parseResult<boolean>(), true);
  const instance = `shop.${factory.accountId}`;
  const view = await viewAccount(world, instance);
  t.is(view.global_contract_hash, world.byHash.CodeHash);
  t.is(await viewFunction(world, instance, 'get_greeting'), `Hello, I belong to ${bob.accountId}`);
  await bob.call(instance, 'set_greeting', { greeting: 'Welcome' });
  t.is(await viewFunction(world, instance, 'get_greeting'), `Welcome, I belong to ${bob.accountId}`);
  t.deepEqual(await factory.view('get_instances', {}), [instance]);
  const perReceipt = result.result.receipts_outcome.map((o) => `${o.outcome.executor_id} ${Number(o.outcome.gas_burnt) / 1e12}`);
  t.log(`one create with init: ${Number(gasBurnt(result)) / 1e12} Tgas burnt in all receipts (${perReceipt.join(', ')})`);
  t.true(gasBurnt(result) < 100n * TGAS, 'fits the tutorial CLI command\'s 100 Tgas');
});

test('by account id: instances follow the publisher\'s global contract and keep separate state', async (t) => {
  const world = t.context;
  const factory = await deployFactory(world, 'acctfactory', world.byAccount);
  const carol = await user(world, 'carol');
  const dave = await user(world, 'dave');
  for (const [who, name] of [[carol, 'one'], [dave, 'two']] as const) {
    const r = await who.callRaw(factory, 'deploy', { name, init: { method: 'init', args: { owner: who.accountId, greeting: `Hi from ${name}` } } },
      { attachedDeposit: DEPOSIT, gas: 100n * TGAS });
    t.is(r.parseResult<boolean>(), true);
  }
  const one = `one.${factory.accountId}`;
  const two = `two.${factory.accountId}`;
  t.is((await viewAccount(world, one)).global_contract_account_id, world.publisher.accountId);
  t.is(await viewFunction(world, one, 'get_greeting'), `Hi from one, I belong to ${carol.accountId}`);
  t.is(await viewFunction(world, two, 'get_greeting'), `Hi from two, I belong to ${dave.accountId}`);
  t.is(await factory.view('get_instance_count'), 2);
  t.deepEqual(await factory.view('get_instances', { from_index: 1, limit: 1 }), [two]);
});

test('the new account gets the given ed25519 or secp256k1 public key, or else the caller\'s own key', async (t) => {
  const world = t.context;
  const factory = await deployFactory(world, 'keyfactory', world.byHash);
  const erin = await user(world, 'erin');
  const given = KeyPair.fromRandom('ed25519').getPublicKey().toString();
  await erin.call(factory, 'create_factory_subaccount_and_deploy', { name: 'withkey', public_key: given }, { attachedDeposit: DEPOSIT, gas: 100n * TGAS });
  await erin.call(factory, 'create_factory_subaccount_and_deploy', { name: 'signerkey' }, { attachedDeposit: DEPOSIT, gas: 100n * TGAS });
  const secp = KeyPair.fromRandom('secp256k1').getPublicKey().toString();
  await erin.call(factory, 'create_factory_subaccount_and_deploy', { name: 'secpkey', public_key: secp }, { attachedDeposit: DEPOSIT, gas: 100n * TGAS });
  t.deepEqual(await accessKeys(world, `withkey.${factory.accountId}`), [given]);
  t.deepEqual(await accessKeys(world, `secpkey.${factory.accountId}`), [secp]);
  const erinKey = (await erin.getKey())!.getPublicKey().toString();
  t.deepEqual(await accessKeys(world, `signerkey.${factory.accountId}`), [erinKey]);
});

test('success emits the NEP-297 event and the balances add up to the yoctoNEAR', async (t) => {
  const world = t.context;
  const factory = await deployFactory(world, 'balfactory', world.byHash);
  const frank = await user(world, 'frank');
  const frankBefore = (await balanceOf(world, frank.accountId))!;
  const factoryBefore = (await balanceOf(world, factory.accountId))!;
  const fee = BigInt(await factory.view('get_registry_fee') as string);
  const result = await frank.callRaw(factory, 'create_factory_subaccount_and_deploy', { name: 'exact' },
    { attachedDeposit: DEPOSIT, gas: 100n * TGAS });
  t.is(result.parseResult<boolean>(), true);
  const instance = `exact.${factory.accountId}`;
  const event = result.logs.find((l) => l.startsWith('EVENT_JSON:'));
  t.deepEqual(JSON.parse(event!.slice('EVENT_JSON:'.length)), {
    standard: 'factory', version: '1.0.0', event: 'instance_created',
    data: [{ account_id: instance, creator: frank.accountId, deposit: DEPOSIT.toString(), registry_fee: fee.toString(), global_contract_id: world.byHash }],
  });
  // The instance holds exactly the deposit less the registry fee; the caller paid
  // the deposit plus all gas burnt; the factory kept the fee and earned nearcore's gas reward.
  t.is(await balanceOf(world, instance), DEPOSIT - fee);
  const frankAfter = (await balanceOf(world, frank.accountId))!;
  t.is(frankBefore - frankAfter, DEPOSIT + tokensBurnt(result));
  t.is((await balanceOf(world, factory.accountId))! - factoryBefore, fee + await rewardOf(world, factory.accountId, result));
});
