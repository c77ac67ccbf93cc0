// A chain for the factory tests: a worker (our local node unless configured
// otherwise), the sample contract deployed as a global contract both by hash
// and by account id (with near-api-js 7, which near-workspaces 5 predates), and
// helpers to deploy factories and read balances.
import fs from 'node:fs';
import path from 'node:path';
import type { Account, JsonRpcProvider } from 'near-api-js';
import { AccountDoesNotExistError } from 'near-api-js/rpc-errors';
import { Worker, type NearAccount } from 'near-workspaces';
import { nearToYocto } from './amounts.ts';
import { accountOn, codeHash } from '../../client/near.ts';
import { useLocalNodeByDefault } from '../../sandbox/workspaces.ts';

export const SAMPLE_WASM = fs.readFileSync(path.join('build', 'sample.wasm'));
export const FACTORY_WASM = fs.readFileSync(path.join('build', 'factory.wasm'));

export type GlobalContractId = { CodeHash: string } | { AccountId: string };

export interface World {
  worker: Worker;
  root: NearAccount;
  rpcUrl: string;
  /** near-api-js 7's provider on the same node. */
  provider: JsonRpcProvider;
  /** The sample deployed as a global contract identified by its hash. */
  byHash: { CodeHash: string };
  /** The account that deployed the sample as a global contract by account id. */
  publisher: NearAccount;
  byAccount: { AccountId: string };
}

/** The same account in near-api-js 7, signing with the key near-workspaces made for it. */
export async function apiAccount(world: { rpcUrl: string }, account: NearAccount): Promise<Account> {
  const key = await account.getKey();
  if (!key) throw new Error(`no key for ${account.accountId}`);
  return accountOn(world.rpcUrl, account.accountId, key.toString());
}

export async function createWorld(): Promise<World> {
  useLocalNodeByDefault();
  const worker = await Worker.init();
  const root = worker.rootAccount;
  const rpcUrl = (worker.provider as unknown as { connection: { url: string } }).connection.url;
  const publisher = await root.createSubAccount('globals', { initialBalance: nearToYocto('150') });
  const deployer = await apiAccount({ rpcUrl }, publisher);
  // near-api-js throws if the transaction or a receipt fails.
  await deployer.deployGlobalContract(SAMPLE_WASM, 'codeHash');
  await deployer.deployGlobalContract(SAMPLE_WASM, 'accountId');
  return { worker, root, rpcUrl, provider: deployer.provider as JsonRpcProvider, byHash: { CodeHash: codeHash(SAMPLE_WASM) }, publisher, byAccount: { AccountId: publisher.accountId } };
}

export async function deployFactory(world: World, name: string, globalContractId: GlobalContractId, minDeposit = nearToYocto('0.5')): Promise<NearAccount> {
  const factory = await world.root.createSubAccount(name, { initialBalance: nearToYocto('20') });
  await factory.deploy(FACTORY_WASM);
  await factory.call(factory, 'init', { global_contract_id: globalContractId, min_deposit: minDeposit.toString() });
  return factory;
}

export async function user(world: World, name: string): Promise<NearAccount> {
  return world.root.createSubAccount(name, { initialBalance: nearToYocto('50') });
}

/** Total balance (liquid + locked) in yoctoNEAR; undefined if the account does not exist. */
export async function balanceOf(world: World, accountId: string): Promise<bigint | undefined> {
  try {
    const view = await world.provider.viewAccount({ accountId, blockQuery: { finality: 'final' } });
    return view.amount + view.locked;
  } catch (error) {
    if (error instanceof AccountDoesNotExistError) return undefined;
    throw error;
  }
}

export interface AccountView {
  amount: string;
  storage_usage: number;
  code_hash: string;
  global_contract_hash?: string | null;
  global_contract_account_id?: string | null;
}

/** The raw AccountView (near-api-js's viewAccount drops the global-contract fields). */
export function viewAccount(world: World, accountId: string): Promise<AccountView> {
  return world.provider.query<AccountView>({ request_type: 'view_account', finality: 'final', account_id: accountId });
}

export async function accessKeys(world: World, accountId: string): Promise<string[]> {
  const list = await world.provider.viewAccessKeyList({ accountId, finalityQuery: { finality: 'final' } });
  return list.keys.map((k) => k.public_key);
}

export async function viewFunction<T>(world: World, accountId: string, method: string, args: Record<string, unknown> = {}): Promise<T> {
  return (await world.provider.callFunction({ contractId: accountId, method, args, blockQuery: { finality: 'final' } })) as T;
}
