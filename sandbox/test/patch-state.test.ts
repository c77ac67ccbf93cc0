// sandbox_patch_state through JSON-RPC, with neard's semantics (runtime/runtime/src/lib.rs
// apply_state_patch): records are stored as given (an Account's storage_usage, code_hash and,
// in a V2 account, global contract fields); Data, AccessKey and Contract records do not change
// storage_usage; a Contract must match the account's code_hash; a bad patch changes nothing.
import anyTest, { type TestFn } from 'ava';
import { KeyPair } from 'near-api-js';
import { sha256 } from '@noble/hashes/sha256';
import { base58 } from '@scure/base';
import { Chain } from '../chain/chain.ts';
import { sandboxGenesis } from '../chain/genesis.ts';
import { startRpcServer, type RpcServer } from '../rpc/server.ts';
import { assemble } from './gas/wasm.ts';

const test = anyTest as TestFn<{ server: RpcServer }>;
test.before(async (t) => {
  const chain = new Chain(sandboxGenesis(KeyPair.fromRandom('ed25519').getPublicKey().toString()));
  t.context.server = await startRpcServer(chain, '127.0.0.1', 0);
});
test.after.always(async (t) => { await t.context.server?.close(); });

async function call(t: { context: { server: RpcServer } }, method: string, params: unknown): Promise<{ result?: Record<string, unknown>; error?: { cause?: unknown; data?: unknown; message?: string } }> {
  const res = await fetch(t.context.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as never;
}
const patch = (t: { context: { server: RpcServer } }, records: unknown[]) => call(t, 'sandbox_patch_state', { records });
const view = async (t: { context: { server: RpcServer } }, request: Record<string, unknown>) => (await call(t, 'query', { finality: 'final', ...request })).result;
const b64 = (b: Uint8Array | string) => Buffer.from(b).toString('base64');
const NO_CODE = '11111111111111111111111111111111';

test.serial('an Account record is stored as given: storage_usage and code_hash are kept; later Data, AccessKey and Contract records leave storage_usage alone', async (t) => {
  const code = assemble({ functions: [{ export: 'noop', body: [] }] });
  const hash = base58.encode(sha256(code));
  const key = KeyPair.fromRandom('ed25519').getPublicKey().toString();
  const id = 'patched.test.near';
  t.deepEqual((await patch(t, [{ Account: { account_id: id, account: { amount: '5', locked: '1', code_hash: hash, storage_usage: 12345 } } }])).result, {});
  t.like(await view(t, { request_type: 'view_account', account_id: id }), { amount: '5', locked: '1', code_hash: hash, storage_usage: 12345 });
  // The code is not stored yet: the account names code the node does not have, as neard would.
  t.truthy((await call(t, 'query', { finality: 'final', request_type: 'view_code', account_id: id })).error);

  t.deepEqual((await patch(t, [
    { Contract: { account_id: id, code: b64(code) } },
    { Data: { account_id: id, data_key: b64('k'), value: b64('v') } },
    { AccessKey: { account_id: id, public_key: key, access_key: { nonce: 7, permission: 'FullAccess' } } },
  ])).result, {});
  t.like(await view(t, { request_type: 'view_account', account_id: id }), { code_hash: hash, storage_usage: 12345 });
  t.is((await view(t, { request_type: 'view_code', account_id: id }))?.code_base64, b64(code));
  t.deepEqual((await view(t, { request_type: 'view_state', account_id: id, prefix_base64: '' }))?.values, [{ key: b64('k'), value: b64('v') }]);
  t.like(await view(t, { request_type: 'view_access_key', account_id: id, public_key: key }), { nonce: 7, permission: 'FullAccess' });
});

test.serial('global contract fields count in a V2 account, as nearcore deserializes Account; a V1 account keeps only its code_hash', async (t) => {
  const global = base58.encode(sha256(new Uint8Array([1, 2, 3])));
  await patch(t, [
    { Account: { account_id: 'g2.test.near', account: { amount: '1', locked: '0', code_hash: NO_CODE, storage_usage: 100, version: 'V2', global_contract_hash: global } } },
    { Account: { account_id: 'ga.test.near', account: { amount: '1', locked: '0', code_hash: NO_CODE, storage_usage: 100, version: 'V2', global_contract_account_id: 'test.near' } } },
    { Account: { account_id: 'g1.test.near', account: { amount: '1', locked: '0', code_hash: NO_CODE, storage_usage: 100, global_contract_hash: global } } },
  ]);
  t.like(await view(t, { request_type: 'view_account', account_id: 'g2.test.near' }), { code_hash: NO_CODE, global_contract_hash: global, storage_usage: 100 });
  t.like(await view(t, { request_type: 'view_account', account_id: 'ga.test.near' }), { global_contract_account_id: 'test.near' });
  const v1 = await view(t, { request_type: 'view_account', account_id: 'g1.test.near' });
  t.is(v1?.global_contract_hash, undefined);
  t.is(v1?.code_hash, NO_CODE);
});

test.serial('a bad record refuses the whole patch with a message naming it, and changes nothing', async (t) => {
  const code = assemble({ functions: [{ export: 'noop', body: [] }] });
  const before = await view(t, { request_type: 'view_account', account_id: 'test.near' });
  const cases: Array<[unknown[], RegExp]> = [
    [[{ Account: { account_id: 'test.near', account: { amount: '1' } } }, { Account: { account_id: 'x.test.near', account: { amount: '1', code_hash: base58.encode(sha256(code)), version: 'V2', global_contract_account_id: 'test.near' } } }], /record 1: An Account can't contain both a local and global contract/],
    [[{ Account: { account_id: 'test.near', account: { amount: '1' } } }, { Account: { account_id: 'y.test.near', account: { amount: '1', global_contract_account_id: 'a.near', global_contract_hash: NO_CODE } } }], /both types of global contracts/],
    [[{ Account: { account_id: 'test.near', account: { amount: '1' } } }, { Data: { account_id: 'missing.test.near', data_key: b64('k'), value: b64('v') } }], /record 1: Data record for missing.test.near, which has no account/],
    [[{ Account: { account_id: 'test.near', account: { amount: '1' } } }, { Account: { account_id: 'z.test.near', account: { amount: '1', code_hash: base58.encode(sha256(new Uint8Array([9]))) } } }, { Contract: { account_id: 'z.test.near', code: b64(code) } }], /record 2: the code's hash .* is not the account's code_hash/],
  ];
  for (const [records, message] of cases) {
    const reply = await patch(t, records);
    t.regex(JSON.stringify(reply.error), message);
  }
  // Each patch began by setting test.near's balance to 1 yoctoNEAR: none of that happened.
  t.is((await view(t, { request_type: 'view_account', account_id: 'test.near' }))?.amount, before?.amount);
  t.not(before?.amount, '1');
  for (const id of ['x.test.near', 'y.test.near', 'z.test.near']) t.truthy((await call(t, 'query', { finality: 'final', request_type: 'view_account', account_id: id })).error);
});
