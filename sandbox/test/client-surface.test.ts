// near-api-js 7 against the node started by its command line: every provider
// method and every account method that applies to one shard, asserting what
// near-api-js parses (values, not only shapes) and the typed errors it raises,
// meta transactions through a relayer account included. The light-client
// methods have their own test (light-client.test.ts), with a verifier.
import fs from 'node:fs';
import anyTest, { type TestFn } from 'ava';
import binaryen from 'binaryen';
import { actions, baseDecode, baseEncode, KeyPair, type Account } from 'near-api-js';
import {
  AccessKeyDoesNotExistError, AccountAlreadyExistsActionError, AccountDoesNotExistError, ContractCodeDoesNotExistError, ContractExecutionError, CostOverflowError,
  ContractMethodNotFoundError, GlobalContractCodeDoesNotExistError, GlobalContractDoesNotExistActionError, InvalidShardIdError, RpcMethodNotFoundError,
  RpcRequestParseError, UnknownBlockError, UnknownReceiptError, UnknownTransactionError,
} from 'near-api-js/rpc-errors';
import { accountOn, codeHash, useGlobalContractAction } from '../../client/near.ts';
import { startClientNode, stopClientNode, type ClientNode } from './spawned-node.ts';

type Context = ClientNode;
const test = anyTest as TestFn<Context>;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const SAMPLE = new Uint8Array(fs.readFileSync('build/sample.wasm'));
const EMPTY_HASH = '11111111111111111111111111111111';

test.before(async (t) => {
  t.context = await startClientNode('client-surface-');
});
test.after.always(async (t) => {
  await stopClientNode(t.context);
});

/** A new sub-account of test.near with its own full-access key, through Account.createSubAccount. */
async function newAccount(t: { context: Context }, name: string, amount = 10n * NEAR): Promise<Account> {
  const key = KeyPair.fromRandom('ed25519');
  await t.context.root.createSubAccount({ accountOrPrefix: name, publicKey: key.getPublicKey(), nearToTransfer: amount });
  return accountOn(t.context.node.url, `${name}.test.near`, key.toString());
}

/** The sample contract, deployed and initialized on a new account. */
async function sample(t: { context: Context }, name: string, owner = 'test.near'): Promise<Account> {
  const contract = await newAccount(t, name);
  await contract.deployContract(SAMPLE);
  await contract.callFunction({ contractId: contract.accountId, methodName: 'init', args: { owner } });
  return contract;
}

test('node, blocks, chunks, gas price and protocol config', async (t) => {
  const { provider } = t.context;
  const status = await provider.viewNodeStatus();
  t.is(await provider.getNetworkId(), status.chain_id);
  const final = await provider.viewBlock({ finality: 'final' });
  t.true(final.header.height >= status.sync_info.latest_block_height);
  const byHeight = await provider.viewBlock({ blockId: final.header.height });
  const byHash = await provider.viewBlock({ blockId: final.header.hash });
  t.deepEqual([byHeight.header.hash, byHash.header.height], [final.header.hash, final.header.height]);
  await t.throwsAsync(provider.viewBlock({ blockId: 1_000_000_000 }), { instanceOf: UnknownBlockError });

  const chunkHash = final.chunks[0].chunk_hash;
  const byChunkHash = await provider.viewChunk(chunkHash);
  const byBlockShard = await provider.viewChunk([final.header.hash, 0]);
  t.is(byChunkHash.header.chunk_hash, chunkHash);
  t.is(byBlockShard.header.chunk_hash, chunkHash);
  const raw = (params: unknown) => (provider as unknown as { sendJsonRpc(m: string, p: unknown): Promise<{ header: { chunk_hash: string } }> }).sendJsonRpc('chunk', params);
  t.is((await raw([final.header.height, 0])).header.chunk_hash, chunkHash);
  t.is((await raw({ block_id: final.header.hash, shard_id: 0 })).header.chunk_hash, chunkHash);
  t.is((await raw({ chunk_id: chunkHash })).header.chunk_hash, chunkHash);
  await t.throwsAsync(provider.viewChunk([final.header.hash, 7]), { instanceOf: InvalidShardIdError });

  const config = await provider.experimental_protocolConfig({ finality: 'final' });
  t.is(config.protocol_version, status.protocol_version);
  t.deepEqual(config.minimum_stake_ratio, [1, 6250]); // Rational32::new(160, 1_000_000), reduced (EpochConfig::genesis_test)
  t.is(BigInt((await provider.viewGasPrice()).gas_price), BigInt(config.min_gas_price!));
  t.is((await provider.viewGasPrice(final.header.height)).gas_price, final.header.gas_price as string);
});

