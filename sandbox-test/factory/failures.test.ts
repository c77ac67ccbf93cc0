// What goes wrong loses nothing: rejected input costs only gas, and a failed
// creation (name taken, init panics) refunds the whole deposit to the caller.
import anyTest, { type TestFn } from 'ava';
import { type NearAccount } from 'near-workspaces';
import { balanceOf, createWorld, deployFactory, user, type World } from '../support/world.ts';
import { nearToYocto } from '../support/amounts.ts';
import { tokensBurnt, TGAS } from '../support/outcomes.ts';

interface Context extends World { factory: NearAccount }
const test = anyTest as TestFn<Context>;
test.before(async (t) => {
  const world = await createWorld();
  t.context = { ...world, factory: await deployFactory(world, 'factory', world.byHash) };
});
test.after.always(async (t) => { await t.context.worker?.tearDown(); });

const DEPOSIT = nearToYocto('1');
const GAS = 100n * TGAS;

test('a deposit below the minimum is rejected; the caller pays only gas', async (t) => {
  const { factory } = t.context;
  const gina = await user(t.context, 'gina');
  const before = (await balanceOf(t.context, gina.accountId))!;
  const result = await gina.callRaw(factory, 'create_factory_subaccount_and_deploy', { name: 'cheap' }, { attachedDeposit: nearToYocto('0.1'), gas: GAS });
  t.true(result.failed);
  t.regex(JSON.stringify(result.Failure), /attached deposit 100000000000000000000000 yoctoNEAR is below the minimum 500000000000000000000000 yoctoNEAR/);
  t.is(before - (await balanceOf(t.context, gina.accountId))!, tokensBurnt(result));
  t.is(await balanceOf(t.context, `cheap.${factory.accountId}`), undefined);
});

test('invalid names are rejected with a message naming the problem', async (t) => {
  const { factory } = t.context;
  const hank = await user(t.context, 'hank');
  const tooLong = 'x'.repeat(65 - factory.accountId.length);
  const before = (await balanceOf(t.context, hank.accountId))!;
  let burnt = 0n;
  for (const [name, message] of [
    ['Bad.Name', /must be a single label/],
    ['a.b', /must be a single label/],
    ['', /name: required/],
    [tooLong, /not a valid account id \(at most 64 characters\)/],
  ] as const) {
    const result = await hank.callRaw(factory, 'create_factory_subaccount_and_deploy', { name }, { attachedDeposit: DEPOSIT, gas: GAS });
    t.true(result.failed, name);
    t.regex(JSON.stringify(result.Failure), message, name);
    burnt += tokensBurnt(result);
  }
  // Other tests share this factory, so count nothing on it: check that hank paid only gas.
  t.is(before - (await balanceOf(t.context, hank.accountId))!, burnt);
});

test('creating an existing name fails and refunds the deposit in full', async (t) => {
  const { factory } = t.context;
  const ivan = await user(t.context, 'ivan');
  t.is(await ivan.call(factory, 'create_factory_subaccount_and_deploy', { name: 'taken' }, { attachedDeposit: DEPOSIT, gas: GAS }), true);
  const before = (await balanceOf(t.context, ivan.accountId))!;
  const factoryBefore = (await balanceOf(t.context, factory.accountId))!;
  const result = await ivan.callRaw(factory, 'create_factory_subaccount_and_deploy', { name: 'taken' }, { attachedDeposit: DEPOSIT, gas: GAS });
  t.is(result.parseResult<boolean>(), false);
  t.true(result.logs.some((l) => l.includes('"event":"instance_creation_failed"')));
  t.is(before - (await balanceOf(t.context, ivan.accountId))!, tokensBurnt(result), 'only gas was spent');
  t.true((await balanceOf(t.context, factory.accountId))! >= factoryBefore, 'the factory kept nothing and lost nothing');
  t.is(await balanceOf(t.context, `taken.${factory.accountId}`), DEPOSIT, 'the first instance is untouched');
});

test('an init that panics undoes the whole batch and refunds the deposit in full', async (t) => {
  const { factory } = t.context;
  const judy = await user(t.context, 'judy');
  const before = (await balanceOf(t.context, judy.accountId))!;
  // The sample's init requires an owner.
  const result = await judy.callRaw(factory, 'create_factory_subaccount_and_deploy', { name: 'broken', init: { method: 'init', args: {} } },
    { attachedDeposit: DEPOSIT, gas: GAS });
  t.is(result.parseResult<boolean>(), false);
  t.true(result.receiptFailureMessages.some((m) => /init: owner is required/.test(m)), JSON.stringify(result.receiptFailureMessages));
  t.is(await balanceOf(t.context, `broken.${factory.accountId}`), undefined, 'no account was created');
  t.is(before - (await balanceOf(t.context, judy.accountId))!, tokensBurnt(result), 'only gas was spent');
});
