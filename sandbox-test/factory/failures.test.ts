// What goes wrong loses nothing: rejected input costs only gas, and a failed
// creation (name taken, init panics) refunds the whole deposit to the caller: the
// batch's part by the protocol (its refund_to is the caller, NEP-616, protocol 82),
// the registry fee by the factory's callback.
import anyTest, { type TestFn } from 'ava';
import { type NearAccount } from 'near-workspaces';
import { KeyPair } from 'near-api-js';
import { balanceOf, createWorld, deployFactory, user, type World } from '../support/world.ts';
import { nearToYocto } from '../support/amounts.ts';
import { tokensBurnt, TGAS } from '../support/outcomes.ts';
import { balances, functionCallGasByFees, functionCallGasOf, receiptMoves, rewardOf } from './ledger.ts';

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
  // A factory of its own, so that its balance changes only by what this test does.
  const factory = await deployFactory(t.context, 'takenfactory', t.context.byHash);
  const ivan = await user(t.context, 'ivan');
  t.is(await ivan.call(factory, 'create_factory_subaccount_and_deploy', { name: 'taken' }, { attachedDeposit: DEPOSIT, gas: GAS }), true);
  const before = (await balanceOf(t.context, ivan.accountId))!;
  const factoryBefore = (await balanceOf(t.context, factory.accountId))!;
  const result = await ivan.callRaw(factory, 'create_factory_subaccount_and_deploy', { name: 'taken' }, { attachedDeposit: DEPOSIT, gas: GAS });
  t.is(result.parseResult<boolean>(), false);
  t.true(result.logs.some((l) => l.includes('"event":"instance_creation_failed"')));
  t.is(before - (await balanceOf(t.context, ivan.accountId))!, tokensBurnt(result), 'only gas was spent');
  t.is((await balanceOf(t.context, factory.accountId))! - factoryBefore, await rewardOf(t.context, factory.accountId, result),
    'the factory kept nothing and lost nothing: it earned its gas reward only');
  const fee = BigInt(await factory.view('get_registry_fee') as string);
  t.is(await balanceOf(t.context, `taken.${factory.accountId}`), DEPOSIT - fee, 'the first instance is untouched');
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

test('a public key that is not exactly ed25519:<32 bytes> or secp256k1:<64 bytes> is rejected; the caller pays only gas', async (t) => {
  const { factory } = t.context;
  const kate = await user(t.context, 'kate');
  const ed = KeyPair.fromRandom('ed25519').getPublicKey().toString();
  const secp = KeyPair.fromRandom('secp256k1').getPublicKey().toString();
  const edData = ed.slice('ed25519:'.length);
  const before = (await balanceOf(t.context, kate.accountId))!;
  let burnt = 0n;
  for (const [publicKey, why] of [
    [`${ed}:junk`, 'invalid base58 character ":"'],
    [`${ed}1`, 'ed25519 key of 33 bytes'],
    [`ed25519:${edData.slice(0, -4)}`, 'ed25519 key of'],
    [`ed25519:${edData.slice(0, -1)}0`, 'invalid base58 character "0"'],
    ['ed25519:', 'ed25519 key of 0 bytes'],
    [edData, 'no key type prefix'],
    [`ED25519:${edData}`, 'unknown key type "ED25519"'],
    [`rsa:${edData}`, 'unknown key type "rsa"'],
    [`secp256k1:${edData}`, 'secp256k1 key of 32 bytes'],
    [`ed25519:${secp.slice('secp256k1:'.length)}`, 'ed25519 key of 64 bytes'],
  ] as const) {
    const result = await kate.callRaw(factory, 'create_factory_subaccount_and_deploy', { name: 'keyed', public_key: publicKey },
      { attachedDeposit: DEPOSIT, gas: GAS });
    t.true(result.failed, publicKey);
    const message = JSON.stringify(result.Failure).replaceAll('\\"', '"');
    t.true(message.includes(`public_key: "${publicKey}" is not a valid public key (${why}`), `${publicKey}: ${message}`);
    burnt += tokensBurnt(result);
  }
  t.is(before - (await balanceOf(t.context, kate.accountId))!, burnt, 'only gas was spent');
  t.is(await balanceOf(t.context, `keyed.${factory.accountId}`), undefined);
});

