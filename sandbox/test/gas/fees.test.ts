// Gas of transactions and receipts on the local node, at protocol 78 and 85,
// against figures computed here from nearcore's parameters by nearcore's
// formulas (runtime/runtime/src/config.rs for action fees, logic.rs for host
// functions, finite-wasm for wasm). Transactions go through JSON-RPC.
import anyTest, { type TestFn } from 'ava';
import { actions, KeyPair } from 'near-api-js';
import { sendActions, type Outcome, type Signer } from '../../../client/near.ts';
import { Chain } from '../../chain/chain.ts';
import { ROOT_ACCOUNT, sandboxGenesis } from '../../chain/genesis.ts';
import { resolveParameters } from '../../params/resolve.ts';
import type { FeeValue, Parameters } from '../../params/types.ts';
import { startRpcServer, type RpcServer } from '../../rpc/server.ts';
import { assemble, chargedOps, frameSize, I64, op, type Func, type Instr } from './wasm.ts';

const { createAccount, transfer, addFullAccessKey, addFunctionCallAccessKey, deployContract, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const VERSIONS = [78, 85];

interface Node { server: RpcServer; root: Signer; p: Parameters; version: number }
const test = anyTest as TestFn<Record<number, Node>>;

test.before(async (t) => {
  for (const version of VERSIONS) {
    const key = KeyPair.fromRandom('ed25519');
    const chain = new Chain({ ...sandboxGenesis(key.getPublicKey().toString()), protocol_version: version });
    const server = await startRpcServer(chain, '127.0.0.1', 0);
    t.context[version] = { server, root: { accountId: ROOT_ACCOUNT, secretKey: key.toString() }, p: resolveParameters(version), version };
  }
});
test.after.always(async (t) => { for (const v of VERSIONS) await t.context[v]?.server.close(); });

// nearcore's fee arithmetic.
const send = (f: FeeValue, sir: boolean) => (sir ? f.send_sir : f.send_not_sir);
const bytes = (s: string) => BigInt(Buffer.byteLength(s));

/** gas_burnt of the transaction outcome and of each receipt outcome, in order. */
function burnt(outcome: Outcome): { tx: bigint; receipts: bigint[] } {
  return { tx: BigInt(outcome.transaction_outcome.outcome.gas_burnt), receipts: outcome.receipts_outcome.map((r) => BigInt(r.outcome.gas_burnt)) };
}

let names = 0;
/** A new sub-account of the root with the root's key, 50 NEAR. */
async function account(node: Node, prefix: string): Promise<Signer> {
  const accountId = `${prefix}${names++}.${ROOT_ACCOUNT}`;
  const publicKey = KeyPair.fromString(node.root.secretKey as `ed25519:${string}`).getPublicKey();
  await sendActions(node.server.url, node.root, accountId, [createAccount(), transfer(50n * NEAR), addFullAccessKey(publicKey)]);
  return { accountId, secretKey: node.root.secretKey };
}

async function balance(node: Node, accountId: string): Promise<bigint> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'query', params: { request_type: 'view_account', finality: 'final', account_id: accountId } }) });
  return BigInt(((await res.json()) as { result: { amount: string } }).result.amount);
}

