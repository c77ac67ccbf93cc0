// Protocol features of 79-85 on the local node, each at protocol 78 and 85 as
// a user sees them through near-api-js 7: NEP-642's account creation charge and
// gas purchase price, 83's gas limits and burnt global-contract storage in
// tokens_burnt, global contracts usable once distributed, and nearcore's
// validation of transactions and of receipts contracts create. Every figure is
// computed here from nearcore's parameters by nearcore's formulas
// (runtime/runtime/src/config.rs calculate_tx_cost, lib.rs apply_action_receipt).
import { actions, createTransaction, KeyPair, KeyPairSigner, baseDecode, type Action } from 'near-api-js';
import { accountOn, codeHash, useGlobalContractAction, type Outcome } from '../../client/near.ts';
import { ROOT_ACCOUNT, sandboxGenesis } from '../chain/genesis.ts';
import { testAtVersions, type Signer, type VersionNode } from './version-nodes.ts';
import { assemble, I32, I64, op } from './gas/wasm.ts';

const { createAccount, transfer, addFullAccessKey, addFunctionCallAccessKey, deleteAccount, deployContract, deployGlobalContract, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const VERSIONS = [78, 85];

type Node = VersionNode;
const test = testAtVersions(VERSIONS);

/** The gas price of the chain (the genesis min_gas_price; blocks here are never full). */
const gasPriceOf = (node: Node) => BigInt(node.genesis.min_gas_price);

function send(node: Node, signer: Signer, receiverId: string, acts: Action[]): Promise<Outcome> {
  return accountOn(node.server.url, signer.accountId, signer.secretKey).signAndSendTransaction({ receiverId, actions: acts, throwOnFailure: false, waitUntil: 'FINAL' });
}

async function rpc(node: Node, method: string, params: unknown): Promise<{ result?: Record<string, unknown>; error?: unknown }> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as { result?: Record<string, unknown>; error?: unknown };
}

async function balance(node: Node, accountId: string): Promise<bigint> {
  const { result } = await rpc(node, 'query', { request_type: 'view_account', finality: 'final', account_id: accountId });
  return BigInt((result as { amount: string }).amount);
}

let names = 0;
async function account(node: Node, prefix: string, amount = 50n * NEAR): Promise<Signer> {
  const accountId = `${prefix}${names++}.${ROOT_ACCOUNT}`;
  const publicKey = KeyPair.fromString(node.root.secretKey as `ed25519:${string}`).getPublicKey();
  await send(node, node.root, accountId, [createAccount(), transfer(amount), addFullAccessKey(publicKey)]);
  return { accountId, secretKey: node.root.secretKey };
}

/** Signs `acts` with `nonce` (by default the key's next) and sends them through raw JSON-RPC: the error is neard's JSON. */
async function sendRaw(node: Node, signer: Signer, acts: Action[], nonce?: bigint): Promise<{ result?: Record<string, unknown>; error?: unknown }> {
  const keyPair = KeyPair.fromString(signer.secretKey as `ed25519:${string}`);
  const { result: status } = await rpc(node, 'status', []);
  const sync = (status as { sync_info: { latest_block_hash: string } }).sync_info;
  const { result: key } = await rpc(node, 'query', { request_type: 'view_access_key', finality: 'final', account_id: signer.accountId, public_key: keyPair.getPublicKey().toString() });
  const next = nonce ?? BigInt((key as { nonce: number }).nonce) + 1n;
  const tx = createTransaction(signer.accountId, keyPair.getPublicKey(), signer.accountId, next, acts, baseDecode(sync.latest_block_hash));
  const { signedTransaction } = await new KeyPairSigner(keyPair).signTransaction(tx);
  return rpc(node, 'broadcast_tx_commit', [Buffer.from(signedTransaction.encode()).toString('base64')]);
}

/** The price receipts' gas is bought at (calculate_tx_cost): max(gas price, min_gas_purchase_price). */
const purchasePrice = (node: Node) => (gasPriceOf(node) > node.p.min_gas_purchase_price ? gasPriceOf(node) : node.p.min_gas_purchase_price);

