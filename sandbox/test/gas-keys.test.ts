// GasKeys (protocol 85) through JSON-RPC on in-process nodes at 84 and 85: a gas key
// added by AddKey (GasKeyFullAccess / GasKeyFunctionCall), funded by TransferToGasKey,
// paying the gas of the V1 transactions it signs (a GasKeyNonce per index) while the
// account pays their deposits, drained by WithdrawFromGasKey, its balance burnt by
// DeleteKey; each refusal with nearcore's error. Fees and storage are computed here
// from nearcore's parameters by nearcore's formulas (core/parameters/src/cost.rs
// gas_key_*; runtime/runtime/src/access_keys.rs gas_key_storage_cost). The
// transactions are written byte by byte (raw-tx.ts): near-api-js 7.3 has no gas keys.
import { actions, KeyPair } from 'near-api-js';
import { failureOf, sendActions, type Outcome, type Signer } from '../../client/near.ts';
import { ROOT_ACCOUNT } from '../chain/genesis.ts';
import type { FeeValue } from '../params/types.ts';
import { addGasKeyAction, addGasKeyFunctionCallAction, callAction, signedV0, signedV1, transferAction, transferToGasKeyAction, withdrawFromGasKeyAction } from './raw-tx.ts';
import { testAtVersions, type VersionNode as Node } from './version-nodes.ts';

const NEAR = 10n ** 24n;
const test = testAtVersions([84, 85]);

async function rpc<T>(node: Node, method: string, params: unknown): Promise<{ result?: T; error?: { name?: string; cause?: { name?: string }; data?: unknown; message?: string } }> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as never;
}
const view = async (node: Node, request: Record<string, unknown>) => (await rpc<Record<string, unknown>>(node, 'query', { finality: 'final', ...request })).result!;
const accountOf = async (node: Node, accountId: string) => (await view(node, { request_type: 'view_account', account_id: accountId })) as { amount: string; storage_usage: number };
const balance = async (node: Node, accountId: string) => BigInt((await accountOf(node, accountId)).amount);
const usage = async (node: Node, accountId: string) => BigInt((await accountOf(node, accountId)).storage_usage);
const accessKey = (node: Node, accountId: string, key: KeyPair) => view(node, { request_type: 'view_access_key', account_id: accountId, public_key: key.getPublicKey().toString() });
const gasKeyBalance = async (node: Node, accountId: string, key: KeyPair) =>
  BigInt(((await accessKey(node, accountId, key)).permission as { GasKeyFullAccess: { balance: string } }).GasKeyFullAccess.balance);
const nonces = async (node: Node, accountId: string, key: KeyPair) =>
  ((await view(node, { request_type: 'view_gas_key_nonces', account_id: accountId, public_key: key.getPublicKey().toString() })).nonces as number[]).map(BigInt);
const blockHash = async (node: Node) => (await rpc<{ header: { hash: string } }>(node, 'block', { finality: 'final' })).result!.header.hash;
const gasPrice = async (node: Node) => BigInt((await rpc<{ gas_price: string }>(node, 'gas_price', [null])).result!.gas_price);
const broadcast = (node: Node, bytes: Uint8Array) => rpc<Outcome>(node, 'broadcast_tx_commit', [Buffer.from(bytes).toString('base64')]);
const invalidTx = (body: { error?: { data?: unknown } }) => (body.error?.data as { TxExecutionError?: { InvalidTxError?: unknown } } | undefined)?.TxExecutionError?.InvalidTxError;
const actionError = (outcome: Outcome) => (failureOf(outcome) as { ActionError?: { kind: unknown } } | undefined)?.ActionError?.kind;
const send = (f: FeeValue, sir: boolean) => (sir ? f.send_sir : f.send_not_sir);
const gasOf = (o: { outcome: { gas_burnt: number } }) => BigInt(o.outcome.gas_burnt);
const totalBurnt = (o: Outcome) => [o.transaction_outcome, ...o.receipts_outcome].reduce((s, r) => s + gasOf(r), 0n);
const tokensBurnt = (o: Outcome) => [o.transaction_outcome, ...o.receipts_outcome].reduce((s, r) => s + BigInt(r.outcome.tokens_burnt), 0n);

