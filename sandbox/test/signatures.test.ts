// Transaction and delegate signatures through JSON-RPC and near-api-js 7 on in-process
// nodes at protocol 84 and 85: secp256k1 (nearcore's Signature::verify: r ‖ s ‖ recovery
// id, low S) at both, ML-DSA-65 (PostQuantumSignatures, core/crypto/src/signature.rs) from
// 85 with nearcore's errors before; ML-DSA-65 access keys stored under their SHA3-256
// handle (listed as "ml-dsa-65-hash:…", 33 trie bytes); the verification cost
// (ml_dsa_65_verification_cost) burnt at conversion, for the signer and a delegate's
// inner signer (runtime/runtime/src/config.rs signature_verification_cost).
import { sha3_256 } from '@noble/hashes/sha3';
import { sha256 } from '@noble/hashes/sha256';
import { secp256k1 } from '@noble/curves/secp256k1';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { base58 } from '@scure/base';
import { actions, buildDelegateAction, createTransaction, KeyPair, KeyPairSigner, type Action, type PublicKey } from 'near-api-js';
import { accountOn, failureOf, sendActions, type Outcome, type Signer } from '../../client/near.ts';
import { ROOT_ACCOUNT } from '../chain/genesis.ts';
import type { FeeValue } from '../params/types.ts';
import { assemble, I64, op } from './gas/wasm.ts';
import { testAtVersions, type VersionNode as Node } from './version-nodes.ts';

const { createAccount, transfer, addFullAccessKey, addFunctionCallAccessKey, deleteKey } = actions;
const NEAR = 10n ** 24n;
const test = testAtVersions([84, 85]);

async function rpc<T>(node: Node, method: string, params: unknown): Promise<{ result?: T; error?: { data?: unknown; cause?: unknown } }> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as never;
}
async function result<T>(node: Node, method: string, params: unknown): Promise<T> {
  const body = await rpc<T>(node, method, params);
  if (body.result === undefined) throw new Error(JSON.stringify(body.error));
  return body.result;
}
const view = (node: Node, request: Record<string, unknown>) => result<Record<string, unknown>>(node, 'query', { finality: 'final', ...request });
const accountView = async (node: Node, accountId: string) => (await view(node, { request_type: 'view_account', account_id: accountId })) as { amount: string; storage_usage: number };
const balance = async (node: Node, accountId: string) => BigInt((await accountView(node, accountId)).amount);
const keyNonce = async (node: Node, accountId: string, publicKey: string) => BigInt((await view(node, { request_type: 'view_access_key', account_id: accountId, public_key: publicKey })).nonce as number);
const gasPrice = async (node: Node) => BigInt((await result<{ gas_price: string }>(node, 'gas_price', [null])).gas_price);
const height = async (node: Node) => BigInt((await result<{ header: { height: number } }>(node, 'block', { finality: 'final' })).header.height);
const send = (f: FeeValue, sir: boolean) => (sir ? f.send_sir : f.send_not_sir);
const totalBurnt = (o: Outcome) => [o.transaction_outcome, ...o.receipts_outcome].reduce((s, r) => s + BigInt(r.outcome.gas_burnt), 0n);

let names = 0;
/** A new sub-account of the root with 50 NEAR and a full-access ed25519 key. */
async function account(node: Node, prefix: string): Promise<Signer & { key: KeyPair }> {
  const accountId = `${prefix}${names++}.${ROOT_ACCOUNT}`;
  const key = KeyPair.fromRandom('ed25519');
  const outcome = await sendActions(node.server.url, node.root, accountId, [createAccount(), transfer(50n * NEAR), addFullAccessKey(key.getPublicKey())]);
  if (failureOf(outcome)) throw new Error(JSON.stringify(failureOf(outcome)));
  return { accountId, secretKey: key.toString(), key };
}

