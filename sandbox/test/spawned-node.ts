// The local node started by its own command line, as a user starts it:
// `near-sandbox --home DIR run --rpc-addr 127.0.0.1:0`, ready at its "JSON-RPC at <url>" line.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Account, JsonRpcProvider } from 'near-api-js';
import { accountOn } from '../../client/near.ts';
import { LOCAL_NODE_BIN_DIR } from '../local-node-bin.ts';

export interface SpawnedNode {
  process: ChildProcess;
  url: string;
}

export function startNode(home: string): Promise<SpawnedNode> {
  const child = spawn(path.join(LOCAL_NODE_BIN_DIR, 'near-sandbox'), ['--home', home, 'run', '--rpc-addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /JSON-RPC at (http:\/\/\S+),/.exec(out)?.[1];
      if (url) resolve({ process: child, url });
    });
    child.once('exit', (code) => reject(new Error(`the node exited with ${code} before serving: ${out}`)));
  });
}

export function stopNode(node: SpawnedNode): Promise<void> {
  return new Promise((resolve) => {
    if (node.process.exitCode !== null || node.process.signalCode !== null) return resolve();
    node.process.once('exit', () => resolve());
    node.process.kill('SIGINT');
  });
}

/** The root account (test.near) and its secret key, from the home folder. */
export function rootKey(home: string): { account_id: string; secret_key: string } {
  return JSON.parse(fs.readFileSync(path.join(home, 'validator_key.json'), 'utf8')) as { account_id: string; secret_key: string };
}

/** A spawned node on a fresh home with test.near as a near-api-js 7 account: a test's context. */
export interface ClientNode { home: string; node: SpawnedNode; root: Account; provider: JsonRpcProvider }

export async function startClientNode(prefix: string): Promise<ClientNode> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const node = await startNode(home);
  const root = accountOn(node.url, 'test.near', rootKey(home).secret_key);
  return { home, node, root, provider: root.provider as JsonRpcProvider };
}

/** Stops what startClientNode started (either part may be missing if it failed half way). */
export async function stopClientNode(context: Partial<ClientNode>): Promise<void> {
  if (context.node) await stopNode(context.node);
  if (context.home) fs.rmSync(context.home, { recursive: true, force: true });
}
