// Property-based fuzzing of the node started by its command line: random and
// mutated JSON-RPC requests, and mutated signed transactions. Bounded in runs
// and time. Properties: every answer is HTTP 200 with a JSON-RPC result or an
// error of neard's shape (never an internal error: that would be a bug here),
// the node keeps serving, and no state changes without a valid signature.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { base58 } from '@scure/base';
import fc from 'fast-check';
import { actions, encodeTransaction, KeyPair, PublicKey, type Account } from 'near-api-js';
import { accountOn } from '../../client/near.ts';
import { rootKey, startNode, stopNode, type SpawnedNode } from './spawned-node.ts';

interface Context { home: string; node: SpawnedNode; root: Account; alice: Account }
const test = anyTest as TestFn<Context>;
const NEAR = 10n ** 24n;
const TIME_LIMIT_MS = 20_000;

test.before(async (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-node-'));
  const node = await startNode(home);
  const root = accountOn(node.url, 'test.near', rootKey(home).secret_key);
  const key = KeyPair.fromRandom('ed25519');
  await root.createSubAccount({ accountOrPrefix: 'alice', publicKey: key.getPublicKey(), nearToTransfer: 10n * NEAR });
  const alice = accountOn(node.url, 'alice.test.near', key.toString());
  await alice.deployContract(new Uint8Array(fs.readFileSync('build/sample.wasm')));
  await alice.callFunction({ contractId: alice.accountId, methodName: 'init', args: { owner: 'test.near' } });
  t.context = { home, node, root, alice };
});
test.after.always(async (t) => {
  if (t.context.node) await stopNode(t.context.node);
  if (t.context.home) fs.rmSync(t.context.home, { recursive: true, force: true });
});

interface Reply { status: number; body: { jsonrpc?: unknown; result?: unknown; error?: { name?: unknown; cause?: { name?: unknown; info?: unknown }; code?: unknown; message?: unknown; data?: unknown } } }

async function post(url: string, text: string): Promise<Reply> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
  return { status: response.status, body: await response.json() as Reply['body'] };
}

const KINDS = ['REQUEST_VALIDATION_ERROR', 'HANDLER_ERROR'];
/** A JSON-RPC answer as neard gives it: a result, or `{ name, cause: { name, info }, code, message, data }`. */
function neardShaped(reply: Reply): string | undefined {
  if (reply.status !== 200) return `HTTP ${reply.status}`;
  const { body } = reply;
  if (body.jsonrpc !== '2.0') return 'no jsonrpc 2.0';
  if ('result' in body) return undefined;
  const e = body.error;
  if (!e || !KINDS.includes(e.name as string)) return `error kind ${String(e?.name)}`;
  if (typeof e.cause?.name !== 'string' || typeof e.cause.info !== 'object' || e.cause.info === null) return 'no cause';
  if (typeof e.code !== 'number' || typeof e.message !== 'string' || !('data' in e)) return 'no code/message/data';
  return undefined;
}

