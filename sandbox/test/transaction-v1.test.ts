// nearcore's Transaction::V1 (core/primitives/src/transaction.rs, from GasKeys and
// StrictNonce at 85) sent as borsh through JSON-RPC to in-process nodes at 84 and 85:
// the tag byte 1, TransactionNonce { Nonce, GasKeyNonce }, NonceMode { Monotonic, Strict };
// verifier.rs verify_nonce's strict rule (exactly the key's nonce + 1); refusal before 85
// (InvalidTransactionVersion); and size_for_limits (the signature counts from 85).
// The bytes are written by hand from nearcore's struct layout (raw-tx.ts), not with the node's schema.
import { actions, KeyPair } from 'near-api-js';
import { failureOf, sendActions, type Outcome, type Signer } from '../../client/near.ts';
import { ROOT_ACCOUNT } from '../chain/genesis.ts';
import type { FeeValue } from '../params/types.ts';
import { callAction, signedV0, signedV1, transferAction, type Nonce } from './raw-tx.ts';
import { testAtVersions, type VersionNode as Node } from './version-nodes.ts';

const NEAR = 10n ** 24n;
const test = testAtVersions([84, 85]);

async function rpc<T>(node: Node, method: string, params: unknown): Promise<{ result?: T; error?: { data?: unknown } }> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as never;
}
async function view(node: Node, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  return (await rpc<Record<string, unknown>>(node, 'query', { finality: 'final', ...request })).result!;
}
const balance = async (node: Node, accountId: string) => BigInt((await view(node, { request_type: 'view_account', account_id: accountId })).amount as string);
const keyNonce = async (node: Node, signer: Signer & { key: KeyPair }) =>
  BigInt((await view(node, { request_type: 'view_access_key', account_id: signer.accountId, public_key: signer.key.getPublicKey().toString() })).nonce as number);
const invalidTx = (body: { error?: { data?: unknown } }) => (body.error?.data as { TxExecutionError?: { InvalidTxError?: unknown } } | undefined)?.TxExecutionError?.InvalidTxError;
const send = (f: FeeValue, sir: boolean) => (sir ? f.send_sir : f.send_not_sir);

/** The latest block's hash, for a transaction to name. */
const blockHash = async (node: Node) => (await rpc<{ header: { hash: string } }>(node, 'block', { finality: 'final' })).result!.header.hash;
type V1 = { nonce: Nonce; mode: 'Monotonic' | 'Strict'; receiverId: string; acts: Uint8Array[] };
const signedTx = async (node: Node, signer: Signer & { key: KeyPair }, tx: V1) =>
  signedV1({ signerId: signer.accountId, key: signer.key, receiverId: tx.receiverId, blockHash: await blockHash(node), actions: tx.acts, nonce: tx.nonce, mode: tx.mode });
const broadcast = (node: Node, bytes: Uint8Array) => rpc<Outcome>(node, 'broadcast_tx_commit', [Buffer.from(bytes).toString('base64')]);

let names = 0;
async function account(node: Node): Promise<Signer & { key: KeyPair }> {
  const accountId = `v1user${names++}.${ROOT_ACCOUNT}`;
  const key = KeyPair.fromRandom('ed25519');
  await sendActions(node.server.url, node.root, accountId, [actions.createAccount(), actions.transfer(50n * NEAR), actions.addFullAccessKey(key.getPublicKey())]);
  return { accountId, secretKey: key.toString(), key };
}

