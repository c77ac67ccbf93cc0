// Issue 15's drain: an init that succeeds but returns a promise the caller makes
// fail. Before, the factory's callback took that failed promise for a failed batch
// and refunded the deposit from its own balance while the new account kept it; the
// caller then deleted the account and collected the deposit a second time. Now the
// batch ends with AddKey, so its result is its actions' success, not the init's promise.
import anyTest, { type TestFn } from 'ava';
import { createWorld, deployFactory, user, viewAccount, type World } from '../support/world.ts';
import { nearToYocto } from '../support/amounts.ts';
import { gasPrices, tokensBurnt, TGAS } from '../support/outcomes.ts';
import { balances, receiptMoves, rewardOf } from './ledger.ts';

const test = anyTest as TestFn<World>;
test.before(async (t) => { t.context = await createWorld(); });
test.after.always(async (t) => { await t.context.worker?.tearDown(); });

const DEPOSIT = nearToYocto('5');

test('an init whose returned promise fails creates the instance once and refunds nothing; deleting it returns only what it holds', async (t) => {
  const world = t.context;
  const factory = await deployFactory(world, 'drainfactory', world.byHash);
  const fee = BigInt(await factory.view('get_registry_fee') as string);
  const mallory = await user(world, 'mallory');
  const instance = `loot.${factory.accountId}`;
  const [malloryStart, factoryStart] = await balances(world, mallory.accountId, factory.accountId);

  // The sample's init calls `notify`'s on_sample_created and returns that promise; this account does not exist.
  const create = await mallory.callRaw(factory, 'create_factory_subaccount_and_deploy',
    { name: 'loot', init: { method: 'init', args: { owner: mallory.accountId, notify: `nobody.${world.root.accountId}` }, gas: String(40n * TGAS) } },
    { attachedDeposit: DEPOSIT, gas: 150n * TGAS });
  t.true(create.receiptFailureMessages.some((m) => m.includes(`"AccountDoesNotExist":{"account_id":"nobody.${world.root.accountId}"}`)), 'the notification failed');
  t.is(create.parseResult<boolean>(), true, 'the factory reports the instance as created');
  t.true(create.logs.some((l) => l.includes('"event":"instance_created"')));
  t.false(create.logs.some((l) => l.includes('instance_creation_failed')));
  t.is((await viewAccount(world, instance)).global_contract_hash, world.byHash.CodeHash);
  // The batch's refunds would go to the caller (refund_to), and nothing at all was refunded: the factory sent nothing.
  const moves = await receiptMoves(world, create);
  t.is(moves.find((m) => m.receiver === instance && m.predecessor === factory.accountId)?.refundTo, mallory.accountId);
  t.false(moves.some((m) => m.predecessor === factory.accountId && m.receiver === mallory.accountId), 'the factory paid the caller nothing');

  const [malloryCreated, factoryCreated, instanceHolds] = await balances(world, mallory.accountId, factory.accountId, instance);
  t.is(malloryStart - malloryCreated, DEPOSIT + tokensBurnt(create), 'the caller paid the deposit and gas, and got nothing back');
  // nearcore's burnt-gas rewards: the factory's for its two calls, the instance's for its init.
  t.is(factoryCreated - factoryStart, fee + await rewardOf(world, factory.accountId, create),
    'the factory kept the registry fee and earned only its gas reward');
  t.is(instanceHolds, DEPOSIT - fee + await rewardOf(world, instance, create),
    'the instance holds the deposit less the fee, plus its init\'s gas reward');

  // The caller owns the instance (its key was added) and deletes it to itself.
  const loot = world.root.getAccount(instance);
  const removal = await loot.delete(mallory.accountId, (await mallory.getKey())!);
  t.true(removal.succeeded, JSON.stringify(removal.Failure));
  const [malloryEnd, factoryEnd] = await balances(world, mallory.accountId, factory.accountId);
  // The instance paid for its own deletion, buying the receipt's gas at the purchase price. The
  // price surplus of the gas burnt is refunded to the signer, the deleted instance, so that refund
  // fails and is lost (nearcore burns a failed refund); 0 before protocol 85.
  const { burn, purchase } = await gasPrices(world.rpcUrl);
  const deletion = removal.result.receipts_outcome.find((o) => o.outcome.executor_id === instance)!;
  const lostRefund = (purchase - burn) * BigInt(deletion.outcome.gas_burnt);
  t.is(malloryEnd, malloryCreated - tokensBurnt(removal) - lostRefund + instanceHolds, 'deleting returns exactly what the instance held');
  t.true(malloryEnd < malloryStart, 'the round trip cost the caller the fee and gas; the deposit was not paid twice');
  t.is(factoryEnd, factoryCreated, 'the factory\'s balance is untouched by the deletion');
});
