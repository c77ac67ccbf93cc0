// NEP-616 deterministic accounts and refund_to (protocol 82) on the local node,
// through JSON-RPC as a user sends them. near-api-js 7.3 cannot build the
// DeterministicStateInit action, so transactions are borsh-encoded here from
// nearcore's schema (core/primitives/src/action/mod.rs: Action discriminant 11)
// and signed with ed25519; everything else goes through near-api-js 7.
// Account ids are derived here by nearcore's formula (core/primitives/src/utils.rs
// derive_near_deterministic_account_id), fees from nearcore's parameters.
import anyTest, { type TestFn } from 'ava';
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha256';
import { keccak_256 } from '@noble/hashes/sha3';
import { base58 } from '@scure/base';
import { actions, type Action } from 'near-api-js';
import { accountOn, type Outcome } from '../../client/near.ts';
import { Chain } from '../chain/chain.ts';
import { ROOT_ACCOUNT, sandboxGenesis } from '../chain/genesis.ts';
import { resolveParameters } from '../params/resolve.ts';
import type { FeeValue, Parameters } from '../params/types.ts';
import { startRpcServer, type RpcServer } from '../rpc/server.ts';
import { assemble, I64, op } from './gas/wasm.ts';

const { createAccount, transfer, deployContract, deployGlobalContract, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const GAS_PRICE = 100_000_000n; // the localnet minimum the node charges
const VERSIONS = [78, 85];

// --- borsh, written out from nearcore's schemas ---
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
const u64 = (n: bigint) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(n); return b; };
const u128 = (n: bigint) => Buffer.concat([u64(n & (2n ** 64n - 1n)), u64(n >> 64n)]);
const str = (s: string | Uint8Array) => { const b = Buffer.from(s); return Buffer.concat([u32(b.length), b]); };

type Code = { hash: Uint8Array } | { accountId: string };
interface StateInit { code: Code; data: Array<[string, string]> }

/** borsh(DeterministicAccountStateInit::V1 { code: GlobalContractIdentifier, data: BTreeMap<Vec<u8>, Vec<u8>> }). */
function stateInitBytes(init: StateInit): Buffer {
  const code = 'hash' in init.code ? Buffer.concat([Buffer.from([0]), init.code.hash]) : Buffer.concat([Buffer.from([1]), str(init.code.accountId)]);
  const entries = init.data.map(([k, v]) => [Buffer.from(k), Buffer.from(v)]).sort(([a], [b]) => Buffer.compare(a, b));
  return Buffer.concat([Buffer.from([0]), code, u32(entries.length), ...entries.flatMap(([k, v]) => [str(k), str(v)])]);
}
/** "0s" + hex(keccak256(borsh(state_init))[12..32]). */
const derivedId = (init: StateInit) => `0s${Buffer.from(keccak_256(stateInitBytes(init))).subarray(12).toString('hex')}`;

const stateInitAction = (init: StateInit, deposit: bigint) => Buffer.concat([Buffer.from([11]), stateInitBytes(init), u128(deposit)]);
const transferAction = (deposit: bigint) => Buffer.concat([Buffer.from([3]), u128(deposit)]);
const addFullAccessKeyAction = (publicKey: Uint8Array) => Buffer.concat([Buffer.from([5, 0]), publicKey, u64(0n), Buffer.from([1])]);

// --- a node per version, its root key ours ---
const seed = ed25519.utils.randomPrivateKey();
const rootPublic = ed25519.getPublicKey(seed);
const rootSecret = `ed25519:${base58.encode(new Uint8Array([...seed, ...rootPublic]))}`;

interface Node { server: RpcServer; p: Parameters; version: number }
const test = anyTest as TestFn<Record<number, Node>>;

test.before(async (t) => {
  for (const version of VERSIONS) {
    const chain = new Chain({ ...sandboxGenesis(`ed25519:${base58.encode(rootPublic)}`), protocol_version: version });
    t.context[version] = { server: await startRpcServer(chain, '127.0.0.1', 0), p: resolveParameters(version), version };
  }
});
test.after.always(async (t) => { for (const v of VERSIONS) await t.context[v]?.server.close(); });