for (const version of VERSIONS) {
  test.serial(`${version}: Transfer to oneself and to another account`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const alice = await account(node, 'alice');
    const bob = await account(node, 'bob');
    for (const [receiver, sir] of [[alice.accountId, true], [bob.accountId, false]] as const) {
      const gas = burnt(await sendActions(node.server.url, alice, receiver, [transfer(1n)]));
      t.is(gas.tx, send(p.action_receipt_creation, sir) + send(p.action_transfer, sir));
      t.is(gas.receipts[0], p.action_receipt_creation.execution + p.action_transfer.execution);
    }
  });

  test.serial(`${version}: CreateAccount, Transfer, AddKey (full and function-call) on a new account, and AddKey on oneself`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const alice = await account(node, 'alice');
    const key = KeyPair.fromRandom('ed25519').getPublicKey();
    const methods = ['a', 'bcd'];
    const methodBytes = methods.reduce((n, m) => n + bytes(m) + 1n, 0n); // each name with its null terminator
    const created = burnt(await sendActions(node.server.url, alice, `sub.${alice.accountId}`, [
      createAccount(), transfer(NEAR), addFullAccessKey(key), addFunctionCallAccessKey(KeyPair.fromRandom('ed25519').getPublicKey(), alice.accountId, methods),
    ]));
    const fcKey = (sir: boolean) => send(p.action_add_function_call_key, sir) + send(p.action_add_function_call_key_per_byte, sir) * methodBytes;
    t.is(created.tx, send(p.action_receipt_creation, false) + send(p.action_create_account, false) + send(p.action_transfer, false)
      + send(p.action_add_full_access_key, false) + fcKey(false));
    t.is(created.receipts[0], p.action_receipt_creation.execution + p.action_create_account.execution + p.action_transfer.execution
      + p.action_add_full_access_key.execution + p.action_add_function_call_key.execution + p.action_add_function_call_key_per_byte.execution * methodBytes);
    const own = burnt(await sendActions(node.server.url, alice, alice.accountId, [addFunctionCallAccessKey(KeyPair.fromRandom('ed25519').getPublicKey(), alice.accountId, methods)]));
    t.is(own.tx, send(p.action_receipt_creation, true) + fcKey(true));
  });

  test.serial(`${version}: DeployContract on oneself and on a new account pay per byte of code, sir or not`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const alice = await account(node, 'alice');
    const code = assemble({ functions: [{ export: 'noop', body: [] }] });
    const deploy = (sir: boolean) => send(p.action_deploy_contract, sir) + send(p.action_deploy_contract_per_byte, sir) * BigInt(code.length);
    const deployExec = p.action_deploy_contract.execution + p.action_deploy_contract_per_byte.execution * BigInt(code.length);
    const own = burnt(await sendActions(node.server.url, alice, alice.accountId, [deployContract(code)]));
    t.is(own.tx, send(p.action_receipt_creation, true) + deploy(true));
    t.is(own.receipts[0], p.action_receipt_creation.execution + deployExec);
    const other = burnt(await sendActions(node.server.url, alice, `app.${alice.accountId}`, [createAccount(), transfer(5n * NEAR), deployContract(code)]));
    t.is(other.tx, send(p.action_receipt_creation, false) + send(p.action_create_account, false) + send(p.action_transfer, false) + deploy(false));
    t.is(other.receipts[0], p.action_receipt_creation.execution + p.action_create_account.execution + p.action_transfer.execution + deployExec);
  });

  test.serial(`${version}: FunctionCall fees (200 Ggas send, 780 Ggas execution, per byte sir or not); a missing method costs no wasm gas`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const alice = await account(node, 'alice');
    const bob = await account(node, 'bob');
    await sendActions(node.server.url, alice, alice.accountId, [deployContract(assemble({ functions: [{ export: 'noop', body: [] }] }))]);
    const args = new TextEncoder().encode('{"some":"arguments"}');
    const n = bytes('missing') + BigInt(args.length);
    for (const [signer, sir] of [[alice, true], [bob, false]] as const) {
      const outcome = await sendActions(node.server.url, signer, alice.accountId, [functionCall('missing', args, 30n * TGAS)]);
      t.regex(JSON.stringify(outcome.status), /MethodNotFound/);
      const gas = burnt(outcome);
      t.is(gas.tx, send(p.action_receipt_creation, sir) + send(p.action_function_call, sir) + send(p.action_function_call_per_byte, sir) * n);
      t.is(gas.receipts[0], p.action_receipt_creation.execution + p.action_function_call.execution + p.action_function_call_per_byte.execution * n);
    }
    t.is(p.action_function_call.send_not_sir, 200_000_000_000n);
    t.is(p.action_function_call.execution, 780_000_000_000n);
  });

  test.serial(`${version}: when an action fails, the execution fees of the actions after it are refunded`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const alice = await account(node, 'alice');
    await sendActions(node.server.url, alice, alice.accountId, [deployContract(assemble({ functions: [{ export: 'noop', body: [] }] }))]);
    const before = await balance(node, alice.accountId);
    const outcome = await sendActions(node.server.url, alice, alice.accountId, [functionCall('missing', new Uint8Array(), 10n * TGAS), transfer(NEAR), deployContract(new Uint8Array(100))]);
    t.regex(JSON.stringify(outcome.status), /MethodNotFound/);
    const gas = burnt(outcome);
    // The receipt burns its own execution fee and the failing call's; Transfer and DeployContract are never applied.
    t.is(gas.receipts[0], p.action_receipt_creation.execution + p.action_function_call.execution + p.action_function_call_per_byte.execution * bytes('missing'));
    // Everything else (attached gas, the later actions' execution fees, the deposit) comes back: the signer pays exactly the gas burnt.
    const gasPrice = 100_000_000n;
    t.is(before - (await balance(node, alice.accountId)), (gas.tx + gas.receipts.reduce((a, b) => a + b, 0n)) * gasPrice);
  });
}

