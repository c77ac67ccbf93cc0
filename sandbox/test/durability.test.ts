// The local node's home folder as a user who runs it for days meets it: the node
// started by its command line, transactions sent through JSON-RPC, and the node
// killed with `kill -9` right after acknowledging one, many times; a second node
// on the same home; history and state after a restart; a home of the old
// data/state.json kind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { base58 } from '@scure/base';
import test, { type ExecutionContext } from 'ava';
import { actions, KeyPair } from 'near-api-js';
import { rpc } from '../../client/rpc.ts';
import { codeHash, failureOf, sendActions, useGlobalContractAction, type Outcome as ExecutionOutcome, type Signer } from '../../client/near.ts';
import { spawnNode, type SpawnedNode } from '../cli/spawn.ts';
import { LOCAL_NODE_BIN_DIR } from '../local-node-bin.ts';
import { PROTOCOL_TREASURY_ACCOUNT } from '../chain/genesis.ts';

const NEAR = 10n ** 24n;
const SAMPLE = fs.readFileSync('build/sample.wasm');
const GAS = 30_000_000_000_000n;

type Outcome = ExecutionOutcome & { transaction_outcome: { id: string; block_hash: string } };

function newHome(t: ExecutionContext): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-node-'));
  t.teardown(() => fs.rmSync(home, { recursive: true, force: true }));
  return home;
}

/** Starts a node on `home` and makes sure it is ended (kill -9) when the test ends. */
async function start(t: ExecutionContext, home: string): Promise<SpawnedNode> {
  const node = await spawnNode(home);
  t.teardown(() => node.stop('SIGKILL'));
  return node;
}

const rootOf = (home: string): Signer => {
  const key = JSON.parse(fs.readFileSync(path.join(home, 'validator_key.json'), 'utf8')) as { account_id: string; secret_key: string };
  return { accountId: key.account_id, secretKey: key.secret_key };
};

const viewAccount = (url: string, accountId: string) =>
  rpc<{ amount: string; locked: string; code_hash: string }>(url, 'query', { request_type: 'view_account', finality: 'final', account_id: accountId });

async function viewCall(url: string, accountId: string, method: string): Promise<unknown> {
  const view = await rpc<{ result: number[] }>(url, 'query', { request_type: 'call_function', finality: 'final', account_id: accountId, method_name: method, args_base64: '' });
  return JSON.parse(Buffer.from(view.result).toString());
}

const burntBy = (o: ExecutionOutcome) => [o.transaction_outcome, ...o.receipts_outcome].reduce((sum, r) => sum + BigInt(r.outcome.tokens_burnt), 0n);

async function send(url: string, signer: Signer, receiverId: string, actions: Parameters<typeof sendActions>[3]): Promise<Outcome> {
  const outcome = (await sendActions(url, signer, receiverId, actions)) as Outcome;
  if (failureOf(outcome)) throw new Error(`transaction failed: ${JSON.stringify(failureOf(outcome))}`);
  return outcome;
}

/**
 * An account deleting itself: from protocol 85 (NEP-642) its receipt's gas was bought at
 * min_gas_purchase_price and the price surplus of the gas it burnt is refunded to the signer, the
 * deleted account, so that refund fails and nearcore burns it. Returns the outcome and that loss.
 */
async function deleteSelf(url: string, signer: Signer, beneficiaryId: string): Promise<{ outcome: Outcome; lost: bigint }> {
  const outcome = (await sendActions(url, signer, signer.accountId, [actions.deleteAccount(beneficiaryId)])) as Outcome;
  if ((outcome.status as { Failure?: unknown }).Failure) throw new Error(`transaction failed: ${JSON.stringify(outcome.status)}`);
  const gasPrice = BigInt((await rpc<{ gas_price: string }>(url, 'gas_price', [null])).gas_price);
  const config = await rpc<{ runtime_config: { min_gas_purchase_price?: string } }>(url, 'EXPERIMENTAL_protocol_config', { finality: 'final' });
  const min = BigInt(config.runtime_config.min_gas_purchase_price ?? '0');
  const purchase = gasPrice > min ? gasPrice : min;
  const deletion = outcome.receipts_outcome.find((r) => r.outcome.executor_id === signer.accountId)!;
  return { outcome, lost: (purchase - gasPrice) * BigInt(deletion.outcome.gas_burnt) };
}

