// Blocks and finality as neard's sandbox gives them, through JSON-RPC and
// near-api-js 7 against a node started by its command line: blocks produced
// over time, `final` trailing the head as Doomslug's with one validator, a
// transaction's effects final when broadcast_tx_commit returns, the transaction
// validity period, sandbox_fast_forward, a nonce-ordered pool per access key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { actions, baseDecode, createTransaction, KeyPair, KeyPairSigner, type Action, type KeyPairString } from 'near-api-js';
import { rpc, RpcError } from '../../client/rpc.ts';
import { sendActions, type Signer } from '../../client/near.ts';
import { spawnNode, type SpawnedNode } from '../cli/spawn.ts';

const NEAR = 10n ** 24n;
/** `neard init`: genesis transaction_validity_period and epoch_length (core/chain-configs/src/lib.rs). */
const VALIDITY_PERIOD = 100;
const EPOCH_LENGTH = 500;
/** neard's sandbox_delta_time per skipped height: (min + max block production delay) / 2 = (600 + 2000) / 2 ms. */
const DELTA_NS_PER_HEIGHT = 1_300_000_000n;

interface Header { height: number; prev_height: number | null; hash: string; prev_hash: string; timestamp_nanosec: string; last_final_block: string; last_ds_final_block: string }
type BlockView = { header: Header };

const context = { node: undefined as SpawnedNode | undefined, root: undefined as Signer | undefined, home: '' };
const url = () => context.node!.url;
const root = () => context.root!;

test.before(async () => {
  const home = context.home = fs.mkdtempSync(path.join(os.tmpdir(), 'blocks-node-'));
  context.node = await spawnNode(home);
  const key = JSON.parse(fs.readFileSync(path.join(home, 'validator_key.json'), 'utf8')) as { account_id: string; secret_key: string };
  context.root = { accountId: key.account_id, secretKey: key.secret_key };
});
test.after.always(async () => {
  await context.node?.stop('SIGKILL');
  if (context.home) fs.rmSync(context.home, { recursive: true, force: true });
});

const block = (ref: Record<string, unknown>) => rpc<BlockView>(url(), 'block', ref).then((b) => b.header);
const balance = async (accountId: string, finality = 'final') => BigInt((await rpc<{ amount: string }>(url(), 'query', { request_type: 'view_account', finality, account_id: accountId })).amount);

/** Polls until `check` holds (the node produces blocks on its own timer); fails after 30 s. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition never held');
}

let names = 0;
async function newAccount(t: ExecutionContext): Promise<Signer> {
  const key = KeyPair.fromRandom('ed25519');
  const accountId = `b${names++}.${root().accountId}`;
  const outcome = await sendActions(url(), root(), accountId, [actions.createAccount(), actions.transfer(10n * NEAR), actions.addFullAccessKey(key.getPublicKey())]);
  t.deepEqual(Object.keys(outcome.status), ['SuccessValue']);
  return { accountId, secretKey: key.toString() };
}

/** A signed transaction of `signer` with an explicit nonce and block hash, base64. */
async function signed(signer: Signer, receiverId: string, acts: Action[], nonce: bigint, blockHash: string): Promise<string> {
  const keyPair = KeyPair.fromString(signer.secretKey as KeyPairString);
  const tx = createTransaction(signer.accountId, keyPair.getPublicKey(), receiverId, nonce, acts, baseDecode(blockHash));
  const { signedTransaction } = await new KeyPairSigner(keyPair).signTransaction(tx);
  return Buffer.from(signedTransaction.encode()).toString('base64');
}

async function nextNonce(signer: Signer): Promise<bigint> {
  const publicKey = KeyPair.fromString(signer.secretKey as KeyPairString).getPublicKey().toString();
  return BigInt((await rpc<{ nonce: number }>(url(), 'query', { request_type: 'view_access_key', finality: 'optimistic', account_id: signer.accountId, public_key: publicKey })).nonce) + 1n;
}

const invalidTx = (error: unknown) => ((error as RpcError).error as { data: { TxExecutionError: { InvalidTxError: unknown } } }).data.TxExecutionError.InvalidTxError;