test.serial('85: a V1 transaction with a strict nonce needs exactly the key\'s nonce + 1; a monotonic one any higher nonce', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const user = await account(node);
  const start = await keyNonce(node, user);

  // Strict, two ahead: verify_nonce's InvalidNonce, nothing charged.
  const before = await balance(node, user.accountId);
  const skipped = await broadcast(node, await signedTx(node, user, { nonce: { nonce: start + 2n }, mode: 'Strict', receiverId: ROOT_ACCOUNT, acts: [transferAction(1n)] }));
  t.deepEqual(invalidTx(skipped), { InvalidNonce: { tx_nonce: Number(start + 2n), ak_nonce: Number(start) } });
  t.is(await balance(node, user.accountId), before);

  // Strict, next: accepted, and the key takes its nonce; the conversion is a V0 transfer's.
  const next = (await broadcast(node, await signedTx(node, user, { nonce: { nonce: start + 1n }, mode: 'Strict', receiverId: ROOT_ACCOUNT, acts: [transferAction(NEAR)] }))).result!;
  t.deepEqual(failureOf(next), undefined);
  t.is(BigInt(next.transaction_outcome.outcome.gas_burnt), send(p.action_receipt_creation, false) + send(p.action_transfer, false));
  t.is(await keyNonce(node, user), start + 1n);
  // SignedTransactionView shows a strict nonce mode (and leaves a monotonic one out).
  const strictView = (await rpc<{ transaction: Record<string, unknown> }>(node, 'tx', { tx_hash: next.transaction_outcome.id, sender_account_id: user.accountId, wait_until: 'FINAL' })).result!;
  t.is(strictView.transaction.nonce_mode, 'strict');
  t.false('nonce_index' in strictView.transaction);

  // Strict with the same nonce again: a new transaction (other deposit), InvalidNonce.
  const again = await broadcast(node, await signedTx(node, user, { nonce: { nonce: start + 1n }, mode: 'Strict', receiverId: ROOT_ACCOUNT, acts: [transferAction(2n)] }));
  t.deepEqual(invalidTx(again), { InvalidNonce: { tx_nonce: Number(start + 1n), ak_nonce: Number(start + 1n) } });

  // Monotonic V1 may jump ahead.
  const jump = (await broadcast(node, await signedTx(node, user, { nonce: { nonce: start + 10n }, mode: 'Monotonic', receiverId: ROOT_ACCOUNT, acts: [transferAction(1n)] }))).result!;
  t.deepEqual(failureOf(jump), undefined);
  t.is(await keyNonce(node, user), start + 10n);
  const status = (await rpc<{ transaction: { nonce: number; signer_id: string } }>(node, 'tx', { tx_hash: jump.transaction_outcome.id, sender_account_id: user.accountId, wait_until: 'FINAL' })).result!;
  t.like(status.transaction, { nonce: Number(start + 10n), signer_id: user.accountId });
  t.false('nonce_mode' in status.transaction);
});

test.serial('85: a gas-key nonce (nonce_index) on an ordinary access key is AccessKeyNotFound, as verify_and_charge_gas_key_tx_ephemeral answers', async (t) => {
  const node = t.context[85];
  const user = await account(node);
  const start = await keyNonce(node, user);
  const body = await broadcast(node, await signedTx(node, user, { nonce: { nonce: start + 1n, nonceIndex: 0 }, mode: 'Monotonic', receiverId: ROOT_ACCOUNT, acts: [transferAction(1n)] }));
  t.deepEqual(invalidTx(body), { InvalidAccessKeyError: { AccessKeyNotFound: { account_id: user.accountId, public_key: user.key.getPublicKey().toString() } } });
  t.is(await keyNonce(node, user), start);
});

test.serial('84: a V1 transaction is InvalidTransactionVersion, with a monotonic or a strict nonce', async (t) => {
  const node = t.context[84];
  const user = await account(node);
  const start = await keyNonce(node, user);
  const before = await balance(node, user.accountId);
  for (const mode of ['Monotonic', 'Strict'] as const) {
    const body = await broadcast(node, await signedTx(node, user, { nonce: { nonce: start + 1n }, mode, receiverId: ROOT_ACCOUNT, acts: [transferAction(1n)] }));
    t.is(invalidTx(body), 'InvalidTransactionVersion');
  }
  t.is(await balance(node, user.accountId), before);
  t.is(await keyNonce(node, user), start);
});

for (const version of [84, 85]) {
  test.serial(`${version}: max_transaction_size counts the ${version === 85 ? 'whole signed transaction' : 'transaction without its signature'} (size_for_limits)`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const user = await account(node);
    const start = await keyNonce(node, user);
    const limit = p.max_transaction_size;
    // A V0 transaction whose body is 10 bytes under the limit: with its 65-byte signature it is over.
    const shell = await signedCall(node, user, start + 1n, new Uint8Array());
    const bodyWithoutArgs = BigInt(shell.length - 65);
    const args = new Uint8Array(Number(limit - 10n - bodyWithoutArgs));
    const bytes = await signedCall(node, user, start + 1n, args);
    t.is(BigInt(bytes.length - 65), limit - 10n);
    const body = await broadcast(node, bytes);
    if (version === 85) {
      t.deepEqual(invalidTx(body), { TransactionSizeExceeded: { size: bytes.length, limit: Number(limit) } });
    } else {
      // Accepted: the call then fails for want of code.
      t.regex(JSON.stringify(failureOf(body.result!)), /CodeDoesNotExist/);
    }
  });
}

/** A V0 SignedTransaction (no tag byte, a plain u64 nonce) with one FunctionCall carrying `args`. */
async function signedCall(node: Node, signer: Signer & { key: KeyPair }, nonce: bigint, args: Uint8Array): Promise<Uint8Array> {
  return signedV0({ signerId: signer.accountId, key: signer.key, receiverId: signer.accountId, blockHash: await blockHash(node), nonce, actions: [callAction('m', args, 10n ** 12n)] });
}