test('nothing acknowledged is lost: kill -9 right after each acknowledgement, many rounds; supply holds after each restart', async (t) => {
  const ROUNDS = 12;
  const home = newHome(t);
  let node = await start(t, home);
  const root = rootOf(home);
  const genesisSupply = BigInt((JSON.parse(fs.readFileSync(path.join(home, 'genesis.json'), 'utf8')) as { total_supply: string }).total_supply);

  // A contract whose storage changes every round. It earns a share of the gas its calls burn
  // (nearcore's burnt_gas_reward), the only tokens it receives after its deploy.
  const acknowledged: Outcome[] = [];
  let lostRefunds = 0n;
  const rootKey = KeyPair.fromString(root.secretKey as `ed25519:${string}`).getPublicKey();
  const contract: Signer = { accountId: 'c.test.near', secretKey: root.secretKey };
  acknowledged.push(await send(node.url, root, contract.accountId, [actions.createAccount(), actions.transfer(10n * NEAR), actions.addFullAccessKey(rootKey)]));
  acknowledged.push(await send(node.url, contract, contract.accountId, [actions.deployContract(SAMPLE)]));
  const contractAfterDeploy = BigInt((await viewAccount(node.url, contract.accountId)).amount);
  acknowledged.push(await send(node.url, root, contract.accountId, [actions.functionCall('init', { owner: root.accountId }, GAS, 0n)]));

  const accounts = new Map<string, { key: KeyPair; balance: bigint } | null>(); // null: deleted
  let greeting = '';
  const started = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    // A new account with its own key; money sent back from the previous one; one account deleted
    // every third round; the contract's greeting changed. The node is killed right after the last answer.
    const id = `r${round}.test.near`;
    const key = KeyPair.fromRandom('ed25519');
    acknowledged.push(await send(node.url, root, id, [actions.createAccount(), actions.transfer(3n * NEAR), actions.addFullAccessKey(key.getPublicKey())]));
    accounts.set(id, { key, balance: 3n * NEAR });
    const previous = `r${round - 1}.test.near`;
    const prev = accounts.get(previous);
    if (prev) {
      const out = await send(node.url, { accountId: previous, secretKey: prev.key.toString() }, root.accountId, [actions.transfer(NEAR)]);
      acknowledged.push(out);
      prev.balance -= NEAR + burntBy(out);
      if (round % 3 === 2) {
        const deleted = await deleteSelf(node.url, { accountId: previous, secretKey: prev.key.toString() }, root.accountId);
        acknowledged.push(deleted.outcome);
        lostRefunds += deleted.lost;
        accounts.set(previous, null);
      }
    }
    greeting = `round ${round}`;
    acknowledged.push(await send(node.url, root, contract.accountId, [actions.functionCall('set_greeting', { greeting }, GAS, 0n)]));

    await node.stop('SIGKILL');
    node = await start(t, home);

    // Every acknowledged effect is there.
    for (const [accountId, expected] of accounts) {
      if (expected) t.is(BigInt((await viewAccount(node.url, accountId)).amount), expected.balance, `${accountId} after round ${round}`);
      else await t.throwsAsync(viewAccount(node.url, accountId), { message: /UNKNOWN_ACCOUNT|does not exist/ }, `${accountId} stays deleted`);
    }
    t.is(await viewCall(node.url, contract.accountId, 'get_greeting'), `${greeting}, I belong to ${root.accountId}`);
    for (const outcome of acknowledged.slice(-3)) {
      const again = await rpc<Outcome>(node.url, 'tx', { tx_hash: outcome.transaction_outcome.id, sender_account_id: root.accountId, wait_until: 'FINAL' });
      t.deepEqual(again.receipts_outcome, outcome.receipts_outcome, `tx ${outcome.transaction_outcome.id} after round ${round}`);
    }

    // Supply: balances + locked + burnt = the genesis total. The contract's gain since its deploy is
    // its reward for burnt gas, which the outcomes count as burnt; refunds to deleted accounts are
    // burnt too. The genesis also holds the protocol treasury account (neard's init).
    const ids = [root.accountId, contract.accountId, PROTOCOL_TREASURY_ACCOUNT, ...[...accounts].filter(([, a]) => a).map(([id]) => id)];
    const views = await Promise.all(ids.map((id) => viewAccount(node.url, id)));
    const held = views.reduce((sum, v) => sum + BigInt(v.amount) + BigInt(v.locked), 0n);
    const reward = BigInt(views[1].amount) - contractAfterDeploy;
    const burnt = acknowledged.reduce((sum, o) => sum + burntBy(o), 0n);
    t.is(held + burnt + lostRefunds - reward, genesisSupply, `supply after round ${round}`);
  }
  t.log(`${ROUNDS} kill -9 rounds in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('one node per home: a second node refuses to start with a clear message; a lock left by kill -9 does not block', async (t) => {
  const home = newHome(t);
  const first = await start(t, home);
  type Header = { header: { height: number; hash: string } };
  // The node produces blocks over time (as neard): the final block of then is still there, with its hash.
  const final = (await rpc<Header>(first.url, 'block', { finality: 'final' })).header;
  const message = new RegExp(`home folder ${home} is in use by another local node \\(pid ${first.pid}\\)`);
  await t.throwsAsync(spawnNode(home), { message });
  t.is((await rpc<Header>(first.url, 'block', { block_id: final.height })).header.hash, final.hash, 'the first node still serves, unchanged');

  await first.stop('SIGKILL');
  const next = await start(t, home);
  t.is((await rpc<Header>(next.url, 'block', { block_id: final.height })).header.hash, final.hash);
  t.true((await rpc<Header>(next.url, 'block', { finality: 'final' })).header.height >= final.height);
  await next.stop('SIGTERM');
  const afterCleanStop = await start(t, home);
  t.truthy(await viewAccount(afterCleanStop.url, 'test.near'));

  // Two nodes started at once on a new home: exactly one runs.
  const fresh = newHome(t);
  const both = await Promise.allSettled([spawnNode(fresh), spawnNode(fresh)]);
  for (const r of both) if (r.status === 'fulfilled') t.teardown(() => r.value.stop('SIGKILL'));
  t.is(both.filter((r) => r.status === 'fulfilled').length, 1);
  const refused = both.find((r) => r.status === 'rejected');
  t.regex(String(refused?.status === 'rejected' && (refused.reason as Error).message), /is in use by another local node/);
});

test('history survives a restart: tx, EXPERIMENTAL_tx_status, block and chunk answer the same; global code, long data keys and deletions are kept', async (t) => {
  const home = newHome(t);
  let node = await start(t, home);
  const root = rootOf(home);
  const rootKey = KeyPair.fromString(root.secretKey as `ed25519:${string}`).getPublicKey();
  const user: Signer = { accountId: 'g.test.near', secretKey: root.secretKey };
  const outcomes: Outcome[] = [
    (await sendActions(node.url, root, root.accountId, [actions.deployGlobalContract(SAMPLE, 'codeHash')])) as Outcome,
    await send(node.url, root, user.accountId, [actions.createAccount(), actions.transfer(5n * NEAR), actions.addFullAccessKey(rootKey)]),
    (await sendActions(node.url, user, user.accountId, [useGlobalContractAction({ CodeHash: codeHash(SAMPLE) })])) as Outcome,
    await send(node.url, root, user.accountId, [actions.functionCall('init', { owner: root.accountId, greeting: 'Kept' }, GAS, 0n)]),
  ];
  for (const o of outcomes) t.is(failureOf(o), undefined);

  const history = async (url: string) => {
    const answers: unknown[] = [];
    for (const o of outcomes) {
      const hash = o.transaction_outcome.id;
      answers.push(await rpc(url, 'tx', { tx_hash: hash, sender_account_id: root.accountId, wait_until: 'FINAL' }));
      answers.push(await rpc(url, 'EXPERIMENTAL_tx_status', { tx_hash: hash, sender_account_id: root.accountId, wait_until: 'FINAL' }));
      const block = await rpc<{ header: { height: number; hash: string }; chunks: Array<{ chunk_hash: string }> }>(url, 'block', { block_id: o.transaction_outcome.block_hash });
      answers.push(block, await rpc(url, 'block', { block_id: block.header.height }));
      answers.push(await rpc(url, 'chunk', { chunk_id: block.chunks[0].chunk_hash }), await rpc(url, 'chunk', { block_id: block.header.hash, shard_id: 0 }));
      for (const r of o.receipts_outcome) answers.push(await rpc(url, 'block', { block_id: (r as unknown as { block_hash: string }).block_hash }));
    }
    return answers;
  };
  // A contract data key longer than LMDB takes (nearcore allows 2,048 bytes), and an account
  // with code and data deleted, whose records must not come back.
  const longKey = Buffer.alloc(2000, 'k').toString('base64');
  await rpc(node.url, 'sandbox_patch_state', { records: [{ Data: { account_id: user.accountId, data_key: longKey, value: Buffer.from('long').toString('base64') } }] });
  const gone: Signer = { accountId: 'gone.test.near', secretKey: root.secretKey };
  await send(node.url, root, gone.accountId, [actions.createAccount(), actions.transfer(10n * NEAR), actions.addFullAccessKey(rootKey), actions.deployContract(SAMPLE)]);
  await send(node.url, root, gone.accountId, [actions.functionCall('init', { owner: root.accountId }, GAS, 0n)]);
  await deleteSelf(node.url, gone, root.accountId);

  const before = await history(node.url);
  const chunk = before[4] as { transactions: Array<{ hash: string }> };
  t.is(chunk.transactions[0].hash, outcomes[0].transaction_outcome.id, 'the chunk holds the transaction');

  await node.stop('SIGTERM');
  node = await start(t, home);
  t.deepEqual(await history(node.url), before);
  t.is(await viewCall(node.url, user.accountId, 'get_greeting'), `Kept, I belong to ${root.accountId}`);
  const values = (await rpc<{ values: Array<{ key: string; value: string }> }>(node.url, 'query', { request_type: 'view_state', finality: 'final', account_id: user.accountId, prefix_base64: '' })).values;
  t.true(values.some((v) => v.key === longKey && v.value === Buffer.from('long').toString('base64')), 'the long key is kept');
  await t.throwsAsync(viewAccount(node.url, gone.accountId), { message: /UNKNOWN_ACCOUNT|does not exist/ });

  await node.stop('SIGKILL');
  node = await start(t, home);
  t.deepEqual(await history(node.url), before, 'and after kill -9');
  await send(node.url, root, gone.accountId, [actions.createAccount(), actions.transfer(NEAR)]);
  const recreated = await rpc<{ values: unknown[] }>(node.url, 'query', { request_type: 'view_state', finality: 'final', account_id: gone.accountId, prefix_base64: '' });
  t.deepEqual(recreated.values, [], 'a deleted account comes back with no data');
  t.is((await viewAccount(node.url, gone.accountId)).code_hash, '11111111111111111111111111111111', 'nor code');
});

test('a home with the old data/state.json is carried over once', async (t) => {
  const home = newHome(t);
  await promisify(execFile)(path.join(LOCAL_NODE_BIN_DIR, 'near-sandbox'), ['--home', home, 'init']);
  const root = rootOf(home);
  const genesis = JSON.parse(fs.readFileSync(path.join(home, 'genesis.json'), 'utf8')) as { records: Array<{ Account?: { account_id: string; account: { amount: string; locked: string; storage_usage: number } } }> };
  const rootAccount = genesis.records.find((r) => r.Account)!.Account!.account;
  const legacyKey = KeyPair.fromRandom('ed25519');
  const rootPublicKey = KeyPair.fromString(root.secretKey as `ed25519:${string}`).getPublicKey().toString();
  // The format the node wrote before the store (sandbox/store/legacy-state-json.ts).
  const old = {
    version: 1,
    head: { height: '500', hash: Buffer.alloc(32, 7).toString('base64'), timestamp: (BigInt(Date.now()) * 1_000_000n).toString() },
    accounts: {
      'test.near': { amount: rootAccount.amount, locked: rootAccount.locked, storage_usage: String(rootAccount.storage_usage), contract: { kind: 'None' } },
      'old.test.near': { amount: (5n * NEAR).toString(), locked: '0', storage_usage: '300', contract: { kind: 'None' } },
    },
    keys: {
      'test.near': { [rootPublicKey]: { nonce: '0', permission: 'FullAccess' } },
      'old.test.near': { [legacyKey.getPublicKey().toString()]: { nonce: '0', permission: 'FullAccess' } },
    },
    data: { 'old.test.near': { [Buffer.from('STATE').toString('hex')]: Buffer.from('kept').toString('base64') } },
    code: {}, global_by_hash: {}, global_by_account: {},
  };
  const stateJson = path.join(home, 'data', 'state.json');
  fs.writeFileSync(stateJson, JSON.stringify(old));

  let node = await start(t, home);
  t.is((await viewAccount(node.url, 'old.test.near')).amount, (5n * NEAR).toString());
  const state = await rpc<{ values: Array<{ key: string; value: string }> }>(node.url, 'query', { request_type: 'view_state', finality: 'final', account_id: 'old.test.near', prefix_base64: '' });
  t.deepEqual(state.values, [{ key: Buffer.from('STATE').toString('base64'), value: Buffer.from('kept').toString('base64') }]);
  t.is((await rpc<{ header: { height: number; hash: string } }>(node.url, 'block', { block_id: 500 })).header.hash, base58.encode(Buffer.alloc(32, 7)));
  t.true((await rpc<{ header: { height: number } }>(node.url, 'block', { finality: 'final' })).header.height >= 500);
  t.false(fs.existsSync(stateJson), 'state.json is read once');
  t.true(fs.existsSync(`${stateJson}.migrated`));

  const out = await send(node.url, { accountId: 'old.test.near', secretKey: legacyKey.toString() }, root.accountId, [actions.transfer(NEAR)]);
  await node.stop('SIGKILL');
  node = await start(t, home);
  t.is(BigInt((await viewAccount(node.url, 'old.test.near')).amount), 4n * NEAR - burntBy(out));
});
