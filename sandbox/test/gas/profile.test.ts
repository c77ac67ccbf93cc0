// Gas profiles in outcome metadata (issue #14), as neard shows them: each entry
// computed here from nearcore's parameters by the formulas of logic.rs and
// gas_counter.rs (what each host function and new action burns, under which
// ExtCosts/ActionCosts), listed as core/primitives/src/views.rs does (non-zero
// entries, ACTION_COST then WASM_HOST_COST, by name, gas as a decimal string),
// summing as nearcore's do: the receipt's gas_burnt less its execution fees.
// Through near-api-js 7 on in-process nodes at protocol 78 (metadata V3) and 85 (V4).
import anyTest, { type TestFn } from 'ava';
import { actions, KeyPair } from 'near-api-js';
import { sendActions, type Outcome, type Signer } from '../../../client/near.ts';
import { Chain } from '../../chain/chain.ts';
import { ROOT_ACCOUNT, sandboxGenesis } from '../../chain/genesis.ts';
import { resolveParameters } from '../../params/resolve.ts';
import type { FeeValue, Parameters } from '../../params/types.ts';
import { startRpcServer, type RpcServer } from '../../rpc/server.ts';
import { assemble, chargedOps, frameSize, I64, op, type Func, type Instr } from './wasm.ts';

