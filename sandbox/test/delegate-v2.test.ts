// DelegateV2 (action 14, protocol 85; core/primitives/src/action/delegate.rs,
// runtime/runtime/src/actions.rs apply_delegate_action) through JSON-RPC on in-process
// nodes at 84 and 85: a relayer sends a user's VersionedSignedDelegateAction signed under
// NEP-611; a plain nonce moves an ordinary key's nonce, a gas-key nonce one of a gas
// key's nonces; the mismatches fail with nearcore's DelegateActionAccessKeyError; the
// fees are a Delegate's. Written byte by byte (raw-tx.ts): near-api-js 7.3 has no DelegateV2.
import { actions, buildDelegateAction, KeyPair, KeyPairSigner } from 'near-api-js';
import { failureOf, sendActions, type Outcome, type Signer } from '../../client/near.ts';
import { ROOT_ACCOUNT } from '../chain/genesis.ts';
import type { FeeValue } from '../params/types.ts';
import { addGasKeyAction, delegateV2Action, signedV0, transferAction, type Nonce } from './raw-tx.ts';
import { testAtVersions, type VersionNode as Node } from './version-nodes.ts';

const NEAR = 10n ** 24n;
const test = testAtVersions([84, 85]);

async function rpc<T>(node: Node, method: string, params: unknown): Promise<{ result?: T; error?: { data?: unknown } }> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as never;
}
const view = async (node: Node, request: Record<string, unknown>) => (await rpc<Record<string, unknown>>(node, 'query', { finality: 'final', ...request })).result!;
const balance = async (node: Node, accountId: string) => BigInt((await view(node, { request_type: 'view_account', account_id: accountId })).amount as string);
const keyNonce = async (node: Node, accountId: string, key: KeyPair) => BigInt((await view(node, { request_type: 'view_access_key', account_id: accountId, public_key: key.getPublicKey().toString() })).nonce as number);
const nonces = async (node: Node, accountId: string, key: KeyPair) =>
  ((await view(node, { request_type: 'view_gas_key_nonces', account_id: accountId, public_key: key.getPublicKey().toString() })).nonces as number[]).map(BigInt);
const block = async (node: Node) => (await rpc<{ header: { hash: string; height: number } }>(node, 'block', { finality: 'final' })).result!.header;
const broadcast = (node: Node, bytes: Uint8Array) => rpc<Outcome>(node, 'broadcast_tx_commit', [Buffer.from(bytes).toString('base64')]);
const invalidTx = (body: { error?: { data?: unknown } }) => (body.error?.data as { TxExecutionError?: { InvalidTxError?: unknown } } | undefined)?.TxExecutionError?.InvalidTxError;
const actionError = (outcome: Outcome) => (failureOf(outcome) as { ActionError?: { kind: unknown } } | undefined)?.ActionError?.kind;
const send = (f: FeeValue, sir: boolean) => (sir ? f.send_sir : f.send_not_sir);

type User = Signer & { key: KeyPair };
let names = 0;
async function account(node: Node, prefix: string): Promise<User> {
  const accountId = `${prefix}${names++}.${ROOT_ACCOUNT}`;
  const key = KeyPair.fromRandom('ed25519');
  await sendActions(node.server.url, node.root, accountId, [actions.createAccount(), actions.transfer(50n * NEAR), actions.addFullAccessKey(key.getPublicKey())]);
  return { accountId, secretKey: key.toString(), key };
}

/** The relayer sends one transaction to the user carrying `delegate` (raw action bytes). */
async function relay(node: Node, relayer: User, receiverId: string, delegate: Uint8Array) {
  const nonce = (await keyNonce(node, relayer.accountId, relayer.key)) + 1n;
  return broadcast(node, signedV0({ signerId: relayer.accountId, key: relayer.key, receiverId, blockHash: (await block(node)).hash, nonce, actions: [delegate] }));
}
async function delegateOf(node: Node, user: User, key: KeyPair, nonce: Nonce, receiverId = ROOT_ACCOUNT, signer?: KeyPair) {
  return delegateV2Action({ senderId: user.accountId, receiverId, actions: [transferAction(NEAR)], nonce, maxBlockHeight: BigInt((await block(node)).height) + 100n, key, signer });
}