async function rpc<T>(node: Node, method: string, params: unknown): Promise<{ result?: T; error?: unknown }> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as { result?: T; error?: unknown };
}

/** Signs borsh actions as `signerId` (the root key) and sends them with broadcast_tx_commit. */
async function sendRaw(node: Node, signerId: string, receiverId: string, acts: Buffer[]): Promise<{ result?: Outcome; error?: unknown }> {
  const key = await rpc<{ nonce: number }>(node, 'query', { request_type: 'view_access_key', finality: 'final', account_id: signerId, public_key: `ed25519:${base58.encode(rootPublic)}` });
  const block = await rpc<{ header: { hash: string } }>(node, 'block', { finality: 'final' });
  const tx = Buffer.concat([
    str(signerId), Buffer.from([0]), rootPublic, u64(BigInt(key.result!.nonce) + 1n), str(receiverId), base58.decode(block.result!.header.hash),
    u32(acts.length), ...acts,
  ]);
  const signed = Buffer.concat([tx, Buffer.from([0]), ed25519.sign(sha256(tx), seed)]);
  return rpc<Outcome>(node, 'broadcast_tx_commit', [signed.toString('base64')]);
}

function sendActions(node: Node, signerId: string, receiverId: string, acts: Action[]): Promise<Outcome> {
  return accountOn(node.server.url, signerId, rootSecret).signAndSendTransaction({ receiverId, actions: acts, throwOnFailure: false, waitUntil: 'FINAL' });
}

interface AccountView { amount: string; storage_usage: number; code_hash: string; global_contract_account_id?: string; global_contract_hash?: string }
const view = async (node: Node, accountId: string) => (await rpc<AccountView>(node, 'query', { request_type: 'view_account', finality: 'final', account_id: accountId })).result;
const balance = async (node: Node, accountId: string) => BigInt((await view(node, accountId))!.amount);

let names = 0;
/** A sub-account of the root with the root's key and 100 NEAR. */
async function account(node: Node, prefix: string): Promise<string> {
  const accountId = `${prefix}${names++}.${ROOT_ACCOUNT}`;
  const { PublicKey } = await import('near-api-js');
  await sendActions(node, ROOT_ACCOUNT, accountId, [createAccount(), transfer(100n * NEAR), actions.addFullAccessKey(PublicKey.fromString(`ed25519:${base58.encode(rootPublic)}`))]);
  return accountId;
}

const tokensBurnt = (o: Outcome) => [o.transaction_outcome, ...o.receipts_outcome].reduce((s, r) => s + BigInt(r.outcome.tokens_burnt), 0n);
const send = (f: FeeValue, sir: boolean) => (sir ? f.send_sir : f.send_not_sir);

/** Send and execution gas of a DeterministicStateInit (runtime/runtime/src/config.rs): base + entries * per_entry + bytes * per_byte. */
function stateInitFees(p: Parameters, init: StateInit, sir: boolean) {
  const entries = BigInt(init.data.length);
  const bytes = init.data.reduce((n, [k, v]) => n + BigInt(Buffer.byteLength(k) + Buffer.byteLength(v)), 0n);
  const fee = (pick: (f: FeeValue) => bigint) => pick(p.action_deterministic_state_init) + pick(p.action_deterministic_state_init_per_entry) * entries + pick(p.action_deterministic_state_init_per_byte) * bytes;
  return { send: fee((f) => send(f, sir)), exec: fee((f) => f.execution) };
}

/** Storage an initialised deterministic account uses: the account record, its global identifier, each entry with its record overhead. */
function storageOf(p: Parameters, init: StateInit): bigint {
  const code = 'hash' in init.code ? 32n : BigInt(Buffer.byteLength(init.code.accountId));
  return p.storage_num_bytes_account + code + init.data.reduce((n, [k, v]) => n + BigInt(Buffer.byteLength(k) + Buffer.byteLength(v)) + p.storage_num_extra_bytes_record, 0n);
}

