// The JSON-RPC methods of neard 2.13 beyond `query` and the transaction methods, on an
// in-process node at protocol 85, through raw JSON-RPC and near-api-js 7's provider
// (sendJsonRpc: near-api-js has types for these methods but no provider method, so its
// typed errors are what a user of it sees): the EXPERIMENTAL_view_* / EXPERIMENTAL_call_function
// methods of nearcore PR #14644 with their own error enums, view_state pagination, the node's
// self-reports (health, network_info, split storage, maintenance windows, congestion level),
// EXPERIMENTAL_receipt_to_tx and broadcast_tx_async. Expected texts and shapes come from
// chain/jsonrpc-primitives/src/types/*.rs and the handlers named beside each assertion.
import fs from 'node:fs';
import { sha256 } from '@noble/hashes/sha256';
import { base58 } from '@scure/base';
import binaryen from 'binaryen';
import { actions, JsonRpcProvider, KeyPair } from 'near-api-js';
import {
  AccessKeyDoesNotExistError, AccountDoesNotExistError, ContractCodeDoesNotExistError, ContractMethodNotFoundError, InternalRpcError, RpcRequestParseError,
  UnknownBlockError, UnknownReceiptError,
} from 'near-api-js/rpc-errors';
import { codeHash, failureOf, sendActions, type Outcome, type Signer } from '../../client/near.ts';
import { ROOT_ACCOUNT } from '../chain/genesis.ts';
import { addGasKeyAction, signedV0, transferAction } from './raw-tx.ts';
import { testAtVersions, type VersionNode } from './version-nodes.ts';

const test = testAtVersions([85]);
const NEAR = 10n ** 24n;
const GAS = 30_000_000_000_000n;
const SAMPLE = new Uint8Array(fs.readFileSync('build/sample.wasm'));
/** runtime/runtime/src/state_viewer/mod.rs view_state: a page's soft byte cap. */
const MAX_VIEW_STATE_PAGE_BYTES = 50_000;

interface RpcErrorBody { name: string; cause: { name: string; info: Record<string, unknown> }; code: number; message: string; data: unknown }
interface Body<T> { result?: T; error?: RpcErrorBody }

