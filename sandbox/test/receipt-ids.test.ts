// The ids a user sees in a transaction's status (receipt ids, data ids) and the random seed a function
// call gets, checked against nearcore's definitions (core/primitives/src/utils.rs), written out here
// independently of the node: create_hash_index(base, block_height, salt) = sha256(base ++ height as u64
// LE ++ salt as u64 LE). The transaction's receipt is (tx hash, its block, 0); a receipt's `i`th new
// receipt (runtime/runtime/src/lib.rs: what its actions send, action by action, then the deposit and gas
// refunds, then the data receipts answering whoever waits on it) is (receipt id, its block, i); action
// `a`'s hash is (receipt id, its block, u64::MAX - a); the `n`th data id a function call generates
// (ext.rs generate_data_id: a promise_then's dependency, a yield) is (action hash, its block, n); a yield
// timeout's PromiseResume is (data id, the block it timed out in, n); the random seed is
// sha256(action hash ++ the block's random_value).
import { actions, baseDecode, baseEncode, buildDelegateAction, createTransaction, KeyPair, KeyPairSigner, type Action } from 'near-api-js';
import { sha256 } from '@noble/hashes/sha256';
import { sendActions, type Signer } from '../../client/near.ts';
import { ROOT_ACCOUNT } from '../chain/genesis.ts';
import { assemble, I32, I64, op, type Func } from './gas/wasm.ts';
import { testAtVersions, type VersionNode as Node } from './version-nodes.ts';

const { createAccount, transfer, addFullAccessKey, deployContract, deleteAccount, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const PROMISE_GAS = 10n * TGAS;
const U64_MAX = 2n ** 64n - 1n;

const test = testAtVersions([85]);

// nearcore's ids (core/primitives/src/utils.rs).
function hashIndex(base: Uint8Array, height: bigint, salt: bigint): string {
  const bytes = Buffer.alloc(base.length + 16);
  Buffer.from(base).copy(bytes);
  bytes.writeBigUInt64LE(height, base.length);
  bytes.writeBigUInt64LE(salt, base.length + 8);
  return baseEncode(sha256(bytes));
}
const receiptOfTx = (txHash: string, height: bigint) => hashIndex(baseDecode(txHash), height, 0n);
const child = (receiptId: string, height: bigint, index: number) => hashIndex(baseDecode(receiptId), height, BigInt(index));
const actionHash = (receiptId: string, height: bigint, actionIndex: number) => hashIndex(baseDecode(receiptId), height, U64_MAX - BigInt(actionIndex));
const dataId = (action: string, height: bigint, index: number) => hashIndex(baseDecode(action), height, BigInt(index));
const seed = (action: string, randomValue: string) => Buffer.from(sha256(Buffer.concat([baseDecode(action), baseDecode(randomValue)])));

async function rpc<T>(node: Node, method: string, params: unknown): Promise<T> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { result?: T; error?: unknown };
  if (body.result === undefined) throw new Error(JSON.stringify(body.error));
  return body.result;
}

interface OutcomeView { id: string; block_hash: string; outcome: { receipt_ids: string[]; status: { SuccessValue?: string; SuccessReceiptId?: string; Failure?: unknown } } }
interface ActionReceiptView { predecessor_id: string; receiver_id: string; receipt_id: string; receipt: { Action?: { input_data_ids: string[]; output_data_receivers: Array<{ data_id: string; receiver_id: string }>; actions: unknown[]; is_promise_yield: boolean }; Data?: { data_id: string; data: string | null; is_promise_resume: boolean } } }
interface TxStatus { status: { SuccessValue?: string; Failure?: unknown } | string; transaction_outcome: OutcomeView; receipts_outcome: OutcomeView[]; receipts: ActionReceiptView[] }

const header = (node: Node, blockId: string | number) => rpc<{ header: { height: number; random_value: string } }>(node, 'block', { block_id: blockId }).then((b) => b.header);
const heightOf = async (node: Node, blockHash: string) => BigInt((await header(node, blockHash)).height);

