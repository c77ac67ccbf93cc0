// A chain for the factory tests: a worker (our local node unless configured
// otherwise), the sample contract deployed as a global contract both by hash
// and by account id, and helpers to deploy factories and read balances.
import fs from 'node:fs';
import path from 'node:path';
import { Worker, type NearAccount } from 'near-workspaces';
import { nearToYocto } from './amounts.ts';
import { codeHash, deployGlobalContract } from '../../client/global-contracts.ts';
import { rpc } from '../../client/rpc.ts';
import { useLocalNodeByDefault } from '../../sandbox/workspaces.ts';
import { failureOf, type ExecutionOutcome, type Signer } from '../../client/transactions.ts';

export const SAMPLE_WASM = fs.readFileSync(path.join('build', 'sample.wasm'));
export const FACTORY_WASM = fs.readFileSync(path.join('build', 'factory.wasm'));

export type GlobalContractId = { CodeHash: string } | { AccountId: string };

export interface World {
  worker: Worker;
  root: NearAccount;
  rpcUrl: string;
  /** The sample deployed as a global contract identified by its hash. */
  byHash: { CodeHash: string };
  /** The account that deployed the sample as a global contract by account id. */
  publisher: NearAccount;
  byAccount: { AccountId: string };
}

export async function signerOf(account: NearAccount): Promise<Signer> {
  const key = await account.getKey();
  if (!key) throw new Error(`no key for ${account.accountId}`);
  return { accountId: account.accountId, secretKey: key.toString() };
}

export function assertSucceeded(outcome: ExecutionOutcome, what: string): ExecutionOutcome {
  const failure = failureOf(outcome);
  if (failure !== undefined) throw new Error(`${what} failed: ${JSON.stringify(failure)}`);
  return outcome;
}

export async function createWorld(): Promise<World> {
  useLocalNodeByDefault();
  const worker = await Worker.init();
  const root = worker.rootAccount;
  const rpcUrl = (worker.provider as unknown as { connection: { url: string } }).connection.url;
  const publisher = await root.createSubAccount('globals', { initialBalance: nearToYocto('150') });
  const signer = await signerOf(publisher);
  assertSucceeded(await deployGlobalContract(rpcUrl, signer, SAMPLE_WASM, 'CodeHash'), 'deploy global contract by hash');
  assertSucceeded(await deployGlobalContract(rpcUrl, signer, SAMPLE_WASM, 'AccountId'), 'deploy global contract by account id');
  return { worker, root, rpcUrl, byHash: { CodeHash: codeHash(SAMPLE_WASM) }, publisher, byAccount: { AccountId: publisher.accountId } };
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
    const view = await rpc<{ amount: string; locked: string }>(world.rpcUrl, 'query', { request_type: 'view_account', finality: 'final', account_id: accountId });
    return BigInt(view.amount) + BigInt(view.locked);
  } catch {
    return undefined;
  }
}

export interface AccountView {
  amount: string;
  storage_usage: number;
  code_hash: string;
  global_contract_hash?: string | null;
  global_contract_account_id?: string | null;
}

export function viewAccount(world: World, accountId: string): Promise<AccountView> {
  return rpc<AccountView>(world.rpcUrl, 'query', { request_type: 'view_account', finality: 'final', account_id: accountId });
}

export async function accessKeys(world: World, accountId: string): Promise<string[]> {
  const list = await rpc<{ keys: Array<{ public_key: string }> }>(world.rpcUrl, 'query', { request_type: 'view_access_key_list', finality: 'final', account_id: accountId });
  return list.keys.map((k) => k.public_key);
}

export function viewFunction<T>(world: World, accountId: string, method: string, args: unknown = {}): Promise<T> {
  return rpc<{ result: number[] }>(world.rpcUrl, 'query', {
    request_type: 'call_function', finality: 'final', account_id: accountId, method_name: method,
    args_base64: Buffer.from(JSON.stringify(args)).toString('base64'),
  }).then((r) => JSON.parse(Buffer.from(r.result).toString('utf8')) as T);
}
