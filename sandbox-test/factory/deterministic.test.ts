// create_deterministic_instance (NEP-616, protocol 82): the sample at the `0s…`
// account its state derives, with that state already stored, so it works with no
// init call. The address is the same from the factory's view, the client helper
// and the chain; the deposit splits exactly into the instance's storage, the
// registry fee and what came back to the caller.
import anyTest, { type TestFn } from 'ava';
import { type NearAccount } from 'near-workspaces';
import { createWorld, deployFactory, user, viewAccount, viewFunction, balanceOf, type World } from '../support/world.ts';
import { nearToYocto } from '../support/amounts.ts';
import { tokensBurnt, TGAS } from '../support/outcomes.ts';
import { deterministicInstanceAccountId } from '../../client/deterministic.ts';
import { STORAGE } from '../../sandbox/params/runtime-config.ts';
import { receiptMoves } from './ledger.ts';

interface Context extends World { factory: NearAccount }
const test = anyTest as TestFn<Context>;
test.before(async (t) => {
  const world = await createWorld();
  t.context = { ...world, factory: await deployFactory(world, 'detfactory', world.byHash) };
});
test.after.always(async (t) => { await t.context.worker?.tearDown(); });

const DEPOSIT = nearToYocto('1');
/** nearcore's ZERO_BALANCE_ACCOUNT_STORAGE_LIMIT (runtime/runtime/src/verifier.rs): smaller accounts stake nothing. */
const ZERO_BALANCE_ACCOUNT_STORAGE_LIMIT = 770n;
/** A greeting long enough that the instance is over nearcore's zero-balance limit (770 bytes) and must stake its storage. */
const LONG_GREETING = 'Ahoy! '.repeat(120);

/** nearcore's check_storage_stake: nothing up to the zero-balance limit, else storage_amount_per_byte x usage. */
const storageStake = (usage: number) => (BigInt(usage) <= ZERO_BALANCE_ACCOUNT_STORAGE_LIMIT ? 0n : BigInt(usage) * STORAGE.amountPerByte);
const GAS = 100n * TGAS;

test('an instance at the address its state derives works at once; the deposit adds up', async (t) => {
  const { factory } = t.context;
  const olga = await user(t.context, 'olga');
  const state = { owner: olga.accountId, greeting: LONG_GREETING };
  const expected = deterministicInstanceAccountId(t.context.byHash, state);
  t.is(await factory.view('get_deterministic_account_id', { state }), expected, 'the factory derives what the client derives');
  const fee = BigInt(await factory.view('get_registry_fee') as string);

  const before = (await balanceOf(t.context, olga.accountId))!;
  const result = await olga.callRaw(factory, 'create_deterministic_instance', { state }, { attachedDeposit: DEPOSIT, gas: GAS });
  t.true(result.succeeded, JSON.stringify(result.Failure));
  t.is(result.parseResult<boolean>(), true);
  t.true(result.logs.some((l) => l.includes('"event":"instance_created"') && l.includes(expected)));
  t.like(await factory.view('get_instance', { account_id: expected }), { account_id: expected, creator: olga.accountId });
  const account = await viewAccount(t.context, expected);

  // The instance holds exactly the storage stake its state init needed.
  const holds = (await balanceOf(t.context, expected))!;
  t.true(account.storage_usage > Number(ZERO_BALANCE_ACCOUNT_STORAGE_LIMIT));
  t.is(holds, storageStake(account.storage_usage), 'the instance holds its storage stake, no more');
  // The caller paid that, the registry fee and gas; the rest came back by the protocol (refund_to).
  t.is(before - (await balanceOf(t.context, olga.accountId))!, holds + fee + tokensBurnt(result));
  const moves = await receiptMoves(t.context, result);
  const init = moves.find((m) => m.receiver === expected);
  t.is(init?.refundTo, olga.accountId);
  t.is(init?.amount, DEPOSIT - fee);
  t.true(moves.some((m) => m.predecessor === 'system' && m.receiver === olga.accountId && m.amount === DEPOSIT - fee - holds), 'the surplus came back to the caller');

  // Its state is there without an init: methods answer and check the owner.
  t.is(account.global_contract_hash, t.context.byHash.CodeHash);
  t.is(await viewFunction(t.context, expected, 'get_greeting'), `${LONG_GREETING}, I belong to ${olga.accountId}`);
  const instance = t.context.root.getAccount(expected);
  await olga.call(instance, 'set_greeting', { greeting: 'Hi' }, { gas: 50n * TGAS });
  t.is(await viewFunction(t.context, expected, 'get_greeting'), `Hi, I belong to ${olga.accountId}`);
  const stranger = await user(t.context, 'pete');
  const refused = await stranger.callRaw(instance, 'set_greeting', { greeting: 'mine' }, { gas: 50n * TGAS });
  t.regex(JSON.stringify(refused.Failure), /only the owner can change the greeting/);
});