/** The borsh SignedTransaction near-api-js makes for `acts`, signed by `key` with the key's next nonce. */
async function signedBytes(node: Node, signerId: string, key: KeyPair, receiverId: string, acts: Action[]): Promise<Uint8Array> {
  const nonce = (await keyNonce(node, signerId, key.getPublicKey().toString())) + 1n;
  const block = await result<{ header: { hash: string } }>(node, 'block', { finality: 'final' });
  const tx = createTransaction(signerId, key.getPublicKey(), receiverId, nonce, acts, base58.decode(block.header.hash));
  return (await new KeyPairSigner(key).signTransaction(tx)).signedTransaction.encode();
}
const broadcast = (node: Node, bytes: Uint8Array) => rpc<Outcome>(node, 'broadcast_tx_commit', [Buffer.from(bytes).toString('base64')]);
const invalidTx = (body: { error?: { data?: unknown } }) => (body.error?.data as { TxExecutionError?: { InvalidTxError?: unknown } } | undefined)?.TxExecutionError?.InvalidTxError;

/** nearcore's on-trie id of an ML-DSA-65 key: sha3_256("near:ml-dsa-65-pubkey-hash:v1" ‖ key), hash_domain.rs. */
function mlDsaHandle(key: PublicKey): string {
  const tag = new TextEncoder().encode('near:ml-dsa-65-pubkey-hash:v1');
  return `ml-dsa-65-hash:${base58.encode(sha3_256(new Uint8Array([...tag, ...key.data])))}`;
}

test('ML-DSA-65 as nearcore: @noble/post-quantum derives nearcore\'s known-answer public key (signature.rs test_ml_dsa_65_known_answer, aws-lc-rs)', (t) => {
  // SecretKey::from_seed(MLDSA65, "kat-seed-v1"): the seed padded with spaces to 32 bytes (test_utils.rs), FIPS 204 KeyGen.
  const seed = new Uint8Array(32).fill(0x20);
  seed.set(new TextEncoder().encode('kat-seed-v1'));
  const { publicKey, secretKey } = ml_dsa65.keygen(seed);
  // sha256 of nearcore's KAT_PUBKEY string ("ml-dsa-65:JX86tc6E…", 2,677 characters), kept as its digest here.
  t.is(Buffer.from(sha256(new TextEncoder().encode(`ml-dsa-65:${base58.encode(publicKey)}`))).toString('hex'), '22b097c9418f5f44a7713f9c7b3a228555e594ff860d9895e02ec8133dea1e7a');
  const message = new TextEncoder().encode('kat-message-v1');
  t.true(ml_dsa65.verify(ml_dsa65.sign(message, secretKey), message, publicKey));
});