/** Sends `acts` from `signer` to `receiverId`; its EXPERIMENTAL_tx_status (receipts included) once `waitUntil`. */
async function send(node: Node, signer: Signer, receiverId: string, acts: Action[], waitUntil = 'FINAL'): Promise<{ hash: string; status: TxStatus }> {
  const hash = waitUntil === 'FINAL'
    ? (await sendActions(node.server.url, signer, receiverId, acts)).transaction.hash
    : await sendIncluded(node, signer, receiverId, acts);
  const status = await rpc<TxStatus>(node, 'EXPERIMENTAL_tx_status', { tx_hash: hash, sender_account_id: signer.accountId, wait_until: waitUntil });
  return { hash, status };
}

/** A transaction whose receipts do not all finish (a yield waiting): sent with wait_until INCLUDED_FINAL. */
async function sendIncluded(node: Node, signer: Signer, receiverId: string, acts: Action[]): Promise<string> {
  const key = KeyPair.fromString(signer.secretKey as `ed25519:${string}`);
  const access = await rpc<{ nonce: number; block_hash: string }>(node, 'query', { request_type: 'view_access_key', finality: 'final', account_id: signer.accountId, public_key: key.getPublicKey().toString() });
  const tx = createTransaction(signer.accountId, key.getPublicKey(), receiverId, BigInt(access.nonce) + 1n, acts, baseDecode(access.block_hash));
  const { signedTransaction } = await new KeyPairSigner(key).signTransaction(tx);
  await rpc(node, 'send_tx', { signed_tx_base64: Buffer.from(signedTransaction.encode()).toString('base64'), wait_until: 'INCLUDED_FINAL' });
  return baseEncode(sha256(tx.encode()));
}

const IMPORTS = [
  { name: 'random_seed', params: [I64] },
  { name: 'read_register', params: [I64, I64] },
  { name: 'register_len', params: [I64], results: [I64] },
  { name: 'value_return', params: [I64, I64] },
  { name: 'current_account_id', params: [I64] },
  { name: 'promise_create', params: [I64, I64, I64, I64, I64, I64, I64, I64], results: [I64] },
  { name: 'promise_then', params: [I64, I64, I64, I64, I64, I64, I64, I64, I64], results: [I64] },
  { name: 'promise_return', params: [I64] },
  { name: 'promise_result', params: [I64, I64], results: [I64] },
  { name: 'promise_yield_create', params: [I64, I64, I64, I64, I64, I64, I64], results: [I64] },
  { name: 'promise_yield_resume', params: [I64, I64, I64, I64], results: [I32] },
];
const F = Object.fromEntries(IMPORTS.map((i, n) => [i.name, n])) as Record<string, number>;
/** Memory: method names, the resume payload, a zero amount, the account's own id and an output buffer. */
const AT = { seed: 0, cb: 8, noop: 16, payload: 24, failed: 32, zero: 48, self: 64, out: 128 };
const PAYLOAD = 'hey';

function contract(): Uint8Array {
  const m = Buffer.alloc(128);
  m.write('seed', AT.seed); m.write('cb', AT.cb); m.write('noop', AT.noop); m.write(PAYLOAD, AT.payload); m.write('failed', AT.failed);
  const name = (at: number) => [op.i64(at === AT.cb ? 2 : 4), op.i64(at)];
  // Local 0: the account's id length (its bytes at AT.self); local 1: a promise index.
  const self = [op.i64(1), op.call(F.current_account_id), op.i64(1), op.i64(AT.self), op.call(F.read_register), op.i64(1), op.call(F.register_len), op.localSet(0)];
  const create = (method: number) => [op.localGet(0), op.i64(AT.self), ...name(method), op.i64(0), op.i64(0), op.i64(AT.zero), op.i64(PROMISE_GAS), op.call(F.promise_create), op.localSet(1)];
  const then = (method: number) => [op.localGet(1), op.localGet(0), op.i64(AT.self), ...name(method), op.i64(0), op.i64(0), op.i64(AT.zero), op.i64(PROMISE_GAS), op.call(F.promise_then)];
  // A yield to `cb`, its data id in register 0, copied to AT.out.
  const yieldCb = [...name(AT.cb), op.i64(0), op.i64(0), op.i64(PROMISE_GAS), op.i64(0), op.i64(0), op.call(F.promise_yield_create), op.drop, op.i64(0), op.i64(AT.out), op.call(F.read_register)];
  const returnOut = [op.i64(32), op.i64(AT.out), op.call(F.value_return)];
  const functions: Func[] = [
    // Returns its random seed.
    { export: 'seed', body: [op.i64(0), op.call(F.random_seed), op.i64(0), op.i64(AT.out), op.call(F.read_register), ...returnOut] },
    { export: 'noop', body: [] },
    { export: 'fail', body: [op.unreachable] },
    // seed() on itself, then cb() with its result; returns cb's promise.
    { export: 'chain', locals: [I64, I64], body: [...self, ...create(AT.seed), ...then(AT.cb), op.call(F.promise_return)] },
    // Returns its one promise result (from a register: value_return of u64::MAX), or "failed".
    { export: 'cb', body: [
      op.i64(0), op.i64(0), op.call(F.promise_result), op.i64(1), [0x51], op.if,
      op.i64(-1), op.i64(0), op.call(F.value_return), op.else, op.i64(6), op.i64(AT.failed), op.call(F.value_return), op.end,
    ] },
    // noop(), then noop() (one data id), a yield to cb (the second), resumed at once; returns the yield's data id.
    { export: 'yields', locals: [I64, I64], body: [
      ...self, ...create(AT.noop), ...then(AT.noop), op.drop, ...yieldCb,
      op.i64(32), op.i64(AT.out), op.i64(PAYLOAD.length), op.i64(AT.payload), op.call(F.promise_yield_resume), op.drop, ...returnOut,
    ] },
    // A yield nobody resumes; returns its data id.
    { export: 'yield_only', body: [...yieldCb, ...returnOut] },
  ];
  return assemble({ imports: IMPORTS, functions, data: m });
}