test('the same state gives the same account; a second creation only refunds, another state another account', async (t) => {
  const { factory } = t.context;
  const quinn = await user(t.context, 'quinn');
  const first = await quinn.callRaw(factory, 'create_deterministic_instance', {}, { attachedDeposit: DEPOSIT, gas: GAS });
  t.true(first.succeeded, JSON.stringify(first.Failure));
  const id = deterministicInstanceAccountId(t.context.byHash, { owner: quinn.accountId });
  t.is(await factory.view('get_deterministic_account_id', { owner: quinn.accountId }), id, 'the default state is { owner: caller }');
  t.is(await viewFunction(t.context, id, 'get_greeting'), `Hello, I belong to ${quinn.accountId}`);
  const holds = (await balanceOf(t.context, id))!;
  t.is(holds, storageStake((await viewAccount(t.context, id)).storage_usage), 'a small instance is a zero-balance account');

  const before = (await balanceOf(t.context, quinn.accountId))!;
  const again = await quinn.callRaw(factory, 'create_deterministic_instance', {}, { attachedDeposit: DEPOSIT, gas: GAS });
  t.true(again.succeeded, JSON.stringify(again.Failure));
  t.is((await balanceOf(t.context, id))!, holds, 'the existing instance is unchanged');
  const fee = BigInt(await factory.view('get_registry_fee') as string);
  t.is(before - (await balanceOf(t.context, quinn.accountId))!, fee + tokensBurnt(again), 'the state init paid nothing; its deposit came back');
  t.is((await factory.view('get_instances', { limit: 100 }) as string[]).filter((a) => a === id).length, 1, 'one registry entry for one account');

  const other = deterministicInstanceAccountId(t.context.byHash, { owner: quinn.accountId, greeting: 'Yo' });
  t.not(other, id);
});

test('bad state and a deposit below the registry fee are refused; the caller pays only gas', async (t) => {
  const { factory } = t.context;
  const rita = await user(t.context, 'rita');
  const before = (await balanceOf(t.context, rita.accountId))!;
  const bad = await rita.callRaw(factory, 'create_deterministic_instance', { state: [1, 2] }, { attachedDeposit: DEPOSIT, gas: GAS });
  t.regex(JSON.stringify(bad.Failure), /state: expected a JSON object/);
  const poor = await rita.callRaw(factory, 'create_deterministic_instance', {}, { attachedDeposit: 1n, gas: GAS });
  t.regex(JSON.stringify(poor.Failure), /must exceed the registry fee/);
  t.is(before - (await balanceOf(t.context, rita.accountId))!, tokensBurnt(bad) + tokensBurnt(poor));
});

test('a deposit too small for the storage fails the state init; the caller pays only gas', async (t) => {
  const { factory } = t.context;
  const sam = await user(t.context, 'sam');
  const fee = BigInt(await factory.view('get_registry_fee') as string);
  const before = (await balanceOf(t.context, sam.accountId))!;
  const state = { owner: sam.accountId, greeting: LONG_GREETING };
  const result = await sam.callRaw(factory, 'create_deterministic_instance', { state }, { attachedDeposit: fee + 1n, gas: GAS });
  t.is(result.parseResult<boolean>(), false);
  t.true(result.receiptFailureMessages.some((m) => m.includes('LackBalanceForState')), JSON.stringify(result.receiptFailureMessages));
  t.is(before - (await balanceOf(t.context, sam.accountId))!, tokensBurnt(result), 'only gas');
  t.is(await balanceOf(t.context, deterministicInstanceAccountId(t.context.byHash, state)), undefined);
});
