// The local node driven by near-workspaces, as users drive it: accounts,
// contracts built by our toolchain, receipts and refunds, sandbox RPC methods,
// global contracts, and bad requests.
import fs from 'node:fs';
import anyTest, { type TestFn } from 'ava';
import { Worker, type NearAccount, type TransactionResult } from 'near-workspaces';
import { actions, KeyPair } from 'near-api-js';
import { accountOn, codeHash, totalGasBurnt, useGlobalContractAction } from '../../client/near.ts';
import { rpc, RpcError } from '../../client/rpc.ts';
import { AccessKeyDepositWithFunctionCallActionError, AccessKeyMethodNameMismatchActionError } from 'near-api-js/rpc-errors';
import { MIN_GAS_PRICE, STORAGE } from '../params/runtime-config.ts';
import { useLocalNodeByDefault } from '../workspaces.ts';

interface Context {
  worker: Worker;
  root: NearAccount;
  rpcUrl: string;
}

const test = anyTest as TestFn<Context>;
const NEAR = 10n ** 24n;
const SAMPLE = fs.readFileSync('build/sample.wasm');

test.before(async (t) => {
  useLocalNodeByDefault();
  const worker = await Worker.init();
  const rpcUrl = (worker.provider as unknown as { connection: { url: string } }).connection.url;
  t.context = { worker, root: worker.rootAccount, rpcUrl };
});
test.after.always(async (t) => { await t.context.worker?.tearDown(); });

async function balance(t: { context: Context }, accountId: string): Promise<bigint> {
  const view = await rpc<{ amount: string }>(t.context.rpcUrl, 'query', { request_type: 'view_account', finality: 'final', account_id: accountId });
  return BigInt(view.amount);
}

function burnt(result: TransactionResult): bigint {
  return [result.result.transaction_outcome, ...result.result.receipts_outcome].reduce((s, o) => s + BigInt(o.outcome.tokens_burnt), 0n);
}

async function sampleFor(t: { context: Context }, name: string, owner: NearAccount): Promise<NearAccount> {
  const contract = await t.context.root.createSubAccount(name, { initialBalance: 10n * NEAR });
  await contract.deploy(SAMPLE);
  await contract.call(contract, 'init', { owner: owner.accountId });
  return contract;
}

test('a transfer moves exactly the amount; the sender also pays exactly the gas burnt', async (t) => {
  const alice = await t.context.root.createSubAccount('alice', { initialBalance: 10n * NEAR });
  const bob = await t.context.root.createSubAccount('bob', { initialBalance: 1n * NEAR });
  t.is(await balance(t, alice.accountId), 10n * NEAR);
  const result = await alice.transfer(bob, 3n * NEAR + 7n);
  t.true(result.succeeded);
  t.is(await balance(t, bob.accountId), 4n * NEAR + 7n);
  t.is(await balance(t, alice.accountId), 7n * NEAR - 7n - burnt(result));
});

test('a contract built by the toolchain deploys, keeps state, logs, and pays for its storage', async (t) => {
  const owner = await t.context.root.createSubAccount('owner', { initialBalance: 5n * NEAR });
  const contract = await sampleFor(t, 'greeter', owner);
  t.is(await contract.view('get_greeting'), `Hello, I belong to ${owner.accountId}`);
  const result = await owner.callRaw(contract, 'set_greeting', { greeting: 'Hi' });
  t.true(result.succeeded);
  t.deepEqual(result.logs, ['greeting changed to "Hi"']);
  t.is(await contract.view('get_greeting'), `Hi, I belong to ${owner.accountId}`);
  const view = await rpc<{ storage_usage: number; code_hash: string }>(t.context.rpcUrl, 'query', { request_type: 'view_account', finality: 'final', account_id: contract.accountId });
  t.true(view.storage_usage > SAMPLE.length, `storage ${view.storage_usage} covers the ${SAMPLE.length}-byte code`);
  t.is(view.code_hash, codeHash(SAMPLE));
  const code = await rpc<{ code_base64: string }>(t.context.rpcUrl, 'query', { request_type: 'view_code', finality: 'final', account_id: contract.accountId });
  t.deepEqual(Buffer.from(code.code_base64, 'base64'), SAMPLE);
});

test('a failing call refunds its deposit; the caller loses only the gas', async (t) => {
  const carol = await t.context.root.createSubAccount('carol', { initialBalance: 5n * NEAR });
  const contract = await t.context.root.createSubAccount('uninit', { initialBalance: 10n * NEAR });
  await contract.deploy(SAMPLE);
  const before = await balance(t, carol.accountId);
  const result = await carol.callRaw(contract, 'donate', {}, { attachedDeposit: 2n * NEAR });
  t.false(result.succeeded);
  t.regex(JSON.stringify(result.Failure), /Smart contract panicked: Contract must be initialized/);
  t.is(before - (await balance(t, carol.accountId)), burnt(result));
});