type User = Signer & { key: KeyPair };
let names = 0;
async function account(node: Node): Promise<User> {
  const accountId = `gk${names++}.${ROOT_ACCOUNT}`;
  const key = KeyPair.fromRandom('ed25519');
  await sendActions(node.server.url, node.root, accountId, [actions.createAccount(), actions.transfer(50n * NEAR), actions.addFullAccessKey(key.getPublicKey())]);
  return { accountId, secretKey: key.toString(), key };
}

/** A V0 transaction of raw actions signed by the user's own ed25519 key (next nonce). */
async function byUser(node: Node, user: User, receiverId: string, acts: Uint8Array[]) {
  const nonce = BigInt((await accessKey(node, user.accountId, user.key)).nonce as number) + 1n;
  return broadcast(node, signedV0({ signerId: user.accountId, key: user.key, receiverId, blockHash: await blockHash(node), nonce, actions: acts }));
}
/** A V1 transaction signed by the gas key with a GasKeyNonce. */
async function byGasKey(node: Node, user: User, key: KeyPair, nonce: bigint, nonceIndex: number, receiverId: string, acts: Uint8Array[]) {
  return broadcast(node, signedV1({ signerId: user.accountId, key, receiverId, blockHash: await blockHash(node), nonce: { nonce, nonceIndex }, actions: acts }));
}

test.serial('85: AddKey of a gas key: its fees, its storage (the key and one record per nonce), its view and its nonces', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const user = await account(node);
  const gas = KeyPair.fromRandom('ed25519');
  const before = await usage(node, user.accountId);
  const outcome = (await byUser(node, user, user.accountId, [addGasKeyAction(gas, 4)])).result!;
  t.deepEqual(failureOf(outcome), undefined);

  // gas_key_add_key_send_fee: gas_key_byte × borsh(GasKeyInfo) (18); exec: per nonce gas_key_nonce_write_base +
  // gas_key_byte × (access_key_key_len (column, id, separator, 33-byte key) + u16 index + u64 value).
  t.is(gasOf(outcome.transaction_outcome), send(p.action_receipt_creation, true) + send(p.action_add_full_access_key, true) + send(p.action_gas_key_byte, true) * 18n);
  const nonceBytes = 1n + BigInt(user.accountId.length) + 1n + 33n + 2n + 8n;
  t.is(gasOf(outcome.receipts_outcome[0]), p.action_receipt_creation.execution + p.action_add_full_access_key.execution
    + (p.action_gas_key_nonce_write_base.execution + p.action_gas_key_byte.execution * nonceBytes) * 4n);

  // gas_key_storage_cost: 4 × (33-byte key + u16 + u64 + record) + the access key (33 + u64 nonce + tag + GasKeyInfo + record).
  const extra = p.storage_num_extra_bytes_record;
  t.is(await usage(node, user.accountId), before + 4n * (33n + 2n + 8n + extra) + (33n + 8n + 1n + 18n + extra));
  t.like(await accessKey(node, user.accountId, gas), { nonce: 0, permission: { GasKeyFullAccess: { balance: '0', num_nonces: 4 } } });
  // initial_nonce_value: (height of the block that applied the AddKey - 1) × 1e6, for every index.
  const applied = (await rpc<{ header: { height: number } }>(node, 'block', { block_id: outcome.receipts_outcome[0].block_hash })).result!.header.height;
  t.deepEqual(await nonces(node, user.accountId, gas), Array(4).fill(BigInt(applied - 1) * 1_000_000n));
  // A key that is not a gas key has no nonces to view.
  const plain = await rpc(node, 'query', { finality: 'final', request_type: 'view_gas_key_nonces', account_id: user.accountId, public_key: user.key.getPublicKey().toString() });
  t.like(plain.error, { cause: { name: 'UNKNOWN_GAS_KEY' } });
});

