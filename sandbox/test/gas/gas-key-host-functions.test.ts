// The gas-key host functions (gas_key_host_fns, protocol 85; runtime/near-vm-runner/src/
// logic/logic.rs promise_batch_action_add_gas_key_with_full_access / _with_function_call,
// promise_batch_action_transfer_to_gas_key) from a hand-assembled contract: the gas each
// burns (base, memory reads, send fees: core/parameters/src/cost.rs gas_key_*), the new
// receipt's execution fees, the key they create and fund; a nonzero allowance refused by
// the new receipt's validation; not linked at 84.
import { actions, KeyPair, type Action } from 'near-api-js';
import { accountOn, type Outcome } from '../../../client/near.ts';
import { ROOT_ACCOUNT } from '../../chain/genesis.ts';
import type { FeeValue } from '../../params/types.ts';
import { testAtVersions, type Signer, type VersionNode as Node } from '../version-nodes.ts';
import { assemble, chargedOps, frameSize, I64, op, type Func, type Instr } from './wasm.ts';

const { createAccount, transfer, addFullAccessKey, deployContract, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const test = testAtVersions([84, 85]);

function sendActions(node: Node, signer: Signer, receiverId: string, acts: Action[]): Promise<Outcome> {
  return accountOn(node.server.url, signer.accountId, signer.secretKey).signAndSendTransaction({ receiverId, actions: acts, throwOnFailure: false, waitUntil: 'FINAL' });
}
async function rpc<T>(node: Node, method: string, params: unknown): Promise<T> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return ((await res.json()) as { result: T }).result;
}

let names = 0;
async function account(node: Node): Promise<Signer> {
  const accountId = `gkhost${names++}.${ROOT_ACCOUNT}`;
  const publicKey = KeyPair.fromString(node.root.secretKey as `ed25519:${string}`).getPublicKey();
  await sendActions(node, node.root, accountId, [createAccount(), transfer(50n * NEAR), addFullAccessKey(publicKey)]);
  return { accountId, secretKey: node.root.secretKey };
}

const send = (f: FeeValue, sir: boolean) => (sir ? f.send_sir : f.send_not_sir);
const IMPORTS = [
  { name: 'promise_batch_create', params: [I64, I64], results: [I64] },
  { name: 'promise_batch_action_add_gas_key_with_full_access', params: [I64, I64, I64, I64] },
  { name: 'promise_batch_action_add_gas_key_with_function_call', params: [I64, I64, I64, I64, I64, I64, I64, I64, I64] },
  { name: 'promise_batch_action_transfer_to_gas_key', params: [I64, I64, I64, I64] },
];
const F = Object.fromEntries(IMPORTS.map((i, n) => [i.name, n])) as Record<string, number>;
const AT = { self: 0, pk: 64, amount: 100, allowance: 116, method: 132 };

/** `fund`: a receipt to itself adding a 3-nonce full-access gas key and moving `amount` into it; `fc`: a function-call gas key. */
function contract(self: string, key: Uint8Array, amount: bigint, allowance: bigint) {
  const m = Buffer.alloc(160);
  m.write(self, AT.self);
  m.set(key, AT.pk);
  m.writeBigUInt64LE(amount & (2n ** 64n - 1n), AT.amount); m.writeBigUInt64LE(amount >> 64n, AT.amount + 8);
  m.writeBigUInt64LE(allowance, AT.allowance);
  m.write('m', AT.method);
  const create = [op.i64(self.length), op.i64(AT.self), op.call(F.promise_batch_create), op.localSet(0)];
  const methods: Record<string, Func> = {
    fund: { export: 'fund', locals: [I64], body: [
      ...create,
      op.localGet(0), op.i64(33), op.i64(AT.pk), op.i64(3), op.call(F.promise_batch_action_add_gas_key_with_full_access),
      op.localGet(0), op.i64(33), op.i64(AT.pk), op.i64(AT.amount), op.call(F.promise_batch_action_transfer_to_gas_key),
    ] },
    fc: { export: 'fc', locals: [I64], body: [
      ...create,
      op.localGet(0), op.i64(33), op.i64(AT.pk), op.i64(1), op.i64(AT.allowance), op.i64(self.length), op.i64(AT.self), op.i64(1), op.i64(AT.method),
      op.call(F.promise_batch_action_add_gas_key_with_function_call),
    ] },
  };
  return { code: assemble({ imports: IMPORTS, functions: Object.values(methods), data: m }), methods };
}

