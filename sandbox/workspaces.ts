// Points near-workspaces at the local node unless the user chose a sandbox binary.
// near-sandbox (near-workspaces 5's binary finder) uses $NEAR_SANDBOX_BINARY_PATH/near-sandbox
// only when NEAR_SANDBOX_BIN_PATH is also set; otherwise it downloads neard 2.6.2.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SandboxServer } from 'near-workspaces';
import { LOCAL_NODE_BIN_DIR } from './local-node-bin.ts';

export function useLocalNodeByDefault(): string {
  process.env.NEAR_SANDBOX_BINARY_PATH ||= LOCAL_NODE_BIN_DIR;
  process.env.NEAR_SANDBOX_BIN_PATH ||= process.env.NEAR_SANDBOX_BINARY_PATH;
  choosePortsOutsideEphemeralRange();
  return path.join(process.env.NEAR_SANDBOX_BINARY_PATH, 'near-sandbox');
}

// near-workspaces 5 picks the node's port in 5001-60000 and checks it free, then runs
// `init` and `run`; the node binds it seconds later (more on a loaded machine). Half of
// that range is the kernel's ephemeral range, from which every outgoing connection takes
// its local port, and a port an outgoing connection used in the last 60 s (TIME_WAIT)
// cannot be bound on 0.0.0.0: the node then exits with EADDRINUSE and near-workspaces
// polls the port for its whole 60 s ("failed to start after 60000ms"). A port below the
// ephemeral range is only ever taken by an explicit bind, and near-workspaces' own choices
// are serialized by its lock file, so one that is free when checked stays free.
const FIRST_PORT = 5001; // near-workspaces' lowest (server.js initialPort)
const FALLBACK_EPHEMERAL_LOW = 32768; // Linux's default net.ipv4.ip_local_port_range

function ephemeralLow(): number {
  try {
    const low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > FIRST_PORT + 100 ? low : FALLBACK_EPHEMERAL_LOW;
  } catch {
    return FALLBACK_EPHEMERAL_LOW; // no /proc (macOS: 49152 and up, below the Linux default)
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve(true)));
  });
}

let patched = false;

function choosePortsOutsideEphemeralRange(): void {
  if (patched) return;
  patched = true;
  const end = ephemeralLow();
  let last = FIRST_PORT + Math.floor(Math.random() * (end - FIRST_PORT));
  // Replaces SandboxServer.nextPort (used for --rpc-addr and --network-addr): the same walk
  // from a random start, wrapped inside [5001, ephemeral low).
  SandboxServer.nextPort = async (): Promise<number> => {
    for (let tries = 0; tries < end - FIRST_PORT; tries++) {
      last = last + 1 >= end ? FIRST_PORT : last + 1;
      if (await isFree(last)) return last;
    }
    throw new Error(`no free port in ${FIRST_PORT}-${end - 1} for the local node`);
  };
}