const noop = assemble({ functions: [{ export: 'noop', body: [] }] });

test('the test derives ids as nearcore: its own test vector (action_validation.rs, code ft.near, no data)', (t) => {
  t.is(derivedId({ code: { accountId: 'ft.near' }, data: [] }), '0s69284a5453e7be5632b28b6a01baecf6c12c156d');
});

test.serial('78: DeterministicStateInit is refused as nearcore 2.7 refuses it (UnsupportedProtocolFeature DeterministicAccountIds)', async (t) => {
  const node = t.context[78];
  const init: StateInit = { code: { accountId: ROOT_ACCOUNT }, data: [] };
  const before = await balance(node, ROOT_ACCOUNT);
  const res = await sendRaw(node, ROOT_ACCOUNT, derivedId(init), [stateInitAction(init, NEAR)]);
  t.like(res.error as object, { name: 'HANDLER_ERROR', cause: { name: 'INVALID_TRANSACTION' } });
  t.deepEqual((res.error as { data: unknown }).data, { TxExecutionError: { InvalidTxError: { ActionsValidation: { UnsupportedProtocolFeature: { protocol_feature: 'DeterministicAccountIds', version: 78 } } } } });
  t.is(await balance(node, ROOT_ACCOUNT), before);
});

test.serial('85: a state init creates the derived account with the global contract and data; the deposit pays its storage to the yoctoNEAR and the rest comes back', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const owner = await account(node, 'lib');
  const alice = await account(node, 'alice');
  t.is((await sendActions(node, owner, owner, [deployGlobalContract(noop, 'accountId')])).status.hasOwnProperty('SuccessValue'), true);
  // 1000 bytes of value: past the 770 bytes of a zero-balance account, so storage is paid from the deposit.
  const init: StateInit = { code: { accountId: owner }, data: [['b', 'x'.repeat(1000)], ['a', 'first']] };
  const id = derivedId(init);
  const before = await balance(node, alice);
  const deposit = 5n * NEAR;
  const res = await sendRaw(node, alice, id, [stateInitAction(init, deposit)]);
  const outcome = res.result!;
  t.deepEqual(outcome.status, { SuccessValue: '' });
  const usage = storageOf(p, init);
  t.true(usage > 770n);
  const storageCost = usage * p.storage_amount_per_byte;
  const created = (await view(node, id))!;
  t.is(BigInt(created.amount), storageCost);
  t.is(BigInt(created.storage_usage), usage);
  t.is(created.global_contract_account_id, owner);
  // The contract data is the state init's.
  const state = await rpc<{ values: Array<{ key: string; value: string }> }>(node, 'query', { request_type: 'view_state', finality: 'final', account_id: id, prefix_base64: '' });
  t.deepEqual(state.result!.values.map((v) => [Buffer.from(v.key, 'base64').toString(), Buffer.from(v.value, 'base64').toString()]), [['a', 'first'], ['b', 'x'.repeat(1000)]]);
  // Gas: the send fees at conversion, the execution fees on the account; both not-sir.
  const fees = stateInitFees(p, init, false);
  t.is(BigInt(outcome.transaction_outcome.outcome.gas_burnt), send(p.action_receipt_creation, false) + fees.send);
  t.is(BigInt(outcome.receipts_outcome[0].outcome.gas_burnt), p.action_receipt_creation.execution + fees.exec);
  // Alice paid the gas and exactly the storage; the rest of the deposit came back to her.
  t.is(before - (await balance(node, alice)), tokensBurnt(outcome) + storageCost);

  // The account now runs the global contract.
  t.deepEqual((await sendActions(node, alice, id, [functionCall('noop', new Uint8Array(), 10n * TGAS)])).status, { SuccessValue: '' });
  // A second state init on an active account changes nothing and refunds the whole deposit.
  // (The account's balance has grown by its share of the call's gas, the contract reward.)
  const held = (await view(node, id))!;
  const again = await balance(node, alice);
  const second = (await sendRaw(node, alice, id, [stateInitAction(init, deposit)])).result!;
  t.deepEqual(second.status, { SuccessValue: '' });
  t.is(again - (await balance(node, alice)), tokensBurnt(second));
  const after = (await view(node, id))!;
  t.deepEqual([after.amount, after.storage_usage, after.global_contract_account_id], [held.amount, held.storage_usage, owner]);
});

