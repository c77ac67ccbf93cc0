// NEP-519 yield/resume on the local node through JSON-RPC, as a user sees it:
// a contract yields, a second transaction resumes it with a payload the callback
// returns; resuming twice or an unknown id gives false; a yield nobody resumes
// is resumed with a failed promise result `yield_timeout_length_in_blocks` after
// its block; 85's promise_yield_create_with_id / promise_yield_resume_with_yield_id
// (yield_with_id_host_fns) and that they are not linked at 78. Gas is computed
// here from nearcore's parameters by logic.rs's charges.
import { actions, createTransaction, KeyPair, KeyPairSigner, baseDecode, baseEncode, type Action } from 'near-api-js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256 } from '@noble/hashes/sha256';
import { accountOn } from '../../client/near.ts';
import { ROOT_ACCOUNT, sandboxGenesis } from '../chain/genesis.ts';
import { resolveParameters } from '../params/resolve.ts';
import { startRpcServer } from '../rpc/server.ts';
import { claimStore, openChain } from '../store/open-chain.ts';
import { testAtVersions, type Signer, type VersionNode } from './version-nodes.ts';
import { assemble, chargedOps, frameSize, I32, I64, op, type Func, type Instr } from './gas/wasm.ts';

const { createAccount, transfer, addFullAccessKey, deployContract, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const CALLBACK_GAS = 20n * TGAS;
const VERSIONS = [78, 85];

type Node = VersionNode;
type Rpc = { result?: Record<string, unknown>; error?: { cause?: { name?: string }; data?: unknown } };
const test = testAtVersions(VERSIONS);

async function rpc(node: Node, method: string, params: unknown): Promise<Rpc> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as Rpc;
}

let names = 0;
async function account(node: Node, prefix: string): Promise<Signer> {
  const accountId = `${prefix}${names++}.${ROOT_ACCOUNT}`;
  const publicKey = KeyPair.fromString(node.root.secretKey as `ed25519:${string}`).getPublicKey();
  await accountOn(node.server.url, node.root.accountId, node.root.secretKey).signAndSendTransaction({
    receiverId: accountId, actions: [createAccount(), transfer(50n * NEAR), addFullAccessKey(publicKey)], waitUntil: 'FINAL',
  });
  return { accountId, secretKey: node.root.secretKey };
}

/** Signs `acts` to the signer's own account and sends them with `send_tx` (`wait_until`). */
async function sendTx(node: Node, signer: Signer, acts: Action[], waitUntil = 'FINAL'): Promise<{ hash: string; response: Rpc }> {
  const keyPair = KeyPair.fromString(signer.secretKey as `ed25519:${string}`);
  const { result: status } = await rpc(node, 'status', []);
  const { result: key } = await rpc(node, 'query', { request_type: 'view_access_key', finality: 'final', account_id: signer.accountId, public_key: keyPair.getPublicKey().toString() });
  const tx = createTransaction(signer.accountId, keyPair.getPublicKey(), signer.accountId, BigInt((key as { nonce: number }).nonce) + 1n, acts,
    baseDecode((status as { sync_info: { latest_block_hash: string } }).sync_info.latest_block_hash));
  const { signedTransaction } = await new KeyPairSigner(keyPair).signTransaction(tx);
  const hash = sha256(tx.encode());
  const response = await rpc(node, 'send_tx', { signed_tx_base64: Buffer.from(signedTransaction.encode()).toString('base64'), wait_until: waitUntil });
  return { hash: baseEncode(hash), response };
}

const call = (method: string, args: Uint8Array = new Uint8Array()) => functionCall(method, args, 100n * TGAS);

