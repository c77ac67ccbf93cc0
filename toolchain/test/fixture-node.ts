// A contract fixture built by our toolchain, deployed on an in-process local node
// (sandbox/) at a given protocol, for tests that call it through near-api-js as a
// user would: the node, its root account and the fixture's account (both signed
// by the root's key).
import fs from 'node:fs';
import path from 'node:path';
import { actions, KeyPair, type Account, type KeyPairString } from 'near-api-js';
import { buildContract } from '../build-contract.ts';
import { accountOn } from '../../client/near.ts';
import { Chain } from '../../sandbox/chain/chain.ts';
import { ROOT_ACCOUNT, sandboxGenesis } from '../../sandbox/chain/genesis.ts';
import { startRpcServer, type RpcServer } from '../../sandbox/rpc/server.ts';

const NEAR = 10n ** 24n;

export interface FixtureNode {
  server: RpcServer;
  wasm: Uint8Array;
  methods: string[];
  key: KeyPair;
  rootKey: KeyPairString;
  root: Account;
  /** `<account>.<root>`, with 50 NEAR, the root's key and the fixture's code. */
  fixture: Account;
}

/** Builds `toolchain/test/fixtures/<name>.ts` (pre-initialised, for `protocol`) and deploys it at `<account>.<root>`. */
export async function fixtureOnNode(name: string, protocol: number, account = 'fixture'): Promise<FixtureNode> {
  const entry = path.resolve('toolchain', 'test', 'fixtures', `${name}.ts`);
  const built = await buildContract({ name, entry, preinit: true, protocol }, path.join('.cache', 'test-fixtures', `${name}.wasm`), () => {});
  const wasm = new Uint8Array(fs.readFileSync(built.file));
  const key = KeyPair.fromRandom('ed25519');
  const server = await startRpcServer(new Chain({ ...sandboxGenesis(key.getPublicKey().toString()), protocol_version: protocol }), '127.0.0.1', 0);
  const rootKey = key.toString() as KeyPairString;
  const root = accountOn(server.url, ROOT_ACCOUNT, rootKey);
  const fixtureId = `${account}.${ROOT_ACCOUNT}`;
  await root.signAndSendTransaction({ receiverId: fixtureId, actions: [actions.createAccount(), actions.transfer(50n * NEAR), actions.addFullAccessKey(key.getPublicKey()), actions.deployContract(wasm)] });
  return { server, wasm, methods: built.methods, key, rootKey, root, fixture: accountOn(server.url, fixtureId, rootKey) };
}