test.serial('85: a small state init is a zero-balance account: no storage is taken, the refund goes back in full', async (t) => {
  const node = t.context[85];
  const owner = await account(node, 'lib');
  const alice = await account(node, 'alice');
  const code = assemble({ functions: [{ export: 'other', body: [] }] });
  await sendActions(node, owner, owner, [deployGlobalContract(code, 'codeHash')]);
  const init: StateInit = { code: { hash: sha256(code) }, data: [['k', 'v']] };
  const id = derivedId(init);
  const before = await balance(node, alice);
  const outcome = (await sendRaw(node, alice, id, [stateInitAction(init, NEAR)])).result!;
  t.deepEqual(outcome.status, { SuccessValue: '' });
  const created = (await view(node, id))!;
  t.is(created.amount, '0');
  t.is(created.global_contract_hash, base58.encode(sha256(code)));
  t.is(BigInt(created.storage_usage), storageOf(node.p, init));
  t.is(before - (await balance(node, alice)), tokensBurnt(outcome));
  // The refund is a receipt to alice from "system" with the whole deposit.
  const receipts = (await rpc<{ receipts: Array<{ receiver_id: string; predecessor_id: string; receipt: { Action: { actions: unknown[] } } }> }>(node, 'EXPERIMENTAL_tx_status', { tx_hash: outcome.transaction_outcome.id, sender_account_id: alice })).result!.receipts;
  t.true(receipts.some((r) => r.receiver_id === alice && r.predecessor_id === 'system' && JSON.stringify(r.receipt.Action.actions) === JSON.stringify([{ Transfer: { deposit: NEAR.toString() } }])));
  // The transaction's action view is nearcore's ActionView::DeterministicStateInit.
  const txView = (await rpc<{ transaction: { actions: unknown[] } }>(node, 'tx', { tx_hash: outcome.transaction_outcome.id, sender_account_id: alice })).result!;
  t.deepEqual(txView.transaction.actions, [{ DeterministicStateInit: { code: { hash: base58.encode(sha256(code)) }, data: { [Buffer.from('k').toString('base64')]: Buffer.from('v').toString('base64') }, deposit: NEAR.toString() } }]);
});