const BASE_IMPORTS = [
  { name: 'promise_yield_create', params: [I64, I64, I64, I64, I64, I64, I64], results: [I64] },
  { name: 'promise_yield_resume', params: [I64, I64, I64, I64], results: [I32] },
  { name: 'promise_result', params: [I64, I64], results: [I64] },
  { name: 'promise_return', params: [I64] },
  { name: 'value_return', params: [I64, I64] },
  { name: 'input', params: [I64] },
  { name: 'read_register', params: [I64, I64] },
  { name: 'register_len', params: [I64], results: [I64] },
  { name: 'storage_write', params: [I64, I64, I64, I64, I64], results: [I64] },
  { name: 'storage_read', params: [I64, I64, I64], results: [I64] },
];
const WITH_ID_IMPORTS = [
  { name: 'promise_yield_create_with_id', params: [I64, I64, I64, I64, I64, I64, I64, I64, I64], results: [I64] },
  { name: 'promise_yield_resume_with_yield_id', params: [I64, I64, I64, I64], results: [I32] },
];
/** Memory: the callback's name, the storage key, texts, a zero amount, the result and the input buffer. */
const AT = { cb: 0, idKey: 8, failed: 16, dup: 24, zero: 32, result: 64, input: 128 };
const i64Eq = [0x51];
const i64Sub = [0x7d];

function contract(withId: boolean) {
  const imports = withId ? [...BASE_IMPORTS, ...WITH_ID_IMPORTS] : BASE_IMPORTS;
  const F = Object.fromEntries(imports.map((i, n) => [i.name, n])) as Record<string, number>;
  const m = Buffer.alloc(128);
  m.write('cb', AT.cb); m.write('id', AT.idKey); m.write('failed', AT.failed); m.write('dup', AT.dup);
  const readInput = [op.i64(0), op.call(F.input), op.i64(0), op.i64(AT.input), op.call(F.read_register)];
  /** Resumes with (32-byte id || payload) from the input; returns the u32 answer as 4 bytes. */
  const resumeWith = (fn: number): Instr[] => [
    ...readInput, op.i64(0), op.call(F.register_len), op.localSet(0),
    op.i32(AT.result), op.i64(32), op.i64(AT.input), op.localGet(0), op.i64(32), i64Sub, op.i64(AT.input + 32), op.call(fn), op.i32Store,
    op.i64(4), op.i64(AT.result), op.call(F.value_return),
  ];
  const methods: Record<string, Func> = {
    // Yields to `cb` with no arguments, keeps the data id under "id" and returns the yield's promise.
    yield: { export: 'yield', locals: [I64], body: [
      op.i64(2), op.i64(AT.cb), op.i64(0), op.i64(0), op.i64(CALLBACK_GAS), op.i64(0), op.i64(0), op.call(F.promise_yield_create), op.localSet(0),
      op.i64(2), op.i64(AT.idKey), op.i64(-1), op.i64(0), op.i64(1), op.call(F.storage_write), op.drop,
      op.localGet(0), op.call(F.promise_return),
    ] },
    // Only the yield, for its gas.
    yield_plain: { export: 'yield_plain', body: [
      op.i64(2), op.i64(AT.cb), op.i64(0), op.i64(0), op.i64(CALLBACK_GAS), op.i64(0), op.i64(0), op.call(F.promise_yield_create), op.drop,
    ] },
    resume: { export: 'resume', locals: [I64], body: resumeWith(F.promise_yield_resume) },
    // Resumes the yield whose data id is stored under "id" with the input as payload.
    resume_stored: { export: 'resume_stored', locals: [I64], body: [
      op.i64(2), op.i64(AT.idKey), op.i64(1), op.call(F.storage_read), op.drop, op.i64(1), op.i64(AT.input), op.call(F.read_register),
      op.i64(0), op.call(F.input), op.i64(0), op.i64(AT.input + 32), op.call(F.read_register), op.i64(0), op.call(F.register_len), op.localSet(0),
      op.i32(AT.result), op.i64(32), op.i64(AT.input), op.localGet(0), op.i64(AT.input + 32), op.call(F.promise_yield_resume), op.i32Store,
      op.i64(4), op.i64(AT.result), op.call(F.value_return),
    ] },
    yield_empty: { export: 'yield_empty', body: [
      op.i64(0), op.i64(AT.cb), op.i64(0), op.i64(0), op.i64(CALLBACK_GAS), op.i64(0), op.i64(0), op.call(F.promise_yield_create), op.drop,
    ] },
    resume_short: { export: 'resume_short', body: [op.i64(31), op.i64(AT.input), op.i64(0), op.i64(0), op.call(F.promise_yield_resume), op.drop] },
    // The callback returns the payload, or "failed" for a failed promise result (the timeout).
    cb: { export: 'cb', body: [
      op.i64(0), op.i64(0), op.call(F.promise_result), op.i64(1), i64Eq, op.if,
      op.i64(-1), op.i64(0), op.call(F.value_return), op.else, op.i64(6), op.i64(AT.failed), op.call(F.value_return), op.end,
    ] },
  };
  if (withId) {
    // Input: the 32-byte yield id. Returns "dup" when a yield with that id is pending (u64::MAX).
    methods.yield_id = { export: 'yield_id', locals: [I64], body: [
      ...readInput,
      op.i64(2), op.i64(AT.cb), op.i64(0), op.i64(0), op.i64(AT.zero), op.i64(CALLBACK_GAS), op.i64(0), op.i64(32), op.i64(AT.input), op.call(F.promise_yield_create_with_id), op.localTee(0),
      op.i64(-1), i64Eq, op.if, op.i64(3), op.i64(AT.dup), op.call(F.value_return), op.else, op.localGet(0), op.call(F.promise_return), op.end,
    ] };
    methods.resume_id = { export: 'resume_id', locals: [I64], body: resumeWith(F.promise_yield_resume_with_yield_id) };
  }
  return { code: assemble({ imports, functions: Object.values(methods), data: m }), methods };
}