/** What a valid signature would be needed to change. */
async function fingerprint(t: { context: Context }): Promise<string> {
  const { root, alice } = t.context;
  const views = await Promise.all([root.getState(), alice.getState(), root.getAccessKeyList(), alice.getAccessKeyList(), alice.getContractState()]);
  return JSON.stringify(views, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).replace(/"block_(hash|height)":("[^"]*"|\d+),?/g, '');
}

const METHODS = ['status', 'block', 'chunk', 'gas_price', 'query', 'broadcast_tx_commit', 'send_tx', 'broadcast_tx_async', 'tx', 'EXPERIMENTAL_tx_status',
  'EXPERIMENTAL_receipt', 'EXPERIMENTAL_changes', 'EXPERIMENTAL_changes_in_block', 'EXPERIMENTAL_genesis_config', 'EXPERIMENTAL_protocol_config',
  'validators', 'EXPERIMENTAL_validators_ordered', 'EXPERIMENTAL_view_account', 'EXPERIMENTAL_view_code', 'EXPERIMENTAL_view_state', 'EXPERIMENTAL_view_access_key',
  'EXPERIMENTAL_view_access_key_list', 'EXPERIMENTAL_view_gas_key_nonces', 'EXPERIMENTAL_call_function', 'health', 'network_info', 'maintenance_windows',
  'EXPERIMENTAL_congestion_level', 'EXPERIMENTAL_receipt_to_tx', 'EXPERIMENTAL_split_storage_info',
  'next_light_client_block', 'light_client_proof', 'EXPERIMENTAL_light_client_proof', 'EXPERIMENTAL_light_client_block_proof',
  'constructor', '__proto__', 'toString', 'hasOwnProperty', 'no_such_method'];
const KEYS = ['block_id', 'finality', 'sync_checkpoint', 'request_type', 'account_id', 'public_key', 'method_name', 'args_base64', 'prefix_base64', 'code_hash',
  'signed_tx_base64', 'wait_until', 'tx_hash', 'sender_account_id', 'receipt_id', 'chunk_id', 'shard_id', 'changes_type', 'account_ids', 'keys',
  'key_prefix_base64', 'epoch_id', 'last_block_hash', 'light_client_head', 'block_hash', 'type', 'transaction_hash', 'sender_id', 'receiver_id',
  '__proto__', 'constructor'];
const REQUEST_TYPES = ['view_account', 'view_code', 'view_state', 'view_access_key', 'view_access_key_list', 'call_function', 'view_global_contract_code',
  'view_global_contract_code_by_account_id', 'bogus'];

/** Values near the ones the node reads: account ids, hashes, numbers at the edges, base64, and any JSON. */
const value = fc.oneof(
  fc.constantFrom('alice.test.near', 'test.near', 'final', 'optimistic', 'genesis', 'get_greeting', 'set_greeting', '', '11111111111111111111111111111111',
    'ed25519:11111111111111111111111111111111', 'e30=', '!!', '\u0000u64:123', 'account_changes', 'data_changes', 'FINAL', 'NONE', 'transaction', 'receipt', ...REQUEST_TYPES),
  fc.constantFrom(0, 1, -1, 1.5, 2 ** 53, 1e308, Number.MAX_SAFE_INTEGER),
  fc.string(), fc.base64String(), fc.jsonValue({ maxDepth: 2 }),
);
const params = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 }),
  fc.array(value, { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const request = fc.record({ jsonrpc: fc.constant('2.0'), id: fc.oneof(fc.integer(), fc.string()), method: fc.oneof(fc.constantFrom(...METHODS), fc.string()), params });

test.serial('random JSON-RPC requests get neard-shaped answers, change nothing, and never stop the node', async (t) => {
  const before = await fingerprint(t);
  const url = t.context.node.url;
  let runs = 0;
  await fc.assert(fc.asyncProperty(request, async (req) => {
    runs++;
    // JSON.stringify drops a "__proto__" key made by fc.dictionary into the prototype; write it as text too.
    const reply = await post(url, JSON.stringify(req));
    const problem = neardShaped(reply);
    if (problem) throw new Error(`${problem}: ${JSON.stringify(req)} -> ${JSON.stringify(reply.body)}`);
  }), { numRuns: 400, interruptAfterTimeLimit: TIME_LIMIT_MS, seed: 20261125 });
  t.true(runs > 0);
  t.is(await fingerprint(t), before, 'no unsigned request changed state');
});

test.serial('mutated request texts get JSON-RPC errors and never stop the node', async (t) => {
  const url = t.context.node.url;
  const valid = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'query', params: { request_type: 'call_function', finality: 'final', account_id: 'alice.test.near', method_name: 'get_greeting', args_base64: '' } });
  const mutated = fc.tuple(fc.nat(valid.length - 1), fc.nat(valid.length), fc.string({ maxLength: 8 })).map(([at, cut, insert]) => valid.slice(0, at) + insert + valid.slice(Math.min(valid.length, at + (cut % 4))));
  await fc.assert(fc.asyncProperty(fc.oneof(mutated, fc.string(), fc.constant('{"__proto__":{"method":"status"},"jsonrpc":"2.0","id":1}')), async (text) => {
    const problem = neardShaped(await post(url, text));
    if (problem) throw new Error(`${problem}: ${text}`);
  }), { numRuns: 300, interruptAfterTimeLimit: TIME_LIMIT_MS, seed: 11 });
  t.is((await post(url, valid)).status, 200);
});