test.serial('85: refusals: wrong receiver, key too long, missing global contract, deposit short of the storage, and no hijacking by the sender', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const alice = await account(node, 'alice');
  const owner = await account(node, 'lib');
  await sendActions(node, owner, owner, [deployGlobalContract(noop, 'accountId')]);
  const init: StateInit = { code: { accountId: owner }, data: [] };
  const invalid = (res: { error?: unknown }) => ((res.error as { data: { TxExecutionError: { InvalidTxError: { ActionsValidation: unknown } } } }).data.TxExecutionError.InvalidTxError.ActionsValidation);

  t.deepEqual(invalid(await sendRaw(node, alice, owner, [stateInitAction(init, 0n)])), { InvalidDeterministicStateInitReceiver: { receiver_id: owner, derived_id: derivedId(init) } });
  const longKey: StateInit = { code: { accountId: owner }, data: [['k'.repeat(Number(p.max_length_storage_key) + 1), '']] };
  t.deepEqual(invalid(await sendRaw(node, alice, derivedId(longKey), [stateInitAction(longKey, 0n)])), { DeterministicStateInitKeyLengthExceeded: { length: Number(p.max_length_storage_key) + 1, limit: Number(p.max_length_storage_key) } });

  // A code nobody deployed: the action fails, the account is not created and the deposit comes back.
  const missing: StateInit = { code: { accountId: `nobody.${ROOT_ACCOUNT}` }, data: [] };
  let before = await balance(node, alice);
  let outcome = (await sendRaw(node, alice, derivedId(missing), [stateInitAction(missing, NEAR)])).result!;
  t.deepEqual(outcome.status, { Failure: { ActionError: { index: 0, kind: { GlobalContractDoesNotExist: { identifier: { AccountId: `nobody.${ROOT_ACCOUNT}` } } } } } });
  t.is(await view(node, derivedId(missing)), undefined);
  t.is(before - (await balance(node, alice)), tokensBurnt(outcome));

  // Storage past the zero-balance limit with a deposit short by 1 yoctoNEAR.
  const big: StateInit = { code: { accountId: owner }, data: [['v', 'y'.repeat(2000)]] };
  const needed = storageOf(p, big) * p.storage_amount_per_byte;
  before = await balance(node, alice);
  outcome = (await sendRaw(node, alice, derivedId(big), [stateInitAction(big, needed - 1n)])).result!;
  t.deepEqual(outcome.status, { Failure: { ActionError: { index: 0, kind: { LackBalanceForState: { account_id: derivedId(big), amount: needed.toString() } } } } });
  t.is(await view(node, derivedId(big)), undefined);
  t.is(before - (await balance(node, alice)), tokensBurnt(outcome));
  // Exactly enough works, and the account holds exactly that.
  outcome = (await sendRaw(node, alice, derivedId(big), [stateInitAction(big, needed)])).result!;
  t.deepEqual(outcome.status, { SuccessValue: '' });
  t.is(await balance(node, derivedId(big)), needed);

  // The sender stays the actor: it cannot add its key to the account it just initialised.
  const other: StateInit = { code: { accountId: owner }, data: [['n', '1']] };
  outcome = (await sendRaw(node, alice, derivedId(other), [stateInitAction(other, 0n), addFullAccessKeyAction(rootPublic)])).result!;
  t.deepEqual(outcome.status, { Failure: { ActionError: { index: 1, kind: { ActorNoPermission: { account_id: derivedId(other), actor_id: alice } } } } });
  t.is(await view(node, derivedId(other)), undefined);
  // A transfer after it is fine (Transfer needs no permission).
  outcome = (await sendRaw(node, alice, derivedId(other), [stateInitAction(other, 0n), transferAction(3n)])).result!;
  t.deepEqual(outcome.status, { SuccessValue: '' });
  t.is(await balance(node, derivedId(other)), 3n);
});

