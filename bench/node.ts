// `npm run bench:node`: the local node as near-workspaces users meet it:
// median time to start a worker (Worker.init, which spawns the node), to deploy
// a contract, and per call and view round trip.
import fs from 'node:fs';
import { Worker } from 'near-workspaces';
import { useLocalNodeByDefault } from '../sandbox/workspaces.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

console.log(`local node: ${useLocalNodeByDefault()}`);
const starts: number[] = [];
const workers: Worker[] = [];
for (let i = 0; i < 5; i++) starts.push(await time(async () => { workers.push(await Worker.init()); }));
await Promise.all(workers.slice(1).map((w) => w.tearDown()));
const worker = workers[0];

const sample = fs.readFileSync('build/sample.wasm');
const root = worker.rootAccount;
const owner = await root.createSubAccount('owner');
const deploys: number[] = [];
const contracts = [];
for (let i = 0; i < 5; i++) {
  const account = await root.createSubAccount(`sample${i}`);
  deploys.push(await time(() => account.deploy(sample)));
  contracts.push(account);
}
const contract = contracts[0];
await contract.call(contract, 'init', { owner: owner.accountId });
const calls: number[] = [];
const views: number[] = [];
for (let i = 0; i < 20; i++) {
  calls.push(await time(() => owner.call(contract, 'set_greeting', { greeting: `hi ${i}` })));
  views.push(await time(() => contract.view('get_greeting')));
}
await worker.tearDown();

console.log(`Worker.init()          median ${median(starts).toFixed(0)} ms   (aim < 1000 ms)`);
console.log(`deploy sample.wasm     median ${median(deploys).toFixed(0)} ms   (${(sample.length / 1024).toFixed(0)} KiB)`);
console.log(`call round trip        median ${median(calls).toFixed(1)} ms   (aim < 50 ms)`);
console.log(`view round trip        median ${median(views).toFixed(1)} ms`);
