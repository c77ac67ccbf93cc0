// Implicit accounts a Transfer creates (nearcore actions.rs
// action_implicit_account_creation_transfer), at 78 and 85, through near-api-js 7
// and JSON-RPC: a NEAR-implicit id gets a full access key of the key it spells,
// usable at once; an ETH-implicit id runs the chain's ETH wallet global contract
// by hash (not deployed on a sandbox chain, so calls find no code); only a lone
// Transfer creates them. Storage figures come from nearcore's parameters.
import { sha256 } from '@noble/hashes/sha256';
import { actions, KeyPair, baseEncode } from 'near-api-js';
import { accountOn, type Outcome } from '../../client/near.ts';
import { ROOT_ACCOUNT } from '../chain/genesis.ts';
import { testAtVersions, type Signer, type VersionNode } from './version-nodes.ts';

const { createAccount, transfer, addFullAccessKey, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const VERSIONS = [78, 85];

type Node = VersionNode;
const test = testAtVersions(VERSIONS);

async function rpc(node: Node, method: string, params: unknown): Promise<{ result?: Record<string, unknown>; error?: unknown }> {
  const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  return (await res.json()) as { result?: Record<string, unknown>; error?: unknown };
}
const send = (node: Node, signer: Signer, receiverId: string, acts: ReturnType<typeof transfer>[]): Promise<Outcome> =>
  accountOn(node.server.url, signer.accountId, signer.secretKey).signAndSendTransaction({ receiverId, actions: acts, throwOnFailure: false, waitUntil: 'FINAL' });

let names = 0;
async function account(node: Node): Promise<Signer> {
  const accountId = `payer${names++}.${ROOT_ACCOUNT}`;
  const publicKey = KeyPair.fromString(node.root.secretKey as `ed25519:${string}`).getPublicKey();
  await send(node, node.root, accountId, [createAccount(), transfer(50n * NEAR), addFullAccessKey(publicKey)]);
  return { accountId, secretKey: node.root.secretKey };
}

async function viewAccount(node: Node, accountId: string): Promise<Record<string, unknown> | undefined> {
  return (await rpc(node, 'query', { request_type: 'view_account', finality: 'final', account_id: accountId })).result;
}
async function height(node: Node, blockHash: string): Promise<bigint> {
  const { result } = await rpc(node, 'block', { block_id: blockHash });
  return BigInt((result as { header: { height: number } }).header.height);
}

for (const version of VERSIONS) {
  test.serial(`${version}: a Transfer to a missing NEAR-implicit id creates it with a full access key of its key`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const payer = await account(node);
    const key = KeyPair.fromRandom('ed25519');
    const id = Buffer.from(key.getPublicKey().data).toString('hex');
    const outcome = await send(node, payer, id, [transfer(2n * NEAR)]);
    t.deepEqual(outcome.status, { SuccessValue: '' });
    const created = (await viewAccount(node, id))!;
    // num_bytes_account + the key (1 + 32 bytes) + borsh(AccessKey) (nonce 8 + FullAccess 1) + num_extra_bytes_record.
    t.deepEqual([created.amount, BigInt(created.storage_usage as number)], [(2n * NEAR).toString(), p.storage_num_bytes_account + 33n + 9n + p.storage_num_extra_bytes_record]);
    const { result: accessKey } = await rpc(node, 'query', { request_type: 'view_access_key', finality: 'final', account_id: id, public_key: key.getPublicKey().toString() });
    // initial_nonce_value(block height of the creating receipt) = (height - 1) × 1e6.
    const receiptHeight = await height(node, outcome.receipts_outcome[0].block_hash);
    t.deepEqual(accessKey as unknown, { nonce: Number((receiptHeight - 1n) * 1_000_000n), permission: 'FullAccess', block_height: (accessKey as { block_height: number }).block_height, block_hash: (accessKey as { block_hash: string }).block_hash });
    // The key signs for the account at once.
    const spent = await send(node, { accountId: id, secretKey: key.toString() }, payer.accountId, [transfer(NEAR)]);
    t.deepEqual(spent.status, { SuccessValue: '' });
    // Only a lone Transfer creates one.
    const other = Buffer.from(KeyPair.fromRandom('ed25519').getPublicKey().data).toString('hex');
    t.deepEqual((await send(node, payer, other, [transfer(NEAR), transfer(NEAR)])).status, { Failure: { ActionError: { index: 0, kind: { AccountDoesNotExist: { account_id: other } } } } });
    t.is(await viewAccount(node, other), undefined);
  });

  test.serial(`${version}: a Transfer to a missing ETH-implicit id creates it on the ETH wallet global contract, by hash`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const payer = await account(node);
    const id = `0x${Buffer.from(sha256(Buffer.from(`eth${version}`))).subarray(0, 20).toString('hex')}`;
    t.deepEqual((await send(node, payer, id, [transfer(NEAR)])).status, { SuccessValue: '' });
    const created = (await viewAccount(node, id))!;
    // eth_wallet_global_contract_hash for a chain that is neither mainnet nor testnet: the sha256 of nearcore's
    // embedded localnet wallet contract; storage: num_bytes_account + the 32-byte hash.
    t.is(node.genesis.chain_id, 'localnet');
    t.is(created.global_contract_hash, baseEncode(Buffer.from('d2884a900d4fa370e48f1e3d4865d4dc0dbd093c89f0e7baef2eddc142c49e8d', 'hex')));
    t.deepEqual([created.amount, BigInt(created.storage_usage as number)], [NEAR.toString(), p.storage_num_bytes_account + 32n]);
    const { result: keys } = await rpc(node, 'query', { request_type: 'view_access_key_list', finality: 'final', account_id: id });
    t.deepEqual((keys as { keys: unknown[] }).keys, []);
    // The wallet contract is not deployed as a global contract here: a call finds no code.
    const call = await send(node, payer, id, [functionCall('rlp_execute', new Uint8Array(), 10n * TGAS)]);
    t.deepEqual(call.status, { Failure: { ActionError: { index: 0, kind: { FunctionCallError: { CompilationError: { CodeDoesNotExist: { account_id: id } } } } } } });
  });
}
