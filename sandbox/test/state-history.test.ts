// Queries at the block they name and per-block state changes, through
// near-api-js 7 and JSON-RPC against a node started by its command line: each
// view answers from the state of that block, also after a restart; a block
// whose state is no longer kept gets neard's GARBAGE_COLLECTED_BLOCK;
// EXPERIMENTAL_changes reports each block's changes, contract data included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { actions, KeyPair, type Action } from 'near-api-js';
import { rpc, RpcError } from '../../client/rpc.ts';
import { accountOn, failureOf, sendActions, type Outcome, type Signer } from '../../client/near.ts';
import { spawnNode, type SpawnedNode } from '../cli/spawn.ts';

const NEAR = 10n ** 24n;
const SAMPLE = fs.readFileSync('build/sample.wasm');
const GAS = 30_000_000_000_000n;
/** neard's non-archival GC: DEFAULT_GC_NUM_EPOCHS_TO_KEEP (5) epochs of `neard init`'s epoch_length (500). */
const KEPT_HEIGHTS = 5 * 500;

const context = { node: undefined as SpawnedNode | undefined, home: '', root: undefined as Signer | undefined };
const url = () => context.node!.url;

test.before(async () => {
  context.home = fs.mkdtempSync(path.join(os.tmpdir(), 'history-node-'));
  context.node = await spawnNode(context.home);
  const key = JSON.parse(fs.readFileSync(path.join(context.home, 'validator_key.json'), 'utf8')) as { account_id: string; secret_key: string };
  context.root = { accountId: key.account_id, secretKey: key.secret_key };
});
test.after.always(async () => {
  await context.node?.stop('SIGKILL');
  fs.rmSync(context.home, { recursive: true, force: true });
});

async function send(signer: Signer, receiverId: string, acts: Action[]): Promise<Outcome> {
  const outcome = await sendActions(url(), signer, receiverId, acts);
  if (failureOf(outcome)) throw new Error(`transaction failed: ${JSON.stringify(failureOf(outcome))}`);
  return outcome;
}
/** The final block right after an operation: its state is what the operation left. */
const finalHeight = async () => (await rpc<{ header: { height: number } }>(url(), 'block', { finality: 'final' })).header.height;
const query = <T>(params: Record<string, unknown>) => rpc<T>(url(), 'query', params);
const amountAt = async (accountId: string, height: number) => BigInt((await query<{ amount: string; block_height: number }>({ request_type: 'view_account', account_id: accountId, block_id: height })).amount);
const greetingAt = async (accountId: string, height: number) =>
  JSON.parse(Buffer.from((await query<{ result: number[] }>({ request_type: 'call_function', account_id: accountId, method_name: 'get_greeting', args_base64: '', block_id: height })).result).toString()) as string;
const errorName = (e: unknown) => ((e as RpcError).error as { cause: { name: string } }).cause.name;

interface History { alice: Signer; owner: Signer; heights: Record<string, number>; key: string }
let history: History;