test('a promise the contract returns runs in a later receipt: withdraw pays the owner the exact donations', async (t) => {
  const owner = await t.context.root.createSubAccount('dana', { initialBalance: 5n * NEAR });
  const donor = await t.context.root.createSubAccount('donor', { initialBalance: 5n * NEAR });
  const contract = await sampleFor(t, 'jar', owner);
  await donor.call(contract, 'donate', {}, { attachedDeposit: NEAR + 5n });
  const before = await balance(t, owner.accountId);
  const result = await owner.callRaw(contract, 'withdraw', {});
  t.true(result.succeeded, JSON.stringify(result.Failure));
  t.true(result.result.receipts_outcome.length >= 2, 'the transfer is a receipt of its own');
  t.is((await balance(t, owner.accountId)) - before, NEAR + 5n - burnt(result));
});

// Serial (ava runs it before the concurrent tests): a fast forward of 500 heights expires the block
// hash of any transaction another test has signed but not yet sent, on neard as here.
test.serial('sandbox_patch_state rewrites balances and contract state; fast forward moves the chain ahead', async (t) => {
  const owner = await t.context.root.createSubAccount('erin', { initialBalance: 5n * NEAR });
  const contract = await sampleFor(t, 'patched', owner);
  // neard stores an Account record as given: keep the code hash and storage usage, change the amount.
  const { code_hash, storage_usage } = await contract.accountView();
  await contract.updateAccount({ amount: (123n * NEAR).toString(), code_hash, storage_usage });
  t.is(await balance(t, contract.accountId), 123n * NEAR);
  await contract.patchState('STATE', JSON.stringify({ owner: 'someone.near', greeting: 'Patched', donations: '0' }));
  t.is(await contract.view('get_greeting'), 'Patched, I belong to someone.near');

  type BlockView = { header: { height: number; timestamp: number } };
  // As neard's: the head has reached the target when fast forward returns; `final` follows two blocks later.
  const before = await rpc<BlockView>(t.context.rpcUrl, 'block', { finality: 'optimistic' });
  await t.context.worker.provider.fastForward(500);
  const after = await rpc<BlockView>(t.context.rpcUrl, 'block', { finality: 'optimistic' });
  t.true(after.header.height >= before.header.height + 500);
  t.true(after.header.timestamp > before.header.timestamp);
});

test('global contracts: deployed by hash and by account id, used by other accounts that store only the reference', async (t) => {
  const { root, rpcUrl } = t.context;
  const publisher = await root.createSubAccount('publisher', { initialBalance: 150n * NEAR });
  const key = await publisher.getKey();
  const deployer = accountOn(rpcUrl, publisher.accountId, key!.toString());
  const before = await balance(t, publisher.accountId);
  const byHash = await deployer.deployGlobalContract(SAMPLE, 'codeHash');
  // The deployer pays the code's global storage once (burnt), plus gas.
  const globalStorage = STORAGE.globalContractAmountPerByte * BigInt(SAMPLE.length);
  t.is(before - (await balance(t, publisher.accountId)), globalStorage + totalGasBurnt(byHash) * MIN_GAS_PRICE);
  await deployer.deployGlobalContract(SAMPLE, 'accountId');

  for (const [name, id] of [['hashuser', { CodeHash: codeHash(SAMPLE) }], ['acctuser', { AccountId: publisher.accountId }]] as const) {
    const user = await root.createSubAccount(name, { initialBalance: 2n * NEAR });
    const userKey = await user.getKey();
    const used = await accountOn(rpcUrl, user.accountId, userKey!.toString()).signAndSendTransaction({ receiverId: user.accountId, actions: [useGlobalContractAction(id)] });
    t.deepEqual(used.status, { SuccessValue: '' });
    await user.call(user, 'init', { owner: root.accountId, greeting: name });
    t.is(await user.view('get_greeting'), `${name}, I belong to ${root.accountId}`);
    const view = await rpc<{ storage_usage: number; global_contract_hash?: string; global_contract_account_id?: string }>(rpcUrl, 'query', { request_type: 'view_account', finality: 'final', account_id: user.accountId });
    t.true(view.storage_usage < 1000, `only the reference is stored (${view.storage_usage} bytes)`);
    if ('CodeHash' in id) t.is(view.global_contract_hash, id.CodeHash);
    else t.is(view.global_contract_account_id, id.AccountId);
  }
});

test('using a global contract that does not exist fails with GlobalContractDoesNotExist', async (t) => {
  const user = await t.context.root.createSubAccount('nobody', { initialBalance: 2n * NEAR });
  const key = await user.getKey();
  const result = await accountOn(t.context.rpcUrl, user.accountId, key!.toString()).signAndSendTransaction({
    receiverId: user.accountId, actions: [useGlobalContractAction({ AccountId: 'missing.test.near' })], throwOnFailure: false,
  });
  t.deepEqual(result.status, { Failure: { ActionError: { index: 0, kind: { GlobalContractDoesNotExist: { identifier: { AccountId: 'missing.test.near' } } } } } });
});