test.serial('85: a gas key pays its transactions\' gas, refunds included, while the account pays the deposits; nonces move per index', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const user = await account(node);
  const gas = KeyPair.fromRandom('ed25519');
  t.deepEqual(failureOf((await byUser(node, user, user.accountId, [addGasKeyAction(gas, 4)])).result!), undefined);
  const price = await gasPrice(node);

  // TransferToGasKey: the deposit leaves the account for the key; gas_key_transfer fees.
  let accountBefore = await balance(node, user.accountId);
  const fund = (await byUser(node, user, user.accountId, [transferToGasKeyAction(gas, 2n * NEAR)])).result!;
  t.deepEqual(failureOf(fund), undefined);
  t.is(gasOf(fund.transaction_outcome), send(p.action_receipt_creation, true) + send(p.action_gas_key_transfer, true) + send(p.action_gas_key_byte, true) * 33n);
  t.is(gasOf(fund.receipts_outcome[0]), p.action_receipt_creation.execution + p.action_gas_key_transfer.execution
    + p.action_gas_key_byte.execution * (1n + BigInt(user.accountId.length) + 1n + 33n + 27n));
  t.is(await gasKeyBalance(node, user.accountId, gas), 2n * NEAR);
  t.is(await balance(node, user.accountId), accountBefore - 2n * NEAR - totalBurnt(fund) * price);

  // A transfer signed by the gas key on nonce index 2: the account pays exactly the deposit, the key all the gas.
  const start = await nonces(node, user.accountId, gas);
  accountBefore = await balance(node, user.accountId);
  const rootBefore = await balance(node, ROOT_ACCOUNT);
  const paid = (await byGasKey(node, user, gas, start[2] + 1n, 2, ROOT_ACCOUNT, [transferAction(NEAR)])).result!;
  t.deepEqual(failureOf(paid), undefined);
  t.is(await balance(node, user.accountId), accountBefore - NEAR);
  t.is(await gasKeyBalance(node, user.accountId, gas), 2n * NEAR - totalBurnt(paid) * price, 'the gas refund (85: bought at min_gas_purchase_price) went back to the key');
  t.true((await balance(node, ROOT_ACCOUNT)) >= rootBefore + NEAR);
  t.deepEqual(await nonces(node, user.accountId, gas), [start[0], start[1], start[2] + 1n, start[3]]);
  const txView = (await rpc<{ transaction: Record<string, unknown> }>(node, 'tx', { tx_hash: paid.transaction_outcome.id, sender_account_id: user.accountId, wait_until: 'FINAL' })).result!;
  t.like(txView.transaction, { nonce: Number(start[2] + 1n), nonce_index: 2, public_key: gas.getPublicKey().toString() });
  // EXPERIMENTAL_changes for the key in the transaction's block: the access key (its balance) and the nonce written.
  const changes = (await rpc<{ changes: Array<{ type: string; change: Record<string, unknown> }> }>(node, 'EXPERIMENTAL_changes', {
    changes_type: 'single_access_key_changes', keys: [{ account_id: user.accountId, public_key: gas.getPublicKey().toString() }], block_id: paid.transaction_outcome.block_hash,
  })).result!.changes;
  t.deepEqual(changes.map((c) => c.type), ['access_key_update', 'gas_key_nonce_update']);
  t.deepEqual(changes[1].change, { account_id: user.accountId, public_key: gas.getPublicKey().toString(), index: 2, nonce: Number(start[2] + 1n) });

  // The same nonce on that index again, an index past the key's, and a transaction without an index.
  t.deepEqual(invalidTx(await byGasKey(node, user, gas, start[2] + 1n, 2, ROOT_ACCOUNT, [transferAction(1n)])), { InvalidNonce: { tx_nonce: Number(start[2] + 1n), ak_nonce: Number(start[2] + 1n) } });
  t.deepEqual(invalidTx(await byGasKey(node, user, gas, start[0] + 1n, 4, ROOT_ACCOUNT, [transferAction(1n)])), { InvalidNonceIndex: { tx_nonce_index: 4, num_nonces: 4 } });
  const plainNonce = signedV0({ signerId: user.accountId, key: gas, receiverId: ROOT_ACCOUNT, blockHash: await blockHash(node), nonce: start[0] + 1n, actions: [transferAction(1n)] });
  t.deepEqual(invalidTx(await broadcast(node, plainNonce)), { InvalidNonceIndex: { tx_nonce_index: null, num_nonces: 4 } });
  // Index 0 is still at its start: its next nonce goes through.
  t.deepEqual(failureOf((await byGasKey(node, user, gas, start[0] + 1n, 0, ROOT_ACCOUNT, [transferAction(1n)])).result!), undefined);

  // A deposit above the account's balance: NotEnoughBalanceForDeposit; the key's balance does not cover a large gas bill.
  const big = 10n ** 30n;
  const have = await balance(node, user.accountId);
  t.deepEqual(invalidTx(await byGasKey(node, user, gas, start[1] + 1n, 1, ROOT_ACCOUNT, [transferAction(big)])),
    { NotEnoughBalanceForDeposit: { signer_id: user.accountId, balance: have.toString(), cost: big.toString(), reason: 'NotEnoughBalance' } });
  // An unfunded gas key: the transfer's gas (verifier.rs gas_cost: burnt at the gas price, the rest at
  // max(gas price, min_gas_purchase_price)) is more than its zero balance.
  const empty = KeyPair.fromRandom('ed25519');
  t.deepEqual(failureOf((await byUser(node, user, user.accountId, [addGasKeyAction(empty, 1)])).result!), undefined);
  const [e0] = await nonces(node, user.accountId, empty);
  const burnt = send(p.action_receipt_creation, false) + send(p.action_transfer, false);
  const remaining = p.action_receipt_creation.execution + p.action_transfer.execution;
  const receiptPrice = price > p.min_gas_purchase_price ? price : p.min_gas_purchase_price;
  const cost = burnt * price + remaining * receiptPrice;
  t.deepEqual(invalidTx(await byGasKey(node, user, empty, e0 + 1n, 0, ROOT_ACCOUNT, [transferAction(1n)])),
    { NotEnoughGasKeyBalance: { signer_id: user.accountId, balance: '0', cost: cost.toString() } });
});

