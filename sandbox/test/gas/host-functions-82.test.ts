// Host functions of protocols 82-85 on the local node: NEP-616's state init from
// a contract (82), chain_id and p256_verify (85), each charged as logic.rs charges
// it, figures computed here from nearcore's parameters; and not linked before
// their version. Transactions go through near-api-js 7.
import { p256 } from '@noble/curves/p256';
import { keccak_256 } from '@noble/hashes/sha3';
import { actions, KeyPair, type Action } from 'near-api-js';
import { accountOn, type Outcome } from '../../../client/near.ts';
import { ROOT_ACCOUNT } from '../../chain/genesis.ts';
import type { FeeValue } from '../../params/types.ts';
import { testAtVersions, type Signer, type VersionNode } from '../version-nodes.ts';
import { assemble, chargedOps, frameSize, I64, op, type Func, type Instr } from './wasm.ts';

const { createAccount, transfer, addFullAccessKey, deployContract, deployGlobalContract, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const VERSIONS = [78, 85];

type Node = VersionNode;
const test = testAtVersions(VERSIONS);

function sendActions(node: Node, signer: Signer, receiverId: string, acts: Action[]): Promise<Outcome> {
  return accountOn(node.server.url, signer.accountId, signer.secretKey).signAndSendTransaction({ receiverId, actions: acts, throwOnFailure: false, waitUntil: 'FINAL' });
}

let names = 0;
async function account(node: Node, prefix: string): Promise<Signer> {
  const accountId = `${prefix}${names++}.${ROOT_ACCOUNT}`;
  const publicKey = KeyPair.fromString(node.root.secretKey as `ed25519:${string}`).getPublicKey();
  await sendActions(node, node.root, accountId, [createAccount(), transfer(50n * NEAR), addFullAccessKey(publicKey)]);
  return { accountId, secretKey: node.root.secretKey };
}

const send = (f: FeeValue, sir: boolean) => (sir ? f.send_sir : f.send_not_sir);
const bytes = (s: string) => BigInt(Buffer.byteLength(s));
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
/** nearcore's derive_near_deterministic_account_id for code = AccountId(owner), one entry. */
function derivedId(owner: string, key: string, value: string): string {
  const str = (s: string) => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s)]);
  const borsh = Buffer.concat([Buffer.from([0, 1]), str(owner), u32(1), str(key), str(value)]);
  return `0s${Buffer.from(keccak_256(borsh)).subarray(12).toString('hex')}`;
}

const IMPORTS = [
  { name: 'promise_batch_create', params: [I64, I64], results: [I64] },
  { name: 'promise_batch_action_state_init_by_account_id', params: [I64, I64, I64, I64], results: [I64] },
  { name: 'set_state_init_data_entry', params: [I64, I64, I64, I64, I64, I64] },
  { name: 'chain_id', params: [I64] },
  { name: 'input', params: [I64] },
  { name: 'read_register', params: [I64, I64] },
  { name: 'p256_verify', params: [I64, I64, I64, I64, I64, I64], results: [I64] },
  { name: 'value_return', params: [I64, I64] },
];
const F = Object.fromEntries(IMPORTS.map((i, n) => [i.name, n])) as Record<string, number>;
const AT = { derived: 0, owner: 64, key: 128, value: 136, deposit: 160, sig: 200, pk: 264, msg: 297, result: 400 };

function contract(derived: string, owner: string) {
  const m = Buffer.alloc(420);
  m.write(derived, AT.derived); m.write(owner, AT.owner); m.write('k', AT.key); m.write('v1', AT.value);
  const methods: Record<string, Func> = {
    init: { export: 'init', locals: [I64, I64], body: [
      op.i64(derived.length), op.i64(AT.derived), op.call(F.promise_batch_create), op.localSet(0),
      op.localGet(0), op.i64(owner.length), op.i64(AT.owner), op.i64(AT.deposit), op.call(F.promise_batch_action_state_init_by_account_id), op.localSet(1),
      op.localGet(0), op.localGet(1), op.i64(1), op.i64(AT.key), op.i64(2), op.i64(AT.value), op.call(F.set_state_init_data_entry),
    ] },
    chain: { export: 'chain', body: [op.i64(0), op.call(F.chain_id), op.i64(-1), op.i64(0), op.call(F.value_return)] },
    // Input: signature (64) || public key (33) || prehash (32); returns one byte, the verdict.
    p256: { export: 'p256', body: [
      op.i64(0), op.call(F.input), op.i64(0), op.i64(AT.sig), op.call(F.read_register),
      op.i32(AT.result), op.i64(64), op.i64(AT.sig), op.i64(32), op.i64(AT.msg), op.i64(33), op.i64(AT.pk), op.call(F.p256_verify), op.i64Store,
      op.i64(1), op.i64(AT.result), op.call(F.value_return),
    ] },
  };
  return { code: assemble({ imports: IMPORTS, functions: Object.values(methods), data: m }), methods };
}

const value = (o: Outcome) => Buffer.from((o.status as { SuccessValue: string }).SuccessValue, 'base64');