test('validators and seat prices', async (t) => {
  const { provider, root } = t.context;
  const state = await root.getState();
  const current = await provider.viewValidators();
  t.deepEqual(current.current_validators.map((v) => [v.account_id, BigInt(v.stake)]), [['test.near', state.balance.locked]]);
  t.deepEqual(current.next_validators.map((v) => v.account_id), ['test.near']);
  const head = await provider.viewBlock({ finality: 'final' });
  t.is((await provider.viewValidators({ blockId: head.header.height })).epoch_start_height, current.epoch_start_height);
  t.is((await provider.viewValidators({ epochId: head.header.epoch_id })).current_validators[0].account_id, 'test.near');
  // One validator holding every seat: the seat price is its stake divided among the 300 seats near-api-js assumes.
  const seatPrice = await provider.getCurrentEpochSeatPrice();
  t.true(seatPrice > 0n && seatPrice <= state.balance.locked, `seat price ${seatPrice}`);
  t.is(await provider.getNextEpochSeatPrice(), seatPrice);
});

test('accounts: state, balance, keys, code and contract state', async (t) => {
  const { provider } = t.context;
  const contract = await sample(t, 'viewed');
  const view = await provider.viewAccount({ accountId: contract.accountId });
  t.is(view.code_hash, codeHash(SAMPLE));
  const state = await contract.getState();
  t.is(state.balance.total, view.amount + view.locked);
  t.is(state.balance.usedOnStorage, BigInt(view.storage_usage) * 10n ** 19n, 'storage_amount_per_byte 1e19');
  t.is(await contract.getBalance(), state.balance.available);
  t.deepEqual((await contract.getContractCode()).code, SAMPLE);
  const stored = await contract.getContractState();
  t.deepEqual(stored.values.map((v) => Buffer.from(v.key, 'base64').toString()), ['STATE']);
  const viewed = await provider.viewContractState({ contractId: contract.accountId, prefix: 'STATE' });
  t.is(viewed.values.length, 1);
  t.deepEqual((await provider.viewContractState({ contractId: contract.accountId, prefix: 'nothing' })).values, []);

  const publicKey = (await contract.getSigner()!.getPublicKey()).toString();
  const key = await contract.getAccessKey(publicKey);
  t.is(key.permission, 'FullAccess');
  t.true(key.nonce > 0n);
  t.deepEqual((await contract.getAccessKeyList()).keys.map((k) => k.public_key), [publicKey]);
  t.deepEqual((await provider.viewAccessKeyList({ accountId: contract.accountId })).keys.map((k) => k.public_key), [publicKey]);

  await t.throwsAsync(provider.viewAccount({ accountId: 'nobody.test.near' }), { instanceOf: AccountDoesNotExistError });
  await t.throwsAsync(provider.viewAccessKey({ accountId: contract.accountId, publicKey: KeyPair.fromRandom('ed25519').getPublicKey() }), { instanceOf: AccessKeyDoesNotExistError });
  const plain = await newAccount(t, 'nocode', NEAR);
  await t.throwsAsync(plain.getContractCode(), { instanceOf: ContractCodeDoesNotExistError });
});