test.serial('85: WithdrawFromGasKey moves the key\'s balance to the account; more than it holds is InsufficientGasKeyBalance; DeleteKey burns up to 1 NEAR', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const user = await account(node);
  const gas = KeyPair.fromRandom('ed25519');
  const storageBefore = await usage(node, user.accountId);
  t.deepEqual(failureOf((await byUser(node, user, user.accountId, [addGasKeyAction(gas, 2), transferToGasKeyAction(gas, 3n * NEAR)])).result!), undefined);
  const price = await gasPrice(node);

  let before = await balance(node, user.accountId);
  const withdraw = (await byUser(node, user, user.accountId, [withdrawFromGasKeyAction(gas, NEAR)])).result!;
  t.deepEqual(failureOf(withdraw), undefined);
  t.is(gasOf(withdraw.transaction_outcome), send(p.action_receipt_creation, true) + send(p.action_gas_key_transfer, true) + send(p.action_gas_key_byte, true) * 33n);
  t.is(await gasKeyBalance(node, user.accountId, gas), 2n * NEAR);
  t.is(await balance(node, user.accountId), before + NEAR - totalBurnt(withdraw) * price);

  const tooMuch = (await byUser(node, user, user.accountId, [withdrawFromGasKeyAction(gas, 5n * NEAR)])).result!;
  t.deepEqual(actionError(tooMuch), { InsufficientGasKeyBalance: { account_id: user.accountId, public_key: gas.getPublicKey().toString(), balance: (2n * NEAR).toString(), required: (5n * NEAR).toString() } });
  // Only the account itself may withdraw (check_actor_permissions).
  const stranger = await account(node);
  const foreign = (await byUser(node, stranger, user.accountId, [withdrawFromGasKeyAction(gas, 1n)])).result!;
  t.deepEqual(actionError(foreign), { ActorNoPermission: { account_id: user.accountId, actor_id: stranger.accountId } });
  // TransferToGasKey is open to anyone, but only to a gas key.
  t.deepEqual(actionError((await byUser(node, stranger, user.accountId, [transferToGasKeyAction(user.key, 1n)])).result!),
    { GasKeyDoesNotExist: { account_id: user.accountId, public_key: user.key.getPublicKey().toString() } });

  // 2 NEAR is above MAX_BALANCE_TO_BURN: the deletion is refused, the key stays.
  const refused = (await byUser(node, user, user.accountId, [deleteKeyAction(gas)])).result!;
  t.deepEqual(actionError(refused), { GasKeyBalanceTooHigh: { account_id: user.accountId, public_key: gas.getPublicKey().toString(), balance: (2n * NEAR).toString() } });
  t.deepEqual(failureOf((await byUser(node, user, user.accountId, [withdrawFromGasKeyAction(gas, NEAR + NEAR / 2n)])).result!), undefined);
  before = await balance(node, user.accountId);
  const deleted = (await byUser(node, user, user.accountId, [deleteKeyAction(gas)])).result!;
  t.deepEqual(failureOf(deleted), undefined);
  // The half NEAR left on the key is burnt with it: in tokens_burnt, not in the account.
  t.is(tokensBurnt(deleted), totalBurnt(deleted) * price + NEAR / 2n);
  t.is(await balance(node, user.accountId), before - totalBurnt(deleted) * price);
  t.is(await usage(node, user.accountId), storageBefore);
});