// A contract that creates promises, for the host-function fees of logic.rs.
const SELF = 'c.test.near'; // at memory 32
const OTHER = 'bob.test.near'; // at memory 0
const MEMORY = (() => {
  const m = new Uint8Array(160);
  m.set(Buffer.from(OTHER), 0);
  m.set(Buffer.from(SELF), 32);
  m.set(Buffer.from('m'), 64); // method "m"; 16 zero bytes at 96 are the amount
  m.set(Buffer.from('ret'), 72);
  return m;
})();
const at = (name: string) => (name === SELF ? 32 : 0);
const INNER_GAS = 5n * TGAS;
const IMPORTS = [
  { name: 'promise_batch_create', params: [I64, I64], results: [I64] },
  { name: 'promise_batch_action_function_call', params: [I64, I64, I64, I64, I64, I64, I64] },
  { name: 'promise_create', params: [I64, I64, I64, I64, I64, I64, I64, I64], results: [I64] },
  { name: 'promise_then', params: [I64, I64, I64, I64, I64, I64, I64, I64, I64], results: [I64] },
  { name: 'promise_and', params: [I64, I64], results: [I64] },
  { name: 'promise_batch_then', params: [I64, I64, I64], results: [I64] },
  { name: 'value_return', params: [I64, I64] },
];
const F = Object.fromEntries(IMPORTS.map((i, n) => [i.name, n])) as Record<string, number>;
const acct = (name: string) => [op.i64(name.length), op.i64(at(name))];
const call = (method: 'm' | 'ret') => [op.i64(method.length), op.i64(method === 'm' ? 64 : 72), op.i64(0), op.i64(0), op.i64(96), op.i64(INNER_GAS)];
const METHODS: Record<string, Func> = {
  batch_self: { export: 'batch_self', locals: [I64], body: [...acct(SELF), op.call(F.promise_batch_create), op.localSet(0), op.localGet(0), ...call('m'), op.call(F.promise_batch_action_function_call)] },
  batch_other: { export: 'batch_other', locals: [I64], body: [...acct(OTHER), op.call(F.promise_batch_create), op.localSet(0), op.localGet(0), ...call('m'), op.call(F.promise_batch_action_function_call)] },
  // promise_create on OTHER, then a callback on SELF: promise_create and promise_then each pay `base` twice.
  create_then: { export: 'create_then', body: [...acct(OTHER), ...call('m'), op.call(F.promise_create), ...acct(SELF), ...call('m'), op.call(F.promise_then), op.drop] },
  // Two receipts joined by promise_and (indices written at 128), then a batch on SELF waiting on both.
  and_then: {
    export: 'and_then', body: [
      op.i32(128), ...acct(OTHER), op.call(F.promise_batch_create), op.i64Store,
      op.i32(136), ...acct(SELF), op.call(F.promise_batch_create), op.i64Store,
      op.i64(128), op.i64(2), op.call(F.promise_and), ...acct(SELF), op.call(F.promise_batch_then), op.drop,
    ],
  },
  // `ret` on SELF, whose value a callback on SELF (sir) or OTHER (not sir) waits for.
  ret_then_self: { export: 'ret_then_self', body: [...acct(SELF), ...call('ret'), op.call(F.promise_create), ...acct(SELF), ...call('m'), op.call(F.promise_then), op.drop] },
  ret_then_other: { export: 'ret_then_other', body: [...acct(SELF), ...call('ret'), op.call(F.promise_create), ...acct(OTHER), ...call('m'), op.call(F.promise_then), op.drop] },
  ret: { export: 'ret', body: [op.i64(OTHER.length), op.i64(0), op.call(F.value_return)] },
};
const CONTRACT = assemble({ imports: IMPORTS, functions: Object.values(METHODS), data: MEMORY });