test.serial('the node produces blocks with no transaction, as neard does', async (t) => {
  const start = await block({ finality: 'optimistic' });
  const later = await eventually(() => block({ finality: 'optimistic' }), (h) => h.height > start.height);
  t.true(later.height > start.height);
  t.true(BigInt(later.timestamp_nanosec) > BigInt(start.timestamp_nanosec));
});

test.serial('final trails the head as Doomslug with one validator: near-final is the previous block, final the one before', async (t) => {
  const head = await eventually(() => block({ finality: 'optimistic' }), (h) => h.height >= 3);
  const prev = await block({ block_id: head.prev_hash });
  // The head, its parent and its grandparent at consecutive heights (no fast forward in between here).
  t.is(head.prev_height, head.height - 1);
  t.is(prev.prev_height, prev.height - 1);
  t.is(head.last_ds_final_block, prev.hash);
  t.is(head.last_final_block, prev.prev_hash);
  // The finalities answer from the head's pointers: final is never less than two heights behind the head.
  const final = await block({ finality: 'final' });
  const nearFinal = await block({ finality: 'near-final' });
  const optimistic = await block({ finality: 'optimistic' });
  t.true(final.height < nearFinal.height && nearFinal.height < optimistic.height);
  t.true(optimistic.height >= final.height + 2);
  t.is((await block({ block_id: optimistic.last_final_block })).height, optimistic.height - 2);
});

test.serial('broadcast_tx_commit returns once its effects are final: a transfer shows at `final` at once', async (t) => {
  const alice = await newAccount(t);
  const before = await balance(alice.accountId);
  const outcome = await sendActions(url(), root(), alice.accountId, [actions.transfer(NEAR)]);
  t.is(await balance(alice.accountId, 'final'), before + NEAR);
  // Every block with an outcome of it is at or below the final block.
  const final = await block({ finality: 'final' });
  for (const o of [outcome.transaction_outcome, ...outcome.receipts_outcome]) t.true((await block({ block_id: o.block_hash })).height <= final.height);
});

test.serial('a transaction whose block hash is more than transaction_validity_period heights below the head is Expired; an unknown hash too', async (t) => {
  const alice = await newAccount(t);
  const old = await block({ finality: 'optimistic' });
  // A block hash from exactly the period ago is still valid (nearcore: head.height > base.height + period expires).
  await rpc(url(), 'sandbox_fast_forward', { delta_height: VALIDITY_PERIOD + 50 });
  const head = await block({ finality: 'optimistic' });
  const error = await rpc(url(), 'broadcast_tx_commit', [await signed(alice, root().accountId, [actions.transfer(1n)], await nextNonce(alice), old.hash)]).catch((e: unknown) => e);
  t.true(head.height > old.height + VALIDITY_PERIOD);
  t.is(invalidTx(error), 'Expired');
  const unknown = await rpc(url(), 'broadcast_tx_commit', [await signed(alice, root().accountId, [actions.transfer(1n)], await nextNonce(alice), 'GKuU8tB4hbVAScSQqE3xJTH9rCYxWFGRgGNNbZU4hKbA')]).catch((e: unknown) => e);
  t.is(invalidTx(unknown), 'Expired');
  // The block landed on is final when fast forward returns: its hash is valid.
  const recent = await block({ finality: 'final' });
  t.true(recent.height >= head.height - 2);
  const ok = await rpc<{ status: Record<string, unknown> }>(url(), 'broadcast_tx_commit', [await signed(alice, root().accountId, [actions.transfer(1n)], await nextNonce(alice), recent.hash)]);
  t.deepEqual(Object.keys(ok.status), ['SuccessValue']);
});

/** The block the fast forward jumped to: the newest block whose parent is more than one height below. */
async function jumpBlock(): Promise<Header> {
  let header = await block({ finality: 'optimistic' });
  while (header.prev_height === header.height - 1) header = await block({ block_id: header.prev_hash });
  return header;
}