test.serial('85: DeleteAccount burns its gas keys\' balances up to 1 NEAR in all (GasKeyBalanceTooHigh without a key above it)', async (t) => {
  const node = t.context[85];
  const user = await account(node);
  const [a, b] = [KeyPair.fromRandom('ed25519'), KeyPair.fromRandom('ed25519')];
  t.deepEqual(failureOf((await byUser(node, user, user.accountId, [addGasKeyAction(a, 1), addGasKeyAction(b, 1), transferToGasKeyAction(a, NEAR / 2n), transferToGasKeyAction(b, NEAR / 2n + 1n)])).result!), undefined);
  const deleteAccount = (beneficiary: string) => new Uint8Array([7, ...new Uint8Array(Buffer.from(new Uint32Array([beneficiary.length]).buffer)), ...Buffer.from(beneficiary)]);
  const refused = (await byUser(node, user, user.accountId, [deleteAccount(ROOT_ACCOUNT)])).result!;
  t.deepEqual(actionError(refused), { GasKeyBalanceTooHigh: { account_id: user.accountId, public_key: null, balance: (NEAR + 1n).toString() } });
  t.deepEqual(failureOf((await byUser(node, user, user.accountId, [withdrawFromGasKeyAction(b, 1n)])).result!), undefined);
  const price = await gasPrice(node);
  const deleted = (await byUser(node, user, user.accountId, [deleteAccount(ROOT_ACCOUNT)])).result!;
  // The deleting receipt succeeds (its gas refund then finds no account) and burns the gas keys'
  // whole 1 NEAR besides its gas.
  const own = deleted.receipts_outcome[0].outcome;
  t.deepEqual(own.status, { SuccessValue: '' });
  t.is(BigInt(own.tokens_burnt), BigInt(own.gas_burnt) * price + NEAR);
});

test.serial('85: gas-key AddKey validation: nonce count 1..1024, zero balance, no allowance on a function-call gas key', async (t) => {
  const node = t.context[85];
  const user = await account(node);
  const refused = async (act: Uint8Array) => invalidTx(await byUser(node, user, user.accountId, [act]));
  t.deepEqual(await refused(addGasKeyAction(KeyPair.fromRandom('ed25519'), 0)), { ActionsValidation: { GasKeyInvalidNumNonces: { requested_nonces: 0, limit: 1024 } } });
  t.deepEqual(await refused(addGasKeyAction(KeyPair.fromRandom('ed25519'), 1025)), { ActionsValidation: { GasKeyInvalidNumNonces: { requested_nonces: 1025, limit: 1024 } } });
  t.deepEqual(await refused(addGasKeyAction(KeyPair.fromRandom('ed25519'), 1, 5n)), { ActionsValidation: { AddGasKeyWithNonZeroBalance: { balance: '5' } } });
  t.deepEqual(await refused(addGasKeyFunctionCallAction(KeyPair.fromRandom('ed25519'), 1, ROOT_ACCOUNT, ['m'], 7n)), { ActionsValidation: 'GasKeyFunctionCallAllowanceNotAllowed' });

  // A function-call gas key: its view, and its permission checked on the transactions it signs.
  const fc = KeyPair.fromRandom('ed25519');
  t.deepEqual(failureOf((await byUser(node, user, user.accountId, [addGasKeyFunctionCallAction(fc, 1, ROOT_ACCOUNT, ['m']), transferToGasKeyAction(fc, NEAR)])).result!), undefined);
  t.like(await accessKey(node, user.accountId, fc), { nonce: 0, permission: { GasKeyFunctionCall: { balance: NEAR.toString(), num_nonces: 1, allowance: null, receiver_id: ROOT_ACCOUNT, method_names: ['m'] } } });
  const [n0] = await nonces(node, user.accountId, fc);
  t.deepEqual(invalidTx(await byGasKey(node, user, fc, n0 + 1n, 0, ROOT_ACCOUNT, [transferAction(1n)])), { InvalidAccessKeyError: 'RequiresFullAccess' });
  t.deepEqual(invalidTx(await byGasKey(node, user, fc, n0 + 1n, 0, user.accountId, [callAction('m', new Uint8Array(), 10n ** 12n)])),
    { InvalidAccessKeyError: { ReceiverMismatch: { tx_receiver: user.accountId, ak_receiver: ROOT_ACCOUNT } } });
});