async function deployed(node: Node, withId: boolean): Promise<Signer> {
  const self = await account(node, 'yield');
  const { response } = await sendTx(node, self, [deployContract(contract(withId).code)]);
  if (!response.result) throw new Error(JSON.stringify(response.error));
  return self;
}

interface OutcomeView { id: string; block_hash: string; outcome: { receipt_ids: string[]; gas_burnt: number; status: unknown } }
interface TxView { final_execution_status: string; status: unknown; receipts_outcome: OutcomeView[] }
const view = (r: Rpc) => r.result as unknown as TxView;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const u32Value = (r: Rpc) => Buffer.from((view(r).status as { SuccessValue: string }).SuccessValue, 'base64').readUInt32LE(0);
const txStatus = (node: Node, hash: string, signer: Signer, waitUntil?: string) =>
  rpc(node, 'EXPERIMENTAL_tx_status', { tx_hash: hash, sender_account_id: signer.accountId, ...(waitUntil ? { wait_until: waitUntil } : {}) });

/** The data id the contract stored under "id" (view_state), which the yield receipt waits on. */
async function storedDataId(node: Node, accountId: string): Promise<Buffer> {
  const { result } = await rpc(node, 'query', { request_type: 'view_state', finality: 'final', account_id: accountId, prefix_base64: b64('id') });
  return Buffer.from((result as { values: Array<{ value: string }> }).values[0].value, 'base64');
}

async function height(node: Node, blockHash: string): Promise<bigint> {
  const { result } = await rpc(node, 'block', { block_id: blockHash });
  return BigInt((result as { header: { height: number } }).header.height);
}

