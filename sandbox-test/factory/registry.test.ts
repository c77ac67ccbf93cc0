// The registry: one entry per instance account with its creator and the block
// that registered it; recreating a deleted account refreshes its entry instead
// of adding another; the registry fee covers the storage an entry takes.
import anyTest, { type TestFn } from 'ava';
import { createWorld, deployFactory, user, viewAccount, type World } from '../support/world.ts';
import { nearToYocto } from '../support/amounts.ts';
import { rpc } from '../../client/rpc.ts';
import { TGAS } from '../support/outcomes.ts';
import { STORAGE } from '../../sandbox/params/runtime-config.ts';
import { blockHashOfLog } from './ledger.ts';
import type { TransactionResult } from 'near-workspaces';

const test = anyTest as TestFn<World>;
test.before(async (t) => { t.context = await createWorld(); });
test.after.always(async (t) => { await t.context.worker?.tearDown(); });

const DEPOSIT = nearToYocto('1');
const GAS = 100n * TGAS;

async function heightOf(world: World, blockHash: string): Promise<number> {
  const block = await rpc<{ header: { height: number } }>(world.rpcUrl, 'block', { block_id: blockHash });
  return block.header.height;
}

async function registeredAt(world: World, result: TransactionResult, factory: string): Promise<number> {
  return heightOf(world, blockHashOfLog(result, factory, '"event":"instance_created"'));
}

test('an entry per instance account, with creator and block; recreation after deletion refreshes it', async (t) => {
  const world = t.context;
  const factory = await deployFactory(world, 'regfactory', world.byHash);
  const [pat, quinn] = [await user(world, 'pat'), await user(world, 'quinn')];
  const shop = `shop.${factory.accountId}`;

  const first = await pat.callRaw(factory, 'deploy', { name: 'shop' }, { attachedDeposit: DEPOSIT, gas: GAS });
  t.is(first.parseResult<boolean>(), true);
  t.deepEqual(await factory.view('get_instance', { account_id: shop }),
    { account_id: shop, creator: pat.accountId, block_height: await registeredAt(world, first, factory.accountId) });
  t.is(await factory.view('get_instance', { account_id: `nothing.${factory.accountId}` }), null);

  // Pat owns shop (the factory added pat's key) and deletes it; quinn takes the name.
  t.true((await world.root.getAccount(shop).delete(pat.accountId, (await pat.getKey())!)).succeeded);
  const again = await quinn.callRaw(factory, 'deploy', { name: 'shop' }, { attachedDeposit: DEPOSIT, gas: GAS });
  t.is(again.parseResult<boolean>(), true);
  await quinn.call(factory, 'deploy', { name: 'other' }, { attachedDeposit: DEPOSIT, gas: GAS });

  t.is(await factory.view('get_instance_count'), 2);
  t.deepEqual(await factory.view('get_instances', {}), [shop, `other.${factory.accountId}`]);
  t.deepEqual(await factory.view('get_instances', { from_index: 1, limit: 1 }), [`other.${factory.accountId}`]);
  const refreshed = await factory.view('get_instance', { account_id: shop });
  t.deepEqual(refreshed, { account_id: shop, creator: quinn.accountId, block_height: await registeredAt(world, again, factory.accountId) });
});

test('the registry fee covers the storage of an entry at the longest account ids', async (t) => {
  const world = t.context;
  const factory = await deployFactory(world, 'feefactory', world.byHash);
  const fee = BigInt(await factory.view('get_registry_fee') as string);
  // The longest name that still gives a valid account id (64 characters), created by a long-named account.
  const name = 'n'.repeat(64 - factory.accountId.length - 1);
  const creator = await user(world, 'c'.repeat(64 - world.root.accountId.length - 1));
  const before = (await viewAccount(world, factory.accountId)).storage_usage;
  await creator.call(factory, 'deploy', { name }, { attachedDeposit: DEPOSIT, gas: GAS });
  const grown = BigInt((await viewAccount(world, factory.accountId)).storage_usage - before);
  t.log(`a registry entry with 64-character account ids takes ${grown} bytes; the fee stakes ${fee / STORAGE.amountPerByte}`);
  t.true(grown * STORAGE.amountPerByte <= fee, `${grown} bytes cost more than the fee`);
  t.true(grown > 0n);
});

test('bad registry queries are rejected with a message naming the argument', async (t) => {
  const world = t.context;
  const factory = await deployFactory(world, 'qfactory', world.byHash);
  await t.throwsAsync(factory.view('get_instances', { from_index: -1 }), { message: /from_index: expected a non-negative integer/ });
  await t.throwsAsync(factory.view('get_instances', { limit: 101 }), { message: /limit: expected an integer from 1 to 100/ });
  await t.throwsAsync(factory.view('get_instance', {}), { message: /account_id: required/ });
});
