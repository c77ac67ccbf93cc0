// In-process nodes, one per protocol version, for tests that compare what users
// see at different versions through JSON-RPC: each has its own genesis (the
// sandbox's, at that protocol_version) and nearcore's parameters at that version.
import anyTest, { type TestFn } from 'ava';
import { KeyPair } from 'near-api-js';
import { Chain } from '../chain/chain.ts';
import { ROOT_ACCOUNT, sandboxGenesis, type GenesisConfig } from '../chain/genesis.ts';
import { resolveParameters } from '../params/resolve.ts';
import type { Parameters } from '../params/types.ts';
import { startRpcServer, type RpcServer } from '../rpc/server.ts';

export interface Signer { accountId: string; secretKey: string }

export interface VersionNode {
  server: RpcServer;
  /** The root account (the validator) with its key. */
  root: Signer;
  genesis: GenesisConfig;
  /** nearcore's parameters at the node's protocol version. */
  p: Parameters;
  version: number;
}

/** Starts one node per version on loopback. */
export async function startVersionNodes(versions: readonly number[]): Promise<Record<number, VersionNode>> {
  const nodes: Record<number, VersionNode> = {};
  for (const version of versions) {
    const key = KeyPair.fromRandom('ed25519');
    const genesis = { ...sandboxGenesis(key.getPublicKey().toString()), protocol_version: version };
    const chain = new Chain(genesis);
    chain.setValidatorKey(ROOT_ACCOUNT, key.toString());
    const server = await startRpcServer(chain, '127.0.0.1', 0);
    nodes[version] = { server, root: { accountId: ROOT_ACCOUNT, secretKey: key.toString() }, genesis, p: resolveParameters(version), version };
  }
  return nodes;
}

export async function closeVersionNodes(nodes: Record<number, VersionNode>): Promise<void> {
  for (const node of Object.values(nodes)) await node.server.close();
}

/** ava's `test` with one node per version as its context, started before the file's tests and closed after. */
export function testAtVersions(versions: readonly number[]): TestFn<Record<number, VersionNode>> {
  const test = anyTest as TestFn<Record<number, VersionNode>>;
  test.before(async (t) => { Object.assign(t.context, await startVersionNodes(versions)); });
  test.after.always(async (t) => { await closeVersionNodes(t.context); });
  return test;
}