for (const version of VERSIONS) {
  test.serial(`${version}: a yield waits for a resume from a second transaction; its callback reads the payload`, async (t) => {
    const node = t.context[version];
    const self = await deployed(node, false);
    const yielded = await sendTx(node, self, [call('yield')], 'INCLUDED_FINAL');
    // The callback has not run: the transaction is included, not executed (neard's status while a receipt waits).
    t.is(view(yielded.response).final_execution_status, 'INCLUDED_FINAL');
    t.is(view(yielded.response).status, 'Started');
    t.is((await txStatus(node, yielded.hash, self)).error?.cause?.name, 'TIMEOUT_ERROR');
    const included = await txStatus(node, yielded.hash, self, 'INCLUDED_FINAL');
    const receipts = (included.result as { receipts: Array<{ receipt_id: string; receipt: { Action?: { is_promise_yield: boolean; input_data_ids: string[] } } }> }).receipts;
    const yieldReceipt = receipts.find((r) => r.receipt.Action?.is_promise_yield);
    t.truthy(yieldReceipt, 'the PromiseYield receipt is among the transaction\'s receipts');
    const dataId = await storedDataId(node, self.accountId);
    t.is(dataId.length, 32);
    t.is(yieldReceipt!.receipt.Action!.input_data_ids[0], baseEncode(dataId));
    const yieldCall = view(yielded.response).receipts_outcome[0];
    t.true(yieldCall.outcome.receipt_ids.includes(yieldReceipt!.receipt_id));

    const resumed = await sendTx(node, self, [call('resume', Buffer.concat([dataId, Buffer.from('hello')]))]);
    t.is(u32Value(resumed.response), 1);
    const done = await txStatus(node, yielded.hash, self);
    t.is(view(done).final_execution_status, 'FINAL');
    t.deepEqual(view(done).status, { SuccessValue: b64('hello') });
    const callback = view(done).receipts_outcome.find((o) => o.id === yieldReceipt!.receipt_id)!;
    t.deepEqual(callback.outcome.status, { SuccessValue: b64('hello') });
    // The callback ran in the block after the resume's (its PromiseResume is an outgoing receipt).
    const resumeCall = view(resumed.response).receipts_outcome[0];
    t.is(await height(node, callback.block_hash), (await height(node, resumeCall.block_hash)) + 1n);

    // Resolved: a second resume, an unknown id, give false (0); a malformed id fails the call.
    t.is(u32Value((await sendTx(node, self, [call('resume', Buffer.concat([dataId, Buffer.from('again')]))])).response), 0);
    t.is(u32Value((await sendTx(node, self, [call('resume', Buffer.alloc(40, 7))])).response), 0);
    const short = view((await sendTx(node, self, [call('resume_short')])).response);
    t.deepEqual(short.status, { Failure: { ActionError: { index: 0, kind: { FunctionCallError: { ExecutionError: 'yield resumption token is malformed' } } } } });
    const empty = view((await sendTx(node, self, [call('yield_empty')])).response);
    t.deepEqual(empty.status, { Failure: { ActionError: { index: 0, kind: { FunctionCallError: { ExecutionError: 'Tried to call an empty method name.' } } } } });
  });

  test.serial(`${version}: a yield and its resume in two actions of one transaction (YieldResumeImprovements)`, async (t) => {
    const node = t.context[version];
    const self = await deployed(node, false);
    const both = await sendTx(node, self, [call('yield'), call('resume_stored', Buffer.from('same tx'))]);
    // The receipt returns its last action's value: the resume's answer, true.
    t.is(view(both.response).final_execution_status, 'FINAL');
    t.is(u32Value(both.response), 1);
    const callback = view(both.response).receipts_outcome.find((o) => JSON.stringify(o.outcome.status) === JSON.stringify({ SuccessValue: b64('same tx') }));
    t.truthy(callback, 'the callback ran with the payload');
    t.is(await height(node, callback!.block_hash), (await height(node, view(both.response).receipts_outcome[0].block_hash)) + 1n);
  });

  test.serial(`${version}: a yield not resumed within yield_timeout_length_in_blocks gets a failed promise result`, async (t) => {
    const node = t.context[version];
    const self = await deployed(node, false);
    const yielded = await sendTx(node, self, [call('yield')], 'INCLUDED_FINAL');
    const yieldCall = view(yielded.response).receipts_outcome[0];
    const created = await height(node, yieldCall.block_hash);
    const timeout = node.p.yield_timeout_length_in_blocks;
    const latest = async () => BigInt(((await rpc(node, 'status', [])).result as { sync_info: { latest_block_height: number } }).sync_info.latest_block_height);
    // While every block is below created + timeout the yield still waits. (A fast forward's blocks:
    // the one it lands on and the two that make it final.)
    await rpc(node, 'sandbox_fast_forward', { delta_height: Number(created + timeout - 4n - (await latest())) });
    t.true((await latest()) < created + timeout);
    t.is(view(await txStatus(node, yielded.hash, self, 'INCLUDED_FINAL')).status, 'Started');
    // The first block at or past created + timeout resolves it; the PromiseResume runs the callback in
    // the next block.
    await rpc(node, 'sandbox_fast_forward', { delta_height: 1 });
    const done = await txStatus(node, yielded.hash, self);
    t.deepEqual(view(done).status, { SuccessValue: b64('failed') });
    const callback = view(done).receipts_outcome.find((o) => o.id !== yieldCall.id && JSON.stringify(o.outcome.status) === JSON.stringify({ SuccessValue: b64('failed') }))!;
    let expired = created + timeout;
    while ((await rpc(node, 'block', { block_id: Number(expired) })).error) expired++;
    t.is(await height(node, callback.block_hash), expired + 1n);
    // After the timeout the data id no longer resumes anything.
    const dataId = await storedDataId(node, self.accountId);
    t.is(u32Value((await sendTx(node, self, [call('resume', Buffer.concat([dataId, Buffer.from('late')]))])).response), 0);
  });

  test.serial(`${version}: promise_yield_create and promise_yield_resume cost logic.rs's charges`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const self = await deployed(node, false);
    const { code, methods } = contract(false);
    const yielded = await sendTx(node, self, [call('yield_plain')], 'INCLUDED_FINAL');
    const regular = p.wasm_regular_op_cost;
    const f = methods.yield_plain;
    const wasm = p.wasm_contract_loading_base + p.wasm_contract_loading_bytes * BigInt(code.length)
      + BigInt(Math.floor((frameSize([], f.locals ?? []) + 7) / 8)) * regular + BigInt(chargedOps(f.body)) * regular;
    const receiptExec = p.action_receipt_creation.execution + p.action_function_call.execution + p.action_function_call_per_byte.execution * 11n; // "yield_plain"
    const readMemory = (n: bigint) => p.wasm_read_memory_base + p.wasm_read_memory_byte * n;
    // base, yield_create_base, the method name (2 bytes) and empty arguments, yield_create_byte per byte;
    // the receipt and its data dependency to the current account (pay_gas_for_new_receipt(true, [true]));
    // the callback's function call (sir); the 32-byte data id into the register.
    const yieldCreate = p.wasm_base + p.wasm_yield_create_base + readMemory(2n) + readMemory(0n) + p.wasm_yield_create_byte * 2n
      + p.action_receipt_creation.send_sir + p.data_receipt_creation_base.send_sir + p.data_receipt_creation_base.execution
      + p.action_function_call.send_sir + p.action_function_call_per_byte.send_sir * 2n
      + p.wasm_write_register_base + p.wasm_write_register_byte * 32n;
    t.is(BigInt(view(yielded.response).receipts_outcome[0].outcome.gas_burnt), receiptExec + wasm + yieldCreate);
    // The gas profile books them as nearcore's GasCounter does: the receipt with its data dependency under
    // NEW_ACTION_RECEIPT (pay_action_accumulated), the callback's call under FUNCTION_CALL_*, the yield's ext costs.
    const profile = (view(yielded.response).receipts_outcome[0].outcome as unknown as { metadata: { gas_profile: Array<{ cost: string; gas_used: string }> } }).metadata.gas_profile;
    const booked = (cost: string) => BigInt(profile.find((c) => c.cost === cost)?.gas_used ?? 0);
    t.deepEqual(
      ['NEW_ACTION_RECEIPT', 'FUNCTION_CALL_BASE', 'FUNCTION_CALL_BYTE', 'YIELD_CREATE_BASE', 'YIELD_CREATE_BYTE', 'WRITE_REGISTER_BYTE'].map(booked),
      [p.action_receipt_creation.send_sir + p.data_receipt_creation_base.send_sir + p.data_receipt_creation_base.execution,
        p.action_function_call.send_sir, p.action_function_call_per_byte.send_sir * 2n, p.wasm_yield_create_base, p.wasm_yield_create_byte * 2n, p.wasm_write_register_byte * 32n],
    );

    // promise_yield_resume of an unknown id: base, yield_resume_base, yield_resume_byte per payload byte, both reads.
    const payload = 5n;
    const n = 32n + payload;
    const resumed = await sendTx(node, self, [call('resume', Buffer.alloc(Number(n), 9))]);
    t.is(u32Value(resumed.response), 0);
    const r = methods.resume;
    const resumeWasm = p.wasm_contract_loading_base + p.wasm_contract_loading_bytes * BigInt(code.length)
      + BigInt(Math.floor((frameSize([], r.locals ?? []) + 7) / 8)) * regular + BigInt(chargedOps(r.body)) * regular;
    // input into a register (per byte only before 82, logic.rs set_rc_data), read_register, register_len, value_return of 4 bytes.
    const input = p.wasm_base + p.wasm_write_register_base + (version < 82 ? p.wasm_write_register_byte * n : 0n);
    const readRegister = p.wasm_base + p.wasm_read_register_base + p.wasm_read_register_byte * n + p.wasm_write_memory_base + p.wasm_write_memory_byte * n;
    const yieldResume = p.wasm_base + p.wasm_yield_resume_base + p.wasm_yield_resume_byte * payload + readMemory(32n) + readMemory(payload);
    const resumeReceipt = p.action_receipt_creation.execution + p.action_function_call.execution + p.action_function_call_per_byte.execution * (6n + n);
    t.is(BigInt(view(resumed.response).receipts_outcome[0].outcome.gas_burnt),
      resumeReceipt + resumeWasm + input + readRegister + p.wasm_base + yieldResume + p.wasm_base + readMemory(4n));
  });
}