test('malformed requests get JSON-RPC errors and the node keeps serving', async (t) => {
  const { rpcUrl } = t.context;
  const raw = async (body: string) => (await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json() as Promise<{ error?: { cause: { name: string } } }>;
  t.is((await raw('{not json')).error?.cause.name, 'PARSE_ERROR');
  t.is((await raw('{"jsonrpc":"2.0","id":1,"method":"no_such_method","params":{}}')).error?.cause.name, 'METHOD_NOT_FOUND');
  const badTx = await rpc(rpcUrl, 'broadcast_tx_commit', [Buffer.from('garbage').toString('base64')]).catch((e: unknown) => e);
  t.true(badTx instanceof RpcError);
  const missing = await rpc(rpcUrl, 'query', { request_type: 'view_account', finality: 'final', account_id: 'nope.test.near' }).catch((e: unknown) => e);
  t.regex(JSON.stringify((missing as RpcError).error), /UNKNOWN_ACCOUNT/);
  const status = await rpc<{ chain_id: string }>(rpcUrl, 'status', []);
  const genesis = await rpc<{ chain_id: string }>(rpcUrl, 'EXPERIMENTAL_genesis_config', {});
  t.is(status.chain_id, genesis.chain_id);
});

test('account rules: only the parent creates a sub-account, short top-level names need the registrar, storage must be covered', async (t) => {
  const { root } = t.context;
  const mallory = await root.createSubAccount('mallory', { initialBalance: 5n * NEAR });
  const foreign = await mallory.batch('victim.test.near').createAccount().transfer(NEAR).transact();
  t.deepEqual(foreign.Failure, { ActionError: { index: 0, kind: { CreateAccountNotAllowed: { account_id: 'victim.test.near', predecessor_id: mallory.accountId } } } } as unknown);
  const topLevel = await mallory.batch('short').createAccount().transfer(NEAR).transact();
  t.regex(JSON.stringify(topLevel.Failure), /CreateAccountOnlyByRegistrar/);
  // 0.1 NEAR buys the deploy's gas (at protocol 85 at min_gas_purchase_price, 10× the gas price)
  // and covers 10 KB of storage, not a 385 KiB contract.
  const poor = await root.createSubAccount('poor', { initialBalance: NEAR / 10n });
  const deploy = await poor.batch(poor).deployContract(SAMPLE).transact();
  t.regex(JSON.stringify(deploy.Failure), /LackBalanceForState/);
  const view = await rpc<{ code_hash: string }>(t.context.rpcUrl, 'query', { request_type: 'view_account', finality: 'final', account_id: poor.accountId });
  t.is(view.code_hash, '11111111111111111111111111111111', 'the failed deploy left no code');
});

test('a function-call access key may call only its receiver and methods, and never attach a deposit', async (t) => {
  const { root, rpcUrl } = t.context;
  const owner = await root.createSubAccount('keyowner', { initialBalance: 5n * NEAR });
  const contract = await sampleFor(t, 'keyed', owner);
  const limited = KeyPair.fromRandom('ed25519');
  const ownerKey = await owner.getKey();
  await accountOn(rpcUrl, owner.accountId, ownerKey!.toString()).addFunctionCallAccessKey({
    publicKey: limited.getPublicKey(), contractId: contract.accountId, methodNames: ['set_greeting'], allowance: NEAR / 10n,
  });
  const viaKey = accountOn(rpcUrl, owner.accountId, limited.toString());
  const send = (method: string, args: Record<string, unknown>, deposit: bigint) => viaKey.signAndSendTransaction({
    receiverId: contract.accountId, actions: [actions.functionCall(method, args, 30n * 10n ** 12n, deposit)],
  });
  await send('set_greeting', { greeting: 'via key' }, 0n);
  t.is(await contract.view('get_greeting'), `via key, I belong to ${owner.accountId}`);
  await t.throwsAsync(send('withdraw', {}, 0n), { instanceOf: AccessKeyMethodNameMismatchActionError });
  await t.throwsAsync(send('set_greeting', { greeting: 'x' }, 1n), { instanceOf: AccessKeyDepositWithFunctionCallActionError });
  const keys = await rpc<{ keys: Array<{ public_key: string; access_key: { permission: unknown } }> }>(rpcUrl, 'query', { request_type: 'view_access_key_list', finality: 'final', account_id: owner.accountId });
  const view = keys.keys.find((k) => k.public_key === limited.getPublicKey().toString());
  const allowance = BigInt((view!.access_key.permission as { FunctionCall: { allowance: string } }).FunctionCall.allowance);
  t.true(allowance < NEAR / 10n && allowance > 0n, 'the key paid its call from its allowance');
});