test.serial('mutated signed transactions are refused with neard\'s errors (broadcast_tx_async: answered with their hash, as neard) and change no state; the original still goes through', async (t) => {
  const { alice, node } = t.context;
  const before = await fingerprint(t);
  const signed = await alice.createSignedTransaction({ receiverId: 'test.near', actions: [actions.transfer(NEAR)] });
  const bytes = encodeTransaction(signed);
  const mutation = fc.oneof(
    fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => { const b = new Uint8Array(bytes); b[i] ^= x; return b; }),
    fc.nat(bytes.length - 1).map((n) => bytes.slice(0, n)),
    fc.uint8Array({ minLength: 1, maxLength: 16 }).map((extra) => new Uint8Array([...bytes, ...extra])),
    fc.uint8Array({ maxLength: 300 }),
  );
  await fc.assert(fc.asyncProperty(mutation, fc.constantFrom('broadcast_tx_commit', 'send_tx', 'broadcast_tx_async'), async (mutated, method) => {
    const base64 = Buffer.from(mutated).toString('base64');
    const reply = await post(node.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: method === 'send_tx' ? { signed_tx_base64: base64, wait_until: 'FINAL' } : [base64] }));
    const problem = neardShaped(reply);
    if (problem) throw new Error(`${problem}: ${base64} -> ${JSON.stringify(reply.body)}`);
    // broadcast_tx_async answers a transaction that decodes with its hash whatever its validity, as neard's
    // send_tx_async does; the others refuse it. Either way the state must not change (checked below).
    if (method === 'broadcast_tx_async' && !reply.body.error) {
      const hash = reply.body.result;
      if (typeof hash !== 'string' || base58.decode(hash).length !== 32) throw new Error(`broadcast_tx_async answered no hash: ${base64} -> ${JSON.stringify(hash)}`);
    } else if (!reply.body.error) throw new Error(`a mutated transaction was accepted: ${base64} -> ${JSON.stringify(reply.body.result)}`);
  }), { numRuns: 300, interruptAfterTimeLimit: TIME_LIMIT_MS, seed: 7 });
  t.is(await fingerprint(t), before, 'no mutated transaction changed state');
  const sent = await alice.provider.sendTransaction(signed);
  t.deepEqual(sent.status, { SuccessValue: '' });
});

const U128 = fc.bigInt({ min: 0n, max: 2n ** 128n - 1n });
const U64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const accountId = fc.oneof(fc.constantFrom('fuzzer.test.near', 'test.near', 'alice.test.near', 'new.fuzzer.test.near', 'x', 'UPPER.near', 'a..b', ''), fc.string({ maxLength: 70 }));
const methodName = fc.oneof(fc.constantFrom('get_greeting', 'set_greeting', 'init', 'constructor', '__proto__', '\u0000u64:1', ''), fc.string({ maxLength: 300 }));
const somePublicKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((data) => new PublicKey({ keyType: 0, data }));
/** Any action near-api-js can encode, with values at and past nearcore's limits (but no DeleteAccount, so the signer stays). */
const action = fc.oneof(
  fc.constant(actions.createAccount()),
  U128.map((amount) => actions.transfer(amount)),
  fc.tuple(methodName, fc.uint8Array({ maxLength: 64 }), U64, fc.oneof(fc.constant(0n), U128)).map(([m, args, gas, deposit]) => actions.functionCall(m, args, gas, deposit)),
  fc.uint8Array({ maxLength: 256 }).map((code) => actions.deployContract(code)),
  fc.uint8Array({ maxLength: 256 }).map((code) => actions.deployGlobalContract(code, 'codeHash')),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((codeHash) => actions.useGlobalContract({ codeHash })),
  accountId.map((id) => actions.useGlobalContract({ accountId: id })),
  somePublicKey.map((key) => actions.addFullAccessKey(key)),
  fc.tuple(somePublicKey, accountId, fc.array(methodName, { maxLength: 4 }), fc.option(U128, { nil: undefined })).map(([key, receiver, methods, allowance]) => actions.addFunctionCallAccessKey(key, receiver, methods, allowance)),
  somePublicKey.map((key) => actions.deleteKey(key)),
  fc.tuple(U128, somePublicKey).map(([amount, key]) => actions.stake(amount, key)),
);

