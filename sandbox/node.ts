// A local node inside the current process: a fresh chain whose root account
// (test.near) has a new key, served on loopback. For the main job, benchmarks
// and tests that need a node without near-workspaces.
import { KeyPair } from 'near-api-js';
import { startBlockTimer } from './chain/block-production.ts';
import { Chain } from './chain/chain.ts';
import { ROOT_ACCOUNT, sandboxGenesis } from './chain/genesis.ts';
import { startRpcServer } from './rpc/server.ts';

export interface LocalNode {
  url: string;
  port: number;
  chain: Chain;
  /** The root account and its "ed25519:..." secret key. */
  root: { accountId: string; secretKey: string };
  close(): Promise<void>;
}

export async function startLocalNode(options: { host?: string; port?: number } = {}): Promise<LocalNode> {
  const key = KeyPair.fromRandom('ed25519');
  const chain = new Chain(sandboxGenesis(key.getPublicKey().toString()));
  chain.setValidatorKey(ROOT_ACCOUNT, key.toString());
  const server = await startRpcServer(chain, options.host ?? '127.0.0.1', options.port ?? 0);
  // Blocks over time too, as neard's.
  const timer = startBlockTimer(chain);
  const close = () => {
    timer.stop();
    return server.close();
  };
  return { url: server.url, port: server.port, chain, root: { accountId: ROOT_ACCOUNT, secretKey: key.toString() }, close };
}