test.serial('85: promise_yield_create_with_id and promise_yield_resume_with_yield_id (yield_with_id_host_fns)', async (t) => {
  const node = t.context[85];
  const self = await deployed(node, true);
  const yieldId = Buffer.alloc(32, 0xab);
  const first = await sendTx(node, self, [call('yield_id', yieldId)], 'INCLUDED_FINAL');
  t.is(view(first.response).status, 'Started');
  // The same id while it is pending: u64::MAX, no second yield.
  const dup = await sendTx(node, self, [call('yield_id', yieldId)]);
  t.deepEqual(view(dup.response).status, { SuccessValue: b64('dup') });
  t.is(u32Value((await sendTx(node, self, [call('resume_id', Buffer.concat([Buffer.alloc(32, 1), Buffer.from('x')]))])).response), 0);
  t.is(u32Value((await sendTx(node, self, [call('resume_id', Buffer.concat([yieldId, Buffer.from('by id')]))])).response), 1);
  t.deepEqual(view(await txStatus(node, first.hash, self)).status, { SuccessValue: b64('by id') });
  // Resolved, the id's mapping is gone (lib.rs remove_yield_id_mappings): it can be yielded again.
  const again = await sendTx(node, self, [call('yield_id', yieldId)], 'INCLUDED_FINAL');
  t.is(view(again.response).status, 'Started');
});