test.serial('sandbox_fast_forward as neard: the next block lands delta + 1 heights on, its clock moved by the average block time per height', async (t) => {
  const start = await block({ finality: 'optimistic' });
  const delta = 30;
  await rpc(url(), 'sandbox_fast_forward', { delta_height: delta });
  const jumped = await jumpBlock();
  const parent = await block({ block_id: jumped.prev_hash });
  t.true(parent.height >= start.height);
  // The earlier tests leave the head well inside the first epoch, so the jump does not meet its end.
  t.true(parent.height % EPOCH_LENGTH !== 0 && EPOCH_LENGTH - (parent.height % EPOCH_LENGTH) > 3 + delta, `parent at ${parent.height}`);
  t.is(jumped.height, parent.height + delta + 1);
  t.true(BigInt(jumped.timestamp_nanosec) >= BigInt(parent.timestamp_nanosec) + BigInt(delta) * DELTA_NS_PER_HEIGHT);
  // A jump is not consecutive, so the jumped-to block keeps its parent's finality; Doomslug makes it
  // final two blocks later, which neard produces within about 1.2 s and this node at once.
  t.is(jumped.last_ds_final_block, parent.last_ds_final_block);
  t.is(jumped.last_final_block, parent.last_final_block);
  const next = await block({ block_id: jumped.height + 1 });
  const nextButOne = await block({ block_id: jumped.height + 2 });
  t.deepEqual([next.prev_hash, next.last_ds_final_block, next.last_final_block], [jumped.hash, jumped.hash, parent.last_final_block]);
  t.deepEqual([nextButOne.last_ds_final_block, nextButOne.last_final_block], [next.hash, jumped.hash]);
  t.true((await block({ finality: 'final' })).height >= jumped.height);
});

test.serial('sandbox_fast_forward across epochs produces ordinary blocks at each epoch end, as neard does', async (t) => {
  const start = await block({ finality: 'optimistic' });
  await rpc(url(), 'sandbox_fast_forward', { delta_height: 2 * EPOCH_LENGTH });
  const head = await block({ finality: 'optimistic' });
  t.true(head.height >= start.height + 2 * EPOCH_LENGTH);
  const firstEnd = (Math.floor(start.height / EPOCH_LENGTH) + 1) * EPOCH_LENGTH;
  for (const end of [firstEnd, firstEnd + EPOCH_LENGTH]) {
    // The jump stops 3 heights before the end (latest known end - 3, its block at end - 2), then
    // end - 1 .. end + 1 are ordinary blocks, each on the one before.
    t.true((await block({ block_id: end - 2 })).prev_height! < end - 3);
    for (let h = end - 1; h <= end + 1; h++) t.is((await block({ block_id: h })).prev_height, h - 1, `height ${h}`);
  }
});

test.serial('fast forward beyond the hour neard gives it is refused whole with its error, and the chain is unchanged', async (t) => {
  const head = await block({ finality: 'optimistic' });
  const error = await rpc(url(), 'sandbox_fast_forward', { delta_height: 10_000 * EPOCH_LENGTH }).catch((e: unknown) => e);
  // RpcSandboxFastForwardError::InternalError as jsonrpc-primitives sends it: the variant as `data`, its message in `cause.info`.
  const body = (error as RpcError).error as { name: string; cause: { name: string; info: { error_message: string } }; data: unknown };
  t.is(body.name, 'INTERNAL_ERROR');
  t.regex(body.cause.info.error_message, /sandbox failed to fast forward within reasonable time of an hour/);
  t.deepEqual(body.data, { name: 'INTERNAL_ERROR', info: { error_message: body.cause.info.error_message } });
  t.true((await block({ finality: 'optimistic' })).height < head.height + EPOCH_LENGTH);
});