test('view calls: results, logs and the typed errors of failing calls', async (t) => {
  const { provider } = t.context;
  const contract = await sample(t, 'callee');
  t.is(await provider.callFunction({ contractId: contract.accountId, method: 'get_greeting', args: {} }), 'Hello, I belong to test.near');
  const raw = await provider.callFunctionRaw({ contractId: contract.accountId, method: 'get_info', args: {} });
  t.is(JSON.parse(Buffer.from(raw.result).toString()).version, '1');
  await t.throwsAsync(provider.callFunction({ contractId: contract.accountId, method: 'no_such_method', args: {} }), { instanceOf: ContractMethodNotFoundError });
  // Method names that are also Object.prototype's are ordinary names to the node.
  for (const method of ['constructor', '__proto__', 'toString']) {
    await t.throwsAsync(provider.callFunction({ contractId: contract.accountId, method, args: {} }), { instanceOf: ContractMethodNotFoundError }, method);
  }
  const plain = await newAccount(t, 'plain', NEAR);
  await t.throwsAsync(provider.callFunction({ contractId: plain.accountId, method: 'get_greeting', args: {} }), { instanceOf: ContractCodeDoesNotExistError });
  await t.throwsAsync(provider.callFunction({ contractId: 'missing.test.near', method: 'x', args: {} }), { instanceOf: AccountDoesNotExistError });
  // A call that writes state is not allowed in a view: neard's Debug text of the host error.
  const error = await t.throwsAsync(provider.callFunction({ contractId: contract.accountId, method: 'set_greeting', args: { greeting: 'x' } }));
  t.regex(error!.message, /^wasm execution failed with error: HostError\(ProhibitedInView \{ method_name: "\w+" \}\)$/);
});

test('transactions: account methods, outcomes in neard\'s order, status, receipts', async (t) => {
  const { provider } = t.context;
  const owner = await newAccount(t, 'owner');
  const jar = await sample(t, 'jar', owner.accountId);
  const donor = await newAccount(t, 'donor');
  await donor.callFunction({ contractId: jar.accountId, methodName: 'donate', args: {}, deposit: NEAR });
  const before = await owner.getBalance();
  const withdraw = await owner.callFunctionRaw({ contractId: jar.accountId, methodName: 'withdraw', args: {}, gas: 100n * TGAS });
  t.true(withdraw.receipts_outcome.length >= 2);
  // neard lists receipt outcomes depth-first from the transaction through receipt_ids.
  const byId = new Map(withdraw.receipts_outcome.map((o) => [o.id, o]));
  const expected: string[] = [];
  const visit = (ids: string[]) => { for (const id of ids) if (byId.has(id)) { expected.push(id); visit(byId.get(id)!.outcome.receipt_ids); } };
  visit(withdraw.transaction_outcome.outcome.receipt_ids);
  t.deepEqual(withdraw.receipts_outcome.map((o) => o.id), expected);

  const txHash = withdraw.transaction_outcome.id;
  const status = await provider.viewTransactionStatus({ txHash, accountId: owner.accountId });
  t.deepEqual(status.receipts_outcome.map((o) => o.id), expected);
  t.deepEqual((await provider.viewTransactionStatus({ txHash: baseDecode(txHash), accountId: owner.accountId, waitUntil: 'FINAL' })).status, withdraw.status);
  const withReceipts = await provider.viewTransactionStatusWithReceipts({ txHash, accountId: owner.accountId });
  t.true('receipts' in withReceipts && withReceipts.receipts.length >= expected.length);
  const firstReceipt = await provider.viewTransactionReceipt(expected[0]);
  t.is(firstReceipt.receipt_id, expected[0]);
  t.is(firstReceipt.receiver_id, jar.accountId);
  await t.throwsAsync(provider.viewTransactionReceipt(baseEncode(new Uint8Array(32).fill(7))), { instanceOf: UnknownReceiptError });
  await t.throwsAsync(provider.viewTransactionStatus({ txHash: baseEncode(new Uint8Array(32).fill(9)), accountId: owner.accountId }), { instanceOf: UnknownTransactionError });

  // A chunk carries the results of applying the chunk before it (ShardChunkHeaderInner's prev_*):
  // the chunk after the block that ran withdraw reports what that block burnt, its outcome's tokens
  // less the contract's share of the gas its code burnt (burnt_gas_reward 3/10); the chunk after the
  // conversion's block exactly the transaction outcome's tokens, and that block's gas.
  const after = async (blockHash: string) => {
    const height = (await provider.viewBlock({ blockId: blockHash })).header.height;
    return (await provider.viewBlock({ blockId: height + 1 })).chunks[0];
  };
  const callOutcome = withdraw.receipts_outcome[0];
  const callChunk = await after(callOutcome.block_hash);
  t.true(BigInt(callChunk.balance_burnt) < BigInt(callOutcome.outcome.tokens_burnt), `${callChunk.balance_burnt} < ${callOutcome.outcome.tokens_burnt}`);
  t.true(BigInt(callChunk.balance_burnt) > 0n);
  const txChunk = await after(withdraw.transaction_outcome.block_hash);
  t.is(txChunk.balance_burnt, withdraw.transaction_outcome.outcome.tokens_burnt);
  t.is(BigInt(txChunk.gas_used), BigInt(withdraw.transaction_outcome.outcome.gas_burnt));

  // The chunk of the block that included the transaction lists it.
  const included = await provider.viewBlock({ blockId: withdraw.transaction_outcome.block_hash });
  const chunk = await provider.viewChunk(included.chunks[0].chunk_hash);
  t.true(chunk.transactions.some((tx) => tx.hash === txHash));
  t.true((await owner.getBalance()) > before, 'the owner got the donations, more than the gas it paid');
});