test.serial('85: an ML-DSA-65 key added by AddKey is stored under its hash (an ed25519 key\'s storage), signs a transfer that pays ml_dsa_65_verification_cost, and is deleted by its full key', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const user = await account(node, 'pq');
  const bob = await account(node, 'bob');
  const pq = KeyPair.fromRandom('ml-dsa-65');
  t.is(pq.getPublicKey().data.length, 1952);

  const usage = async () => BigInt((await accountView(node, user.accountId)).storage_usage);
  const before = await usage();
  t.deepEqual(failureOf(await sendActions(node.server.url, user, user.accountId, [addFullAccessKey(pq.getPublicKey())])), undefined);
  // access_key_storage_usage: trie id (tag 3 + 32-byte hash) + borsh(AccessKey) (u64 nonce + FullAccess tag) + record overhead.
  t.is(await usage(), before + 33n + 8n + 1n + p.storage_num_extra_bytes_record);
  const list = (await view(node, { request_type: 'view_access_key_list', account_id: user.accountId })).keys as Array<{ public_key: string }>;
  t.deepEqual(list.map((k) => k.public_key).sort(), [user.key.getPublicKey().toString(), mlDsaHandle(pq.getPublicKey())].sort());
  // view_access_key takes the full key, as nearcore's QueryRequest::ViewAccessKey { public_key: PublicKey }.
  const addedAt = await keyNonce(node, user.accountId, pq.getPublicKey().toString());

  const price = await gasPrice(node);
  const balances = { user: await balance(node, user.accountId), bob: await balance(node, bob.accountId) };
  const outcome = await accountOn(node.server.url, user.accountId, pq.toString())
    .signAndSendTransaction({ receiverId: bob.accountId, actions: [transfer(NEAR)], throwOnFailure: false, waitUntil: 'FINAL' });
  t.deepEqual(failureOf(outcome), undefined);
  t.is(BigInt(outcome.transaction_outcome.outcome.gas_burnt), send(p.action_receipt_creation, false) + send(p.action_transfer, false) + p.ml_dsa_65_verification_cost);
  t.is(p.ml_dsa_65_verification_cost, 100_000_000_000n);
  t.is(await balance(node, user.accountId), balances.user - NEAR - totalBurnt(outcome) * price);
  t.is(await balance(node, bob.accountId), balances.bob + NEAR);
  t.is(await keyNonce(node, user.accountId, pq.getPublicKey().toString()), addedAt + 1n);
  const status = await result<{ transaction: { public_key: string; signature: string } }>(node, 'tx', { tx_hash: outcome.transaction_outcome.id, sender_account_id: user.accountId, wait_until: 'FINAL' });
  t.is(status.transaction.public_key, pq.getPublicKey().toString());
  t.regex(status.transaction.signature, /^ml-dsa-65:/);

  // One changed bit of the signature: Signature::verify fails.
  const bytes = await signedBytes(node, user.accountId, pq, bob.accountId, [transfer(1n)]);
  const forged = new Uint8Array(bytes);
  forged[forged.length - 100] ^= 1;
  t.is(invalidTx(await broadcast(node, forged)), 'InvalidSignature');

  t.deepEqual(failureOf(await sendActions(node.server.url, user, user.accountId, [deleteKey(pq.getPublicKey())])), undefined);
  t.is(await usage(), before);
  const gone = (await view(node, { request_type: 'view_access_key_list', account_id: user.accountId })).keys as Array<{ public_key: string }>;
  t.deepEqual(gone.map((k) => k.public_key), [user.key.getPublicKey().toString()]);
});

test.serial('85: an ML-DSA-65 function-call key pays the verification cost from its allowance, on top of what an ed25519 key pays', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const user = await account(node, 'pqfc');
  const allowance = NEAR;
  const n = BigInt('missing'.length);
  const conversion = send(p.action_receipt_creation, true) + send(p.action_function_call, true) + send(p.action_function_call_per_byte, true) * n;
  /** The allowance the same failing call (no code: CodeDoesNotExist) uses when signed by a new function-call `key`. */
  const allowanceUsed = async (key: KeyPair) => {
    t.deepEqual(failureOf(await sendActions(node.server.url, user, user.accountId, [addFunctionCallAccessKey(key.getPublicKey(), user.accountId, ['missing'], allowance)])), undefined);
    const outcome = await accountOn(node.server.url, user.accountId, key.toString())
      .signAndSendTransaction({ receiverId: user.accountId, actions: [actions.functionCall('missing', new Uint8Array(), 10n ** 12n, 0n)], throwOnFailure: false, waitUntil: 'FINAL' });
    t.regex(JSON.stringify(failureOf(outcome)), /CodeDoesNotExist/);
    const view_ = await view(node, { request_type: 'view_access_key', account_id: user.accountId, public_key: key.getPublicKey().toString() });
    return { gas: BigInt(outcome.transaction_outcome.outcome.gas_burnt), used: allowance - BigInt((view_.permission as { FunctionCall: { allowance: string } }).FunctionCall.allowance) };
  };
  const ed = await allowanceUsed(KeyPair.fromRandom('ed25519'));
  const pq = await allowanceUsed(KeyPair.fromRandom('ml-dsa-65'));
  t.is(ed.gas, conversion);
  t.is(pq.gas, conversion + p.ml_dsa_65_verification_cost);
  // The verification gas is burnt at conversion (never refunded), bought at the gas price.
  t.is(pq.used - ed.used, p.ml_dsa_65_verification_cost * (await gasPrice(node)));
});

