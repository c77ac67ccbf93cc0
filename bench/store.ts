// `npm run bench:store`: what keeping state costs the node started by its command
// line. Transactions per second and bytes the node writes per transaction, first
// on a nearly empty chain, then with 1,000 more accounts and 50 more deployed
// contracts (added with sandbox_patch_state), then with twice that; then the time to restart on that
// home folder and its size on disk. Bytes are the node's write calls
// (/proc/PID/io wchar), its RPC answers (a few KiB per transaction) included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actions, KeyPair } from 'near-api-js';
import { sendActions, type Signer } from '../client/near.ts';
import { rpc } from '../client/rpc.ts';
import { spawnNode, type SpawnedNode } from '../sandbox/cli/spawn.ts';

const ACCOUNTS = 1000;
const CONTRACTS = 50;
const TXS = 100;

/** Bytes the process has passed to write calls (files and sockets). */
function written(pid: number): number {
  return Number(/^wchar: (\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
}

function duSize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    total += entry.isDirectory() ? duSize(file) : fs.statSync(file).blocks * 512;
  }
  return total;
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
let node: SpawnedNode = await spawnNode(home);
const root: Signer = { accountId: 'test.near', secretKey: (JSON.parse(fs.readFileSync(path.join(home, 'validator_key.json'), 'utf8')) as { secret_key: string }).secret_key };
const sample = fs.readFileSync('build/sample.wasm');
const key = KeyPair.fromRandom('ed25519').getPublicKey().toString();
const patch = (records: unknown[]) => rpc(node.url, 'sandbox_patch_state', { records });
const NEAR = 10n ** 24n;

/** Alternates a transfer to one of the accounts and a call that changes the first contract's state. */
async function transactions(label: string, accounts: number): Promise<void> {
  const before = written(node.pid);
  const started = performance.now();
  for (let i = 0; i < TXS; i++) {
    if (i % 2 === 0) await sendActions(node.url, root, `acc${i % accounts}.test.near`, [actions.transfer(1n)]);
    else await sendActions(node.url, root, 'c0.test.near', [actions.functionCall('set_greeting', { greeting: `hi ${i}` }, 30_000_000_000_000n, 0n)]);
  }
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 500)); // a save that is deferred counts too
  const after = written(node.pid);
  console.log(`${label.padEnd(34)} ${(TXS / seconds).toFixed(1).padStart(6)} tx/s   ${((after - before) / TXS / 1024).toFixed(1).padStart(9)} KiB written/tx`);
}

const account = (id: string) => [
  { Account: { account_id: id, account: { amount: (100n * NEAR).toString(), locked: '0' } } },
  { AccessKey: { account_id: id, public_key: key, access_key: { nonce: 0, permission: 'FullAccess' } } },
];

// Small: a handful of accounts and one contract.
await patch([...Array.from({ length: 10 }, (_, i) => account(`acc${i}.test.near`)).flat(), ...account('c0.test.near'), { Contract: { account_id: 'c0.test.near', code: sample.toString('base64') } }]);
await sendActions(node.url, root, 'c0.test.near', [actions.functionCall('init', { owner: root.accountId }, 30_000_000_000_000n, 0n)]);
console.log(`state: ${11} accounts, 1 contract`);
await transactions('  small state', 10);

// Large: 1,000 accounts and 50 contracts more.
for (let i = 10; i < ACCOUNTS; i += 200) await patch(Array.from({ length: Math.min(200, ACCOUNTS - i) }, (_, j) => account(`acc${i + j}.test.near`)).flat());
for (let i = 1; i <= CONTRACTS; i += 10) {
  await patch(Array.from({ length: Math.min(10, CONTRACTS + 1 - i) }, (_, j) => [...account(`c${i + j}.test.near`), { Contract: { account_id: `c${i + j}.test.near`, code: sample.toString('base64') } }]).flat());
}
await new Promise((r) => setTimeout(r, 1000));
console.log(`state: ${ACCOUNTS + 1} accounts, ${CONTRACTS + 1} contracts of ${(sample.length / 1024).toFixed(0)} KiB`);
await transactions('  large state', ACCOUNTS);

// Larger: as many again.
for (let i = ACCOUNTS; i < 2 * ACCOUNTS; i += 200) await patch(Array.from({ length: 200 }, (_, j) => account(`acc${i + j}.test.near`)).flat());
for (let i = CONTRACTS + 1; i <= 2 * CONTRACTS; i += 10) {
  await patch(Array.from({ length: 10 }, (_, j) => [...account(`c${i + j}.test.near`), { Contract: { account_id: `c${i + j}.test.near`, code: sample.toString('base64') } }]).flat());
}
await new Promise((r) => setTimeout(r, 1000));
console.log(`state: ${2 * ACCOUNTS + 1} accounts, ${2 * CONTRACTS + 1} contracts`);
await transactions('  larger state', 2 * ACCOUNTS);

await node.stop('SIGTERM');
const restarted = performance.now();
node = await spawnNode(home);
await rpc(node.url, 'status', []);
console.log(`restart (spawn to first answer)   ${(performance.now() - restarted).toFixed(0)} ms`);
const view = await rpc<{ result: number[] }>(node.url, 'query', { request_type: 'call_function', finality: 'final', account_id: 'c0.test.near', method_name: 'get_greeting', args_base64: '' });
console.log(`after restart c0 says: ${Buffer.from(view.result).toString()}`);
await node.stop('SIGTERM');
console.log(`home folder data/: ${(duSize(path.join(home, 'data')) / 1024 / 1024).toFixed(1)} MiB`);
fs.rmSync(home, { recursive: true, force: true });