test.serial('85: a DelegateV2 with a plain nonce from an ordinary key and one with a gas-key nonce from a gas key are applied', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const [relayer, user] = [await account(node, 'relayer'), await account(node, 'user')];

  // Plain nonce: the user's key takes it; the relayer's conversion is a Delegate's (delegate + inner send fees).
  const n = (await keyNonce(node, user.accountId, user.key)) + 1n;
  const rootBefore = await balance(node, ROOT_ACCOUNT);
  const userBefore = await balance(node, user.accountId);
  const plain = (await relay(node, relayer, user.accountId, await delegateOf(node, user, user.key, { nonce: n }))).result!;
  t.deepEqual(failureOf(plain), undefined);
  t.is(BigInt(plain.transaction_outcome.outcome.gas_burnt), send(p.action_receipt_creation, false) + send(p.action_delegate, false) + send(p.action_transfer, false));
  t.is(await keyNonce(node, user.accountId, user.key), n);
  t.true((await balance(node, ROOT_ACCOUNT)) >= rootBefore + NEAR);
  t.is(await balance(node, user.accountId), userBefore, 'the relayer paid the deposit and the gas');
  const status = (await rpc<{ transaction: { actions: unknown[] } }>(node, 'tx', { tx_hash: plain.transaction_outcome.id, sender_account_id: relayer.accountId, wait_until: 'FINAL' })).result!;
  t.like(status.transaction.actions[0], { DelegateV2: { delegate_action: { V2: { sender_id: user.accountId, receiver_id: ROOT_ACCOUNT, nonce: { Nonce: { nonce: Number(n) } }, public_key: user.key.getPublicKey().toString() } } } });

  // Gas-key nonce on index 1 of a gas key: only that nonce moves; the key's balance pays nothing (the relayer does).
  const gas = KeyPair.fromRandom('ed25519');
  const nonce = (await keyNonce(node, user.accountId, user.key)) + 1n;
  const add = await broadcast(node, signedV0({ signerId: user.accountId, key: user.key, receiverId: user.accountId, blockHash: (await block(node)).hash, nonce, actions: [addGasKeyAction(gas, 3)] }));
  t.deepEqual(failureOf(add.result!), undefined);
  const start = await nonces(node, user.accountId, gas);
  const viaGasKey = (await relay(node, relayer, user.accountId, await delegateOf(node, user, gas, { nonce: start[1] + 1n, nonceIndex: 1 }))).result!;
  t.deepEqual(failureOf(viaGasKey), undefined);
  t.deepEqual(await nonces(node, user.accountId, gas), [start[0], start[1] + 1n, start[2]]);

  // The same delegate again: its nonce is used.
  const again = (await relay(node, relayer, user.accountId, await delegateOf(node, user, gas, { nonce: start[1] + 1n, nonceIndex: 1 }))).result!;
  t.deepEqual(actionError(again), { DelegateActionInvalidNonce: { delegate_nonce: Number(start[1] + 1n), ak_nonce: Number(start[1] + 1n) } });
});

test.serial('85: DelegateV2 refusals: a gas key with a plain nonce, an ordinary key with a gas-key nonce, an index past the key\'s, a bad signature; a Delegate (8) from a gas key', async (t) => {
  const node = t.context[85];
  const [relayer, user] = [await account(node, 'relayer'), await account(node, 'user')];
  const gas = KeyPair.fromRandom('ed25519');
  const nonce = (await keyNonce(node, user.accountId, user.key)) + 1n;
  t.deepEqual(failureOf((await broadcast(node, signedV0({ signerId: user.accountId, key: user.key, receiverId: user.accountId, blockHash: (await block(node)).hash, nonce, actions: [addGasKeyAction(gas, 2)] }))).result!), undefined);
  const [g0] = await nonces(node, user.accountId, gas);
  const kind = async (delegate: Uint8Array) => actionError((await relay(node, relayer, user.accountId, delegate)).result!);

  t.deepEqual(await kind(await delegateOf(node, user, gas, { nonce: g0 + 1n })), { DelegateActionAccessKeyError: 'DelegateActionRequiresNonGasKey' });
  const n = (await keyNonce(node, user.accountId, user.key)) + 1n;
  t.deepEqual(await kind(await delegateOf(node, user, user.key, { nonce: n, nonceIndex: 0 })), { DelegateActionAccessKeyError: 'DelegateActionRequiresGasKey' });
  t.deepEqual(await kind(await delegateOf(node, user, gas, { nonce: g0 + 1n, nonceIndex: 2 })), { DelegateActionInvalidNonceIndex: { nonce_index: 2, num_nonces: 2 } });
  // Signed by another key than the one it names: the NEP-611 hash does not verify.
  t.is(await kind(await delegateOf(node, user, gas, { nonce: g0 + 1n, nonceIndex: 0 }, ROOT_ACCOUNT, KeyPair.fromRandom('ed25519'))), 'DelegateActionInvalidSignature');
  t.deepEqual(await nonces(node, user.accountId, gas), [g0, g0]);

  // A classic Delegate signed by a gas key (near-api-js builds it): its plain nonce forbids gas keys.
  const classic = buildDelegateAction({ senderId: user.accountId, receiverId: ROOT_ACCOUNT, actions: [actions.transfer(1n)], nonce: g0 + 1n, maxBlockHeight: BigInt((await block(node)).height) + 100n, publicKey: gas.getPublicKey() });
  const { signedDelegate } = await new KeyPairSigner(gas).signDelegateAction(classic);
  const outcome = await sendActions(node.server.url, relayer, user.accountId, [actions.signedDelegate(signedDelegate)]);
  t.deepEqual(actionError(outcome), { DelegateActionAccessKeyError: 'DelegateActionRequiresNonGasKey' });
});

test.serial('84: a DelegateV2 is UnsupportedProtocolFeature DelegateV2', async (t) => {
  const node = t.context[84];
  const [relayer, user] = [await account(node, 'relayer'), await account(node, 'user')];
  const n = (await keyNonce(node, user.accountId, user.key)) + 1n;
  const before = await balance(node, relayer.accountId);
  t.deepEqual(invalidTx(await relay(node, relayer, user.accountId, await delegateOf(node, user, user.key, { nonce: n }))),
    { ActionsValidation: { UnsupportedProtocolFeature: { protocol_feature: 'DelegateV2', version: 84 } } });
  t.is(await balance(node, relayer.accountId), before);
});