test.serial('84: ML-DSA-65 is refused: an AddKey of one is UnsupportedProtocolFeature, a transaction signed by one InvalidTransactionVersion', async (t) => {
  const node = t.context[84];
  const user = await account(node, 'pq');
  const pq = KeyPair.fromRandom('ml-dsa-65');
  const before = await balance(node, user.accountId);
  const add = await broadcast(node, await signedBytes(node, user.accountId, user.key, user.accountId, [addFullAccessKey(pq.getPublicKey())]));
  t.deepEqual(invalidTx(add), { ActionsValidation: { UnsupportedProtocolFeature: { protocol_feature: 'PostQuantumSignatures', version: 84 } } });
  t.is(await balance(node, user.accountId), before);

  // A key in state (written by sandbox_patch_state) still cannot sign before 85 (check_valid_for_config).
  const patched = await rpc(node, 'sandbox_patch_state', { records: [{ AccessKey: { account_id: user.accountId, public_key: pq.getPublicKey().toString(), access_key: { nonce: 0, permission: 'FullAccess' } } }] });
  t.deepEqual(patched.result, {});
  t.is(invalidTx(await broadcast(node, await signedBytes(node, user.accountId, pq, user.accountId, [transfer(1n)]))), 'InvalidTransactionVersion');
  t.is(await balance(node, user.accountId), before);
});

for (const version of [84, 85]) {
  test.serial(`${version}: a secp256k1 key signs transactions; a high-S twin of its signature, a bad recovery id and another key's signature are InvalidSignature`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const user = await account(node, 'secp');
    const key = KeyPair.fromRandom('secp256k1');
    const usage = BigInt((await accountView(node, user.accountId)).storage_usage);
    t.deepEqual(failureOf(await sendActions(node.server.url, user, user.accountId, [addFullAccessKey(key.getPublicKey())])), undefined);
    // AddKey's storage: tag + 64-byte key, u64 nonce, FullAccess tag, record overhead.
    t.is(BigInt((await accountView(node, user.accountId)).storage_usage), usage + 65n + 8n + 1n + p.storage_num_extra_bytes_record);
    const price = await gasPrice(node);
    const before = await balance(node, user.accountId);
    const outcome = await accountOn(node.server.url, user.accountId, key.toString())
      .signAndSendTransaction({ receiverId: ROOT_ACCOUNT, actions: [transfer(NEAR)], throwOnFailure: false, waitUntil: 'FINAL' });
    t.deepEqual(failureOf(outcome), undefined);
    // No verification cost for secp256k1 (signature_verification_costs: Secp256k1 => 0).
    t.is(BigInt(outcome.transaction_outcome.outcome.gas_burnt), send(p.action_receipt_creation, false) + send(p.action_transfer, false));
    t.is(await balance(node, user.accountId), before - NEAR - totalBurnt(outcome) * price);

    const bytes = await signedBytes(node, user.accountId, key, ROOT_ACCOUNT, [transfer(1n)]);
    const at = bytes.length - 65;
    const variant = (change: (sig: Uint8Array) => void) => { const copy = new Uint8Array(bytes); change(copy.subarray(at)); return copy; };
    // s → n - s with the recovery id's parity flipped is the same signature in high-S form: libsecp256k1 refuses it.
    const highS = variant((sig) => {
      const s = BigInt(`0x${Buffer.from(sig.subarray(32, 64)).toString('hex')}`);
      sig.set(Buffer.from((secp256k1.CURVE.n - s).toString(16).padStart(64, '0'), 'hex'), 32);
      sig[64] ^= 1;
    });
    t.is(invalidTx(await broadcast(node, highS)), 'InvalidSignature');
    t.is(invalidTx(await broadcast(node, variant((sig) => { sig[64] = 4; }))), 'InvalidSignature');
    const stranger = KeyPair.fromRandom('secp256k1');
    const foreign = stranger.sign(sha256(bytes.subarray(0, at - 1))).signature;
    t.is(invalidTx(await broadcast(node, variant((sig) => sig.set(foreign)))), 'InvalidSignature');
    t.deepEqual(failureOf((await broadcast(node, bytes)).result!), undefined, 'the original still goes through');
  });

  test.serial(`${version}: a delegate action signed with a secp256k1 key is applied`, async (t) => {
    const node = t.context[version];
    const [relayer, user] = [await account(node, 'relayer'), await account(node, 'suser')];
    const key = KeyPair.fromRandom('secp256k1');
    t.deepEqual(failureOf(await sendActions(node.server.url, user, user.accountId, [addFullAccessKey(key.getPublicKey())])), undefined);
    const nonce = (await keyNonce(node, user.accountId, key.getPublicKey().toString())) + 1n;
    const delegate = buildDelegateAction({ senderId: user.accountId, receiverId: ROOT_ACCOUNT, actions: [transfer(NEAR)], nonce, maxBlockHeight: (await height(node)) + 100n, publicKey: key.getPublicKey() });
    const { signedDelegate } = await new KeyPairSigner(key).signDelegateAction(delegate);
    const before = await balance(node, ROOT_ACCOUNT);
    const outcome = await sendActions(node.server.url, relayer, user.accountId, [actions.signedDelegate(signedDelegate)]);
    t.deepEqual(failureOf(outcome), undefined);
    t.is(await keyNonce(node, user.accountId, key.getPublicKey().toString()), nonce);
    t.true((await balance(node, ROOT_ACCOUNT)) >= before + NEAR);
  });
}