test.serial('validly signed transactions with arbitrary actions get neard-shaped answers, never an internal error', async (t) => {
  const { root, node } = t.context;
  const key = KeyPair.fromRandom('ed25519');
  await root.createSubAccount({ accountOrPrefix: 'fuzzer', publicKey: key.getPublicKey(), nearToTransfer: 50n * NEAR });
  const fuzzer = accountOn(node.url, 'fuzzer.test.near', key.toString());
  let accepted = 0;
  await fc.assert(fc.asyncProperty(accountId, fc.array(action, { minLength: 0, maxLength: 4 }), async (receiverId, list) => {
    const signed = await fuzzer.createSignedTransaction({ receiverId, actions: list });
    const base64 = Buffer.from(encodeTransaction(signed)).toString('base64');
    const reply = await post(node.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'broadcast_tx_commit', params: [base64] }));
    const problem = neardShaped(reply);
    if (problem) throw new Error(`${problem}: ${base64} -> ${JSON.stringify(reply.body)}`);
    if (reply.body.result) accepted++;
  }), { numRuns: 150, interruptAfterTimeLimit: TIME_LIMIT_MS, seed: 42 });
  t.log(`${accepted} of the transactions were accepted and executed`);
  t.true((await fuzzer.getState()).balance.total > 0n, 'the node still answers');
});

test.serial('random sandbox_patch_state and sandbox_fast_forward params get neard-shaped answers (last: they change state)', async (t) => {
  const { node } = t.context;
  const record = fc.oneof(
    fc.record({ Account: fc.record({ account_id: accountId, account: fc.dictionary(fc.constantFrom('amount', 'locked', 'code_hash', 'storage_usage', 'global_contract_hash'), value) }) }),
    fc.record({ AccessKey: fc.record({ account_id: accountId, public_key: value, access_key: fc.jsonValue({ maxDepth: 2 }) }) }),
    fc.record({ Data: fc.record({ account_id: accountId, data_key: value, value }) }),
    fc.record({ Contract: fc.record({ account_id: accountId, code: value }) }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const sandboxRequest = fc.oneof(
    fc.record({ method: fc.constant('sandbox_patch_state'), params: fc.oneof(fc.record({ records: fc.array(record, { maxLength: 3 }) }), params) }),
    fc.record({ method: fc.constant('sandbox_fast_forward'), params: fc.oneof(fc.record({ delta_height: fc.oneof(fc.nat(50), value) }), params) }),
  );
  await fc.assert(fc.asyncProperty(sandboxRequest, async (req) => {
    const reply = await post(node.url, JSON.stringify({ jsonrpc: '2.0', id: 1, ...req }));
    // neard's only fast-forward error is RpcSandboxFastForwardError::InternalError (a jump past u64), its variant as `data`.
    const limit = reply.body.error?.name === 'INTERNAL_ERROR' && req.method === 'sandbox_fast_forward' && (reply.body.error.data as { name?: string } | undefined)?.name === 'INTERNAL_ERROR';
    const problem = limit ? undefined : neardShaped(reply);
    if (problem) throw new Error(`${problem}: ${JSON.stringify(req)} -> ${JSON.stringify(reply.body)}`);
  }), { numRuns: 200, interruptAfterTimeLimit: TIME_LIMIT_MS, seed: 5 });
  t.is((await post(node.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'status', params: [] }))).status, 200);
});