for (const version of VERSIONS) {
  test.serial(`${version}: promises from a contract: receipts, function calls, data dependencies, promise_and, value_return to a waiting receipt`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const publicKey = KeyPair.fromString(node.root.secretKey as `ed25519:${string}`).getPublicKey();
    await sendActions(node.server.url, node.root, SELF, [createAccount(), transfer(50n * NEAR), addFullAccessKey(publicKey), deployContract(CONTRACT)]);
    await sendActions(node.server.url, node.root, OTHER, [createAccount(), transfer(50n * NEAR)]);
    const self: Signer = { accountId: SELF, secretKey: node.root.secretKey };

    const regular = p.wasm_regular_op_cost;
    const readMemory = (n: bigint) => p.wasm_read_memory_base + p.wasm_read_memory_byte * n;
    const utf8 = (n: bigint) => p.wasm_utf8_decoding_base + p.wasm_utf8_decoding_byte * n;
    const wasm = (f: Func) => p.wasm_contract_loading_base + p.wasm_contract_loading_bytes * BigInt(CONTRACT.length)
      + BigInt(Math.floor((frameSize([], f.locals ?? []) + 7) / 8)) * regular + BigInt(chargedOps(f.body as Instr[])) * regular;
    // Burnt gas of each host function (logic.rs), the receiver of the receipt it makes given.
    const batchCreate = (receiver: string) => p.wasm_base + readMemory(bytes(receiver)) + utf8(bytes(receiver)) + send(p.action_receipt_creation, receiver === SELF);
    const dataDependency = (dependency: string, receiver: string) => send(p.data_receipt_creation_base, dependency === receiver) + p.data_receipt_creation_base.execution;
    const batchThen = (receiver: string, dependencies: string[]) => batchCreate(receiver) + dependencies.reduce((s, d) => s + dataDependency(d, receiver), 0n);
    const functionCallAction = (receiver: string, method: string) => p.wasm_base + readMemory(16n) + readMemory(bytes(method)) + readMemory(0n)
      + send(p.action_function_call, receiver === SELF) + send(p.action_function_call_per_byte, receiver === SELF) * bytes(method);
    const promiseAnd = (n: bigint) => p.wasm_base + p.wasm_promise_and_base + p.wasm_promise_and_per_promise * n * 8n + readMemory(n * 8n);
    const callReceipt = (method: string) => p.action_receipt_creation.execution + p.action_function_call.execution + p.action_function_call_per_byte.execution * bytes(method);
    const callTx = (method: string) => send(p.action_receipt_creation, true) + send(p.action_function_call, true) + send(p.action_function_call_per_byte, true) * bytes(method);

    const expected: Record<string, bigint> = {
      batch_self: wasm(METHODS.batch_self) + batchCreate(SELF) + functionCallAction(SELF, 'm'),
      batch_other: wasm(METHODS.batch_other) + batchCreate(OTHER) + functionCallAction(OTHER, 'm'),
      create_then: wasm(METHODS.create_then) + batchCreate(OTHER) + functionCallAction(OTHER, 'm') + batchThen(SELF, [OTHER]) + functionCallAction(SELF, 'm'),
      and_then: wasm(METHODS.and_then) + batchCreate(OTHER) + batchCreate(SELF) + promiseAnd(2n) + batchThen(SELF, [OTHER, SELF]),
      ret_then_self: wasm(METHODS.ret_then_self) + batchCreate(SELF) + functionCallAction(SELF, 'ret') + batchThen(SELF, [SELF]) + functionCallAction(SELF, 'm'),
      ret_then_other: wasm(METHODS.ret_then_other) + batchCreate(SELF) + functionCallAction(SELF, 'ret') + batchThen(OTHER, [SELF]) + functionCallAction(OTHER, 'm'),
    };
    for (const [method, vmBurnt] of Object.entries(expected)) {
      const outcome = await sendActions(node.server.url, self, SELF, [functionCall(method, new Uint8Array(), 100n * TGAS)]);
      const gas = burnt(outcome);
      t.is(gas.tx, callTx(method), `${method}: transaction`);
      t.is(gas.receipts[0], callReceipt(method) + vmBurnt, `${method}: the contract's receipt`);
    }

    // The callee `ret` pays, per byte it returns, the data receipt's send (sir: the waiting receipt is on its own account) and execution.
    for (const [method, waiter] of [['ret_then_self', SELF], ['ret_then_other', OTHER]] as const) {
      const outcome = await sendActions(node.server.url, self, SELF, [functionCall(method, new Uint8Array(), 100n * TGAS)]);
      const retReceipt = outcome.receipts_outcome.find((r) => r.outcome.executor_id === SELF && outcome.receipts_outcome.indexOf(r) > 0)!;
      const returned = bytes(OTHER);
      const valueReturn = p.wasm_base + readMemory(returned) + (send(p.data_receipt_creation_per_byte, waiter === SELF) + p.data_receipt_creation_per_byte.execution) * returned;
      t.is(BigInt(retReceipt.outcome.gas_burnt), callReceipt('ret') + wasm(METHODS.ret) + valueReturn, `${method}: the callee's receipt`);
    }
  });
}