/** Runs a creation that must fail in its batch; checks the caller paid only gas and the factory neither lost nor kept anything. */
async function failsAndRefunds(t: import('ava').ExecutionContext<Context>, factory: NearAccount, callerName: string, args: Record<string, unknown>) {
  const caller = await user(t.context, callerName);
  const [callerBefore, factoryBefore] = await balances(t.context, caller.accountId, factory.accountId);
  const result = await caller.callRaw(factory, 'create_factory_subaccount_and_deploy', args, { attachedDeposit: DEPOSIT, gas: GAS });
  t.is(result.parseResult<boolean>(), false);
  t.true(result.logs.some((l) => l.includes('"event":"instance_creation_failed"')));
  const [callerAfter, factoryAfter] = await balances(t.context, caller.accountId, factory.accountId);
  t.is(callerBefore - callerAfter, tokensBurnt(result), 'the caller paid only gas');
  // The factory kept nothing and lost nothing: it changed by nearcore's burnt-gas reward for its receipts, whose
  // function-call gas (the profile's sum) is also the outcome's gas_burnt less the execution fees of its actions.
  const calls = result.result.receipts_outcome.filter((o) => o.outcome.executor_id === factory.accountId && functionCallGasOf(o) > 0n);
  t.is(calls.length, 2, 'the factory ran the call and its callback');
  for (const outcome of calls) t.is(functionCallGasOf(outcome), await functionCallGasByFees(t.context, result, outcome));
  t.is(factoryAfter - factoryBefore, await rewardOf(t.context, factory.accountId, result), 'the factory changed by its gas reward only');
  t.is(await balanceOf(t.context, `${args.name as string}.${factory.accountId}`), undefined, 'no account was created');
  // Who moved what: the batch's deposit comes back from the protocol straight to the caller, the factory sends only the fee.
  const fee = BigInt(await factory.view('get_registry_fee') as string);
  const instance = `${args.name as string}.${factory.accountId}`;
  const moves = await receiptMoves(t.context, result);
  const batch = moves.find((m) => m.predecessor === factory.accountId && m.receiver === instance);
  t.is(batch?.refundTo, caller.accountId, 'the creation batch refunds to the caller');
  t.is(batch?.amount, DEPOSIT - fee);
  t.deepEqual(moves.filter((m) => m.predecessor === 'system' && m.receiver === caller.accountId && m.amount === DEPOSIT - fee).length, 1,
    'the protocol refunded the batch\'s deposit to the caller');
  t.deepEqual(moves.filter((m) => m.predecessor === factory.accountId && m.receiver === caller.accountId).map((m) => m.amount), [fee],
    'the factory returned only the registry fee it kept');
  t.false(moves.some((m) => m.receiver === factory.accountId && m.predecessor === 'system'), 'no refund went to the factory');
  return result;
}

test('a global contract that does not exist fails the batch; the deposit comes back in full', async (t) => {
  const factory = await deployFactory(t.context, 'ghostfactory', { CodeHash: '11111111111111111111111111111111' });
  const result = await failsAndRefunds(t, factory, 'leo', { name: 'ghost' });
  t.true(result.receiptFailureMessages.some((m) => m.includes('GlobalContractDoesNotExist')), JSON.stringify(result.receiptFailureMessages));
});

test('an init with too little gas fails the batch; the deposit comes back in full', async (t) => {
  // A factory of its own: the shared one earns rewards from the other tests running at the same time.
  const factory = await deployFactory(t.context, 'starvefactory', t.context.byHash);
  // 0.2 Tgas does not even pay for loading the sample's wasm (wasm_contract_loading_bytes x its size).
  const result = await failsAndRefunds(t, factory, 'mona', { name: 'starved', init: { method: 'init', args: { owner: 'mona' }, gas: String(TGAS / 5n) } });
  t.true(result.receiptFailureMessages.some((m) => m.includes('GasExceeded') || m.includes('Exceeded the prepaid gas')), JSON.stringify(result.receiptFailureMessages));
});