for (const version of VERSIONS) {
  test.serial(`${version}: creating an account costs account_creation_charge in all (NEP-642 at 85), shown in tokens_burnt`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const gasPrice = gasPriceOf(node);
    const alice = await account(node, 'alice');
    const deposit = NEAR;
    const before = await balance(node, alice.accountId);
    const newId = `new.${alice.accountId}`;
    const outcome = await send(node, alice, newId, [createAccount(), transfer(deposit)]);
    t.deepEqual(outcome.status, { SuccessValue: '' });
    const sendGas = p.action_receipt_creation.send_not_sir + p.action_create_account.send_not_sir + p.action_transfer.send_not_sir;
    const execGas = p.action_receipt_creation.execution + p.action_create_account.execution + p.action_transfer.execution;
    // lib.rs refund_unspent_gas_and_deposits: the charge tops up what create_account's execution burnt,
    // taken from the price surplus of the gas bought at the purchase price and burnt at the block's.
    const wanted = p.account_creation_charge - p.action_create_account.execution * gasPrice;
    const surplus = (purchasePrice(node) - gasPrice) * execGas;
    const charge = version >= 85 ? (wanted < surplus ? wanted : surplus) : 0n;
    t.is(before - (await balance(node, alice.accountId)), (sendGas + execGas) * gasPrice + charge + deposit);
    t.is(await balance(node, newId), deposit);
    t.is(BigInt(outcome.receipts_outcome[0].outcome.tokens_burnt), execGas * gasPrice + charge);
    if (version >= 85) {
      t.is(charge, 7_000_000_000_000_000_000_000n - 7_200_000_000_000n * 100_000_000n);
      // In all, the create_account execution and the charge make account_creation_charge (0.007 NEAR).
      t.is(charge + p.action_create_account.execution * gasPrice, 7n * 10n ** 21n);
    } else {
      t.is(charge, 0n);
    }
  });

  test.serial(`${version}: gas attached to a transaction is bought at min_gas_purchase_price from 85, burnt at the gas price`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const gasPrice = gasPriceOf(node);
    const poor = await account(node, 'poor', NEAR / 10n);
    const attached = 300n * TGAS;
    const method = 'missing';
    const sendGas = p.action_receipt_creation.send_sir + p.action_function_call.send_sir + p.action_function_call_per_byte.send_sir * BigInt(method.length);
    const execGas = p.action_receipt_creation.execution + p.action_function_call.execution + p.action_function_call_per_byte.execution * BigInt(method.length);
    const cost = sendGas * gasPrice + (execGas + attached) * purchasePrice(node);
    const call = () => send(node, poor, poor.accountId, [functionCall(method, new Uint8Array(), attached)]);
    if (cost > NEAR / 10n) {
      t.true(version >= 85);
      const error = await t.throwsAsync(call());
      t.regex(String(error?.message), new RegExp(`${cost}`));
      t.is(await balance(node, poor.accountId), NEAR / 10n);
    } else {
      t.is(version, 78);
      const before = await balance(node, poor.accountId);
      const outcome = await call();
      t.regex(JSON.stringify(outcome.status), /CodeDoesNotExist/);
      const burnt = outcome.receipts_outcome.reduce((s, r) => s + BigInt(r.outcome.gas_burnt), BigInt(outcome.transaction_outcome.outcome.gas_burnt));
      t.is(before - (await balance(node, poor.accountId)), burnt * gasPrice);
    }
  });

  test.serial(`${version}: total prepaid gas over max_total_prepaid_gas (300 Tgas at 78, 1 Pgas from 83) is refused`, async (t) => {
    const node = t.context[version];
    const alice = await account(node, 'gas');
    const gas = 400n * TGAS;
    const call = () => send(node, alice, alice.accountId, [functionCall('missing', new Uint8Array(), gas)]);
    if (gas > node.p.max_total_prepaid_gas) {
      const error = await t.throwsAsync(call());
      t.regex(String(error?.message), /TotalPrepaidGasExceeded|prepaid gas/i);
    } else {
      t.regex(JSON.stringify((await call()).status), /CodeDoesNotExist/);
    }
    t.is(node.p.max_total_prepaid_gas, version >= 83 ? 10n ** 15n : 300n * TGAS);
  });

  test.serial(`${version}: a global contract is usable once distributed (next block), not in the batch that deploys it; tokens_burnt shows its storage from 83`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const gasPrice = gasPriceOf(node);
    const alice = await account(node, 'glob');
    const code = assemble({ functions: [{ export: `v${version}`, body: [] }] });
    const id = { CodeHash: codeHash(code) };
    const same = await send(node, alice, alice.accountId, [deployGlobalContract(code, 'codeHash'), useGlobalContractAction(id)]);
    t.deepEqual(same.status, { Failure: { ActionError: { index: 1, kind: { GlobalContractDoesNotExist: { identifier: id } } } } });
    const deployed = await send(node, alice, alice.accountId, [deployGlobalContract(code, 'codeHash')]);
    t.deepEqual(deployed.status, { SuccessValue: '' });
    const storage = p.global_contract_storage_amount_per_byte * BigInt(code.length);
    const gas = BigInt(deployed.receipts_outcome[0].outcome.gas_burnt);
    t.is(BigInt(deployed.receipts_outcome[0].outcome.tokens_burnt), gas * gasPrice + (version >= 83 ? storage : 0n));
    const used = await send(node, alice, alice.accountId, [useGlobalContractAction(id), functionCall(`v${version}`, new Uint8Array(), 5n * TGAS)]);
    t.deepEqual(used.status, { SuccessValue: '' });
    // ExecutionMetadataV4 (85): per action, the contract the receiver had just before it ran.
    const metadata = used.receipts_outcome[0].outcome.metadata as unknown as { version: number; contracts?: unknown[] };
    // Its gas profile (views.rs): the empty method's contract loading and its frame's instructions (64 bytes: 8 ops).
    const gasProfile = [
      { cost_category: 'WASM_HOST_COST', cost: 'CONTRACT_LOADING_BASE', gas_used: p.wasm_contract_loading_base.toString() },
      { cost_category: 'WASM_HOST_COST', cost: 'CONTRACT_LOADING_BYTES', gas_used: (p.wasm_contract_loading_bytes * BigInt(code.length)).toString() },
      { cost_category: 'WASM_HOST_COST', cost: 'WASM_INSTRUCTION', gas_used: (8n * p.wasm_regular_op_cost).toString() },
    ];
    if (version >= 85) t.deepEqual(metadata, { version: 4, gas_profile: gasProfile, contracts: [null, { global_hash: id.CodeHash }] });
    else t.is(metadata.version, 3);
    // A transaction's conversion outcome has no profile (ExecutionMetadata::V1).
    t.deepEqual(used.transaction_outcome.outcome.metadata as unknown, { version: 1, gas_profile: null });
  });

  test.serial(`${version}: a receipt a contract creates is validated: a function call with zero gas fails the call (NewReceiptValidationError)`, async (t) => {
    const node = t.context[version];
    const alice = await account(node, 'zero');
    // promise_batch_create(alice) then promise_batch_action_function_call(..., gas 0).
    const memory = new Uint8Array(128);
    memory.set(Buffer.from(alice.accountId), 0);
    memory.set(Buffer.from('m'), 100);
    const code = assemble({
      imports: [{ name: 'promise_batch_create', params: [I64, I64], results: [I64] }, { name: 'promise_batch_action_function_call', params: [I64, I64, I64, I64, I64, I64, I64] }],
      functions: [{ export: 'zero_gas', body: [op.i64(alice.accountId.length), op.i64(0), op.call(0), op.i64(1), op.i64(100), op.i64(0), op.i64(0), op.i64(112), op.i64(0), op.call(1)] }],
      data: memory,
    });
    await send(node, alice, alice.accountId, [deployContract(code)]);
    const outcome = await send(node, alice, alice.accountId, [functionCall('zero_gas', new Uint8Array(), 10n * TGAS)]);
    t.deepEqual(outcome.status, { Failure: { ActionError: { index: 0, kind: { NewReceiptValidationError: { ActionsValidation: 'FunctionCallZeroAttachedGas' } } } } });
    t.is(outcome.receipts_outcome.length, 2); // the failed call and its gas refund; no receipt was sent
  });

  test.serial(`${version}: an invalid account id in a host function: the new receipt fails validation at 78, the host function fails from 83 (account_id_validity_rules_version 2)`, async (t) => {
    const node = t.context[version];
    const alice = await account(node, 'strict');
    const bad = 'Not_A_Valid.ID';
    const memory = new Uint8Array(64);
    memory.set(Buffer.from(bad), 0);
    const code = assemble({
      imports: [{ name: 'promise_batch_create', params: [I64, I64], results: [I64] }],
      functions: [{ export: 'bad_receiver', body: [op.i64(bad.length), op.i64(0), op.call(0), op.drop] }],
      data: memory,
    });
    await send(node, alice, alice.accountId, [deployContract(code)]);
    const outcome = await send(node, alice, alice.accountId, [functionCall('bad_receiver', new Uint8Array(), 10n * TGAS)]);
    if (node.p.account_id_validity_rules_version >= 2n) {
      t.regex(JSON.stringify(outcome.status), /FunctionCallError.*(InvalidAccountId|invalid account id)/i);
    } else {
      t.deepEqual(outcome.status, { Failure: { ActionError: { index: 0, kind: { NewReceiptValidationError: { InvalidReceiverId: { account_id: bad } } } } } });
    }
  });

  test.serial(`${version}: a contract with zero balance may attach 1 yoctoNEAR to a function call from 85 (one_yocto_on_promise)`, async (t) => {
    const node = t.context[version];
    const alice = await account(node, 'yocto');
    const memory = new Uint8Array(96);
    memory.set(Buffer.from(alice.accountId), 0);
    memory.set(Buffer.from('m'), 64);
    memory[80] = 1; // 1 yoctoNEAR, u128 little-endian at 80
    const code = assemble({
      imports: [{ name: 'promise_batch_create', params: [I64, I64], results: [I64] }, { name: 'promise_batch_action_function_call', params: [I64, I64, I64, I64, I64, I64, I64] }],
      functions: [{ export: 'run', body: [op.i64(alice.accountId.length), op.i64(0), op.call(0), op.i64(1), op.i64(64), op.i64(0), op.i64(0), op.i64(80), op.i64(TGAS), op.call(1)] }],
      data: memory,
    });
    // A zero-balance account (NEP-448: no more than 770 bytes of storage need no balance).
    const zero = `z.${alice.accountId}`;
    t.deepEqual((await send(node, alice, zero, [createAccount(), deployContract(code)])).status, { SuccessValue: '' });
    t.is(await balance(node, zero), 0n);
    const outcome = await send(node, alice, zero, [functionCall('run', new Uint8Array(), 10n * TGAS)]);
    const call = outcome.receipts_outcome[0].outcome;
    if (node.p.one_yocto_on_promise) t.deepEqual(call.status, { SuccessValue: '' });
    else t.regex(JSON.stringify(call.status), /FunctionCallError.*(BalanceExceeded|Exceeded the account balance)/);
  });

  test.serial(`${version}: a nonce at or over block height × 1e6 is NonceTooLarge`, async (t) => {
    const node = t.context[version];
    const alice = await account(node, 'nonce');
    const { result: status } = await rpc(node, 'status', []);
    const height = (status as { sync_info: { latest_block_height: number } }).sync_info.latest_block_height;
    // The transaction goes into the next block: its height × ACCESS_KEY_NONCE_RANGE_MULTIPLIER (1e6).
    const nonce = BigInt(height + 1) * 1_000_000n;
    const reply = await sendRaw(node, alice, [transfer(1n)], nonce);
    t.regex(JSON.stringify(reply.error), new RegExp(`"NonceTooLarge":\\{"tx_nonce":${nonce},"upper_bound":${nonce}\\}`));
  });
}