test.serial('85: a delegate action signed with ML-DSA-65: the relayer\'s conversion burns the inner signer\'s verification cost; at 84 it is UnsupportedProtocolFeature', async (t) => {
  for (const version of [85, 84]) {
    const node = t.context[version];
    const { p } = node;
    const [relayer, user, bob] = [await account(node, 'relayer'), await account(node, 'puser'), await account(node, 'bob')];
    const pq = KeyPair.fromRandom('ml-dsa-65');
    if (version === 84) {
      await rpc(node, 'sandbox_patch_state', { records: [{ AccessKey: { account_id: user.accountId, public_key: pq.getPublicKey().toString(), access_key: { nonce: 0, permission: 'FullAccess' } } }] });
    } else {
      t.deepEqual(failureOf(await sendActions(node.server.url, user, user.accountId, [addFullAccessKey(pq.getPublicKey())])), undefined);
    }
    const nonce = (await keyNonce(node, user.accountId, pq.getPublicKey().toString())) + 1n;
    const delegate = buildDelegateAction({ senderId: user.accountId, receiverId: bob.accountId, actions: [transfer(NEAR)], nonce, maxBlockHeight: (await height(node)) + 100n, publicKey: pq.getPublicKey() });
    const { signedDelegate } = await new KeyPairSigner(pq).signDelegateAction(delegate);
    const bytes = await signedBytes(node, relayer.accountId, relayer.key, user.accountId, [actions.signedDelegate(signedDelegate)]);
    const body = await broadcast(node, bytes);
    if (version === 84) {
      t.deepEqual(invalidTx(body), { ActionsValidation: { UnsupportedProtocolFeature: { protocol_feature: 'PostQuantumSignatures', version: 84 } } });
      continue;
    }
    const outcome = body.result!;
    t.deepEqual(failureOf(outcome), undefined);
    // The relayer signs with ed25519 (no cost); the inner ML-DSA-65 signer costs ml_dsa_65_verification_cost.
    t.is(BigInt(outcome.transaction_outcome.outcome.gas_burnt),
      send(p.action_receipt_creation, false) + send(p.action_delegate, false) + send(p.action_transfer, false) + p.ml_dsa_65_verification_cost);
    t.is(await keyNonce(node, user.accountId, pq.getPublicKey().toString()), nonce);
    const status = await result<{ transaction: { actions: Array<{ Delegate: { signature: string; delegate_action: { public_key: string } } }> } }>(
      node, 'tx', { tx_hash: outcome.transaction_outcome.id, sender_account_id: relayer.accountId, wait_until: 'FINAL' });
    t.regex(status.transaction.actions[0].Delegate.signature, /^ml-dsa-65:/);
    t.is(status.transaction.actions[0].Delegate.delegate_action.public_key, pq.getPublicKey().toString());
  }
});

