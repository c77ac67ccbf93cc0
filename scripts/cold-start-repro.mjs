// Reproduces CI's cold start: N processes call near-workspaces' Worker.init() at
// once on a clean .cache/local-node while H busy loops load the CPU (as the
// contract build does), and prints each one's phase times in ms:
//   node scripts/cold-start-repro.mjs [N=5] [H=2] [--keep-cache] [--churn=RATE] [--steal=MS] [--trace]
// --steal=MS: each probe's port is taken by another socket for MS ms once chosen.
// --churn=RATE: RATE outgoing connections a second, each closed by the client (as
// near-api-js' keep-alive sockets are), like the other test files' RPC clients: each
// leaves an ephemeral port in TIME_WAIT for 60 s.
// lockWait: waiting for near-workspaces' machine-wide lock; init: `near-sandbox init`;
// run: `near-sandbox run` until the node answers (near-workspaces gives up at 60000).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const n = Number(args[0] ?? 5);
const hogs = Number(args[1] ?? 2);
if (!process.argv.includes('--keep-cache')) fs.rmSync(path.join(root, '.cache', 'local-node'), { recursive: true, force: true });

// --trace: run the node through a wrapper that keeps its stderr in <trace dir>/<pid>.log
// (near-workspaces discards it; sandbox/bin/near-sandbox also keeps it in DIR/near-sandbox.log).
let traceDir;
if (process.argv.includes('--trace')) {
  traceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cold-start-trace-'));
  const real = path.join(root, 'sandbox', 'bin', 'near-sandbox');
  fs.writeFileSync(path.join(traceDir, 'near-sandbox'), `#!/bin/sh\necho "$(date +%T.%N) $*" >> ${traceDir}/$$.log\nexec ${real} "$@" 2>> ${traceDir}/$$.log\n`, { mode: 0o755 });
  console.log(`trace: ${traceDir}`);
}
const hogProcs = Array.from({ length: hogs }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
const churnRate = Number(process.argv.find((a) => a.startsWith('--churn='))?.slice(8) ?? 0);
const churn = churnRate > 0 ? spawn(process.execPath, ['-e', `
  const net = require('node:net');
  const srv = net.createServer((s) => { s.on('end', () => s.end()); s.on('error', () => {}); }).listen(0, '127.0.0.1', () => {
    setInterval(() => { for (let i = 0; i < ${churnRate} / 20; i++) { const c = net.connect(srv.address().port, '127.0.0.1', () => c.end()); c.on('error', () => {}); } }, 50);
  });`], { stdio: 'ignore' }) : undefined;
if (churn) await new Promise((resolve) => setTimeout(resolve, 3000)); // some TIME_WAIT ports before the workers start
const started = Date.now();
const results = await Promise.all(Array.from({ length: n }, () => new Promise((resolve) => {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', path.join(root, 'scripts', 'ts-loader.mjs'), path.join(root, 'scripts', 'cold-start-probe.mjs')], { cwd: root, env: { ...process.env, ...(traceDir && { COLD_START_TRACE_DIR: traceDir }), COLD_START_STEAL_MS: process.argv.find((a) => a.startsWith('--steal='))?.slice(8) ?? '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => { out += c; });
  child.on('exit', () => { try { resolve(JSON.parse(out.trim().split('\n').pop())); } catch { resolve({ ok: false, error: out }); } });
})));
for (const p of hogProcs) p.kill('SIGKILL');
churn?.kill('SIGKILL');
for (const r of results) {
  console.log(JSON.stringify(r));
  const log = r.home && path.join(r.home, 'near-sandbox.log');
  if (!r.ok && log && fs.existsSync(log)) console.log(`  ${log}: ${fs.readFileSync(log, 'utf8').trim() || '(empty)'}`);
}
const runs = results.map((r) => r.run ?? Infinity);
console.log(`workers ${n}, hogs ${hogs}, churn ${churnRate}/s: ${results.filter((r) => r.ok).length}/${n} ok, slowest run ${Math.max(...runs)} ms, slowest total ${Math.max(...results.map((r) => r.total ?? 0))} ms, wall ${Date.now() - started} ms`);