for (const version of VERSIONS) {
  test.serial(`${version}: a Transfer alone to a missing 0s… account ${version >= 82 ? 'creates it and pays CreateAccount too' : 'fails: before 82 it is a named account'}`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const alice = await account(node, 'alice');
    const init: StateInit = { code: { accountId: alice }, data: [['t', String(version)]] };
    const id = derivedId(init);
    const outcome = (await sendRaw(node, alice, id, [transferAction(5n)])).result!;
    const implicit = version >= 82;
    const create = (pick: (f: FeeValue) => bigint) => (implicit ? pick(p.action_create_account) : 0n);
    t.is(BigInt(outcome.transaction_outcome.outcome.gas_burnt), send(p.action_receipt_creation, false) + send(p.action_transfer, false) + create((f) => send(f, false)));
    t.is(BigInt(outcome.receipts_outcome[0].outcome.gas_burnt), p.action_receipt_creation.execution + p.action_transfer.execution + create((f) => f.execution));
    if (!implicit) {
      t.deepEqual(outcome.status, { Failure: { ActionError: { index: 0, kind: { AccountDoesNotExist: { account_id: id } } } } });
      return;
    }
    t.deepEqual(outcome.status, { SuccessValue: '' });
    const created = (await view(node, id))!;
    t.deepEqual([created.amount, BigInt(created.storage_usage), created.global_contract_account_id], ['5', p.storage_num_bytes_account, undefined]);
    // Not with any other action, and never by CreateAccount.
    const other = derivedId({ code: { accountId: alice }, data: [] });
    t.deepEqual((await sendRaw(node, alice, other, [transferAction(5n), transferAction(5n)])).result!.status, { Failure: { ActionError: { index: 0, kind: { AccountDoesNotExist: { account_id: other } } } } });
    t.deepEqual((await sendActions(node, alice, other, [createAccount()])).status, { Failure: { ActionError: { index: 0, kind: { OnlyImplicitAccountCreationAllowed: { account_id: other } } } } });
    // The state init later gives the uninitialised account its code and data (alice's account has no global
    // contract: deploy one first), its balance kept.
    await sendActions(node, alice, alice, [deployGlobalContract(noop, 'accountId')]);
    t.deepEqual((await sendRaw(node, alice, id, [stateInitAction(init, 0n)])).result!.status, { SuccessValue: '' });
    const active = (await view(node, id))!;
    t.deepEqual([active.amount, BigInt(active.storage_usage), active.global_contract_account_id], ['5', storageOf(p, init), alice]);
  });
}

// --- host functions, from a hand-assembled contract ---
const IMPORTS = [
  { name: 'promise_batch_create', params: [I64, I64], results: [I64] },
  { name: 'promise_batch_action_state_init_by_account_id', params: [I64, I64, I64, I64], results: [I64] },
  { name: 'set_state_init_data_entry', params: [I64, I64, I64, I64, I64, I64] },
  { name: 'promise_batch_action_transfer', params: [I64, I64] },
  { name: 'promise_set_refund_to', params: [I64, I64, I64] },
  { name: 'promise_batch_action_function_call', params: [I64, I64, I64, I64, I64, I64, I64] },
  { name: 'refund_to_account_id', params: [I64] },
  { name: 'current_contract_code', params: [I64], results: [I64] },
  { name: 'value_return', params: [I64, I64] },
  { name: 'promise_return', params: [I64] },
];
const fn = (name: string) => IMPORTS.findIndex((i) => i.name === name);
const call = (name: string, ...args: Array<bigint | number>) => [...args.map((a) => op.i64(a)), op.call(fn(name))];

/** Memory: strings at fixed offsets, amounts as u128. */
interface Layout { derived: string; owner: string; self: string; nobody: string; carol: string; deposit: bigint; lost: bigint }
const AT = { derived: 0, owner: 64, self: 128, nobody: 192, carol: 256, key: 320, value: 328, method: 336, deposit: 352, lost: 368, zero: 384 };