test('transactions: sendTransaction, sendTransactionAsync, transfer, keys, delete account, typed action errors', async (t) => {
  const { provider, root } = t.context;
  const alice = await newAccount(t, 'alice');
  const bob = await newAccount(t, 'bob', NEAR);
  const bobBefore = await bob.getBalance();
  await alice.transfer({ receiverId: bob.accountId, amount: 3n });
  t.is(await bob.getBalance(), bobBefore + 3n);

  const signed = await alice.createSignedTransaction({ receiverId: bob.accountId, actions: [actions.transfer(5n)] });
  const sent = await provider.sendTransaction(signed);
  t.deepEqual(sent.status, { SuccessValue: '' });
  // neard also finds a transaction by the signed transaction itself; by hash it needs the sender.
  const raw = (method: string, params: unknown) => (provider as unknown as { sendJsonRpc(m: string, p: unknown): Promise<{ transaction_outcome: { id: string } }> }).sendJsonRpc(method, params);
  const signedBase64 = Buffer.from(signed.encode()).toString('base64');
  t.is((await raw('tx', { signed_tx_base64: signedBase64 })).transaction_outcome.id, sent.transaction_outcome.id);
  t.is((await raw('tx', [signedBase64])).transaction_outcome.id, sent.transaction_outcome.id);
  await t.throwsAsync(raw('tx', { tx_hash: sent.transaction_outcome.id }), { instanceOf: RpcRequestParseError });
  // sendTransactionUntil: the node has run everything when it answers, so any wait ends FINAL.
  const untilSigned = await alice.createSignedTransaction({ receiverId: bob.accountId, actions: [actions.transfer(0n)] });
  const until = await provider.sendTransactionUntil(untilSigned, 'INCLUDED');
  t.is(until.final_execution_status, 'FINAL');
  const asyncSigned = await alice.createSignedTransaction({ receiverId: bob.accountId, actions: [actions.transfer(7n)] });
  const accepted = await provider.sendTransactionAsync(asyncSigned);
  t.is(accepted.final_execution_status, 'NONE');
  t.is(await bob.getBalance(), bobBefore + 15n);
  // A method name that looks like a big number in the node's JSON writer comes back as the string it is.
  const odd = await alice.signAndSendTransaction({ receiverId: bob.accountId, actions: [actions.functionCall('\u0000u64:123', {}, 10n * TGAS, 0n)], throwOnFailure: false });
  t.deepEqual(odd.transaction.actions, [{ FunctionCall: { method_name: '\u0000u64:123', args: 'e30=', gas: 10 * 10 ** 12, deposit: '0' } }]);

  const extra = KeyPair.fromRandom('ed25519');
  await alice.addFullAccessKey(extra.getPublicKey());
  const limited = KeyPair.fromRandom('ed25519');
  await alice.addFunctionCallAccessKey({ publicKey: limited.getPublicKey(), contractId: bob.accountId, methodNames: ['m'], allowance: NEAR });
  const limitedView = await alice.getAccessKey(limited.getPublicKey());
  t.deepEqual(limitedView.permission, { FunctionCall: { allowance: NEAR.toString(), receiver_id: bob.accountId, method_names: ['m'] } });
  await alice.deleteKey(extra.getPublicKey());
  t.is((await alice.getAccessKeyList()).keys.length, 2);

  // Deposits that add up past u128 are nearcore's CostOverflow, not a balance check.
  await t.throwsAsync(alice.signAndSendTransaction({ receiverId: bob.accountId, actions: [actions.transfer(2n ** 127n), actions.transfer(2n ** 127n)] }), { instanceOf: CostOverflowError });
  await t.throwsAsync(root.createSubAccount({ accountOrPrefix: 'alice', publicKey: extra.getPublicKey(), nearToTransfer: 1n }), { instanceOf: AccountAlreadyExistsActionError });
  const contract = await sample(t, 'panicky');
  await t.throwsAsync(alice.callFunction({ contractId: contract.accountId, methodName: 'init', args: { owner: 'x.test.near' } }), { instanceOf: ContractExecutionError, message: /Smart contract panicked/ });

  // Several transactions at once, and a sub-account through createAccount.
  const [first, second] = await alice.signAndSendTransactions({ transactions: [
    { receiverId: bob.accountId, actions: [actions.transfer(1n)] },
    { receiverId: bob.accountId, actions: [actions.transfer(2n)] },
  ] });
  t.deepEqual([first.status, second.status], [{ SuccessValue: '' }, { SuccessValue: '' }]);
  await alice.createAccount({ newAccountId: `sub.${alice.accountId}`, publicKey: extra.getPublicKey(), nearToTransfer: NEAR / 10n });
  t.is((await provider.viewAccount({ accountId: `sub.${alice.accountId}` })).amount, NEAR / 10n);

  const gone = await newAccount(t, 'gone', NEAR);
  const aliceBefore = await alice.getBalance();
  await gone.deleteAccount(alice.accountId);
  t.true((await alice.getBalance()) > aliceBefore);
  await t.throwsAsync(gone.getState(), { instanceOf: AccountDoesNotExistError });
});

