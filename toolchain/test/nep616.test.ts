// The NEP-616 and protocol-85 host functions our build binds (toolchain/c/near-nep616.c),
// called from TypeScript through src/lib/nep616.ts, on the local node at protocol 85
// through JSON-RPC with near-api-js, as a user calls them; and the build's protocol
// gate: a contract targeting 78 may not import them.
import anyTest, { type TestFn } from 'ava';
import { p256 } from '@noble/curves/p256';
import { sha256 } from '@noble/hashes/sha256';
import { keccak_256 } from '@noble/hashes/sha3';
import { base58 } from '@scure/base';
import { actions, type Account, type KeyPairString } from 'near-api-js';
import { fixtureOnNode } from './fixture-node.ts';
import { closeClang } from '../clang.ts';
import { hostFunctionsAt, hostFunctionSince, runtimeProtocol } from '../near-host-functions.ts';
import { checkWasmRules } from '../wasm-rules.ts';
import { deterministicAccountId } from '../../src/lib/deterministic-account-id.ts';
import { CHAIN_ID, ROOT_ACCOUNT } from '../../sandbox/chain/genesis.ts';
import type { RpcServer } from '../../sandbox/rpc/server.ts';

const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;

interface Context { server: RpcServer; wasm: Uint8Array; methods: string[]; root: Account; fixture: Account; rootKey: KeyPairString }
const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  const node = await fixtureOnNode('nep616', 85);
  // The same wasm as a global contract, by hash and by the root's account id, for the state inits.
  await node.root.signAndSendTransaction({ receiverId: ROOT_ACCOUNT, actions: [actions.deployGlobalContract(node.wasm, 'codeHash')] });
  await node.root.signAndSendTransaction({ receiverId: ROOT_ACCOUNT, actions: [actions.deployGlobalContract(node.wasm, 'accountId')] });
  t.context = node;
});
test.after.always(async (t) => { await t.context.server?.close(); closeClang(); });

const call = <T>(from: Account, contractId: string, methodName: string, args: object = {}, deposit = 0n) =>
  from.callFunction<T & object>({ contractId, methodName, args, deposit, gas: 100n * TGAS }) as Promise<T>;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('the host function table: each function from its protocol; the runtimes are 78, 82 and 85', (t) => {
  t.is(hostFunctionSince('storage_write'), 78);
  t.is(hostFunctionSince('promise_set_refund_to'), 82);
  t.is(hostFunctionSince('p256_verify'), 85);
  t.is(hostFunctionSince('no_such_function'), undefined);
  t.false(hostFunctionsAt(81).includes('promise_set_refund_to'));
  t.true(hostFunctionsAt(84).includes('current_contract_code'));
  t.false(hostFunctionsAt(84).includes('chain_id'));
  t.deepEqual([78, 81, 82, 84, 85, 86].map(runtimeProtocol), [78, 78, 82, 82, 85, 85]);
  t.throws(() => runtimeProtocol(77), { message: /builds target protocol 78 or later/ });
});

test('a contract built for 85 breaks the rules of a build for 78 or 82, naming each import and its protocol', (t) => {
  const { wasm, methods } = t.context;
  t.deepEqual(checkWasmRules(wasm, methods, 85).violations, []);
  const at82 = checkWasmRules(wasm, methods, 82).violations;
  // The 85 runtime binds every host function 85 adds (chain_id, p256_verify, the gas-key and yield-with-id ones), so its wasm imports them all.
  const added85 = hostFunctionsAt(85).filter((name) => hostFunctionSince(name) === 85);
  t.true(added85.includes('chain_id') && added85.includes('p256_verify'));
  t.deepEqual([...at82].sort(), added85.map((name) => `imports env.${name}: NEAR links it from protocol 85, this build targets 82`).sort());
  t.true(checkWasmRules(wasm, methods, 78).violations.includes('imports env.promise_set_refund_to: NEAR links it from protocol 82, this build targets 78'));
});

