// NEP-366 meta transactions through near-api-js 7 on an in-process node at
// protocol 78 and 85: a relayer pays for a user's transfer, function call and
// UseGlobalContract inside a Delegate action; gas and balances are computed here
// from nearcore's parameters by nearcore's formulas (runtime/runtime/src/config.rs
// total_send_fees / total_prepaid_send_fees / total_prepaid_exec_fees, actions.rs
// apply_delegate_action), and each refusal carries nearcore's error
// (core/primitives/src/errors.rs).
import { actions, buildDelegateAction, KeyPair, KeyPairSigner, type Action, type DelegateAction, type SignedDelegate } from 'near-api-js';
import { accountOn, codeHash, failureOf, sendActions, useGlobalContractAction, type Outcome, type Signer } from '../../client/near.ts';
import { ROOT_ACCOUNT } from '../chain/genesis.ts';
import type { FeeValue } from '../params/types.ts';
import { assemble } from './gas/wasm.ts';
import { testAtVersions, type VersionNode as Node } from './version-nodes.ts';

const { createAccount, transfer, addFullAccessKey, addFunctionCallAccessKey, deployContract, deployGlobalContract, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const VERSIONS = [78, 85];

const test = testAtVersions(VERSIONS);

async function rpc<T>(node: Node, method: string, params: unknown): Promise<T> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { result?: T; error?: unknown };
  if (body.result === undefined) throw new Error(JSON.stringify(body.error));
  return body.result;
}
const balance = async (node: Node, accountId: string) =>
  BigInt((await rpc<{ amount: string }>(node, 'query', { request_type: 'view_account', finality: 'final', account_id: accountId })).amount);
const keyNonce = async (node: Node, accountId: string, publicKey: string) =>
  BigInt((await rpc<{ nonce: number }>(node, 'query', { request_type: 'view_access_key', finality: 'final', account_id: accountId, public_key: publicKey })).nonce);
const height = async (node: Node) => BigInt((await rpc<{ header: { height: number } }>(node, 'block', { finality: 'final' })).header.height);
const gasPrice = async (node: Node) => BigInt((await rpc<{ gas_price: string }>(node, 'gas_price', [null])).gas_price);

let names = 0;
/** A new sub-account of the root, 50 NEAR, with its own full-access key. */
async function account(node: Node, prefix: string): Promise<Signer & { key: KeyPair }> {
  const accountId = `${prefix}${names++}.${ROOT_ACCOUNT}`;
  const key = KeyPair.fromRandom('ed25519');
  await sendActions(node.server.url, node.root, accountId, [createAccount(), transfer(50n * NEAR), addFullAccessKey(key.getPublicKey())]);
  return { accountId, secretKey: key.toString(), key };
}

/** The user's delegate action, signed with `key` (the user's by default); nonce and expiry as near-api-js sets them unless given. */
async function signed(node: Node, user: Signer & { key: KeyPair }, receiverId: string, acts: Action[], options: { key?: KeyPair; nonce?: bigint; maxBlockHeight?: bigint } = {}): Promise<SignedDelegate> {
  const key = options.key ?? user.key;
  const nonce = options.nonce ?? (await keyNonce(node, user.accountId, user.key.getPublicKey().toString())) + 1n;
  const delegateAction: DelegateAction = buildDelegateAction({
    senderId: user.accountId, receiverId, actions: acts, nonce, maxBlockHeight: options.maxBlockHeight ?? (await height(node)) + 100n, publicKey: key.getPublicKey(),
  });
  return (await new KeyPairSigner(key).signDelegateAction(delegateAction)).signedDelegate;
}

/** The relayer sends `delegates` in one transaction to `receiverId` (the sender, as relayMetaTransaction does). */
function relay(node: Node, relayer: Signer, delegates: SignedDelegate[], receiverId = delegates[0].delegateAction.senderId): Promise<Outcome> {
  return sendActions(node.server.url, relayer, receiverId, delegates.map((d) => actions.signedDelegate(d)));
}