test.serial('85: gas of promise_batch_action_state_init_by_account_id, set_state_init_data_entry, chain_id and p256_verify is nearcore\'s', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const owner = await account(node, 'lib');
  const self = await account(node, 'host');
  const derived = derivedId(owner.accountId, 'k', 'v1');
  const { code, methods } = contract(derived, owner.accountId);
  await sendActions(node, owner, owner.accountId, [deployGlobalContract(code, 'accountId')]);
  await sendActions(node, self, self.accountId, [deployContract(code)]);

  const regular = p.wasm_regular_op_cost;
  const readMemory = (n: bigint) => p.wasm_read_memory_base + p.wasm_read_memory_byte * n;
  const utf8 = (n: bigint) => p.wasm_utf8_decoding_base + p.wasm_utf8_decoding_byte * n;
  const register = (n: bigint) => p.wasm_write_register_base + p.wasm_write_register_byte * n;
  const wasm = (f: Func) => p.wasm_contract_loading_base + p.wasm_contract_loading_bytes * BigInt(code.length)
    + BigInt(Math.floor((frameSize([], f.locals ?? []) + 7) / 8)) * regular + BigInt(chargedOps(f.body as Instr[])) * regular;
  const callReceipt = (method: string, argsLength = 0n) => p.action_receipt_creation.execution + p.action_function_call.execution + p.action_function_call_per_byte.execution * (bytes(method) + argsLength);
  const call = (method: string, args = new Uint8Array()) => sendActions(node, self, self.accountId, [functionCall(method, args, 100n * TGAS)]);

  // NEP-616: each function's base, its reads, and the action's send fees (not sir: the receipt goes to the derived id).
  const init = await call('init');
  t.deepEqual(init.status, { SuccessValue: '' });
  const stateInit = p.wasm_base + readMemory(bytes(owner.accountId)) + utf8(bytes(owner.accountId)) + readMemory(16n) + send(p.action_deterministic_state_init, false);
  const entry = p.wasm_base + readMemory(1n) + readMemory(2n) + send(p.action_deterministic_state_init_per_entry, false) + send(p.action_deterministic_state_init_per_byte, false) * 3n;
  const batchCreate = p.wasm_base + readMemory(bytes(derived)) + utf8(bytes(derived)) + send(p.action_receipt_creation, false);
  t.is(BigInt(init.receipts_outcome[0].outcome.gas_burnt), callReceipt('init') + wasm(methods.init) + batchCreate + stateInit + entry);

  // chain_id: the genesis chain id, into a register, returned from it.
  const chain = await call('chain');
  t.is(value(chain).toString(), node.genesis.chain_id);
  const id = bytes(node.genesis.chain_id);
  const valueReturn = p.wasm_base + p.wasm_read_register_base + p.wasm_read_register_byte * id;
  t.is(BigInt(chain.receipts_outcome[0].outcome.gas_burnt), callReceipt('chain') + wasm(methods.chain) + p.wasm_base + register(id) + valueReturn);

  // p256_verify: NEP-635's prehash verification, high-S accepted; no `base`, its own base and per-byte cost.
  const secret = p256.utils.randomPrivateKey();
  const publicKey = p256.getPublicKey(secret, true);
  const prehash = new Uint8Array(32).fill(7);
  const signature = p256.sign(prehash, secret, { prehash: false });
  const highS = new p256.Signature(signature.r, p256.CURVE.n - signature.s).toCompactRawBytes();
  const args = (sig: Uint8Array, msg: Uint8Array) => new Uint8Array([...sig, ...publicKey, ...msg]);
  const verify = async (sig: Uint8Array, msg: Uint8Array) => value(await call('p256', args(sig, msg)))[0];
  t.is(await verify(signature.toCompactRawBytes(), prehash), 1);
  t.is(await verify(highS, prehash), 1);
  t.is(await verify(signature.toCompactRawBytes(), new Uint8Array(32).fill(8)), 0);
  const outcome = await call('p256', args(signature.toCompactRawBytes(), prehash));
  const input = p.wasm_base + p.wasm_write_register_base; // from 82 the input is not copied: no per-byte register gas
  const readRegister = p.wasm_base + p.wasm_read_register_base + p.wasm_read_register_byte * 129n + p.wasm_write_memory_base + p.wasm_write_memory_byte * 129n;
  const p256Verify = p.wasm_p256_verify_base + readMemory(64n) + readMemory(32n) + p.wasm_p256_verify_byte * 32n + readMemory(33n);
  const ret = p.wasm_base + readMemory(1n);
  t.is(BigInt(outcome.receipts_outcome[0].outcome.gas_burnt), callReceipt('p256', 129n) + wasm(methods.p256) + input + readRegister + p256Verify + ret);
});

test.serial('78: state init, chain_id and p256_verify are not linked before their protocol', async (t) => {
  const node = t.context[78];
  const self = await account(node, 'host');
  const { code } = contract(`0s${'0'.repeat(40)}`, self.accountId);
  await sendActions(node, self, self.accountId, [deployContract(code)]);
  const outcome = await sendActions(node, self, self.accountId, [functionCall('chain', new Uint8Array(), 10n * TGAS)]);
  t.regex(JSON.stringify(outcome.status), /promise_batch_action_state_init_by_account_id|set_state_init_data_entry|chain_id|p256_verify/);
});