test.serial('every query answers from the state of the block it names', async (t) => {
  const root = context.root!;
  const aliceKey = KeyPair.fromRandom('ed25519');
  const alice: Signer = { accountId: `alice.${root.accountId}`, secretKey: aliceKey.toString() };
  const heights: Record<string, number> = { before: await finalHeight() };
  await send(root, alice.accountId, [actions.createAccount(), actions.transfer(20n * NEAR), actions.addFullAccessKey(aliceKey.getPublicKey())]);
  heights.created = await finalHeight();
  await send(root, alice.accountId, [actions.transfer(3n * NEAR)]);
  heights.topped = await finalHeight();
  await send(alice, alice.accountId, [actions.deployContract(SAMPLE), actions.functionCall('init', { owner: alice.accountId }, GAS, 0n)]);
  heights.deployed = await finalHeight();
  await send(alice, alice.accountId, [actions.functionCall('set_greeting', { greeting: 'First' }, GAS, 0n)]);
  heights.first = await finalHeight();
  await send(alice, alice.accountId, [actions.functionCall('set_greeting', { greeting: 'Second' }, GAS, 0n)]);
  heights.second = await finalHeight();
  const extra = KeyPair.fromRandom('ed25519').getPublicKey().toString();
  await accountOn(url(), alice.accountId, alice.secretKey).addFullAccessKey(extra);
  heights.keyAdded = await finalHeight();
  await accountOn(url(), alice.accountId, alice.secretKey).deleteKey(extra);
  heights.keyDeleted = await finalHeight();
  history = { alice, owner: root, heights, key: extra };

  await t.throwsAsync(amountAt(alice.accountId, heights.before), { message: /UNKNOWN_ACCOUNT/ });
  t.is(await amountAt(alice.accountId, heights.created), 20n * NEAR);
  t.is(await amountAt(alice.accountId, heights.topped), 23n * NEAR);
  t.is((await query<{ block_height: number }>({ request_type: 'view_account', account_id: alice.accountId, block_id: heights.created })).block_height, heights.created);

  await t.throwsAsync(query({ request_type: 'view_code', account_id: alice.accountId, block_id: heights.topped }), { message: /NO_CONTRACT_CODE/ });
  const code = await query<{ code_base64: string }>({ request_type: 'view_code', account_id: alice.accountId, block_id: heights.deployed });
  t.is(code.code_base64, SAMPLE.toString('base64'));

  t.is(await greetingAt(alice.accountId, heights.first), `First, I belong to ${alice.accountId}`);
  t.is(await greetingAt(alice.accountId, heights.second), `Second, I belong to ${alice.accountId}`);
  const stateAt = async (height: number) => (await query<{ values: Array<{ key: string; value: string }> }>({ request_type: 'view_state', account_id: alice.accountId, prefix_base64: '', block_id: height })).values;
  t.deepEqual(await stateAt(heights.topped), []);
  t.regex(Buffer.from((await stateAt(heights.first))[0].value, 'base64').toString(), /First/);
  t.regex(Buffer.from((await stateAt(heights.second))[0].value, 'base64').toString(), /Second/);

  const keyAt = (height: number) => query<{ error?: string; nonce?: number }>({ request_type: 'view_access_key', account_id: alice.accountId, public_key: extra, block_id: height });
  t.is((await keyAt(heights.second)).error, `access key ${extra} does not exist while viewing`);
  t.is(typeof (await keyAt(heights.keyAdded)).nonce, 'number');
  t.is((await keyAt(heights.keyDeleted)).error, `access key ${extra} does not exist while viewing`);
  const listAt = async (height: number) => (await query<{ keys: Array<{ public_key: string }> }>({ request_type: 'view_access_key_list', account_id: alice.accountId, block_id: height })).keys.map((k) => k.public_key).sort();
  t.deepEqual(await listAt(heights.keyAdded), [aliceKey.getPublicKey().toString(), extra].sort());
  t.deepEqual(await listAt(heights.keyDeleted), [aliceKey.getPublicKey().toString()]);
  // `finality` names a block too: `final` is the state when the last transaction returned.
  t.is((await query<{ keys: unknown[] }>({ request_type: 'view_access_key_list', account_id: alice.accountId, finality: 'final' })).keys.length, 1);
});

test.serial('EXPERIMENTAL_changes reports each block\'s changes with their causes, contract data included', async (t) => {
  const { alice } = history;
  const outcome = await send(alice, alice.accountId, [actions.functionCall('set_greeting', { greeting: 'Third' }, GAS, 0n)]);
  const receipt = outcome.receipts_outcome[0];
  const blockId = receipt.block_hash;
  const data = await rpc<{ block_hash: string; changes: Array<{ cause: unknown; type: string; change: { account_id: string; key_base64: string; value_base64?: string } }> }>(url(), 'EXPERIMENTAL_changes', { changes_type: 'data_changes', account_ids: [alice.accountId], key_prefix_base64: '', block_id: blockId });
  t.is(data.block_hash, blockId);
  t.is(data.changes.length, 1);
  t.is(data.changes[0].type, 'data_update');
  t.deepEqual(data.changes[0].cause, { type: 'receipt_processing', receipt_hash: receipt.id });
  t.is(Buffer.from(data.changes[0].change.key_base64, 'base64').toString(), 'STATE');
  t.regex(Buffer.from(data.changes[0].change.value_base64!, 'base64').toString(), /Third/);
  // A prefix that no key has: nothing.
  const none = await rpc<{ changes: unknown[] }>(url(), 'EXPERIMENTAL_changes', { changes_type: 'data_changes', account_ids: [alice.accountId], key_prefix_base64: Buffer.from('X').toString('base64'), block_id: blockId });
  t.deepEqual(none.changes, []);
  const kinds = await rpc<{ changes: Array<{ type: string; account_id: string }> }>(url(), 'EXPERIMENTAL_changes_in_block', { block_id: blockId });
  t.true(kinds.changes.some((c) => c.type === 'data_touched' && c.account_id === alice.accountId));
  t.true(kinds.changes.some((c) => c.type === 'account_touched' && c.account_id === alice.accountId));
  // A call to oneself is a local receipt: it runs in the block that converted the transaction
  // (runtime lib.rs local_receipts), so that block's account changes are the transaction's (the
  // signer's balance and key), the receipt's, then its burnt-gas reward as a change of its own
  // (nearcore's ActionReceiptGasReward), the balance going up by the reward.
  t.is(outcome.transaction_outcome.block_hash, blockId);
  const receiverChanges = await rpc<{ changes: Array<{ cause: unknown; change: { amount: string } }> }>(url(), 'EXPERIMENTAL_changes', { changes_type: 'account_changes', account_ids: [alice.accountId], block_id: blockId });
  t.deepEqual(receiverChanges.changes.map((c) => c.cause), [
    { type: 'transaction_processing', tx_hash: outcome.transaction_outcome.id },
    { type: 'receipt_processing', receipt_hash: receipt.id },
    { type: 'action_receipt_gas_reward', receipt_hash: receipt.id },
  ]);
  t.true(BigInt(receiverChanges.changes[2].change.amount) > BigInt(receiverChanges.changes[1].change.amount));
  const now = BigInt((await query<{ amount: string }>({ request_type: 'view_account', account_id: alice.accountId, block_id: blockId })).amount);
  t.is(BigInt(receiverChanges.changes[2].change.amount), now);
});

