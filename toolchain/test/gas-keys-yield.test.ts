// Protocol 85's gas-key and yield-with-id host functions as our build binds them
// (toolchain/c/near-gas-keys-yield.c), called from TypeScript through src/lib/gas-keys.ts
// and src/lib/yield.ts, on the local node at protocol 85 through JSON-RPC with near-api-js,
// as a user calls them; and the build's protocol gate: a contract targeting 84 may not import them.
import anyTest, { type TestFn } from 'ava';
import { actions, KeyPair, type Account } from 'near-api-js';
import { fixtureOnNode } from './fixture-node.ts';
import { closeClang } from '../clang.ts';
import { hostFunctionsAt, hostFunctionSince } from '../near-host-functions.ts';
import { checkWasmRules } from '../wasm-rules.ts';
import { accountOn } from '../../client/near.ts';
import { MAX_PROTOCOL_VERSION, MIN_PROTOCOL_VERSION, resolveParameters } from '../../sandbox/params/resolve.ts';
import { ROOT_ACCOUNT } from '../../sandbox/chain/genesis.ts';
import type { RpcServer } from '../../sandbox/rpc/server.ts';

const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const PROTOCOL_85_FUNCTIONS = [
  'promise_batch_action_transfer_to_gas_key', 'promise_batch_action_add_gas_key_with_full_access',
  'promise_batch_action_add_gas_key_with_function_call', 'promise_yield_create_with_id', 'promise_yield_resume_with_yield_id',
];

interface Context { server: RpcServer; wasm: Uint8Array; methods: string[]; root: Account; fixture: Account; alice: Account }
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  const node = await fixtureOnNode('gas-keys-yield', 85);
  const aliceId = `alice.${ROOT_ACCOUNT}`;
  await node.root.signAndSendTransaction({ receiverId: aliceId, actions: [actions.createAccount(), actions.transfer(10n * NEAR), actions.addFullAccessKey(node.key.getPublicKey())] });
  t.context = { ...node, alice: accountOn(node.server.url, aliceId, node.rootKey) };
});
test.after.always(async (t) => { await t.context.server?.close(); closeClang(); });

const call = <T>(from: Account, contractId: string, methodName: string, args: object = {}, deposit = 0n) =>
  from.callFunction<T & object>({ contractId, methodName, args, deposit, gas: 100n * TGAS }) as Promise<T>;

test('the gas-key and yield-with-id host functions are linked from 85 (gas_key_host_fns, yield_with_id_host_fns)', (t) => {
  for (const name of PROTOCOL_85_FUNCTIONS) {
    t.is(hostFunctionSince(name), 85, name);
    t.false(hostFunctionsAt(84).includes(name), name);
    t.true(hostFunctionsAt(85).includes(name), name);
  }
});

test('their gating flags are protocol versions: off before 85, on from 85 (nearcore\'s parameters as the node layers them)', (t) => {
  for (let version = MIN_PROTOCOL_VERSION; version <= MAX_PROTOCOL_VERSION; version++) {
    const parameters = resolveParameters(version);
    t.is(parameters.gas_key_host_fns, version >= 85, `gas_key_host_fns at ${version}`);
    t.is(parameters.yield_with_id_host_fns, version >= 85, `yield_with_id_host_fns at ${version}`);
  }
});

test('a contract built for 85 imports them, and a build for 84 refuses each naming 85', (t) => {
  const { wasm, methods } = t.context;
  t.deepEqual(checkWasmRules(wasm, methods, 85).violations, []);
  const at84 = checkWasmRules(wasm, methods, 84).violations;
  for (const name of PROTOCOL_85_FUNCTIONS) {
    t.true(at84.includes(`imports env.${name}: NEAR links it from protocol 85, this build targets 84`), name);
  }
  t.true(at84.every((violation) => violation.endsWith('NEAR links it from protocol 85, this build targets 84')), at84.join('\n'));
});