test('meta transactions: a user signs a delegate action, a relayer account sends and pays for it', async (t) => {
  const { provider } = t.context;
  const user = await newAccount(t, 'metauser', NEAR);
  const relayer = await newAccount(t, 'relayer');
  const receiver = await newAccount(t, 'metareceiver', NEAR);
  const contract = await sample(t, 'metasample', 'metauser.test.near');
  const userBefore = await user.getBalance();
  const receiverBefore = await receiver.getBalance();
  const relayerBefore = await relayer.getBalance();
  const userKey = (await user.getSigner()!.getPublicKey()).toString();
  const nonceBefore = (await user.getAccessKey(userKey)).nonce;

  const { signedDelegate } = await user.createSignedMetaTransaction({ receiverId: receiver.accountId, actions: [actions.transfer(NEAR / 2n)] });
  const relayed = await relayer.relayMetaTransaction(signedDelegate);
  t.deepEqual(relayed.status, { SuccessValue: '' });
  t.is(relayed.transaction.signer_id, relayer.accountId);
  t.is(relayed.transaction.receiver_id, user.accountId);
  // The relayer pays the gas and the inner deposit too (nearcore's total_deposit counts a delegate
  // action's inner actions); the user pays nothing.
  t.is(await user.getBalance(), userBefore);
  t.true(await relayer.getBalance() < relayerBefore - NEAR / 2n);
  t.is(await receiver.getBalance(), receiverBefore + NEAR / 2n);
  t.is((await user.getAccessKey(userKey)).nonce, nonceBefore + 1n);

  // A function call inside one: it runs as the user (predecessor), with the relayer's prepaid gas.
  const call = await user.createSignedMetaTransaction({ receiverId: contract.accountId, actions: [actions.functionCall('set_greeting', { greeting: 'relayed' }, 30n * TGAS, 0n)] });
  const called = await relayer.relayMetaTransaction(call.signedDelegate);
  t.deepEqual(called.status, { SuccessValue: '' });
  // Only the owner may set the greeting: the call ran with the user as predecessor.
  const inner = called.receipts_outcome.find((o) => o.outcome.executor_id === contract.accountId)!;
  t.deepEqual(inner.outcome.logs, ['greeting changed to "relayed"']);
  t.is(await provider.callFunction({ contractId: contract.accountId, method: 'get_greeting', args: {} }), 'relayed, I belong to metauser.test.near');
  t.is(await user.getBalance(), userBefore);

  // Sent again, the same delegate action's nonce is used: the inner receipt fails with DelegateActionInvalidNonce.
  const again = await relayer.signAndSendTransaction({ receiverId: user.accountId, actions: [actions.signedDelegate(call.signedDelegate)], throwOnFailure: false });
  t.regex(JSON.stringify(again.status), /DelegateActionInvalidNonce/);
});

