// Starts the node's command line (`near-sandbox --home DIR run`) as a child
// process, as a user or near-workspaces does: for tests and benchmarks that
// restart or kill the node.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'near-sandbox');

export interface SpawnedNode {
  process: ChildProcess;
  pid: number;
  url: string;
  /** Ends the node with `signal` (SIGTERM: a clean stop; SIGKILL: `kill -9`) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns the node on a free loopback port and resolves once it prints its "JSON-RPC at <url>" line;
 *  rejects with everything it printed if it exits first (e.g. a home folder in use). */
export function spawnNode(home: string): Promise<SpawnedNode> {
  const child = spawn(BIN, ['--home', home, 'run', '--rpc-addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /JSON-RPC at (http:\/\/\S+),/.exec(out)?.[1];
      if (url) resolve({ process: child, pid: child.pid!, url, stop });
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code, signal) => reject(new Error(`the node exited (${signal ?? code}) before serving: ${out.trim()}`)));
  });
}