test('a contract adds a full-access and a function-call gas key to a new account and funds both', async (t) => {
  const { root, fixture } = t.context;
  const full = KeyPair.fromRandom('ed25519').getPublicKey().toString();
  const callKey = KeyPair.fromRandom('secp256k1').getPublicKey().toString();
  const account = `keys.${fixture.accountId}`;
  await call(root, fixture.accountId, 'add_gas_keys', {
    account,
    full: { public_key: full, num_nonces: 4, amount: (2n * NEAR).toString() },
    function_call: { public_key: callKey, num_nonces: 2, amount: (NEAR / 2n).toString() },
    method_names: 'yield_start,yield_resume',
  }, NEAR);
  const accessKey = (publicKey: string) =>
    root.provider.query<{ nonce: number; permission: unknown }>({ request_type: 'view_access_key', finality: 'final', account_id: account, public_key: publicKey });
  t.deepEqual((await accessKey(full)).permission, { GasKeyFullAccess: { balance: (2n * NEAR).toString(), num_nonces: 4 } });
  t.deepEqual((await accessKey(callKey)).permission, {
    GasKeyFunctionCall: { balance: (NEAR / 2n).toString(), num_nonces: 2, allowance: null, receiver_id: fixture.accountId, method_names: ['yield_start', 'yield_resume'] },
  });
  const view = await root.provider.query<{ amount: string }>({ request_type: 'view_account', finality: 'final', account_id: account });
  t.is(view.amount, NEAR.toString(), 'the gas keys\' balances are their own, not the account\'s');
});

test('a yield with an id is resumed by that id from another account; its callback gets the payload', async (t) => {
  const { root, fixture, alice } = t.context;
  const id = 'ab'.repeat(32);
  const started = await root.signAndSendTransaction({
    receiverId: fixture.accountId, actions: [actions.functionCall('yield_start', { id, tag: 'first' }, 100n * TGAS, 0n)], waitUntil: 'INCLUDED_FINAL',
  });
  t.is(started.final_execution_status, 'INCLUDED_FINAL', 'the callback waits for the resume');
  t.is(await call<string>(alice, fixture.accountId, 'yield_start', { id, tag: 'second' }), 'pending', 'the same id while it is pending');
  t.false(await call<boolean>(alice, fixture.accountId, 'yield_resume', { id: '01'.repeat(32), payload: 'x' }), 'an id nobody yielded');
  t.true(await call<boolean>(alice, fixture.accountId, 'yield_resume', { id, payload: 'hello by id' }));
  const done = await root.provider.viewTransactionStatus({ txHash: started.transaction.hash, accountId: ROOT_ACCOUNT, waitUntil: 'FINAL' });
  const value = (done.status as { SuccessValue: string }).SuccessValue;
  t.deepEqual(JSON.parse(Buffer.from(value, 'base64').toString()), { tag: 'first', payload: 'hello by id' });
  t.false(await call<boolean>(alice, fixture.accountId, 'yield_resume', { id, payload: 'again' }), 'resolved: nothing to resume');
});

test('a yield id that is not 32 bytes is refused by the typed API', async (t) => {
  const { root, fixture } = t.context;
  const error = await t.throwsAsync(call(root, fixture.accountId, 'yield_resume', { id: 'ab', payload: 'x' }));
  t.regex(String(error?.message), /promiseYieldResumeWithYieldId: a yield id is 32 bytes, got 1/);
});

test('a gas key without nonces is refused by the typed API, and nothing is created', async (t) => {
  const { root, fixture } = t.context;
  const account = `nokeys.${fixture.accountId}`;
  const key = (num_nonces: number) => ({ public_key: KeyPair.fromRandom('ed25519').getPublicKey().toString(), num_nonces, amount: '1' });
  const error = await t.throwsAsync(call(root, fixture.accountId, 'add_gas_keys', { account, full: key(0), function_call: key(1), method_names: '' }, NEAR));
  t.regex(String(error?.message), /promiseBatchActionAddGasKeyWithFullAccess: numNonces must be an integer from 1 to 1024, got 0/);
  await t.throwsAsync(root.provider.query({ request_type: 'view_account', finality: 'final', account_id: account }), { message: /does not exist/ });
});