// nearcore's fee arithmetic.
const send = (f: FeeValue, sir: boolean) => (sir ? f.send_sir : f.send_not_sir);
const gasOf = (o: { outcome: { gas_burnt: number } }) => BigInt(o.outcome.gas_burnt);
/** gas_burnt of the transaction, the delegate receipt (at the sender) and the inner receipt, refunds left out. */
function burnt(outcome: Outcome) {
  const work = outcome.receipts_outcome.filter((r) => r.outcome.gas_burnt > 0);
  return { tx: gasOf(outcome.transaction_outcome), delegate: gasOf(work[0]), inner: work[1] ? gasOf(work[1]) : undefined, total: gasOf(outcome.transaction_outcome) + work.reduce((s, r) => s + gasOf(r), 0n) };
}
const kindOf = (outcome: Outcome) => (failureOf(outcome) as { ActionError?: { kind: unknown } } | undefined)?.ActionError?.kind;

for (const version of VERSIONS) {
  test.serial(`${version}: a relayer pays for a user's transfer; the user's key takes the delegate's nonce`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const [relayer, user, bob] = [await account(node, 'relayer'), await account(node, 'user'), await account(node, 'bob')];
    const before = { relayer: await balance(node, relayer.accountId), user: await balance(node, user.accountId), bob: await balance(node, bob.accountId) };
    const delegate = await signed(node, user, bob.accountId, [transfer(NEAR)]);
    const price = await gasPrice(node);
    const outcome = await accountOn(node.server.url, relayer.accountId, relayer.secretKey).relayMetaTransaction(delegate);
    t.deepEqual(failureOf(outcome), undefined);

    // Conversion: the delegate's send fee and its inner actions' at the outer sir (relayer → user: not sir).
    const gas = burnt(outcome);
    t.is(gas.tx, send(p.action_receipt_creation, false) + send(p.action_delegate, false) + send(p.action_transfer, false));
    // The delegate receipt burns its own execution fees and the inner receipt's send fees (user → bob: not sir).
    t.is(gas.delegate, p.action_receipt_creation.execution + p.action_delegate.execution + send(p.action_transfer, false));
    t.is(gas.inner, p.action_receipt_creation.execution + p.action_transfer.execution);
    // The relayer pays the deposit and every gas unit burnt at the gas price (the rest comes back); the user pays nothing.
    t.is(await balance(node, relayer.accountId), before.relayer - NEAR - gas.total * price);
    t.is(await balance(node, user.accountId), before.user);
    t.is(await balance(node, bob.accountId), before.bob + NEAR);
    t.is(await keyNonce(node, user.accountId, user.key.getPublicKey().toString()), delegate.delegateAction.nonce);

    // The inner receipt comes from the user (predecessor = sender_id), signed by the relayer.
    const status = await rpc<{ receipts: Array<{ predecessor_id: string; receiver_id: string; receipt: { Action?: { signer_id: string; actions: unknown[] } } }>; transaction: { actions: unknown[] } }>(
      node, 'EXPERIMENTAL_tx_status', { tx_hash: outcome.transaction_outcome.id, sender_account_id: relayer.accountId, wait_until: 'FINAL' });
    const inner = status.receipts.find((r) => r.receiver_id === bob.accountId && r.receipt.Action?.signer_id === relayer.accountId);
    t.is(inner?.predecessor_id, user.accountId);
    t.deepEqual(inner?.receipt.Action?.actions, [{ Transfer: { deposit: NEAR.toString() } }]);
    const view = (status.transaction.actions[0] as { Delegate: { delegate_action: Record<string, unknown>; signature: string } }).Delegate;
    t.like(view.delegate_action, { sender_id: user.accountId, receiver_id: bob.accountId, actions: [{ Transfer: { deposit: NEAR.toString() } }], public_key: user.key.getPublicKey().toString() });
    t.regex(view.signature, /^ed25519:/);
  });

  test.serial(`${version}: a function call inside a delegate: its gas is prepaid by the relayer, a failed call's deposit goes back to the user`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const [relayer, user, app] = [await account(node, 'relayer'), await account(node, 'user'), await account(node, 'app')];
    await sendActions(node.server.url, app, app.accountId, [deployContract(assemble({ functions: [{ export: 'noop', body: [] }] }))]);
    const price = await gasPrice(node);

    // A call that runs: the contract sees the user as predecessor; the relayer pays what was burnt.
    let before = await balance(node, relayer.accountId);
    let outcome = await relay(node, relayer, [await signed(node, user, app.accountId, [functionCall('noop', new Uint8Array(), 10n * TGAS, 0n)])]);
    t.deepEqual(failureOf(outcome), undefined);
    t.is(await balance(node, relayer.accountId), before - burnt(outcome).total * price);

    // A missing method: no wasm runs, so every figure is a fee; the deposit is refunded to the user.
    const args = new TextEncoder().encode('{"a":1}');
    const n = BigInt('missing'.length + args.length);
    const deposit = 7n;
    const userBefore = await balance(node, user.accountId);
    before = await balance(node, relayer.accountId);
    outcome = await relay(node, relayer, [await signed(node, user, app.accountId, [functionCall('missing', args, 10n * TGAS, deposit)])]);
    t.regex(JSON.stringify(failureOf(outcome)), /MethodNotFound/);
    const gas = burnt(outcome);
    const fcSend = (sir: boolean) => send(p.action_function_call, sir) + send(p.action_function_call_per_byte, sir) * n;
    t.is(gas.tx, send(p.action_receipt_creation, false) + send(p.action_delegate, false) + fcSend(false));
    t.is(gas.delegate, p.action_receipt_creation.execution + p.action_delegate.execution + fcSend(false));
    t.is(gas.inner, p.action_receipt_creation.execution + p.action_function_call.execution + p.action_function_call_per_byte.execution * n);
    t.is(await balance(node, relayer.accountId), before - gas.total * price - deposit);
    t.is(await balance(node, user.accountId), userBefore + deposit);
  });

  test.serial(`${version}: UseGlobalContract inside a delegate: the user's account runs the relayer's global contract`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const [relayer, user] = [await account(node, 'relayer'), await account(node, 'user')];
    const code = assemble({ functions: [{ export: 'noop', body: [] }, { export: 'other', body: [] }] });
    t.deepEqual(failureOf(await sendActions(node.server.url, relayer, relayer.accountId, [deployGlobalContract(code, 'codeHash')])), undefined);
    const hash = codeHash(code);
    const before = { relayer: await balance(node, relayer.accountId), user: await balance(node, user.accountId) };
    const price = await gasPrice(node);
    const outcome = await relay(node, relayer, [await signed(node, user, user.accountId, [useGlobalContractAction({ CodeHash: hash })])]);
    t.deepEqual(failureOf(outcome), undefined);
    const use = (sir: boolean) => send(p.action_use_global_contract, sir) + send(p.action_use_global_contract_per_identifier_byte, sir) * 32n;
    const gas = burnt(outcome);
    // Outer sir is relayer → user (false); the inner receipt is user → user (sir).
    t.is(gas.tx, send(p.action_receipt_creation, false) + send(p.action_delegate, false) + use(false));
    t.is(gas.delegate, p.action_receipt_creation.execution + p.action_delegate.execution + use(true));
    t.is(gas.inner, p.action_receipt_creation.execution + p.action_use_global_contract.execution + p.action_use_global_contract_per_identifier_byte.execution * 32n);
    t.is(await balance(node, relayer.accountId), before.relayer - gas.total * price);
    t.is(await balance(node, user.accountId), before.user);
    const view = await rpc<{ global_contract_hash?: string }>(node, 'query', { request_type: 'view_account', finality: 'final', account_id: user.accountId });
    t.is(view.global_contract_hash, hash);
    t.deepEqual(failureOf(await sendActions(node.server.url, relayer, user.accountId, [functionCall('other', new Uint8Array(), 10n * TGAS, 0n)])), undefined);
  });

  test.serial(`${version}: DeployGlobalContract inside a delegate: the user pays the code's global storage, the relayer the gas; then usable by account id`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const [relayer, user] = [await account(node, 'relayer'), await account(node, 'user')];
    const code = assemble({ functions: [{ export: 'noop', body: [] }, { export: 'third', body: [] }] });
    const length = BigInt(code.length);
    const before = { relayer: await balance(node, relayer.accountId), user: await balance(node, user.accountId) };
    const price = await gasPrice(node);
    const outcome = await relay(node, relayer, [await signed(node, user, user.accountId, [deployGlobalContract(code, 'accountId')])]);
    t.deepEqual(failureOf(outcome), undefined);
    const deploy = (sir: boolean) => send(p.action_deploy_global_contract, sir) + send(p.action_deploy_global_contract_per_byte, sir) * length;
    const gas = burnt(outcome);
    t.is(gas.tx, send(p.action_receipt_creation, false) + send(p.action_delegate, false) + deploy(false));
    t.is(gas.delegate, p.action_receipt_creation.execution + p.action_delegate.execution + deploy(true));
    t.is(gas.inner, p.action_receipt_creation.execution + p.action_deploy_global_contract.execution + p.action_deploy_global_contract_per_byte.execution * length);
    t.is(await balance(node, relayer.accountId), before.relayer - gas.total * price);
    t.is(await balance(node, user.accountId), before.user - p.global_contract_storage_amount_per_byte * length);
    t.deepEqual(failureOf(await relay(node, relayer, [await signed(node, user, user.accountId, [useGlobalContractAction({ AccountId: user.accountId })])])), undefined);
    t.like(await rpc(node, 'query', { request_type: 'view_account', finality: 'final', account_id: user.accountId }), { global_contract_account_id: user.accountId });
    t.deepEqual(failureOf(await sendActions(node.server.url, relayer, user.accountId, [functionCall('third', new Uint8Array(), 10n * TGAS, 0n)])), undefined);
  });

  test.serial(`${version}: refused delegate actions: bad signature, expired, sender mismatch, unknown key, used and too large nonces; the relayer gets the deposit and unused gas back`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const [relayer, user, bob] = [await account(node, 'relayer'), await account(node, 'user'), await account(node, 'bob')];
    const price = await gasPrice(node);
    const refused = async (delegate: SignedDelegate, receiverId?: string) => {
      const before = { relayer: await balance(node, relayer.accountId), bob: await balance(node, bob.accountId) };
      const outcome = await relay(node, relayer, [delegate], receiverId);
      const gas = burnt(outcome);
      t.is(gas.delegate, p.action_receipt_creation.execution + p.action_delegate.execution, 'only the delegate receipt\'s own fees are burnt');
      t.is(gas.inner, undefined);
      t.is(await balance(node, relayer.accountId), before.relayer - gas.total * price, 'the deposit and the inner gas are refunded');
      t.is(await balance(node, bob.accountId), before.bob);
      return kindOf(outcome);
    };
    const good = await signed(node, user, bob.accountId, [transfer(NEAR)]);
    // The signature covers every field: another nonce breaks it.
    const tampered = actions.signedDelegate({ delegateAction: buildDelegateAction({ ...good.delegateAction, actions: good.delegateAction.actions, nonce: good.delegateAction.nonce + 1n }), signature: good.signature });
    t.is(await refused(tampered.signedDelegate!), 'DelegateActionInvalidSignature');
    t.is(await refused(await signed(node, user, bob.accountId, [transfer(NEAR)], { maxBlockHeight: (await height(node)) - 1n })), 'DelegateActionExpired');
    t.deepEqual(await refused(good, bob.accountId), { DelegateActionSenderDoesNotMatchTxReceiver: { sender_id: user.accountId, receiver_id: bob.accountId } });
    const stranger = KeyPair.fromRandom('ed25519');
    t.deepEqual(await refused(await signed(node, user, bob.accountId, [transfer(NEAR)], { key: stranger })),
      { DelegateActionAccessKeyError: { AccessKeyNotFound: { account_id: user.accountId, public_key: stranger.getPublicKey().toString() } } });
    const akNonce = await keyNonce(node, user.accountId, user.key.getPublicKey().toString());
    t.deepEqual(await refused(await signed(node, user, bob.accountId, [transfer(NEAR)], { nonce: akNonce })),
      { DelegateActionInvalidNonce: { delegate_nonce: Number(akNonce), ak_nonce: Number(akNonce) } });
    // The upper bound is the height of the block that applies the delegate receipt × 1e6; a nonce far above any height.
    const tooLarge = 10n ** 15n;
    const kind = await refused(await signed(node, user, bob.accountId, [transfer(NEAR)], { nonce: tooLarge })) as { DelegateActionNonceTooLarge: { delegate_nonce: number; upper_bound: number } };
    t.is(kind.DelegateActionNonceTooLarge.delegate_nonce, Number(tooLarge));
    t.is(BigInt(kind.DelegateActionNonceTooLarge.upper_bound) % 1_000_000n, 0n);
    t.true(BigInt(kind.DelegateActionNonceTooLarge.upper_bound) > (await height(node) - 5n) * 1_000_000n);
    // None of them moved the key's nonce; the untouched delegate still goes through.
    t.is(await keyNonce(node, user.accountId, user.key.getPublicKey().toString()), akNonce);
    t.deepEqual(failureOf(await relay(node, relayer, [good])), undefined);
  });

  test.serial(`${version}: a function-call key may sign one FunctionCall without deposit to its receiver and methods (deposit first from 85)`, async (t) => {
    const node = t.context[version];
    const [relayer, user, app, other] = [await account(node, 'relayer'), await account(node, 'user'), await account(node, 'app'), await account(node, 'other')];
    await sendActions(node.server.url, app, app.accountId, [deployContract(assemble({ functions: [{ export: 'noop', body: [] }] }))]);
    const fcKey = KeyPair.fromRandom('ed25519');
    await sendActions(node.server.url, user, user.accountId, [addFunctionCallAccessKey(fcKey.getPublicKey(), app.accountId, ['noop'])]);
    const fcUser = { ...user, key: fcKey };
    const call = (method: string, deposit = 0n) => functionCall(method, new Uint8Array(), 10n * TGAS, deposit);
    const kind = async (receiverId: string, acts: Action[]) => kindOf(await relay(node, relayer, [await signed(node, fcUser, receiverId, acts)]));
    t.deepEqual(await kind(app.accountId, [transfer(1n)]), { DelegateActionAccessKeyError: 'RequiresFullAccess' });
    t.deepEqual(await kind(app.accountId, [call('noop'), call('noop')]), { DelegateActionAccessKeyError: 'RequiresFullAccess' });
    t.deepEqual(await kind(other.accountId, [call('noop')]), { DelegateActionAccessKeyError: { ReceiverMismatch: { tx_receiver: other.accountId, ak_receiver: app.accountId } } });
    t.deepEqual(await kind(app.accountId, [call('other')]), { DelegateActionAccessKeyError: { MethodNameMismatch: { method_name: 'other' } } });
    t.deepEqual(await kind(app.accountId, [call('noop', 1n)]), { DelegateActionAccessKeyError: 'DepositWithFunctionCall' });
    // A deposit to another receiver: from 85 the deposit error returns at once; before, the receiver check ran on and replaced it.
    t.deepEqual(await kind(other.accountId, [call('noop', 1n)]), version >= 85
      ? { DelegateActionAccessKeyError: 'DepositWithFunctionCall' }
      : { DelegateActionAccessKeyError: { ReceiverMismatch: { tx_receiver: other.accountId, ak_receiver: app.accountId } } });
    t.deepEqual(failureOf(await relay(node, relayer, [await signed(node, fcUser, app.accountId, [call('noop')])])), undefined);
  });
}