test.serial('85: promise_batch_action_add_gas_key_with_full_access and promise_batch_action_transfer_to_gas_key charge nearcore\'s gas and create a funded gas key', async (t) => {
  const node = t.context[85];
  const { p } = node;
  const self = await account(node);
  const key = KeyPair.fromRandom('ed25519');
  const keyBytes = new Uint8Array([0, ...key.getPublicKey().data]);
  const { code, methods } = contract(self.accountId, keyBytes, 2n * NEAR, 0n);
  await sendActions(node, self, self.accountId, [deployContract(code)]);
  const outcome = await sendActions(node, self, self.accountId, [functionCall('fund', new Uint8Array(), 100n * TGAS)]);
  t.deepEqual(outcome.status, { SuccessValue: '' });

  const len = BigInt(self.accountId.length);
  const readMemory = (n: bigint) => p.wasm_read_memory_base + p.wasm_read_memory_byte * n;
  const regular = p.wasm_regular_op_cost;
  const wasm = (f: Func) => p.wasm_contract_loading_base + p.wasm_contract_loading_bytes * BigInt(code.length)
    + BigInt(Math.floor((frameSize([], f.locals ?? []) + 7) / 8)) * regular + BigInt(chargedOps(f.body as Instr[])) * regular;
  const callReceipt = p.action_receipt_creation.execution + p.action_function_call.execution + p.action_function_call_per_byte.execution * 4n;
  // The new receipt goes to the contract itself: sir send fees.
  const batchCreate = p.wasm_base + readMemory(len) + p.wasm_utf8_decoding_base + p.wasm_utf8_decoding_byte * len + send(p.action_receipt_creation, true);
  // add_gas_key_with_full_access burns the full-access key's send fee and gas_key_byte × borsh(GasKeyInfo) (18).
  const addGasKey = p.wasm_base + readMemory(33n) + send(p.action_add_full_access_key, true) + send(p.action_gas_key_byte, true) * 18n;
  // transfer_to_gas_key: gas_key_transfer + gas_key_byte × the key's length.
  const transferToGasKey = p.wasm_base + readMemory(33n) + readMemory(16n) + send(p.action_gas_key_transfer, true) + send(p.action_gas_key_byte, true) * 33n;
  const call = outcome.receipts_outcome[0];
  t.is(BigInt(call.outcome.gas_burnt), callReceipt + wasm(methods.fund) + batchCreate + addGasKey + transferToGasKey);

  // The new receipt burns the execution fees the host functions reserved.
  const created = outcome.receipts_outcome.find((r) => r.id === call.outcome.receipt_ids[0])!;
  const trieKey = 1n + len + 1n + 33n;
  t.is(BigInt(created.outcome.gas_burnt), p.action_receipt_creation.execution
    + p.action_add_full_access_key.execution + (p.action_gas_key_nonce_write_base.execution + p.action_gas_key_byte.execution * (trieKey + 2n + 8n)) * 3n
    + p.action_gas_key_transfer.execution + p.action_gas_key_byte.execution * (trieKey + 27n));
  const view = await rpc<{ nonce: number; permission: unknown }>(node, 'query', { finality: 'final', request_type: 'view_access_key', account_id: self.accountId, public_key: key.getPublicKey().toString() });
  t.like(view, { nonce: 0, permission: { GasKeyFullAccess: { balance: (2n * NEAR).toString(), num_nonces: 3 } } });
});

test.serial('85: a function-call gas key from a contract: no allowance is created; a nonzero one fails the call\'s new receipt validation', async (t) => {
  const node = t.context[85];
  for (const allowance of [0n, 5n]) {
    const self = await account(node);
    const key = KeyPair.fromRandom('ed25519');
    const { code } = contract(self.accountId, new Uint8Array([0, ...key.getPublicKey().data]), 0n, allowance);
    await sendActions(node, self, self.accountId, [deployContract(code)]);
    const outcome = await sendActions(node, self, self.accountId, [functionCall('fc', new Uint8Array(), 100n * TGAS)]);
    if (allowance === 0n) {
      t.deepEqual(outcome.status, { SuccessValue: '' });
      const view = await rpc<{ permission: unknown }>(node, 'query', { finality: 'final', request_type: 'view_access_key', account_id: self.accountId, public_key: key.getPublicKey().toString() });
      t.like(view, { permission: { GasKeyFunctionCall: { balance: '0', num_nonces: 1, allowance: null, receiver_id: self.accountId, method_names: ['m'] } } });
    } else {
      t.deepEqual((outcome.status as { Failure?: { ActionError?: { kind: unknown } } }).Failure?.ActionError?.kind,
        { NewReceiptValidationError: { ActionsValidation: 'GasKeyFunctionCallAllowanceNotAllowed' } });
    }
  }
});

test.serial('84: the gas-key host functions are not linked', async (t) => {
  const node = t.context[84];
  const self = await account(node);
  const { code } = contract(self.accountId, new Uint8Array(33), 1n, 0n);
  await sendActions(node, self, self.accountId, [deployContract(code)]);
  const outcome = await sendActions(node, self, self.accountId, [functionCall('fund', new Uint8Array(), 10n * TGAS)]);
  t.regex(JSON.stringify(outcome.status), /promise_batch_action_add_gas_key_with_full_access|promise_batch_action_transfer_to_gas_key|promise_batch_action_add_gas_key_with_function_call/);
});