test('global contracts: deploy by hash and by account, view the code, use it', async (t) => {
  const { provider } = t.context;
  const publisher = await newAccount(t, 'publisher', 150n * NEAR);
  await publisher.deployGlobalContract(SAMPLE, 'codeHash');
  await publisher.deployGlobalContract(SAMPLE, 'accountId');
  const hash = codeHash(SAMPLE);
  const byHash = await provider.viewGlobalContractCode({ identifier: { codeHash: hash } });
  t.deepEqual([byHash.hash, byHash.code], [hash, SAMPLE]);
  const byAccount = await provider.viewGlobalContractCode({ identifier: { accountId: publisher.accountId } });
  t.deepEqual([byAccount.hash, byAccount.code], [hash, SAMPLE]);
  await t.throwsAsync(provider.viewGlobalContractCode({ identifier: { accountId: 'nobody.test.near' } }), { instanceOf: GlobalContractCodeDoesNotExistError });
  await t.throwsAsync(provider.viewGlobalContractCode({ identifier: { codeHash: EMPTY_HASH } }), { instanceOf: GlobalContractCodeDoesNotExistError });

  const byHashUser = await newAccount(t, 'hashuser', 2n * NEAR);
  await byHashUser.useGlobalContract({ codeHash: baseDecode(hash) });
  t.like(await provider.query<{ global_contract_hash: string }>({ request_type: 'view_account', finality: 'final', account_id: byHashUser.accountId }), { global_contract_hash: hash });
  const byAccountUser = await newAccount(t, 'acctuser', 2n * NEAR);
  await byAccountUser.signAndSendTransaction({ receiverId: byAccountUser.accountId, actions: [useGlobalContractAction({ AccountId: publisher.accountId })] });
  await byAccountUser.callFunction({ contractId: byAccountUser.accountId, methodName: 'init', args: { owner: 'test.near', greeting: 'Shared' } });
  t.is(await provider.callFunction({ contractId: byAccountUser.accountId, method: 'get_greeting', args: {} }), 'Shared, I belong to test.near');
  await t.throwsAsync(byAccountUser.useGlobalContract({ accountId: 'missing.test.near' }), { instanceOf: GlobalContractDoesNotExistActionError });
});

test('state changes of a block', async (t) => {
  const { provider } = t.context;
  const carol = await newAccount(t, 'carol');
  const key = KeyPair.fromRandom('ed25519');
  const added = await carol.addFullAccessKey(key.getPublicKey());
  const receiptBlock = added.receipts_outcome[0].block_hash;
  const inBlock = await provider.blockChanges({ blockId: receiptBlock });
  t.is(inBlock.block_hash, receiptBlock);
  t.true(inBlock.changes.some((c) => c.type === 'access_key_touched' && c.account_id === carol.accountId));
  const keyChanges = await provider.accessKeyChanges([carol.accountId], { blockId: receiptBlock });
  t.true(keyChanges.changes.some((c) => c.type === 'access_key_update' && 'public_key' in c.change && c.change.public_key === key.getPublicKey().toString()));
  const single = await provider.singleAccessKeyChanges([{ account_id: carol.accountId, public_key: key.getPublicKey().toString() }], { blockId: receiptBlock });
  t.is(single.changes.length, 1);
  const accountChanges = await provider.accountChanges([carol.accountId], { blockId: added.transaction_outcome.block_hash });
  const update = accountChanges.changes.find((c) => c.type === 'account_update');
  t.deepEqual(update?.cause, { type: 'transaction_processing', tx_hash: added.transaction_outcome.id });
  const deploy = await carol.deployContract(SAMPLE);
  const codeChanges = await provider.contractCodeChanges([carol.accountId], { blockId: deploy.receipts_outcome[0].block_hash });
  t.true(codeChanges.changes.some((c) => c.type === 'contract_code_update'));
  t.deepEqual((await provider.contractStateChanges([carol.accountId], { blockId: receiptBlock }, '')).changes, []);
});