test.serial('85: sandbox_patch_state writes a gas key (AccessKey with GasKeyFullAccess) and its nonces (GasKeyNonce records), which then sign', async (t) => {
  const node = t.context[85];
  const user = await account(node);
  const gas = KeyPair.fromRandom('ed25519');
  const pk = gas.getPublicKey().toString();
  const patched = await rpc(node, 'sandbox_patch_state', { records: [
    { AccessKey: { account_id: user.accountId, public_key: pk, access_key: { nonce: 0, permission: { GasKeyFullAccess: { balance: NEAR.toString(), num_nonces: 2 } } } } },
    { GasKeyNonce: { account_id: user.accountId, public_key: pk, index: 1, nonce: 7 } },
  ] });
  t.deepEqual(patched.result, {});
  t.like(await accessKey(node, user.accountId, gas), { permission: { GasKeyFullAccess: { balance: NEAR.toString(), num_nonces: 2 } } });
  t.deepEqual(await nonces(node, user.accountId, gas), [0n, 7n]);
  t.deepEqual(failureOf((await byGasKey(node, user, gas, 8n, 1, ROOT_ACCOUNT, [transferAction(1n)])).result!), undefined);
  t.deepEqual(await nonces(node, user.accountId, gas), [0n, 8n]);
  // A nonce for an index the key does not have, or for a key that is not a gas key, refuses the whole patch.
  const bad = await rpc(node, 'sandbox_patch_state', { records: [{ GasKeyNonce: { account_id: user.accountId, public_key: pk, index: 2, nonce: 1 } }] });
  t.regex(JSON.stringify(bad.error), /index 2 is not below/);
  const plain = await rpc(node, 'sandbox_patch_state', { records: [{ GasKeyNonce: { account_id: user.accountId, public_key: user.key.getPublicKey().toString(), index: 0, nonce: 1 } }] });
  t.regex(JSON.stringify(plain.error), /not a gas key/);
});

test.serial('84: gas keys are UnsupportedProtocolFeature GasKeys, a gas-key transaction InvalidTransactionVersion', async (t) => {
  const node = t.context[84];
  const user = await account(node);
  const gas = KeyPair.fromRandom('ed25519');
  const before = await balance(node, user.accountId);
  const unsupported = { ActionsValidation: { UnsupportedProtocolFeature: { protocol_feature: 'GasKeys', version: 84 } } };
  t.deepEqual(invalidTx(await byUser(node, user, user.accountId, [addGasKeyAction(gas, 1)])), unsupported);
  t.deepEqual(invalidTx(await byUser(node, user, user.accountId, [transferToGasKeyAction(user.key, 1n)])), unsupported);
  t.deepEqual(invalidTx(await byUser(node, user, user.accountId, [withdrawFromGasKeyAction(user.key, 1n)])), unsupported);
  t.is(invalidTx(await byGasKey(node, user, user.key, 1n, 0, ROOT_ACCOUNT, [transferAction(1n)])), 'InvalidTransactionVersion');
  t.is(await balance(node, user.accountId), before);
});

/** Action::DeleteKey (6) { public_key }. */
function deleteKeyAction(key: KeyPair): Uint8Array {
  const pk = key.getPublicKey();
  return new Uint8Array([6, pk.keyType, ...pk.data]);
}