const { createAccount, transfer, addFullAccessKey, deployContract, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const VERSIONS = [78, 85];

interface Node { server: RpcServer; root: Signer; p: Parameters }
const test = anyTest as TestFn<Record<number, Node>>;

const SELF = 'p.test.near';
const OTHER = 'bob.test.near';
const IMPLICIT = 'ab'.repeat(32); // a NEAR-implicit id: its Transfer pays CreateAccount and AddKey too
const LOG = 'hello';
// Memory: OTHER at 0, SELF at 32, method "m" at 64, the log at 72, key "k" at 80, value "vv" at 88,
// a zero amount at 96..112, method "ret" at 112, IMPLICIT at 128, an amount of 1 yoctoNEAR at 200.
const MEMORY = (() => {
  const m = new Uint8Array(216);
  m.set(Buffer.from(OTHER), 0);
  m.set(Buffer.from(SELF), 32);
  m.set(Buffer.from('m'), 64);
  m.set(Buffer.from(LOG), 72);
  m.set(Buffer.from('k'), 80);
  m.set(Buffer.from('vv'), 88);
  m.set(Buffer.from('ret'), 112);
  m.set(Buffer.from(IMPLICIT), 128);
  m[200] = 1;
  return m;
})();
const INNER_GAS = 5n * TGAS;
const IMPORTS = [
  { name: 'log_utf8', params: [I64, I64] },
  { name: 'storage_write', params: [I64, I64, I64, I64, I64], results: [I64] },
  { name: 'promise_create', params: [I64, I64, I64, I64, I64, I64, I64, I64], results: [I64] },
  { name: 'promise_then', params: [I64, I64, I64, I64, I64, I64, I64, I64, I64], results: [I64] },
  { name: 'promise_batch_create', params: [I64, I64], results: [I64] },
  { name: 'promise_batch_action_transfer', params: [I64, I64] },
  { name: 'panic', params: [] },
  { name: 'value_return', params: [I64, I64] },
];
const F = Object.fromEntries(IMPORTS.map((i, n) => [i.name, n])) as Record<string, number>;
const callM = [op.i64(1), op.i64(64), op.i64(0), op.i64(0), op.i64(96), op.i64(INNER_GAS)];
const callRet = [op.i64(3), op.i64(112), op.i64(0), op.i64(0), op.i64(96), op.i64(INNER_GAS)];
const METHODS: Record<string, Func> = {
  // A log, a storage write, a call on OTHER and a callback on SELF waiting for it.
  work: {
    export: 'work', body: [
      op.i64(LOG.length), op.i64(72), op.call(F.log_utf8),
      op.i64(1), op.i64(80), op.i64(2), op.i64(88), op.i64(0), op.call(F.storage_write), op.drop,
      op.i64(OTHER.length), op.i64(0), ...callM, op.call(F.promise_create),
      op.i64(SELF.length), op.i64(32), ...callM, op.call(F.promise_then), op.drop,
    ],
  },
  // 1 yoctoNEAR to a NEAR-implicit id.
  pay: { export: 'pay', body: [op.i64(IMPLICIT.length), op.i64(128), op.call(F.promise_batch_create), op.i64(200), op.call(F.promise_batch_action_transfer)] },
  // A log, then a panic: a failed call has its profile too (function_call.rs merges it either way).
  fail: { export: 'fail', body: [op.i64(LOG.length), op.i64(72), op.call(F.log_utf8), op.call(F.panic)] },
  m: { export: 'm', body: [] },
  // `ret` on SELF, whose value a callback on SELF waits for.
  ask: { export: 'ask', body: [op.i64(SELF.length), op.i64(32), ...callRet, op.call(F.promise_create), op.i64(SELF.length), op.i64(32), ...callM, op.call(F.promise_then), op.drop] },
  ret: { export: 'ret', body: [op.i64(2), op.i64(88), op.call(F.value_return)] },
};
const CONTRACT = assemble({ imports: IMPORTS, functions: Object.values(METHODS), data: MEMORY });

test.before(async (t) => {
  for (const version of VERSIONS) {
    const key = KeyPair.fromRandom('ed25519');
    const chain = new Chain({ ...sandboxGenesis(key.getPublicKey().toString()), protocol_version: version });
    const server = await startRpcServer(chain, '127.0.0.1', 0);
    const root = { accountId: ROOT_ACCOUNT, secretKey: key.toString() };
    await sendActions(server.url, root, SELF, [createAccount(), transfer(50n * NEAR), addFullAccessKey(key.getPublicKey()), deployContract(CONTRACT)]);
    await sendActions(server.url, root, OTHER, [createAccount(), transfer(50n * NEAR), addFullAccessKey(key.getPublicKey()), deployContract(CONTRACT)]);
    t.context[version] = { server, root, p: resolveParameters(version) };
  }
});
test.after.always(async (t) => { for (const v of VERSIONS) await t.context[v]?.server.close(); });

const send = (f: FeeValue, sir: boolean) => (sir ? f.send_sir : f.send_not_sir);
const bytes = (s: string) => BigInt(Buffer.byteLength(s));
type Entry = { cost_category: string; cost: string; gas_used: string };
type Receipt = Outcome['receipts_outcome'][number];

function profileOf(receipt: Receipt): Entry[] {
  const metadata = receipt.outcome.metadata as { version: number; gas_profile?: Entry[] | null };
  if (!metadata.gas_profile) throw new Error(`no gas profile in ${JSON.stringify(metadata)}`);
  return metadata.gas_profile;
}

/** The entries nearcore would list for these costs: non-zero ones, actions first, each group by name. */
function listed(actionCosts: Record<string, bigint>, hostCosts: Record<string, bigint>): Entry[] {
  const group = (category: string, costs: Record<string, bigint>) => Object.keys(costs).sort()
    .filter((cost) => costs[cost] > 0n).map((cost) => ({ cost_category: category, cost, gas_used: costs[cost].toString() }));
  return [...group('ACTION_COST', actionCosts), ...group('WASM_HOST_COST', hostCosts)];
}

/** What the receipt of a single FunctionCall(method, no args) burns outside the VM (lib.rs, config.rs exec_fee). */
const callExecFees = (p: Parameters, method: string) =>
  p.action_receipt_creation.execution + p.action_function_call.execution + p.action_function_call_per_byte.execution * bytes(method);

/** The wasm instruction gas of a method: its frame and its operators (finite-wasm, see vm/README.md). */
const wasmGas = (p: Parameters, f: Func) =>
  (BigInt(Math.floor((frameSize([], f.locals ?? []) + 7) / 8)) + BigInt(chargedOps(f.body as Instr[]))) * p.wasm_regular_op_cost;

const sumOf = (entries: Entry[]) => entries.reduce((s, e) => s + BigInt(e.gas_used), 0n);

for (const version of VERSIONS) {
  test.serial(`${version}: a function call's profile: every action and host cost, wasm instructions, nearcore's order and sum`, async (t) => {
    const { server, root, p } = t.context[version];
    const outcome = await sendActions(server.url, root, SELF, [functionCall('work', new Uint8Array(), 100n * TGAS)]);
    t.is(outcome.transaction_outcome.outcome.metadata?.version, 1);
    t.is(outcome.transaction_outcome.outcome.metadata?.gas_profile, null);
    const receipt = outcome.receipts_outcome[0];
    t.is(receipt.outcome.executor_id, SELF);
    t.is(receipt.outcome.metadata?.version, version >= 85 ? 4 : 3);
    const profile = profileOf(receipt);

    // The entries sum to the receipt's gas_burnt less the execution fees the runtime burns outside the VM.
    t.is(sumOf(profile), BigInt(receipt.outcome.gas_burnt) - callExecFees(p, 'work'));

    // Trie nodes depend on the trie (nearcore's sanity_checks.rs calls them nondeterministic): whole nodes only.
    const nodes = profile.filter((e) => e.cost === 'TOUCHING_TRIE_NODE' || e.cost === 'READ_CACHED_TRIE_NODE');
    for (const e of nodes) {
      const unit = e.cost === 'TOUCHING_TRIE_NODE' ? p.wasm_touching_trie_node : p.wasm_read_cached_trie_node;
      t.is(BigInt(e.gas_used) % unit, 0n, e.cost);
    }
    t.true(nodes.some((e) => e.cost === 'TOUCHING_TRIE_NODE'), 'a first write touches trie nodes');

    // logic.rs: host functions pay `base` (promise_create and promise_then twice: two batch functions each).
    const hostCalls = 2n + 2n * 2n;
    const accountReads = [OTHER, SELF];
    const memoryReads = 1 /* log */ + 2 /* key, value */ + 2 * (1 /* account */ + 3 /* amount, method, args */);
    const memoryBytes = bytes(LOG) + 1n + 2n + accountReads.reduce((s, a) => s + bytes(a), 0n) + 2n * (16n + 1n);
    const host: Record<string, bigint> = {
      BASE: p.wasm_base * hostCalls,
      CONTRACT_LOADING_BASE: p.wasm_contract_loading_base,
      CONTRACT_LOADING_BYTES: p.wasm_contract_loading_bytes * BigInt(CONTRACT.length),
      LOG_BASE: p.wasm_log_base,
      LOG_BYTE: p.wasm_log_byte * bytes(LOG),
      READ_MEMORY_BASE: p.wasm_read_memory_base * BigInt(memoryReads),
      READ_MEMORY_BYTE: p.wasm_read_memory_byte * memoryBytes,
      STORAGE_WRITE_BASE: p.wasm_storage_write_base,
      STORAGE_WRITE_KEY_BYTE: p.wasm_storage_write_key_byte * 1n,
      STORAGE_WRITE_VALUE_BYTE: p.wasm_storage_write_value_byte * 2n,
      UTF8_DECODING_BASE: p.wasm_utf8_decoding_base * 3n, // the log and two account ids
      UTF8_DECODING_BYTE: p.wasm_utf8_decoding_byte * (bytes(LOG) + bytes(OTHER) + bytes(SELF)),
      WASM_INSTRUCTION: wasmGas(p, METHODS.work),
      ...Object.fromEntries(nodes.map((e) => [e.cost, BigInt(e.gas_used)])),
    };
    // The new receipts' send fees (burnt; their execution fees are only reserved, so not in the profile):
    // the call on OTHER is not sir, the callback on SELF is, and its data dependency on OTHER's receipt
    // pays base send (not sir) and execution under NEW_ACTION_RECEIPT (pay_gas_for_new_receipt).
    const action: Record<string, bigint> = {
      FUNCTION_CALL_BASE: send(p.action_function_call, false) + send(p.action_function_call, true),
      FUNCTION_CALL_BYTE: (send(p.action_function_call_per_byte, false) + send(p.action_function_call_per_byte, true)) * bytes('m'),
      NEW_ACTION_RECEIPT: send(p.action_receipt_creation, false) + send(p.action_receipt_creation, true)
        + send(p.data_receipt_creation_base, false) + p.data_receipt_creation_base.execution,
    };
    t.deepEqual(profile, listed(action, host));
    t.deepEqual(profile.map((e) => e.cost).slice(0, 4), ['FUNCTION_CALL_BASE', 'FUNCTION_CALL_BYTE', 'NEW_ACTION_RECEIPT', 'BASE']);

    // The receipts `work` created run `m`: a profile of contract loading and instructions only; the
    // refunds run no contract and have an empty one.
    const calls = outcome.receipts_outcome.slice(1).filter((r) => profileOf(r).length > 0);
    t.deepEqual(calls.map((r) => r.outcome.executor_id), [OTHER, SELF]);
    for (const r of calls) {
      t.deepEqual(profileOf(r), listed({}, {
        CONTRACT_LOADING_BASE: p.wasm_contract_loading_base,
        CONTRACT_LOADING_BYTES: p.wasm_contract_loading_bytes * BigInt(CONTRACT.length),
        WASM_INSTRUCTION: wasmGas(p, METHODS.m),
      }));
      t.is(sumOf(profileOf(r)), BigInt(r.outcome.gas_burnt) - callExecFees(p, 'm'));
    }
  });

  test.serial(`${version}: a Transfer to an implicit account is TRANSFER in the profile, with its CreateAccount and AddKey fees`, async (t) => {
    const { server, root, p } = t.context[version];
    const outcome = await sendActions(server.url, root, SELF, [functionCall('pay', new Uint8Array(), 30n * TGAS)]);
    const profile = profileOf(outcome.receipts_outcome[0]);
    t.deepEqual(profile.filter((e) => e.cost_category === 'ACTION_COST'), listed({
      NEW_ACTION_RECEIPT: send(p.action_receipt_creation, false),
      TRANSFER: send(p.action_transfer, false) + send(p.action_create_account, false) + send(p.action_add_full_access_key, false),
    }, {}));
    t.is(sumOf(profile), BigInt(outcome.receipts_outcome[0].outcome.gas_burnt) - callExecFees(p, 'pay'));
    // Receipts that run no contract (the transfer, refunds) have an empty profile, as in nearcore.
    for (const r of outcome.receipts_outcome.slice(1)) t.deepEqual(profileOf(r), []);
    t.true(outcome.receipts_outcome.length > 1);
  });

  test.serial(`${version}: a call that panics keeps the profile of what it burnt`, async (t) => {
    const { server, root, p } = t.context[version];
    const outcome = await sendActions(server.url, root, SELF, [functionCall('fail', new Uint8Array(), 30n * TGAS)]);
    const receipt = outcome.receipts_outcome[0];
    t.truthy((receipt.outcome.status as { Failure?: unknown }).Failure);
    t.deepEqual(profileOf(receipt), listed({}, {
      BASE: p.wasm_base * 2n,
      CONTRACT_LOADING_BASE: p.wasm_contract_loading_base,
      CONTRACT_LOADING_BYTES: p.wasm_contract_loading_bytes * BigInt(CONTRACT.length),
      LOG_BASE: p.wasm_log_base,
      LOG_BYTE: p.wasm_log_byte * bytes(LOG),
      READ_MEMORY_BASE: p.wasm_read_memory_base,
      READ_MEMORY_BYTE: p.wasm_read_memory_byte * bytes(LOG),
      UTF8_DECODING_BASE: p.wasm_utf8_decoding_base,
      UTF8_DECODING_BYTE: p.wasm_utf8_decoding_byte * bytes(LOG),
      WASM_INSTRUCTION: wasmGas(p, METHODS.fail),
    }));
    t.is(sumOf(profileOf(receipt)), BigInt(receipt.outcome.gas_burnt) - callExecFees(p, 'fail'));
  });

  test.serial(`${version}: value_return to a waiting receipt is NEW_DATA_RECEIPT_BYTE`, async (t) => {
    const { server, root, p } = t.context[version];
    const outcome = await sendActions(server.url, root, SELF, [functionCall('ask', new Uint8Array(), 100n * TGAS)]);
    const ret = outcome.receipts_outcome.find((r) => profileOf(r).some((e) => e.cost === 'NEW_DATA_RECEIPT_BYTE'));
    t.truthy(ret, 'the receipt of ret');
    // logic.rs value_return: per byte, the data receipt's send (sir: the waiting receipt is on SELF) and execution.
    t.deepEqual(profileOf(ret!), listed({
      NEW_DATA_RECEIPT_BYTE: (send(p.data_receipt_creation_per_byte, true) + p.data_receipt_creation_per_byte.execution) * 2n,
    }, {
      BASE: p.wasm_base,
      CONTRACT_LOADING_BASE: p.wasm_contract_loading_base,
      CONTRACT_LOADING_BYTES: p.wasm_contract_loading_bytes * BigInt(CONTRACT.length),
      READ_MEMORY_BASE: p.wasm_read_memory_base,
      READ_MEMORY_BYTE: p.wasm_read_memory_byte * 2n,
      WASM_INSTRUCTION: wasmGas(p, METHODS.ret),
    }));
    t.is(sumOf(profileOf(ret!)), BigInt(ret!.outcome.gas_burnt) - callExecFees(p, 'ret'));
  });

  test.serial(`${version}: a call out of gas books what the failing cost could burn (gas_counter.rs: clamped at the limit)`, async (t) => {
    const { server, root, p } = t.context[version];
    // Half of what loading the contract costs: contract_loading_bytes (charged first) hits the prepaid gas.
    const prepaid = (p.wasm_contract_loading_bytes * BigInt(CONTRACT.length)) / 2n;
    const outcome = await sendActions(server.url, root, SELF, [functionCall('work', new Uint8Array(), prepaid)]);
    const receipt = outcome.receipts_outcome[0];
    t.deepEqual(receipt.outcome.status, { Failure: { ActionError: { index: 0, kind: { FunctionCallError: { ExecutionError: 'Exceeded the prepaid gas.' } } } } });
    t.deepEqual(profileOf(receipt), listed({}, { CONTRACT_LOADING_BYTES: prepaid }));
    t.is(BigInt(receipt.outcome.gas_burnt), callExecFees(p, 'work') + prepaid);
  });
}