test.serial('85: two delegate actions in one transaction are refused (DelegateActionMustBeOnlyOne), as is a bad inner action', async (t) => {
  const node = t.context[85];
  const [relayer, user, bob] = [await account(node, 'relayer'), await account(node, 'user'), await account(node, 'bob')];
  const one = await signed(node, user, bob.accountId, [transfer(1n)]);
  const two = await signed(node, user, bob.accountId, [transfer(2n)], { nonce: one.delegateAction.nonce + 1n });
  const before = await balance(node, relayer.accountId);
  // near-api-js turns the InvalidTxError into a typed error named after nearcore's variant.
  const refusal = async (sent: Promise<unknown>) => (await t.throwsAsync(sent))?.constructor.name;
  t.is(await refusal(relay(node, relayer, [one, two])), 'DelegateActionMustBeOnlyOneActionError');
  t.regex(await refusal(relay(node, relayer, [await signed(node, user, bob.accountId, [functionCall('noop', new Uint8Array(), 0n, 0n)])])) ?? '', /FunctionCallZeroAttachedGas/);
  // near-api-js 7 encodes a nested delegate as its placeholder (discriminant 8, then a string); nearcore's
  // NonDelegateAction refuses discriminant 8 on decoding, so the transaction does not decode.
  const nested = await signed(node, user, bob.accountId, [new (Object.getPrototypeOf(transfer(1n)).constructor as new (v: object) => Action)({ signedDelegate: 'nested' })]);
  const decodeError = await t.throwsAsync(relay(node, relayer, [nested]));
  t.is(decodeError?.constructor.name, 'RpcRequestParseError');
  t.regex(decodeError?.message ?? '', /^Failed to decode transaction/);
  t.is(await balance(node, relayer.accountId), before);
});