let names = 0;
/** A new account of the root's key with the contract. */
async function deployed(node: Node, withCode = true): Promise<Signer> {
  const accountId = `ids${names++}.${ROOT_ACCOUNT}`;
  const publicKey = KeyPair.fromString(node.root.secretKey as `ed25519:${string}`).getPublicKey();
  await sendActions(node.server.url, node.root, accountId, [createAccount(), transfer(20n * NEAR), addFullAccessKey(publicKey), ...(withCode ? [deployContract(contract())] : [])]);
  return { accountId, secretKey: node.root.secretKey };
}

const call = (method: string, deposit = 0n) => functionCall(method, new Uint8Array(), 100n * TGAS, deposit);
const receiptOutcome = (status: TxStatus, id: string) => {
  const found = status.receipts_outcome.find((o) => o.id === id);
  if (!found) throw new Error(`no outcome for receipt ${id}`);
  return found;
};
const receipt = (status: TxStatus, id: string) => {
  const found = status.receipts.find((r) => r.receipt_id === id);
  if (!found) throw new Error(`no receipt ${id}`);
  return found;
};
const valueOf = (o: { SuccessValue?: string } | string) => Buffer.from((o as { SuccessValue: string }).SuccessValue, 'base64');

/** The transaction's receipt: (tx hash, the transaction's block, 0); it is the first receipt outcome. */
async function firstReceipt(node: Node, hash: string, status: TxStatus): Promise<{ id: string; height: bigint; outcome: OutcomeView }> {
  const txHeight = await heightOf(node, status.transaction_outcome.block_hash);
  const id = receiptOfTx(hash, txHeight);
  return { id, height: await heightOf(node, receiptOutcome(status, id).block_hash), outcome: receiptOutcome(status, id) };
}