test('chainId is the genesis chain id; currentContractCode names the local code by its sha256', async (t) => {
  const { root, fixture, wasm } = t.context;
  t.is(await call<string>(root, fixture.accountId, 'chain_id'), CHAIN_ID);
  t.deepEqual(await call(root, fixture.accountId, 'contract_code'), { kind: 'Local', hash: hex(sha256(wasm)) });
});

test('p256Verify accepts a valid secp256r1 signature of a prehash and refuses a changed message', async (t) => {
  const { root, fixture } = t.context;
  const secret = p256.utils.randomPrivateKey();
  const message = sha256(new TextEncoder().encode('NEP-635'));
  const signature = p256.sign(message, secret, { prehash: false }).toCompactRawBytes();
  const args = { signature: hex(signature), message: hex(message), public_key: hex(p256.getPublicKey(secret, true)) };
  t.true(await call<boolean>(root, fixture.accountId, 'p256', args));
  const changed = Uint8Array.from(message, (b, i) => (i === 0 ? b ^ 1 : b));
  t.false(await call<boolean>(root, fixture.accountId, 'p256', { ...args, message: hex(changed) }));
});

test('refundToAccountId is the predecessor by default, and what promiseSetRefundTo set', async (t) => {
  const { root, fixture } = t.context;
  t.is(await call<string>(root, fixture.accountId, 'refund_to'), ROOT_ACCOUNT);
  t.is(await call<string>(root, fixture.accountId, 'forward_refund', { to: `carol.${ROOT_ACCOUNT}` }), `carol.${ROOT_ACCOUNT}`);
});

test('stateInit and stateInitByAccountId create the derived account with its data; the deposit goes to refund_to', async (t) => {
  const { root, fixture, wasm } = t.context;
  const hash = sha256(wasm);
  const dave = `dave.${ROOT_ACCOUNT}`;
  await root.signAndSendTransaction({ receiverId: dave, actions: [actions.createAccount(), actions.transfer(NEAR)] });
  const balance = async (id: string) => BigInt((await root.provider.viewAccount({ accountId: id, blockQuery: { finality: 'final' } })).amount);
  const daveBefore = await balance(dave);

  const data: Array<[Uint8Array, Uint8Array]> = [[new TextEncoder().encode('k'), new TextEncoder().encode('v')]];
  const byHash = await call<string>(root, fixture.accountId, 'init_state', { code_hash: hex(hash), key: 'k', value: 'v', refund_to: dave }, NEAR);
  t.is(byHash, deterministicAccountId({ CodeHash: hash }, data, keccak_256));
  const view = await root.provider.query<{ global_contract_hash?: string; amount: string }>({ request_type: 'view_account', finality: 'final', account_id: byHash });
  t.is(view.global_contract_hash, base58.encode(hash));
  t.is(view.amount, '0', 'a small deterministic account is a zero-balance account: it keeps nothing');
  t.is(await balance(dave) - daveBefore, NEAR, 'the whole deposit went to refund_to');
  const stored = await root.provider.query<{ values: Array<{ key: string; value: string }> }>({ request_type: 'view_state', finality: 'final', account_id: byHash, prefix_base64: '' });
  t.deepEqual(stored.values.map((v) => [Buffer.from(v.key, 'base64').toString(), Buffer.from(v.value, 'base64').toString()]), [['k', 'v']]);
  // (A near-sdk-js call method then saves its STATE, so the state is read first.)
  t.deepEqual(await call(root, byHash, 'contract_code'), { kind: 'GlobalCodeHash', hash: hex(hash) });

  const byAccount = await call<string>(root, fixture.accountId, 'init_state', { publisher: ROOT_ACCOUNT, key: 'k', value: 'v', refund_to: dave }, NEAR);
  t.is(byAccount, deterministicAccountId({ AccountId: ROOT_ACCOUNT }, data, keccak_256));
  t.deepEqual(await call(root, byAccount, 'contract_code'), { kind: 'GlobalAccountId', account_id: ROOT_ACCOUNT });
});