test.serial('85: an ed25519 signature with any of the top three bits of its last byte set does not decode (a parse error, as signature.rs)', async (t) => {
  const node = t.context[85];
  const user = await account(node, 'edbits');
  const bytes = await signedBytes(node, user.accountId, user.key, ROOT_ACCOUNT, [transfer(1n)]);
  const bad = new Uint8Array(bytes);
  bad[bad.length - 1] |= 0b0010_0000;
  const body = await broadcast(node, bad);
  t.like(body.error, { cause: { name: 'PARSE_ERROR' } });
  t.regex(JSON.stringify(body.error), /signature error/);
  t.deepEqual(failureOf((await broadcast(node, bytes)).result!), undefined);
});

/** A contract whose `add` sends itself an AddKey (full access) of `key`'s borsh bytes (logic.rs promise_batch_action_add_key_with_full_access). */
function addKeyContract(self: string, key: Uint8Array): Uint8Array {
  const data = Buffer.alloc(64 + key.length);
  data.write(self, 0);
  data.set(key, 64);
  return assemble({
    imports: [{ name: 'promise_batch_create', params: [I64, I64], results: [I64] }, { name: 'promise_batch_action_add_key_with_full_access', params: [I64, I64, I64, I64] }],
    data,
    functions: [{ export: 'add', locals: [I64], body: [
      op.i64(self.length), op.i64(0), op.call(0), op.localSet(0),
      op.localGet(0), op.i64(key.length), op.i64(64), op.i64(0), op.call(1),
    ] }],
  });
}

for (const version of [84, 85]) {
  test.serial(`${version}: a contract adds an ML-DSA-65 key${version === 85 ? ' that then signs' : ': the new receipt fails validation (UnsupportedProtocolFeature PostQuantumSignatures)'}`, async (t) => {
    const node = t.context[version];
    const user = await account(node, 'pqvm');
    const pq = KeyPair.fromRandom('ml-dsa-65');
    const code = addKeyContract(user.accountId, new Uint8Array([2, ...pq.getPublicKey().data]));
    t.deepEqual(failureOf(await sendActions(node.server.url, user, user.accountId, [actions.deployContract(code)])), undefined);
    const outcome = await sendActions(node.server.url, user, user.accountId, [actions.functionCall('add', new Uint8Array(), 10n ** 13n, 0n)]);
    if (version === 84) {
      t.deepEqual((failureOf(outcome) as { ActionError?: { kind: unknown } }).ActionError?.kind,
        { NewReceiptValidationError: { ActionsValidation: { UnsupportedProtocolFeature: { protocol_feature: 'PostQuantumSignatures', version: 84 } } } });
      return;
    }
    t.deepEqual(failureOf(outcome), undefined);
    const list = (await view(node, { request_type: 'view_access_key_list', account_id: user.accountId })).keys as Array<{ public_key: string }>;
    t.true(list.some((k) => k.public_key === mlDsaHandle(pq.getPublicKey())));
    const signed = await accountOn(node.server.url, user.accountId, pq.toString()).signAndSendTransaction({ receiverId: ROOT_ACCOUNT, actions: [transfer(1n)], throwOnFailure: false, waitUntil: 'FINAL' });
    t.deepEqual(failureOf(signed), undefined);
  });
}