test('bad requests get neard\'s typed errors', async (t) => {
  // sendJsonRpc is typed to neard's method names; these requests are deliberately not.
  const call = (method: string, params: unknown) => (t.context.provider as unknown as { sendJsonRpc(m: string, p: unknown): Promise<unknown> }).sendJsonRpc(method, params);
  await t.throwsAsync(call('no_such_method', {}), { instanceOf: RpcMethodNotFoundError });
  for (const method of ['constructor', '__proto__', 'hasOwnProperty']) await t.throwsAsync(call(method, {}), { instanceOf: RpcMethodNotFoundError }, method);
  await t.throwsAsync(call('block', { block_id: 1.5 }), { instanceOf: RpcRequestParseError });
  await t.throwsAsync(call('block', { finality: 'soon' }), { instanceOf: RpcRequestParseError });
  await t.throwsAsync(call('query', { request_type: 'call_function', finality: 'final', account_id: 'test.near', method_name: 'x', args_base64: '!!' }), { instanceOf: RpcRequestParseError });
  await t.throwsAsync(call('broadcast_tx_commit', ['not base64!']), { instanceOf: RpcRequestParseError });
  // Account ids and keys are parsed before anything is looked up, as neard's serde types do.
  await t.throwsAsync(t.context.provider.viewAccount({ accountId: 'Not Valid!' }), { instanceOf: RpcRequestParseError });
  await t.throwsAsync(t.context.provider.viewAccessKey({ accountId: 'test.near', publicKey: 'ed25519:tooShort' }), { instanceOf: RpcRequestParseError });
  await t.throwsAsync(call('broadcast_tx_commit', [Buffer.from('garbage').toString('base64')]), { instanceOf: RpcRequestParseError });
});

/** A contract that fails in the VM on purpose, one way per method. */
function failingContract(): Uint8Array {
  const module = binaryen.parseText(`(module
    (import "env" "log_utf8" (func $log (param i64 i64)))
    (import "env" "read_register" (func $read (param i64 i64)))
    (memory (export "memory") 1)
    (data (i32.const 0) "\\ff")
    (func (export "bad_utf8") (call $log (i64.const 1) (i64.const 0)))
    (func (export "bad_register") (call $read (i64.const 99) (i64.const 0)))
    (func (export "out_of_bounds") (call $log (i64.const 8) (i64.const 1099511627776)))
    (func (export "trap") unreachable))`);
  const bytes = module.emitBinary();
  module.dispose();
  return bytes;
}

test('host and VM errors: nearcore\'s Display text in outcomes, its Debug text in view calls', async (t) => {
  const { provider } = t.context;
  const contract = await newAccount(t, 'failing', 5n * NEAR);
  await contract.deployContract(failingContract());
  // Texts from nearcore's runtime/near-vm-runner/src/logic/errors.rs (impl Display for HostError / WasmTrap).
  const display: Array<[string, string]> = [
    ['bad_utf8', 'String encoding is bad UTF-8 sequence.'],
    ['bad_register', 'Accessed invalid register id: 99'],
    ['out_of_bounds', 'Accessed memory outside the bounds.'],
    ['trap', 'WebAssembly trap: An `unreachable` opcode was executed.'],
  ];
  for (const [method, text] of display) {
    const outcome = await contract.signAndSendTransaction({ receiverId: contract.accountId, actions: [actions.functionCall(method, {}, 10n * TGAS, 0n)], throwOnFailure: false });
    t.deepEqual(outcome.status, { Failure: { ActionError: { index: 0, kind: { FunctionCallError: { ExecutionError: text } } } } }, method);
    await t.throwsAsync(contract.callFunction({ contractId: contract.accountId, methodName: method, args: {}, gas: 10n * TGAS }), { instanceOf: ContractExecutionError, message: text });
  }
  // Rust's Debug of near-vm-runner's FunctionCallError, as state_viewer formats a failed view call.
  const debug: Array<[string, string]> = [
    ['bad_utf8', 'HostError(BadUTF8)'],
    ['bad_register', 'HostError(InvalidRegisterId { register_id: 99 })'],
    ['trap', 'WasmTrap(Unreachable)'],
  ];
  for (const [method, text] of debug) {
    const error = await t.throwsAsync(provider.callFunction({ contractId: contract.accountId, method, args: {} }));
    t.is(error!.message, `wasm execution failed with error: ${text}`, method);
  }
});