function hostContract(l: Layout): Uint8Array {
  const m = Buffer.alloc(400);
  m.write(l.derived, AT.derived); m.write(l.owner, AT.owner); m.write(l.self, AT.self); m.write(l.nobody, AT.nobody); m.write(l.carol, AT.carol);
  m.write('k', AT.key); m.write('v1', AT.value); m.write('whoami', AT.method);
  u128(l.deposit).copy(m, AT.deposit); u128(l.lost).copy(m, AT.lost);
  const len = (s: string) => Buffer.byteLength(s);
  return assemble({
    imports: IMPORTS,
    data: m,
    functions: [
      // A state init of `derived` by the global contract of `owner`, with one entry k = v1.
      { export: 'init', locals: [I64, I64], body: [
        ...call('promise_batch_create', len(l.derived), AT.derived), op.localSet(0),
        [...op.localGet(0)], ...call('promise_batch_action_state_init_by_account_id', len(l.owner), AT.owner, AT.deposit), op.localSet(1),
        [...op.localGet(0)], [...op.localGet(1)], ...call('set_state_init_data_entry', 1, AT.key, 2, AT.value),
      ] },
      // A transfer to an account that does not exist, its refund to carol.
      { export: 'lost_transfer', locals: [I64], body: [
        ...call('promise_batch_create', len(l.nobody), AT.nobody), op.localSet(0),
        [...op.localGet(0)], ...call('promise_batch_action_transfer', AT.lost),
        [...op.localGet(0)], ...call('promise_set_refund_to', len(l.carol), AT.carol),
      ] },
      { export: 'whoami', body: [...call('refund_to_account_id', 0), ...call('value_return', -1, 0)] },
      // Calls whoami on itself with refund_to carol and returns its answer.
      { export: 'ask_whoami', locals: [I64], body: [
        ...call('promise_batch_create', len(l.self), AT.self), op.localSet(0),
        [...op.localGet(0)], ...call('promise_batch_action_function_call', len('whoami'), AT.method, 0, 0, AT.zero, 5n * TGAS),
        [...op.localGet(0)], ...call('promise_set_refund_to', len(l.carol), AT.carol),
        [...op.localGet(0)], op.call(fn('promise_return')),
      ] },
      { export: 'code', body: [...call('current_contract_code', 0), op.drop, ...call('value_return', -1, 0)] },
      // The same key twice: DataEntryAlreadyExists.
      { export: 'dup_entry', locals: [I64, I64], body: [
        ...call('promise_batch_create', len(l.derived), AT.derived), op.localSet(0),
        [...op.localGet(0)], ...call('promise_batch_action_state_init_by_account_id', len(l.owner), AT.owner, AT.deposit), op.localSet(1),
        [...op.localGet(0)], [...op.localGet(1)], ...call('set_state_init_data_entry', 1, AT.key, 2, AT.value),
        [...op.localGet(0)], [...op.localGet(1)], ...call('set_state_init_data_entry', 1, AT.key, 2, AT.value),
      ] },
      // An entry for action 0 of a receipt whose only action is a transfer: InvalidActionIndex.
      { export: 'bad_index', locals: [I64], body: [
        ...call('promise_batch_create', len(l.carol), AT.carol), op.localSet(0),
        [...op.localGet(0)], ...call('promise_batch_action_transfer', AT.zero),
        [...op.localGet(0)], ...call('set_state_init_data_entry', 0, 1, AT.key, 2, AT.value),
      ] },
    ],
  });
}

const value = (o: Outcome) => Buffer.from((o.status as { SuccessValue: string }).SuccessValue, 'base64');