test.serial('a deleted account, its keys and its contract data are still there at the blocks before its deletion', async (t) => {
  const root = context.root!;
  const key = KeyPair.fromRandom('ed25519');
  const carol: Signer = { accountId: `carol.${root.accountId}`, secretKey: key.toString() };
  await send(root, carol.accountId, [actions.createAccount(), actions.transfer(10n * NEAR), actions.addFullAccessKey(key.getPublicKey()),
    actions.deployContract(SAMPLE), actions.functionCall('init', { owner: carol.accountId }, GAS, 0n)]);
  const alive = await finalHeight();
  // Its gas refund then fails (the account is gone), as on neard: not checked here.
  const deleted = await sendActions(url(), carol, carol.accountId, [actions.deleteAccount(root.accountId)]);
  t.deepEqual(Object.keys(deleted.receipts_outcome[0].outcome.status), ['SuccessValue']);
  const gone = await finalHeight();
  history.heights.carolAlive = alive;
  t.is(await greetingAt(carol.accountId, alive), `Hello, I belong to ${carol.accountId}`);
  t.is((await query<{ values: unknown[] }>({ request_type: 'view_state', account_id: carol.accountId, prefix_base64: '', block_id: alive })).values.length, 1);
  t.is(typeof (await query<{ nonce: number }>({ request_type: 'view_access_key', account_id: carol.accountId, public_key: key.getPublicKey().toString(), block_id: alive })).nonce, 'number');
  await t.throwsAsync(amountAt(carol.accountId, gone), { message: /UNKNOWN_ACCOUNT/ });
  const deletion = await rpc<{ changes: Array<{ type: string }> }>(url(), 'EXPERIMENTAL_changes', { changes_type: 'data_changes', account_ids: [carol.accountId], key_prefix_base64: '', block_id: deleted.receipts_outcome[0].block_hash });
  t.deepEqual(deletion.changes.map((c) => c.type), ['data_deletion']);
});

test.serial('a restarted node answers at past blocks as before; blocks below the kept state are GARBAGE_COLLECTED_BLOCK', async (t) => {
  const { alice, heights } = history;
  await context.node!.stop('SIGKILL');
  context.node = await spawnNode(context.home);
  t.is(await amountAt(alice.accountId, heights.topped), 23n * NEAR);
  t.is(await greetingAt(alice.accountId, heights.first), `First, I belong to ${alice.accountId}`);
  t.is(await greetingAt(`carol.${context.root!.accountId}`, heights.carolAlive), `Hello, I belong to carol.${context.root!.accountId}`);

  await rpc(url(), 'sandbox_fast_forward', { delta_height: KEPT_HEIGHTS + 100 });
  const error = await amountAt(alice.accountId, heights.topped).catch((e: unknown) => e);
  t.is(errorName(error), 'GARBAGE_COLLECTED_BLOCK');
  t.regex((error as RpcError).message, new RegExp(`The data for block #${heights.topped} is garbage collected on this node, use an archival node to fetch historical data`));
  // The latest state is unaffected.
  t.is(await greetingAt(alice.accountId, await finalHeight()), `Third, I belong to ${alice.accountId}`);
});