for (const version of VERSIONS) {
  test.serial(`${version}: deleting an account over 10,000 bytes of storage: a global contract's identifier counts as contract from 85`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const owner = await account(node, 'owner');
    const code = assemble({ functions: [{ export: `del${version}`, body: [] }] });
    await send(node, owner, owner.accountId, [deployGlobalContract(code, 'codeHash')]);
    const x = await account(node, 'del');
    // Storage (nearcore's formulas): the account record, its full-access key, the 32-byte identifier,
    // then function-call keys with no allowance, no methods and a receiver of L bytes:
    // num_extra_bytes_record + 33 (ed25519 key) + 8 (nonce) + 1 (permission) + 1 (None) + 4 + L + 4.
    const extra = p.storage_num_extra_bytes_record;
    const fullKey = extra + 33n + 8n + 1n;
    const fcKey = (l: number) => extra + 33n + 8n + 1n + 1n + 4n + BigInt(l) + 4n;
    const lengths = [...Array<number>(56).fill(60), ...Array<number>(9).fill(59)];
    const keys = lengths.map((l) => addFunctionCallAccessKey(KeyPair.fromRandom('ed25519').getPublicKey(), 'a'.repeat(l), []));
    const used = await send(node, x, x.accountId, [useGlobalContractAction({ CodeHash: codeHash(code) }), ...keys]);
    t.deepEqual(used.status, { SuccessValue: '' });
    const usage = p.storage_num_bytes_account + fullKey + 32n + lengths.reduce((sum, l) => sum + fcKey(l), 0n);
    t.is(usage, 10_020n);
    const { result } = await rpc(node, 'query', { request_type: 'view_account', finality: 'final', account_id: x.accountId });
    t.is(BigInt((result as { storage_usage: number }).storage_usage), usage);
    // Account::MAX_ACCOUNT_DELETION_STORAGE_USAGE is 10,000: 10,020 is over it, 10,020 - 32 is not.
    const deleted = await send(node, x, x.accountId, [deleteAccount(owner.accountId)]);
    if (version >= 85) t.deepEqual(deleted.status, { SuccessValue: '' });
    else t.deepEqual(deleted.status, { Failure: { ActionError: { index: 0, kind: { DeleteAccountWithLargeState: { account_id: x.accountId } } } } });
  });
}