test.serial('78: promise_yield_create_with_id is not linked before yield_with_id_host_fns', async (t) => {
  const node = t.context[78];
  const self = await deployed(node, true);
  const outcome = await sendTx(node, self, [call('yield')]);
  t.regex(JSON.stringify(view(outcome.response).status), /Link Error.*promise_yield_(create_with_id|resume_with_yield_id)/);
});

test.serial('85: a yield survives a restart of a node on a home: the store keeps it, the resume after the restart runs the callback', async (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'yield-home-'));
  const key = KeyPair.fromRandom('ed25519');
  const genesis = { ...sandboxGenesis(key.getPublicKey().toString()), protocol_version: 85 };
  const start = async () => {
    const store = await claimStore(home);
    const server = await startRpcServer(openChain(store, home, genesis), '127.0.0.1', 0);
    const node: Node = { server, root: { accountId: ROOT_ACCOUNT, secretKey: key.toString() }, genesis, p: resolveParameters(85), version: 85 };
    return { node, stop: async () => { await server.close(); await store.close(); } };
  };
  try {
    let running = await start();
    const self = await deployed(running.node, false);
    const yielded = await sendTx(running.node, self, [call('yield')], 'INCLUDED_FINAL');
    t.is(view(yielded.response).status, 'Started');
    const dataId = await storedDataId(running.node, self.accountId);
    await running.stop();
    running = await start();
    t.is(view(await txStatus(running.node, yielded.hash, self, 'INCLUDED_FINAL')).status, 'Started');
    t.is(u32Value((await sendTx(running.node, self, [call('resume', Buffer.concat([dataId, Buffer.from('after restart')]))])).response), 1);
    t.deepEqual(view(await txStatus(running.node, yielded.hash, self)).status, { SuccessValue: b64('after restart') });
    await running.stop();
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
