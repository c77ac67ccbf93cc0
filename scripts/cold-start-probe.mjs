// One probe: Worker.init() as a test's before hook does (after useLocalNodeByDefault),
// with each phase timed. Prints one JSON line. Used by scripts/cold-start-repro.mjs.
import net from 'node:net';
import { SandboxServer, Worker } from 'near-workspaces';
import { useLocalNodeByDefault } from '../sandbox/workspaces.ts';

const t0 = Date.now();
const times = {};
// COLD_START_TRACE_DIR: a folder holding a near-sandbox wrapper that logs the node's stderr.
if (process.env.COLD_START_TRACE_DIR) process.env.NEAR_SANDBOX_BINARY_PATH = process.env.COLD_START_TRACE_DIR;
useLocalNodeByDefault();
const init = SandboxServer.init.bind(SandboxServer);
SandboxServer.init = async (config) => {
  Object.assign(times, { lockWait: Date.now() - t0, home: config.homeDir, port: config.port });
  // COLD_START_STEAL_MS: another socket takes the chosen port (on 127.0.0.1, as a listen(0)
  // or an outgoing connection would) for that long, between near-workspaces' check and the node's bind.
  const steal = Number(process.env.COLD_START_STEAL_MS ?? 0);
  if (steal > 0) {
    const thief = net.createServer((socket) => socket.destroy()).listen(config.port, '127.0.0.1');
    setTimeout(() => thief.close(), steal).unref();
  }
  const s = Date.now();
  try { return await init(config); } finally { times.init = Date.now() - s; }
};
const start = SandboxServer.prototype.start;
SandboxServer.prototype.start = async function () {
  const s = Date.now();
  try { return await start.call(this); } finally { times.run = Date.now() - s; }
};

try {
  const worker = await Worker.init();
  times.total = Date.now() - t0;
  await worker.tearDown();
  console.log(JSON.stringify({ ok: true, ...times }));
} catch (error) {
  times.total = Date.now() - t0;
  console.log(JSON.stringify({ ok: false, error: error.message, ...times }));
  process.exitCode = 1;
}