test('an implicit account id cannot be created with CreateAccount (OnlyImplicitAccountCreationAllowed); a short top-level one only by the registrar', async (t) => {
  const node = t.context[85];
  const alice = await account(node, 'impl');
  const nearImplicit = Buffer.from(KeyPair.fromRandom('ed25519').getPublicKey().data).toString('hex');
  const ethImplicit = `0x${'ab'.repeat(20)}`;
  for (const id of [nearImplicit, ethImplicit]) {
    const outcome = await send(node, alice, id, [createAccount(), transfer(NEAR)]);
    t.deepEqual(outcome.status, { Failure: { ActionError: { index: 0, kind: { OnlyImplicitAccountCreationAllowed: { account_id: id } } } } });
  }
  // min_allowed_top_level_account_length (65): any shorter top-level name needs the registrar.
  const short = 'x'.repeat(Number(node.p.min_allowed_top_level_account_length) - 1);
  const outcome = await send(node, alice, short, [createAccount(), transfer(NEAR)]);
  t.deepEqual(outcome.status, { Failure: { ActionError: { index: 0, kind: { CreateAccountOnlyByRegistrar: { account_id: short, registrar_account_id: node.p.registrar_account_id, predecessor_id: alice.accountId } } } } });
});

test('per-transaction and per-receipt limits: max_actions_per_receipt, max_deploy_actions_per_receipt (10 from 84), max_transaction_size, max_promises_per_function_call_action', async (t) => {
  for (const version of VERSIONS) {
    const node = t.context[version];
    const { p } = node;
    const alice = await account(node, 'limits');
    const refused = async (acts: Action[], pattern: RegExp) => t.regex(JSON.stringify((await sendRaw(node, alice, acts)).error), pattern);
    const many = Array.from({ length: Number(p.max_actions_per_receipt) + 1 }, () => transfer(1n));
    await refused(many, new RegExp(`"TotalNumberOfActionsExceeded":\\{"total_number_of_actions":${many.length},"limit":${p.max_actions_per_receipt}\\}`));
    const tiny = assemble({ functions: [{ export: 'x', body: [] }] });
    const deploys = Array.from({ length: 11 }, () => deployContract(tiny));
    if (p.max_deploy_actions_per_receipt < 11n) await refused(deploys, new RegExp(`"TotalNumberOfDeployActionsExceeded":\\{"number_of_deploy_actions":11,"limit":${p.max_deploy_actions_per_receipt}\\}`));
    else t.deepEqual((await send(node, alice, alice.accountId, deploys)).status, { SuccessValue: '' });
    // A signed transaction over max_transaction_size (1.5 MiB): a deploy of that much code.
    const big = new Uint8Array(Number(p.max_transaction_size));
    await refused([deployContract(big)], new RegExp(`"TransactionSizeExceeded":\\{"size":\\d+,"limit":${p.max_transaction_size}\\}`));
    // A contract creating one promise more than max_promises_per_function_call_action.
    const memory = new Uint8Array(64);
    memory.set(Buffer.from(alice.accountId), 0);
    const limit = Number(p.max_promises_per_function_call_action);
    const promises = assemble({
      imports: [{ name: 'promise_batch_create', params: [I64, I64], results: [I64] }],
      functions: [{ export: 'promises', locals: [I32], body: [
        op.loop, op.i64(alice.accountId.length), op.i64(0), op.call(0), op.drop,
        op.localGet(0), op.i32(1), [0x6a], op.localTee(0), op.i32(limit + 1), [0x48], op.brIf(0), op.end,
      ] }],
      data: memory,
    });
    await send(node, alice, alice.accountId, [deployContract(promises)]);
    const outcome = await send(node, alice, alice.accountId, [functionCall('promises', new Uint8Array(), 300n * TGAS)]);
    t.regex(JSON.stringify(outcome.status), new RegExp(`The number of promises within a FunctionCall ${limit + 1} exceeds the limit ${limit}`));
  }
});