test.serial('a key\'s transactions sent concurrently out of nonce order all run, in nonce order, as neard\'s pool draws them', async (t) => {
  const alice = await newAccount(t);
  const bob = await newAccount(t);
  const hash = (await block({ finality: 'final' })).hash;
  const first = await nextNonce(alice);
  const nonces = [4n, 2n, 0n, 3n, 1n].map((i) => first + i);
  const before = await balance(bob.accountId);
  const txs = await Promise.all(nonces.map((nonce) => signed(alice, bob.accountId, [actions.transfer((nonce - first + 1n) * NEAR / 10n)], nonce, hash)));
  // Highest nonces first, without waiting for each other.
  const outcomes = await Promise.all(txs.map((tx) => rpc<{ status: Record<string, unknown>; transaction: { nonce: number }; transaction_outcome: { block_hash: string } }>(url(), 'broadcast_tx_commit', [tx])));
  for (const o of outcomes) t.deepEqual(Object.keys(o.status), ['SuccessValue']);
  t.is(await balance(bob.accountId), before + 15n * NEAR / 10n);
  t.is(await nextNonce(alice), first + 5n);
  // Included in nonce order: each transaction's block is above the one of the nonce before it.
  const heights = new Map<number, number>();
  for (const o of outcomes) heights.set(o.transaction.nonce, (await block({ block_id: o.transaction_outcome.block_hash })).height);
  for (let i = 1n; i < 5n; i++) t.true(heights.get(Number(first + i))! > heights.get(Number(first + i - 1n))!);
});

test.serial('a transaction with a nonce gap that never fills runs with the next block; a second one with a used nonce is InvalidNonce', async (t) => {
  const alice = await newAccount(t);
  const hash = (await block({ finality: 'final' })).hash;
  const nonce = (await nextNonce(alice)) + 10n;
  // Two transactions with the same nonce: whichever arrives first runs, the other is InvalidNonce.
  const answers = await Promise.all([1n, 2n].map(async (amount) =>
    rpc<{ status: Record<string, unknown> }>(url(), 'broadcast_tx_commit', [await signed(alice, root().accountId, [actions.transfer(amount)], nonce, hash)]).catch((e: unknown) => e)));
  const ran = answers.filter((a) => !(a instanceof RpcError)) as Array<{ status: Record<string, unknown> }>;
  const refused = answers.filter((a) => a instanceof RpcError);
  t.is(ran.length, 1);
  t.deepEqual(Object.keys(ran[0].status), ['SuccessValue']);
  t.deepEqual(invalidTx(refused[0]), { InvalidNonce: { tx_nonce: Number(nonce), ak_nonce: Number(nonce) } });
  t.is(await nextNonce(alice), nonce + 1n);
});

test.serial('timer blocks and transactions arriving at any moment make one chain: each block on the one before, final at or above every answered outcome', async (t) => {
  const senders = await Promise.all([0, 1, 2, 3].map(() => newAccount(t)));
  const start = await block({ finality: 'optimistic' });
  const finalAfter = new Map<string, number>();
  // Transfers spread over a few block times, so that timer blocks fall between and around them.
  const outcomes = await Promise.all(senders.flatMap((sender, i) => [0, 1, 2].map(async (j) => {
    await new Promise((r) => setTimeout(r, (i * 3 + j) * 150));
    const outcome = await sendActions(url(), sender, root().accountId, [actions.transfer(1n)]);
    finalAfter.set(outcome.transaction_outcome.id, (await block({ finality: 'final' })).height);
    return outcome;
  })));
  for (const o of outcomes) t.deepEqual(Object.keys(o.status), ['SuccessValue']);
  let header = await block({ finality: 'optimistic' });
  const heights = new Set<number>();
  while (header.height > start.height) {
    heights.add(header.height);
    const parent = await block({ block_id: header.prev_hash });
    t.is(parent.height, header.prev_height ?? -1);
    t.true(parent.height < header.height);
    header = parent;
  }
  t.is(header.hash, start.hash);
  // Every outcome is in that chain, and final, read after its answer, is at or above all of them.
  for (const o of outcomes) {
    for (const r of [o.transaction_outcome, ...o.receipts_outcome]) {
      const height = (await block({ block_id: r.block_hash })).height;
      t.true(heights.has(height));
      t.true(finalAfter.get(o.transaction_outcome.id)! >= height);
    }
  }
});