const node = (t: { context: Record<number, VersionNode> }) => t.context[85]!;
async function rpc<T = Record<string, unknown>>(n: VersionNode, method: string, params: unknown): Promise<Body<T>> {
  const res = await fetch(n.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as Body<T>;
}
const ok = async <T = Record<string, unknown>>(n: VersionNode, method: string, params: unknown): Promise<T> => {
  const body = await rpc<T>(n, method, params);
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result as T;
};
const fail = async (n: VersionNode, method: string, params: unknown): Promise<RpcErrorBody> => {
  const body = await rpc(n, method, params);
  if (!body.error) throw new Error(`${method} answered ${JSON.stringify(body.result)}`);
  return body.error;
};
const provider = (n: VersionNode) => new JsonRpcProvider({ url: n.server.url }) as unknown as { sendJsonRpc(method: string, params: unknown): Promise<unknown> };
const send = async (n: VersionNode, signer: Signer, receiverId: string, acts: Parameters<typeof sendActions>[3]): Promise<Outcome> => {
  const outcome = await sendActions(n.server.url, signer, receiverId, acts);
  if (failureOf(outcome)) throw new Error(`transaction failed: ${JSON.stringify(failureOf(outcome))}`);
  return outcome;
};
const finalBlock = async (n: VersionNode) => (await ok<{ header: { height: number; hash: string } }>(n, 'block', { finality: 'final' })).header;
const b64 = (text: string | Uint8Array) => Buffer.from(text).toString('base64');

/** A contract whose only method traps (WasmTrap::Unreachable). */
function trapContract(): Uint8Array {
  const module = binaryen.parseText('(module (memory (export "memory") 1) (func (export "boom") unreachable))');
  const bytes = module.emitBinary();
  module.dispose();
  return bytes;
}

interface Setup { viewer: Signer & { key: KeyPair }; plain: string; trap: string; gasKey: KeyPair; call: Outcome }
let setup: Setup;

test.serial('set up: a contract account with data, a gas key, an account without code and a trapping contract', async (t) => {
  const n = node(t);
  const key = KeyPair.fromRandom('ed25519');
  const viewer = { accountId: `viewer.${ROOT_ACCOUNT}`, secretKey: key.toString(), key };
  await send(n, n.root, viewer.accountId, [actions.createAccount(), actions.transfer(50n * NEAR), actions.addFullAccessKey(key.getPublicKey())]);
  await send(n, viewer, viewer.accountId, [actions.deployContract(SAMPLE), actions.functionCall('init', { owner: viewer.accountId }, GAS, 0n)]);
  const call = await send(n, viewer, viewer.accountId, [actions.functionCall('set_greeting', { greeting: 'hello' }, GAS, 0n)]);
  const plain = `plain.${ROOT_ACCOUNT}`;
  await send(n, n.root, plain, [actions.createAccount(), actions.transfer(5n * NEAR)]);
  const trap = `trap.${ROOT_ACCOUNT}`;
  await send(n, n.root, trap, [actions.createAccount(), actions.transfer(5n * NEAR), actions.addFullAccessKey(key.getPublicKey())]);
  await send(n, { accountId: trap, secretKey: key.toString() }, trap, [actions.deployContract(trapContract())]);
  // A gas key (raw bytes: near-api-js 7.3 has no gas keys), and data rows under known keys for pagination.
  const gasKey = KeyPair.fromRandom('ed25519');
  const nonce = BigInt((await ok<{ nonce: number }>(n, 'query', { request_type: 'view_access_key', finality: 'final', account_id: viewer.accountId, public_key: key.getPublicKey().toString() })).nonce) + 1n;
  const added = await ok<Outcome>(n, 'broadcast_tx_commit', [b64(signedV0({ signerId: viewer.accountId, key, receiverId: viewer.accountId, blockHash: (await finalBlock(n)).hash, nonce, actions: [addGasKeyAction(gasKey, 3)] }))]);
  t.is(failureOf(added), undefined);
  const big = 'x'.repeat(20_000);
  const rows: Array<[string, string]> = [['pa1', 'one'], ['pa2', 'two'], ['pa3', 'three'], ['pb1', 'four'], ['qbig1', big], ['qbig2', big], ['qbig3', big], ['qbig4', big]];
  // Data records leave storage_usage alone (as nearcore's patch does): the Account record sets what nearcore
  // would count for them, num_bytes_account (100) + per record num_extra_bytes_record (40) + key + value.
  const current = await ok<{ amount: string; locked: string; code_hash: string }>(n, 'query', { request_type: 'view_account', finality: 'final', account_id: plain });
  const storageUsage = 100 + rows.reduce((sum, [k, v]) => sum + 40 + k.length + v.length, 0);
  await ok(n, 'sandbox_patch_state', { records: [
    { Account: { account_id: plain, account: { amount: current.amount, locked: current.locked, code_hash: current.code_hash, storage_usage: storageUsage } } },
    ...rows.map(([k, v]) => ({ Data: { account_id: plain, data_key: b64(k), value: b64(v) } })),
  ] });
  setup = { viewer, plain, trap, gasKey, call };
  t.pass();
});

test.serial('EXPERIMENTAL_view_account and EXPERIMENTAL_view_code: query\'s views, flattened with the block (view_account.rs, view_code.rs)', async (t) => {
  const n = node(t);
  const at = await finalBlock(n);
  const account = await ok<Record<string, unknown>>(n, 'EXPERIMENTAL_view_account', { block_id: at.height, account_id: setup.viewer.accountId });
  t.like(account, { code_hash: codeHash(SAMPLE), locked: '0', storage_paid_at: 0, block_height: at.height, block_hash: at.hash });
  t.deepEqual(account, await ok(n, 'query', { request_type: 'view_account', block_id: at.height, account_id: setup.viewer.accountId }));
  const code = await ok<Record<string, unknown>>(n, 'EXPERIMENTAL_view_code', { block_id: at.hash, account_id: setup.viewer.accountId });
  t.deepEqual(code, { code_base64: b64(SAMPLE), hash: codeHash(SAMPLE), block_height: at.height, block_hash: at.hash });

  // UnknownAccount: "account {id} does not exist while viewing", with the block.
  const missing = await fail(n, 'EXPERIMENTAL_view_account', { block_id: at.height, account_id: 'nobody.test.near' });
  t.like(missing, { name: 'HANDLER_ERROR', code: -32000, message: 'Server error', data: 'account nobody.test.near does not exist while viewing' });
  t.deepEqual(missing.cause, { name: 'UNKNOWN_ACCOUNT', info: { requested_account_id: 'nobody.test.near', block_height: at.height, block_hash: at.hash } });
  const noCode = await fail(n, 'EXPERIMENTAL_view_code', { finality: 'final', account_id: setup.plain });
  t.is(noCode.data, `Contract code for contract ID #${setup.plain} has never been observed on the node`);
  t.like(noCode.cause, { name: 'NO_CONTRACT_CODE', info: { contract_account_id: setup.plain } });

  // UnknownBlock: "Block either has never been observed ...: {block_reference:?}", BlockReference's Debug.
  const unknownHeight = await fail(n, 'EXPERIMENTAL_view_account', { block_id: 1_000_000_000, account_id: setup.viewer.accountId });
  t.is(unknownHeight.data, 'Block either has never been observed on the node or has been garbage collected: BlockId(Height(1000000000))');
  t.deepEqual(unknownHeight.cause, { name: 'UNKNOWN_BLOCK', info: { block_reference: { block_id: 1_000_000_000 } } });
  const hash = base58.encode(new Uint8Array(32).fill(7));
  t.is((await fail(n, 'EXPERIMENTAL_view_code', { block_id: hash, account_id: setup.viewer.accountId })).data,
    `Block either has never been observed on the node or has been garbage collected: BlockId(Hash(${hash}))`);

  // Params are serde's request struct: an object with a block reference and the account id.
  for (const params of [{ account_id: setup.viewer.accountId }, [setup.viewer.accountId], { finality: 'final' }, { finality: 'final', account_id: 'Not Valid!' }, null]) {
    t.like(await fail(n, 'EXPERIMENTAL_view_account', params), { name: 'REQUEST_VALIDATION_ERROR', code: -32700, cause: { name: 'PARSE_ERROR' } }, JSON.stringify(params));
  }

  const near = provider(n);
  await t.throwsAsync(near.sendJsonRpc('EXPERIMENTAL_view_account', { finality: 'final', account_id: 'nobody.test.near' }), { instanceOf: AccountDoesNotExistError });
  await t.throwsAsync(near.sendJsonRpc('EXPERIMENTAL_view_code', { finality: 'final', account_id: setup.plain }), { instanceOf: ContractCodeDoesNotExistError });
  await t.throwsAsync(near.sendJsonRpc('EXPERIMENTAL_view_account', { block_id: 1_000_000_000, account_id: setup.plain }), { instanceOf: UnknownBlockError });
  await t.throwsAsync(near.sendJsonRpc('EXPERIMENTAL_view_account', { finality: 'final' }), { instanceOf: RpcRequestParseError });
});

test.serial('EXPERIMENTAL_view_state and query view_state: pages by limit and after_key_base64, capped by items and bytes', async (t) => {
  const n = node(t);
  const at = await finalBlock(n);
  const view = (extra: Record<string, unknown>) => ok<{ values: Array<{ key: string; value: string }>; last_key?: string }>(n, 'EXPERIMENTAL_view_state', { block_id: at.height, account_id: setup.plain, ...extra });
  const keys = (r: { values: Array<{ key: string }> }) => r.values.map((v) => Buffer.from(v.key, 'base64').toString());

  const whole = await view({ prefix_base64: b64('p'), limit: 4 });
  t.deepEqual(keys(whole), ['pa1', 'pa2', 'pa3', 'pb1'], 'the prefix\'s rows in key order');
  t.false('last_key' in whole, 'no row follows, so no last_key (skip_serializing_if None)');
  t.deepEqual(whole.values[0], { key: b64('pa1'), value: b64('one') });
  const small = await ok<{ values: Array<{ key: string }> }>(n, 'EXPERIMENTAL_view_state', { block_id: at.height, account_id: setup.viewer.accountId, prefix_base64: '' });
  t.true(small.values.length > 0 && !('last_key' in small), 'an unpaginated view of a small contract\'s state: every row, no last_key');

  const first = await view({ prefix_base64: b64('pa'), limit: 2 });
  t.deepEqual(keys(first), ['pa1', 'pa2']);
  t.is(first.last_key, b64('pa2'), 'more rows follow: last_key is the last one kept');
  const second = await view({ prefix_base64: b64('pa'), after_key_base64: first.last_key, limit: 2 });
  t.deepEqual(keys(second), ['pa3']);
  t.false('last_key' in second, 'the last page');
  t.deepEqual(await ok(n, 'query', { request_type: 'view_state', block_id: at.height, account_id: setup.plain, prefix_base64: b64('pa'), limit: 2 }),
    { ...first, block_height: at.height, block_hash: at.hash }, 'query pages the same way');

  // 20,000-byte values: before each row the page checks its bytes (full trie keys and values) against
  // MAX_VIEW_STATE_PAGE_BYTES, so three rows (over 60,000 bytes) fit and the fourth waits.
  const bytes = await view({ prefix_base64: b64('qbig'), limit: 100 });
  t.true(3 * 20_000 > MAX_VIEW_STATE_PAGE_BYTES && 2 * 20_000 < MAX_VIEW_STATE_PAGE_BYTES);
  t.deepEqual(keys(bytes), ['qbig1', 'qbig2', 'qbig3']);
  t.is(bytes.last_key, b64('qbig3'));
  // Without pagination there is no page, but an account whose storage (less its code) is over
  // trie_viewer_state_size_limit (50,000, client_config.rs) is TooLargeContractState, in `query` too.
  const usage = (await ok<{ storage_usage: number }>(n, 'EXPERIMENTAL_view_account', { block_id: at.height, account_id: setup.plain })).storage_usage;
  t.true(usage > 50_000);
  const tooLarge = await fail(n, 'EXPERIMENTAL_view_state', { block_id: at.height, account_id: setup.plain, prefix_base64: b64('qbig') });
  t.is(tooLarge.data, `State of contract ${setup.plain} is too large to be viewed`);
  t.deepEqual(tooLarge.cause, { name: 'TOO_LARGE_CONTRACT_STATE', info: { contract_account_id: setup.plain, block_height: at.height, block_hash: at.hash } });
  t.like(await fail(n, 'query', { request_type: 'view_state', block_id: at.height, account_id: setup.plain, prefix_base64: '' }), { cause: { name: 'TOO_LARGE_CONTRACT_STATE' } });
  t.deepEqual(keys(await view({ prefix_base64: b64('p'), limit: 10 })), ['pa1', 'pa2', 'pa3', 'pb1'], 'paginated, the same account is viewed');

  // validate_view_state_pagination's parse errors, and serde's NonZeroU32.
  t.like(await fail(n, 'EXPERIMENTAL_view_state', { finality: 'final', account_id: setup.plain, prefix_base64: b64('pa'), after_key_base64: b64('pb1') }),
    { cause: { name: 'PARSE_ERROR', info: { error_message: 'after_key_base64 must start with prefix_base64' } } });
  t.like(await fail(n, 'EXPERIMENTAL_view_state', { finality: 'final', account_id: setup.plain, prefix_base64: '', limit: 1, include_proof: true }),
    { cause: { name: 'PARSE_ERROR', info: { error_message: 'include_proof is not supported with paginated view_state (after_key_base64 / limit)' } } });
  t.like(await fail(n, 'EXPERIMENTAL_view_state', { finality: 'final', account_id: setup.plain, prefix_base64: '', limit: 0 }), { cause: { name: 'PARSE_ERROR' } });
  t.like(await fail(n, 'EXPERIMENTAL_view_state', { finality: 'final', account_id: setup.plain }), { cause: { name: 'PARSE_ERROR', info: { error_message: 'Failed parsing args: missing field `prefix_base64`' } } });
  t.like(await fail(n, 'EXPERIMENTAL_view_state', { finality: 'final', account_id: 'nobody.test.near', prefix_base64: '' }), { cause: { name: 'UNKNOWN_ACCOUNT' } });
});

test.serial('EXPERIMENTAL_view_access_key(_list) and EXPERIMENTAL_view_gas_key_nonces: the key alone is looked up (state_viewer)', async (t) => {
  const n = node(t);
  const at = await finalBlock(n);
  const publicKey = setup.viewer.key.getPublicKey().toString();
  const key = await ok<Record<string, unknown>>(n, 'EXPERIMENTAL_view_access_key', { block_id: at.height, account_id: setup.viewer.accountId, public_key: publicKey });
  t.like(key, { permission: 'FullAccess', block_height: at.height, block_hash: at.hash });
  t.deepEqual(Object.keys(key).sort(), ['block_hash', 'block_height', 'nonce', 'permission']);

  // UnknownAccessKey, for a missing key and for a missing account alike (view_access_key reads the key only).
  const other = KeyPair.fromRandom('ed25519').getPublicKey().toString();
  for (const accountId of [setup.viewer.accountId, 'nobody.test.near']) {
    const missing = await fail(n, 'EXPERIMENTAL_view_access_key', { block_id: at.height, account_id: accountId, public_key: other });
    t.is(missing.data, `Access key for public key ${other} does not exist while viewing`);
    t.deepEqual(missing.cause, { name: 'UNKNOWN_ACCESS_KEY', info: { public_key: other, block_height: at.height, block_hash: at.hash } });
    // `query` answers the same in result.error (lib.rs process_query_response).
    t.deepEqual(await ok(n, 'query', { request_type: 'view_access_key', block_id: at.height, account_id: accountId, public_key: other }),
      { error: `access key ${other} does not exist while viewing`, logs: [], block_height: at.height, block_hash: at.hash });
  }
  await t.throwsAsync(provider(n).sendJsonRpc('EXPERIMENTAL_view_access_key', { finality: 'final', account_id: setup.viewer.accountId, public_key: other }), { instanceOf: AccessKeyDoesNotExistError });

  const list = await ok<{ keys: Array<{ public_key: string; access_key: { permission: unknown } }> }>(n, 'EXPERIMENTAL_view_access_key_list', { block_id: at.height, account_id: setup.viewer.accountId });
  t.deepEqual(list.keys.map((k) => k.public_key).sort(), [publicKey, setup.gasKey.getPublicKey().toString()].sort());
  t.like(list, { block_height: at.height, block_hash: at.hash });
  t.deepEqual(await ok(n, 'EXPERIMENTAL_view_access_key_list', { block_id: at.height, account_id: 'nobody.test.near' }), { keys: [], block_height: at.height, block_hash: at.hash },
    'view_access_keys iterates the account\'s keys: none for a missing account');

  const nonces = await ok<{ nonces: number[] }>(n, 'EXPERIMENTAL_view_gas_key_nonces', { block_id: at.height, account_id: setup.viewer.accountId, public_key: setup.gasKey.getPublicKey().toString() });
  t.is(nonces.nonces.length, 3, 'one nonce per index of the gas key (num_nonces 3)');
  t.deepEqual(Object.keys(nonces).sort(), ['block_hash', 'block_height', 'nonces']);
  const notGas = await fail(n, 'EXPERIMENTAL_view_gas_key_nonces', { block_id: at.height, account_id: setup.viewer.accountId, public_key: publicKey });
  t.is(notGas.data, `Gas key for public key ${publicKey} does not exist while viewing`);
  t.deepEqual(notGas.cause, { name: 'UNKNOWN_GAS_KEY', info: { public_key: publicKey, block_height: at.height, block_hash: at.hash } });
  t.like(await fail(n, 'EXPERIMENTAL_view_gas_key_nonces', { finality: 'final', account_id: 'nobody.test.near', public_key: publicKey }), { cause: { name: 'UNKNOWN_GAS_KEY' } });
  t.like(await fail(n, 'EXPERIMENTAL_view_access_key', { finality: 'final', account_id: setup.viewer.accountId }), { cause: { name: 'PARSE_ERROR' } });
});

test.serial('EXPERIMENTAL_call_function: the call\'s result, or CONTRACT_EXECUTION_ERROR with primitives\' FunctionCallError (call_function.rs)', async (t) => {
  const n = node(t);
  const at = await finalBlock(n);
  const call = (accountId: string, method: string) => ({ block_id: at.height, account_id: accountId, method_name: method, args_base64: '' });
  const greeting = await ok<{ result: number[]; logs: string[] }>(n, 'EXPERIMENTAL_call_function', call(setup.viewer.accountId, 'get_greeting'));
  t.regex(JSON.parse(Buffer.from(greeting.result).toString()) as string, /^hello\b/, 'the greeting set_greeting stored');
  t.deepEqual(greeting, { result: greeting.result, logs: [], block_height: at.height, block_hash: at.hash });

  // data: "Function call returned an error: {vm_error:?}", primitives' FunctionCallError (errors.rs: its CodeDoesNotExist
  // holds an AccountId, the VM's a Box<str>); info.vm_error: the error as JSON.
  const cases: Array<[string, string, unknown, string, string]> = [
    [setup.viewer.accountId, 'no_such_method', { MethodResolveError: 'MethodNotFound' }, 'MethodResolveError(MethodNotFound)', 'MethodResolveError(MethodNotFound)'],
    [setup.plain, 'anything', { CompilationError: { CodeDoesNotExist: { account_id: setup.plain } } },
      `CompilationError(CodeDoesNotExist { account_id: AccountId("${setup.plain}") })`, `CompilationError(CodeDoesNotExist { account_id: "${setup.plain}" })`],
    // conversions.rs: a trap becomes ExecutionError with its Display text (errors.rs: "WebAssembly trap: ...").
    [setup.trap, 'boom', { ExecutionError: 'WebAssembly trap: An `unreachable` opcode was executed.' }, 'ExecutionError("WebAssembly trap: An `unreachable` opcode was executed.")', 'WasmTrap(Unreachable)'],
  ];
  for (const [accountId, method, vmError, debug, vmDebug] of cases) {
    const failed = await fail(n, 'EXPERIMENTAL_call_function', call(accountId, method));
    t.like(failed, { name: 'HANDLER_ERROR', code: -32000, data: `Function call returned an error: ${debug}` }, method);
    t.deepEqual(failed.cause, { name: 'CONTRACT_EXECUTION_ERROR', info: { vm_error: vmError, block_height: at.height, block_hash: at.hash } }, method);
    // `query` keeps the VM's own Debug text in result.error (process_query_response).
    t.deepEqual(await ok(n, 'query', { request_type: 'call_function', ...call(accountId, method) }),
      { error: `wasm execution failed with error: ${vmDebug}`, logs: [], block_height: at.height, block_hash: at.hash }, method);
  }
  await t.throwsAsync(provider(n).sendJsonRpc('EXPERIMENTAL_call_function', call(setup.viewer.accountId, 'no_such_method')), { instanceOf: ContractMethodNotFoundError });
  t.like(await fail(n, 'EXPERIMENTAL_call_function', call('nobody.test.near', 'get_greeting')), { cause: { name: 'UNKNOWN_ACCOUNT' }, data: 'account nobody.test.near does not exist while viewing' });
  // args_base64 has no default in RpcCallFunctionRequest.
  t.like(await fail(n, 'EXPERIMENTAL_call_function', { finality: 'final', account_id: setup.viewer.accountId, method_name: 'get_greeting' }),
    { cause: { name: 'PARSE_ERROR', info: { error_message: 'Failed parsing args: missing field `args_base64`' } } });
});

test.serial('health, network_info and EXPERIMENTAL_split_storage_info: a lone validator without peers or a cold store', async (t) => {
  const n = node(t);
  const health = await rpc(n, 'health', []);
  t.true('result' in health && health.result === null, 'RpcHealthResponse is a unit struct: null');
  // peer_manager_actor.rs get_network_info with no connections; config_json.rs default_max_num_peers 40.
  const networkInfo = { active_peers: [], num_active_peers: 0, peer_max_count: 40, sent_bytes_per_sec: 0, received_bytes_per_sec: 0, known_producers: [] };
  t.deepEqual(await ok(n, 'network_info', []), networkInfo);
  // The same over neard's GET routes (lib.rs: /health with GET and HEAD, /network_info with GET).
  const health200 = await fetch(`${n.server.url}/health`);
  t.is(health200.status, 200);
  t.is(await health200.json(), null);
  t.is((await fetch(`${n.server.url}/health`, { method: 'HEAD' })).status, 200);
  t.deepEqual(await (await fetch(`${n.server.url}/network_info`)).json(), networkInfo);
  t.is(((await (await fetch(`${n.server.url}/status`)).json()) as { chain_id: string }).chain_id, n.genesis.chain_id);

  const before = await ok<{ sync_info: { latest_block_height: number } }>(n, 'status', []);
  const finalBefore = (await finalBlock(n)).height;
  const info = await ok<{ head_height: number; final_head_height: number; cold_head_height: null; hot_db_kind: string }>(n, 'EXPERIMENTAL_split_storage_info', {});
  const after = await ok<{ sync_info: { latest_block_height: number } }>(n, 'status', []);
  const finalAfter = (await finalBlock(n)).height;
  t.true(info.head_height >= before.sync_info.latest_block_height && info.head_height <= after.sync_info.latest_block_height);
  t.true(info.final_head_height >= finalBefore && info.final_head_height <= finalAfter);
  t.deepEqual(Object.keys(info), ['head_height', 'final_head_height', 'cold_head_height', 'hot_db_kind']);
  t.is(info.cold_head_height, null);
  t.is(info.hot_db_kind, 'RPC', 'a non-archival hot store is DbKind::RPC (node_storage/opener.rs)');
  t.like(await fail(n, 'EXPERIMENTAL_split_storage_info', null), { cause: { name: 'PARSE_ERROR' } });
});

test.serial('maintenance_windows and EXPERIMENTAL_congestion_level', async (t) => {
  const n = node(t);
  const epochLength = (await ok<{ epoch_length: number }>(n, 'EXPERIMENTAL_genesis_config', [])).epoch_length;
  for (const method of ['maintenance_windows', 'EXPERIMENTAL_maintenance_windows']) {
    // The validator produces every block and chunk of the epoch: no window.
    t.deepEqual(await ok(n, method, { account_id: ROOT_ACCOUNT }), [], method);
    // Any other account never produces: from the head to the next epoch's start (get_maintenance_windows).
    const status = await ok<{ sync_info: { latest_block_height: number; epoch_start_height: number } }>(n, 'status', []);
    const windows = await ok<Array<{ start: number; end: number }>>(n, method, { account_id: setup.viewer.accountId });
    t.is(windows.length, 1);
    t.true(windows[0]!.start >= status.sync_info.latest_block_height);
    t.is(windows[0]!.end, status.sync_info.epoch_start_height + epochLength);
    t.like(await fail(n, method, {}), { cause: { name: 'PARSE_ERROR' } }, method);
  }

  const at = await finalBlock(n);
  const chunkHash = (await ok<{ chunks: Array<{ chunk_hash: string }> }>(n, 'block', { block_id: at.height })).chunks[0]!.chunk_hash;
  // No receipt is ever delayed or buffered here, so every chunk's congestion level is 0.
  t.deepEqual(await ok(n, 'EXPERIMENTAL_congestion_level', { block_id: at.height, shard_id: 0 }), { congestion_level: 0 });
  t.deepEqual(await ok(n, 'EXPERIMENTAL_congestion_level', { chunk_id: chunkHash }), { congestion_level: 0 });
  t.like(await fail(n, 'EXPERIMENTAL_congestion_level', { block_id: at.height, shard_id: 3 }), { cause: { name: 'INVALID_SHARD_ID' } });
  t.like(await fail(n, 'EXPERIMENTAL_congestion_level', { chunk_id: base58.encode(new Uint8Array(32).fill(9)) }), { cause: { name: 'UNKNOWN_CHUNK' } });
});

test.serial('EXPERIMENTAL_receipt_to_tx: a receipt\'s originating transaction and its signer, hop by hop', async (t) => {
  const n = node(t);
  const { call } = setup;
  const txHash = call.transaction_outcome.id;
  // The transaction's own receipt (FromTransaction) and a receipt that receipt made (FromReceipt: its refund).
  const first = call.transaction_outcome.outcome.receipt_ids[0]!;
  const later = call.receipts_outcome.find((r) => r.id === first)!.outcome.receipt_ids;
  t.true(later.length > 0);
  for (const id of [first, ...later]) {
    t.deepEqual(await ok(n, 'EXPERIMENTAL_receipt_to_tx', { receipt_id: id }), { transaction_hash: txHash, sender_account_id: setup.viewer.accountId }, id);
  }
  // The hint's checks (view_client_actor.rs handle_receipt_to_tx); a hint with the column on finds the same.
  t.deepEqual(await ok(n, 'EXPERIMENTAL_receipt_to_tx', { receipt_id: first, block_height: 1, window: 20 }), { transaction_hash: txHash, sender_account_id: setup.viewer.accountId });
  const malformed = await fail(n, 'EXPERIMENTAL_receipt_to_tx', { receipt_id: first, shard_id: 0 });
  t.deepEqual(malformed.cause, { name: 'MALFORMED_HINT', info: { error_message: 'shard_id requires block_height' } });
  t.deepEqual(malformed.data, { name: 'MALFORMED_HINT', info: { error_message: 'shard_id requires block_height' } }, 'the data is the error struct (receipts.rs)');
  t.deepEqual((await fail(n, 'EXPERIMENTAL_receipt_to_tx', { receipt_id: first, window: 3 })).cause, { name: 'MALFORMED_HINT', info: { error_message: 'window requires block_height' } });
  t.deepEqual((await fail(n, 'EXPERIMENTAL_receipt_to_tx', { receipt_id: first, block_height: 1, window: 21 })).cause, { name: 'WINDOW_TOO_LARGE', info: { requested: 21, maximum: 20 } });
  const unknown = base58.encode(new Uint8Array(32).fill(3));
  t.deepEqual((await fail(n, 'EXPERIMENTAL_receipt_to_tx', { receipt_id: unknown })).cause, { name: 'UNKNOWN_RECEIPT', info: { receipt_id: unknown } });
  // EXPERIMENTAL_receipt's RpcReceiptError sends its struct as data too (receipts.rs).
  t.like(await fail(n, 'EXPERIMENTAL_receipt', { receipt_id: unknown }), { cause: { name: 'UNKNOWN_RECEIPT', info: { receipt_id: unknown } }, data: { name: 'UNKNOWN_RECEIPT', info: { receipt_id: unknown } } });
  await t.throwsAsync(provider(n).sendJsonRpc('EXPERIMENTAL_receipt_to_tx', { receipt_id: unknown }), { instanceOf: UnknownReceiptError });
  t.like(await fail(n, 'EXPERIMENTAL_receipt_to_tx', { receipt_id: 'not a hash' }), { cause: { name: 'PARSE_ERROR' } });
});

test.serial('broadcast_tx_async answers every well-formed transaction with its hash; an invalid one changes nothing', async (t) => {
  const n = node(t);
  const balance = async (id: string) => (await ok<{ amount: string }>(n, 'query', { request_type: 'view_account', finality: 'final', account_id: id })).amount;
  const before = await balance(setup.plain);
  const stranger = KeyPair.fromRandom('ed25519');
  // Signed with a key the signer does not have: neard still answers the hash (lib.rs send_tx_async).
  const bytes = signedV0({ signerId: setup.viewer.accountId, key: stranger, receiverId: setup.plain, blockHash: (await finalBlock(n)).hash, nonce: 1n, actions: [transferAction(NEAR)] });
  // SignedTransaction's hash is sha256 of the borsh Transaction, the bytes before the ed25519 signature (1 + 64).
  const hash = base58.encode(sha256(bytes.slice(0, bytes.length - 65)));
  t.is(await ok<string>(n, 'broadcast_tx_async', [b64(bytes)]), hash);
  t.like(await fail(n, 'tx', [hash, setup.viewer.accountId]), { cause: { name: 'UNKNOWN_TRANSACTION' } });
  t.is(await balance(setup.plain), before);
  t.like(await fail(n, 'broadcast_tx_async', [b64('not a transaction')]), { cause: { name: 'PARSE_ERROR' } });
});

test.serial('a block whose state is no longer kept: INTERNAL_ERROR for the EXPERIMENTAL_* methods, GARBAGE_COLLECTED_BLOCK for query', async (t) => {
  const n = node(t);
  const old = (await finalBlock(n)).height;
  // Kept: DEFAULT_GC_NUM_EPOCHS_TO_KEEP (5) epochs of 500 heights (neard init).
  await ok(n, 'sandbox_fast_forward', { delta_height: 2_600 });
  const gone = await fail(n, 'EXPERIMENTAL_view_account', { block_id: old, account_id: setup.viewer.accountId });
  const message = `The data for block #${old} is garbage collected on this node, use an archival node to fetch historical data`;
  t.deepEqual(gone, { name: 'INTERNAL_ERROR', cause: { name: 'INTERNAL_ERROR', info: { error_message: message } }, code: -32000, message: 'Server error',
    data: `The node reached its limits. Try again later. More details: ${message}` });
  t.like(await fail(n, 'query', { request_type: 'view_account', block_id: old, account_id: setup.viewer.accountId }), { cause: { name: 'GARBAGE_COLLECTED_BLOCK' } });
  await t.throwsAsync(provider(n).sendJsonRpc('EXPERIMENTAL_call_function', { block_id: old, account_id: setup.viewer.accountId, method_name: 'get_greeting', args_base64: '' }), { instanceOf: InternalRpcError });
});