test.serial('the transaction\'s receipt, the receipts and data a call\'s promise and callback create, and each call\'s random seed', async (t) => {
  const node = t.context[85];
  const self = await deployed(node);
  const { hash, status } = await send(node, self, self.accountId, [call('chain')]);
  t.deepEqual(status.transaction_outcome.outcome.receipt_ids, [receiptOfTx(hash, await heightOf(node, status.transaction_outcome.block_hash))]);
  const r0 = await firstReceipt(node, hash, status);
  // seed() is new receipt 0, its callback 1, the gas refund 2; the call returns the callback's promise.
  const [a, b, refund] = [0, 1, 2].map((i) => child(r0.id, r0.height, i));
  t.deepEqual(r0.outcome.outcome.receipt_ids, [a, b, refund]);
  t.is(r0.outcome.outcome.status.SuccessReceiptId, b);
  t.is(receipt(status, refund).receiver_id, self.accountId);
  // The callback's one input: the call's first data id.
  const input = dataId(actionHash(r0.id, r0.height, 0), r0.height, 0);
  t.deepEqual(receipt(status, b).receipt.Action!.input_data_ids, [input]);
  t.deepEqual(receipt(status, a).receipt.Action!.output_data_receivers, [{ data_id: input, receiver_id: self.accountId }]);

  // seed() returned its random seed: from its action hash and its block's random_value; its value goes to
  // the callback in a data receipt after its own receipts (its gas refund).
  const aOutcome = receiptOutcome(status, a);
  const aHeight = await heightOf(node, aOutcome.block_hash);
  const expectedSeed = seed(actionHash(a, aHeight, 0), (await header(node, aOutcome.block_hash)).random_value);
  t.deepEqual(valueOf(aOutcome.outcome.status), expectedSeed);
  t.deepEqual(aOutcome.outcome.receipt_ids, [child(a, aHeight, 0)]);
  const data = receipt(status, child(a, aHeight, 1));
  t.is(data.receipt.Data?.data_id, input);
  t.is(data.receipt.Data?.data, expectedSeed.toString('base64'));
  t.deepEqual(valueOf(status.status), expectedSeed);
});

test.serial('a function call\'s random seed uses its action index', async (t) => {
  const node = t.context[85];
  const self = await deployed(node);
  const { hash, status } = await send(node, self, self.accountId, [call('noop'), call('seed')]);
  const r0 = await firstReceipt(node, hash, status);
  const randomValue = (await header(node, r0.outcome.block_hash)).random_value;
  t.deepEqual(valueOf(status.status), seed(actionHash(r0.id, r0.height, 1), randomValue));
  t.notDeepEqual(valueOf(status.status), seed(actionHash(r0.id, r0.height, 0), randomValue));
});

test.serial('a yield\'s data id counts after a promise_then\'s; its PromiseResume follows the call\'s action receipts', async (t) => {
  const node = t.context[85];
  const self = await deployed(node);
  const { hash, status } = await send(node, self, self.accountId, [call('yields')]);
  const r0 = await firstReceipt(node, hash, status);
  const action = actionHash(r0.id, r0.height, 0);
  // noop() 0, its callback 1 (data id 0), the yield 2 (data id 1), the PromiseResume 3 (a data receipt,
  // not among receipt_ids), the gas refund 4.
  const ids = [0, 1, 2, 3, 4].map((i) => child(r0.id, r0.height, i));
  t.deepEqual(r0.outcome.outcome.receipt_ids, [ids[0], ids[1], ids[2], ids[4]]);
  const yieldDataId = dataId(action, r0.height, 1);
  t.is(baseEncode(valueOf(r0.outcome.outcome.status)), yieldDataId);
  t.deepEqual(receipt(status, ids[1]).receipt.Action!.input_data_ids, [dataId(action, r0.height, 0)]);
  t.true(receipt(status, ids[2]).receipt.Action!.is_promise_yield);
  t.deepEqual(receipt(status, ids[2]).receipt.Action!.input_data_ids, [yieldDataId]);
  t.deepEqual(receipt(status, ids[3]).receipt.Data, { data_id: yieldDataId, data: Buffer.from(PAYLOAD).toString('base64'), is_promise_resume: true });
  // The yield's callback ran with the payload.
  t.deepEqual(valueOf(receiptOutcome(status, ids[2]).outcome.status), Buffer.from(PAYLOAD));
});

test.serial('a yield nobody resumes: its timeout\'s PromiseResume is derived from the data id and the block it timed out in', async (t) => {
  const node = t.context[85];
  const self = await deployed(node);
  const { hash, status: included } = await send(node, self, self.accountId, [call('yield_only')], 'INCLUDED_FINAL');
  const r0 = await firstReceipt(node, hash, included);
  const yieldDataId = dataId(actionHash(r0.id, r0.height, 0), r0.height, 0);
  t.is(baseEncode(valueOf(r0.outcome.outcome.status)), yieldDataId);
  const yieldReceipt = child(r0.id, r0.height, 0);
  t.true(receipt(included, yieldReceipt).receipt.Action!.is_promise_yield);

  const latest = async () => BigInt((await rpc<{ sync_info: { latest_block_height: number } }>(node, 'status', [])).sync_info.latest_block_height);
  await rpc(node, 'sandbox_fast_forward', { delta_height: Number(r0.height + node.p.yield_timeout_length_in_blocks + 1n - (await latest())) });
  const status = await rpc<TxStatus>(node, 'EXPERIMENTAL_tx_status', { tx_hash: hash, sender_account_id: self.accountId, wait_until: 'FINAL' });
  // The callback ran with a failed promise result.
  t.deepEqual(valueOf(receiptOutcome(status, yieldReceipt).outcome.status), Buffer.from('failed'));
  // The first block at or past the yield's block + yield_timeout_length_in_blocks resolves it (a fast
  // forward skips heights), as the first PromiseResume it creates.
  let expired = r0.height + node.p.yield_timeout_length_in_blocks;
  for (;;) {
    try { await header(node, Number(expired)); break; } catch { expired++; }
  }
  t.deepEqual(receipt(status, hashIndex(baseDecode(yieldDataId), expired, 0n)).receipt.Data, { data_id: yieldDataId, data: null, is_promise_resume: true });
});