test.serial('85: host functions: a contract initialises a deterministic account, sets refund_to, reads refund_to_account_id and current_contract_code', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const owner = await account(node, 'lib');
  const self = await account(node, 'host');
  const carol = await account(node, 'carol');
  const alice = await account(node, 'alice');
  const derived = derivedId({ code: { accountId: owner }, data: [['k', 'v1']] });
  const layout: Layout = { derived, owner, self, nobody: `nobody.${ROOT_ACCOUNT}`, carol, deposit: NEAR, lost: 7n * NEAR };
  const code = hostContract(layout);
  await sendActions(node, owner, owner, [deployGlobalContract(code, 'accountId')]);
  await sendActions(node, self, self, [deployContract(code)]);

  // init: the new receipt carries the state init the contract built; its execution fees are nearcore's.
  const init = await sendActions(node, alice, self, [functionCall('init', new Uint8Array(), 50n * TGAS)]);
  t.deepEqual(init.status, { SuccessValue: '' });
  const created = (await view(node, derived))!;
  t.is(created.global_contract_account_id, owner);
  t.is(created.amount, '0'); // zero-balance account: the whole deposit went back to the contract
  const stateInitReceipt = init.receipts_outcome.find((r) => r.outcome.executor_id === derived)!;
  const fees = stateInitFees(p, { code: { accountId: owner }, data: [['k', 'v1']] }, false);
  t.is(BigInt(stateInitReceipt.outcome.gas_burnt), p.action_receipt_creation.execution + fees.exec);
  const refund = init.receipts_outcome.find((r) => r.outcome.executor_id === self && stateInitReceipt.outcome.receipt_ids.includes(r.id));
  t.truthy(refund, 'the unused deposit goes back to the contract that attached it');
  const state = await rpc<{ values: Array<{ key: string; value: string }> }>(node, 'query', { request_type: 'view_state', finality: 'final', account_id: derived, prefix_base64: '' });
  t.deepEqual(state.result!.values, [{ key: Buffer.from('k').toString('base64'), value: Buffer.from('v1').toString('base64') }]);

  // current_contract_code: a global contract by account (3) gives the account id, local code (1) its sha256.
  t.is(value(await sendActions(node, alice, derived, [functionCall('code', new Uint8Array(), 10n * TGAS)])).toString(), owner);
  t.deepEqual(new Uint8Array(value(await sendActions(node, alice, self, [functionCall('code', new Uint8Array(), 10n * TGAS)]))), sha256(code));

  // refund_to_account_id: the predecessor unless the creator of the receipt named someone else.
  t.is(value(await sendActions(node, alice, self, [functionCall('whoami', new Uint8Array(), 10n * TGAS)])).toString(), alice);
  t.is(value(await sendActions(node, alice, self, [functionCall('ask_whoami', new Uint8Array(), 50n * TGAS)])).toString(), carol);

  // promise_set_refund_to: the deposit of a failed transfer goes to carol, to the yoctoNEAR.
  const carolBefore = await balance(node, carol);
  const lost = await sendActions(node, alice, self, [functionCall('lost_transfer', new Uint8Array(), 50n * TGAS)]);
  t.deepEqual(lost.status, { SuccessValue: '' });
  t.regex(JSON.stringify(lost.receipts_outcome.map((r) => r.outcome.status)), /AccountDoesNotExist/);
  t.is((await balance(node, carol)) - carolBefore, layout.lost);

  // set_state_init_data_entry's own errors, with nearcore's texts.
  const failure = async (method: string) => JSON.stringify((await sendActions(node, alice, self, [functionCall(method, new Uint8Array(), 50n * TGAS)])).status);
  t.is(await failure('dup_entry'), JSON.stringify({ Failure: { ActionError: { index: 0, kind: { FunctionCallError: { ExecutionError: 'Data entry for given key already exists' } } } } }));
  t.is(await failure('bad_index'), JSON.stringify({ Failure: { ActionError: { index: 0, kind: { FunctionCallError: { ExecutionError: 'Action 0 in receipt 0 does not exist or has the wrong type of action.' } } } } }));

  // A state init to an id it does not derive fails the call that made it (NewReceiptValidationError).
  const wrong = `0s${'0'.repeat(40)}`;
  const other = await account(node, 'host');
  await sendActions(node, other, other, [deployContract(hostContract({ ...layout, derived: wrong, self: other }))]);
  const refused = await sendActions(node, alice, other, [functionCall('init', new Uint8Array(), 50n * TGAS)]);
  t.deepEqual(refused.status, { Failure: { ActionError: { index: 0, kind: { NewReceiptValidationError: { ActionsValidation: { InvalidDeterministicStateInitReceiver: { receiver_id: wrong, derived_id: derived } } } } } } });
  t.is(await view(node, wrong), undefined);
});

test.serial('78: the NEP-616 host functions are not linked before protocol 82', async (t) => {
  const node = t.context[78];
  const self = await account(node, 'host');
  const code = hostContract({ derived: '0s', owner: self, self, nobody: 'x', carol: self, deposit: 0n, lost: 0n });
  await sendActions(node, self, self, [deployContract(code)]);
  const outcome = await sendActions(node, self, self, [functionCall('whoami', new Uint8Array(), 10n * TGAS)]);
  t.regex(JSON.stringify(outcome.status), /promise_batch_action_state_init_by_account_id|set_state_init_data_entry|promise_set_refund_to|refund_to_account_id|current_contract_code/);
});