test('status reports nearcore 2.13 and protocol 85 for a new genesis; an older genesis keeps its version', async (t) => {
  const { result } = await rpc(t.context[85], 'status', []);
  const status = result as { version: { version: string; rustc_version: string }; protocol_version: number; latest_protocol_version: number };
  t.regex(status.version.version, /^2\.13\.\d+$/);
  t.is(status.protocol_version, 85);
  t.is(status.latest_protocol_version, 85);
  t.is(sandboxGenesis(KeyPair.fromRandom('ed25519').getPublicKey().toString()).protocol_version, 85);
  const old = (await rpc(t.context[78], 'status', [])).result as { protocol_version: number; latest_protocol_version: number };
  t.is(old.protocol_version, 78);
  t.is(old.latest_protocol_version, 85);
});

test('the genesis is what `neard --home DIR init` writes: validator stake, supply, epoch length, gas price and limit', async (t) => {
  const node = t.context[85];
  // core/chain-configs: TESTING_INIT_BALANCE 1e9 NEAR, TESTING_INIT_STAKE 5e7 NEAR, EXPECTED_EPOCH_LENGTH 300,000 ms / 600 ms,
  // INITIAL_GAS_LIMIT 1,000 Tgas, MIN_GAS_PRICE 1e8, MAX_GAS_PRICE 10 millinear, NUM_BLOCK_PRODUCER_SEATS 50.
  const balance = 1_000_000_000n * NEAR;
  const stake = 50_000_000n * NEAR;
  const { result: config } = await rpc(node, 'EXPERIMENTAL_protocol_config', { finality: 'final' });
  const c = config as { epoch_length: number; gas_limit: number; min_gas_price: string; max_gas_price: string; num_block_producer_seats: number; protocol_treasury_account: string };
  t.is(c.epoch_length, (5 * 60 * 1000) / 600);
  t.is(BigInt(c.gas_limit), 1000n * TGAS);
  t.is(BigInt(c.min_gas_price), 100_000_000n);
  t.is(BigInt(c.max_gas_price), 10n ** 22n);
  t.is(c.num_block_producer_seats, 50);
  t.is(c.protocol_treasury_account, ROOT_ACCOUNT);
  const { result: validators } = await rpc(node, 'validators', [null]);
  const current = (validators as { current_validators: Array<{ account_id: string; stake: string }> }).current_validators;
  t.deepEqual(current.map((v) => [v.account_id, BigInt(v.stake)]), [[ROOT_ACCOUNT, stake]]);
  // add_protocol_account: `near` holds TESTING_INIT_BALANCE, nothing staked.
  const { result: near } = await rpc(node, 'query', { request_type: 'view_account', finality: 'final', account_id: 'near' });
  t.is(BigInt((near as { amount: string }).amount), balance);
  const genesis = sandboxGenesis(KeyPair.fromRandom('ed25519').getPublicKey().toString());
  t.is(BigInt(genesis.total_supply), 2n * balance + stake);
});