test.serial('a failed call\'s refunds: the deposit first, then the gas', async (t) => {
  const node = t.context[85];
  const self = await deployed(node);
  const { hash, status } = await send(node, self, self.accountId, [call('fail', 7n)]);
  const r0 = await firstReceipt(node, hash, status);
  t.truthy(r0.outcome.outcome.status.Failure);
  const [deposit, gas] = [0, 1].map((i) => child(r0.id, r0.height, i));
  t.deepEqual(r0.outcome.outcome.receipt_ids, [deposit, gas]);
  t.deepEqual(receipt(status, deposit).receipt.Action!.actions, [{ Transfer: { deposit: '7' } }]);
  t.is(receipt(status, deposit).predecessor_id, 'system');
  t.is(receipt(status, gas).predecessor_id, 'system');
});

test.serial('DeleteAccount\'s balance to the beneficiary is the receipt\'s first new receipt, the gas refund the next', async (t) => {
  const node = t.context[85];
  const doomed = await deployed(node, false);
  const { hash, status } = await send(node, doomed, doomed.accountId, [deleteAccount(ROOT_ACCOUNT)]);
  const r0 = await firstReceipt(node, hash, status);
  const [beneficiary, gas] = [0, 1].map((i) => child(r0.id, r0.height, i));
  t.deepEqual(r0.outcome.outcome.receipt_ids, [beneficiary, gas]);
  t.is(receipt(status, beneficiary).receiver_id, ROOT_ACCOUNT);
  t.is(receipt(status, gas).receiver_id, doomed.accountId);
});

test.serial('a delegate action\'s receipt is its receipt\'s first new receipt; the inner call\'s seed derives from that id', async (t) => {
  const node = t.context[85];
  const [relayer, user] = [await deployed(node, false), await deployed(node)];
  const userKey = KeyPair.fromString(user.secretKey as `ed25519:${string}`);
  const access = await rpc<{ nonce: number }>(node, 'query', { request_type: 'view_access_key', finality: 'final', account_id: user.accountId, public_key: userKey.getPublicKey().toString() });
  const tip = BigInt((await rpc<{ header: { height: number } }>(node, 'block', { finality: 'final' })).header.height);
  const delegate = buildDelegateAction({
    senderId: user.accountId, receiverId: user.accountId, actions: [call('seed')], nonce: BigInt(access.nonce) + 1n, maxBlockHeight: tip + 100n, publicKey: userKey.getPublicKey(),
  });
  const { signedDelegate } = await new KeyPairSigner(userKey).signDelegateAction(delegate);
  const { hash, status } = await send(node, relayer, user.accountId, [actions.signedDelegate(signedDelegate)]);
  const r0 = await firstReceipt(node, hash, status);
  const inner = child(r0.id, r0.height, 0);
  t.is(r0.outcome.outcome.receipt_ids[0], inner);
  r0.outcome.outcome.receipt_ids.forEach((id, i) => t.is(id, child(r0.id, r0.height, i)));
  t.is(receipt(status, inner).predecessor_id, user.accountId);
  const innerOutcome = receiptOutcome(status, inner);
  const innerHeight = await heightOf(node, innerOutcome.block_hash);
  t.deepEqual(valueOf(innerOutcome.outcome.status), seed(actionHash(inner, innerHeight, 0), (await header(node, innerOutcome.block_hash)).random_value));
});
