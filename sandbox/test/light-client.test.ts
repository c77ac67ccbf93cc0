// nearcore's light-client RPC methods on the node started by its command line, checked
// by the independent verifier in light-client/verify.ts (written from nearcore, not from
// the node): next_light_client_block through near-api-js 7 and raw JSON-RPC, validated as
// docs/ChainSpec/LightClient.md's validate_and_update_head does and compared with the
// `block` RPC; light_client_proof / EXPERIMENTAL_light_client_proof for a transfer and a
// logging function call and each of their receipts; EXPERIMENTAL_light_client_block_proof;
// a light-client sync across epochs after sandbox_fast_forward; every block header rebuilt
// from the `block` RPC as nearcore hashes, signs and approves it; and neard's errors in the
// exact shapes chain/jsonrpc-primitives/src/types/light_client.rs builds.
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import binaryen from 'binaryen';
import { actions, IdType, KeyPair, type Account } from 'near-api-js';
import { sha256 } from '@noble/hashes/sha256';
import { accountOn } from '../../client/near.ts';
import { startClientNode, stopClientNode, type ClientNode } from './spawned-node.ts';
import { startVersionNodes } from './version-nodes.ts';
import {
  advanceLightClient, blockHash, decodeHash, encodeHash, headerHash, nextBlockHash, nextBpHash, PartialMerkleTree, shardOutcomeRoot, validateBlockProof,
  validateExecutionProof, validateLightClientBlock, verifyApprovals, verifyHeaderSignature, type BlockHeaderInnerLiteView, type BlockHeaderView,
  type ExecutionOutcomeWithIdView, type LightClientBlockProof, type LightClientBlockView, type LightClientExecutionProof, type LightClientState,
  type ValidatorStakeView,
} from './light-client/verify.ts';

type Context = ClientNode;
const test = anyTest as TestFn<Context>;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const LOGGER = 'logger.test.near';

interface RpcErrorBody { name: string; cause: { name: string; info: Record<string, unknown> }; code: number; message: string; data?: unknown }
interface Body<T> { result?: T; error?: RpcErrorBody }

/** The parts of neard's BlockView the checks read. */
interface BlockView {
  header: BlockHeaderView;
  chunks: { outcome_root: string }[];
}
interface TxStatus { transaction_outcome: ExecutionOutcomeWithIdView; receipts_outcome: ExecutionOutcomeWithIdView[]; status: unknown }

test.before(async (t) => {
  t.context = await startClientNode('light-client-');
});
test.after.always(async (t) => {
  await stopClientNode(t.context);
});

async function rpc<T>(t: { context: Context }, method: string, params: unknown): Promise<Body<T>> {
  const res = await fetch(t.context.node.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 'lc', method, params }) });
  return (await res.json()) as Body<T>;
}
async function ok<T>(t: { context: Context }, method: string, params: unknown): Promise<T> {
  const body = await rpc<T>(t, method, params);
  if (body.error) throw new Error(`${method} ${JSON.stringify(params)}: ${JSON.stringify(body.error)}`);
  return body.result as T;
}
async function fail(t: { context: Context }, method: string, params: unknown): Promise<RpcErrorBody> {
  const body = await rpc(t, method, params);
  if (!body.error) throw new Error(`${method} answered ${JSON.stringify(body.result)}`);
  return body.error;
}
const block = (t: { context: Context }, ref: { block_id: number | string } | { finality: 'final' | 'optimistic' }) => ok<BlockView>(t, 'block', ref);
/** The block at `height`, or undefined where no block was produced at it. */
async function blockAt(t: { context: Context }, height: number): Promise<BlockView | undefined> {
  const body = await rpc<BlockView>(t, 'block', { block_id: height });
  if (body.error?.cause?.name === 'UNKNOWN_BLOCK') return undefined;
  if (body.error) throw new Error(JSON.stringify(body.error));
  return body.result;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits (polling, no time limit but ava's) until the final block is at least `height`. */
async function finalAtLeast(t: { context: Context }, height: number): Promise<BlockView> {
  for (;;) {
    const final = await block(t, { finality: 'final' });
    if (final.header.height >= height) return final;
    await sleep(200);
  }
}

/** The next_light_client_block result as a LightClientBlockView, or undefined for nearcore's empty result. */
function lightClientBlock(result: object): LightClientBlockView | undefined {
  if (Object.keys(result).length === 0) return undefined;
  return result as LightClientBlockView;
}

/** The inner_lite fields as the `block` RPC's header shows them (views.rs From<BlockHeader> for BlockHeaderInnerLiteView). */
const innerLiteOf = (header: BlockView['header']): BlockHeaderInnerLiteView => ({
  height: header.height, epoch_id: header.epoch_id, next_epoch_id: header.next_epoch_id, prev_state_root: header.prev_state_root, outcome_root: header.outcome_root,
  timestamp: header.timestamp, timestamp_nanosec: header.timestamp_nanosec, next_bp_hash: header.next_bp_hash, block_merkle_root: header.block_merkle_root,
});
const stakes = (list: { account_id: string; public_key: string; stake: string }[]) => list.map((v) => [v.account_id, v.public_key, v.stake]);

/**
 * A light client block against the chain the `block` RPC shows (lightclient.rs create_light_client_block_view):
 * its hash is the block's at its height, inner_lite is that header's, the next block's hash is
 * combine_hash(next_block_inner_hash, hash), approvals_after_next are the header approvals of the block after
 * next, and next_bps are the validators of the block's next epoch.
 */
async function checkAgainstChain(t: ExecutionContext<Context>, lc: LightClientBlockView): Promise<void> {
  const at = (await block(t, { block_id: lc.inner_lite.height })).header;
  t.is(encodeHash(blockHash(lc)), at.hash, `hash of the light client block at ${at.height}`);
  t.is(lc.prev_block_hash, at.prev_hash);
  t.deepEqual(lc.inner_lite, innerLiteOf(at), `inner_lite at ${at.height}`);
  const next = (await block(t, { block_id: lc.inner_lite.height + 1 })).header;
  t.is(next.prev_hash, at.hash, 'the next block is at height + 1');
  t.is(encodeHash(nextBlockHash(lc)), next.hash, 'next_block_inner_hash gives the next block\'s hash');
  const afterNext = (await block(t, { block_id: lc.inner_lite.height + 2 })).header;
  t.is(afterNext.prev_hash, next.hash, 'the block after next is at height + 2');
  t.deepEqual(lc.approvals_after_next, afterNext.approvals, 'approvals_after_next are the approvals in the block after next');
  t.is(afterNext.epoch_id, at.epoch_id, 'the block after next is in the same epoch (chain.rs create_light_client_block)');
  const validators = await ok<{ next_validators: ValidatorStakeView[] }>(t, 'validators', [at.hash]);
  t.deepEqual(stakes(lc.next_bps ?? []), stakes(validators.next_validators), 'next_bps are the next epoch\'s validators');
}

/** A contract whose `log_and_call` logs and calls its own `log`, which logs too: receipts with logs (they are in to_hashes). */
function loggerContract(): Uint8Array {
  const module = binaryen.parseText(`(module
    (import "env" "log_utf8" (func $log (param i64 i64)))
    (import "env" "promise_create" (func $promise (param i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
    (memory (export "memory") 1)
    (data (i32.const 0) "${LOGGER}")
    (data (i32.const 32) "log")
    (data (i32.const 64) "first log")
    (data (i32.const 96) "second log")
    (func (export "log_and_call")
      (call $log (i64.const 9) (i64.const 64))
      (drop (call $promise (i64.const ${LOGGER.length}) (i64.const 0) (i64.const 3) (i64.const 32) (i64.const 0) (i64.const 0) (i64.const 128) (i64.const 10000000000000))))
    (func (export "log") (call $log (i64.const 10) (i64.const 96))))`);
  const bytes = module.emitBinary();
  module.dispose();
  return bytes;
}

interface Setup { transfer: TxStatus; call: TxStatus; local: TxStatus; firstFinal: BlockView }
const transactions = () => [setup.transfer, setup.call, setup.local];
let setup: Setup;

test.serial('set up: a transfer, a function call whose receipts log and a call to the signer itself, final', async (t) => {
  const { root, provider } = t.context;
  // A final block of the first epoch after genesis (the genesis block's next_epoch_id is still the default, genesis/block.rs).
  const genesis = await ok<{ genesis_height: number }>(t, 'EXPERIMENTAL_genesis_config', {});
  const firstFinal = await finalAtLeast(t, genesis.genesis_height + 1);
  const key = KeyPair.fromRandom('ed25519');
  await root.createSubAccount({ accountOrPrefix: 'logger', publicKey: key.getPublicKey(), nearToTransfer: 10n * NEAR });
  const logger = accountOn(t.context.node.url, LOGGER, key.toString());
  await logger.deployContract(loggerContract());
  const sentTransfer = await root.transfer({ receiverId: LOGGER, amount: 7n });
  const sentCall = await root.signAndSendTransaction({ receiverId: LOGGER, actions: [actions.functionCall('log_and_call', {}, 100n * TGAS, 0n)] });
  // Signer = receiver: nearcore runs the local receipt in the chunk that converted the transaction, so that chunk
  // has two outcomes and their proofs have a step.
  const sentLocal = await logger.signAndSendTransaction({ receiverId: LOGGER, actions: [actions.functionCall('log', {}, 30n * TGAS, 0n)] });
  const status = async (hash: string, accountId: string) => (await provider.viewTransactionStatus({ txHash: hash, accountId, waitUntil: 'FINAL' })) as unknown as TxStatus;
  const transfer = await status(sentTransfer.transaction_outcome.id, 'test.near');
  const call = await status(sentCall.transaction_outcome.id, 'test.near');
  const local = await status(sentLocal.transaction_outcome.id, LOGGER);
  t.deepEqual(call.receipts_outcome.flatMap((o) => o.outcome.logs), ['first log', 'second log']);
  t.deepEqual(local.receipts_outcome.flatMap((o) => o.outcome.logs), ['second log']);
  t.is(local.receipts_outcome[0]!.block_hash, local.transaction_outcome.block_hash, 'the local receipt ran in the converting block');
  setup = { transfer, call, local, firstFinal };
});

/** The block whose prev_hash is `hash` (the next block on the chain; heights may be skipped). */
async function childOf(t: { context: Context }, hash: string): Promise<BlockView> {
  const parent = await block(t, { block_id: hash });
  for (let height = parent.header.height + 1; ; height++) {
    await finalAtLeast(t, height);
    const b = await blockAt(t, height);
    if (b && b.header.prev_hash === hash) return b;
  }
}

test.serial('tx status proofs lead to the outcome roots of the block after each outcome\'s block', async (t) => {
  t.true(setup.local.transaction_outcome.proof.length > 0, 'a chunk with two outcomes gives a proof with a step');
  for (const tx of transactions()) {
    for (const o of [tx.transaction_outcome, ...tx.receipts_outcome]) {
      // The chunk's outcome root is carried by the next chunk as prev_outcome_root (one shard: the next block's chunk 0),
      // and the block's outcome_root is merklize of the chunk roots: with one chunk, sha256 of it.
      const next = await childOf(t, o.block_hash);
      const shardRoot = shardOutcomeRoot(o);
      t.is(encodeHash(shardRoot), next.chunks[0]!.outcome_root, `${o.id}: shard outcome root`);
      t.is(encodeHash(sha256(shardRoot)), next.header.outcome_root, `${o.id}: block outcome root`);
    }
  }
});

test.serial('next_light_client_block from an earlier final block validates and is the chain\'s block', async (t) => {
  const { provider } = t.context;
  const earlier = setup.firstFinal.header;
  const bps = await ok<ValidatorStakeView[]>(t, 'EXPERIMENTAL_validators_ordered', [earlier.hash]);
  const current = await ok<{ current_validators: ValidatorStakeView[] }>(t, 'validators', [earlier.hash]);
  t.deepEqual(stakes(bps), stakes(current.current_validators));
  const finalBefore = await block(t, { finality: 'final' });
  const lc = lightClientBlock(await provider.nextLightClientBlock({ last_block_hash: earlier.hash }));
  if (!lc) return t.fail('no light client block after an earlier final block');
  t.notThrows(() => validateLightClientBlock(earlier, bps, lc));
  // view_client_actor.rs GetNextLightClientBlock: the head's last final block, so at least the final block before the call.
  t.true(lc.inner_lite.height >= finalBefore.header.height, `${lc.inner_lite.height} >= ${finalBefore.header.height}`);
  await checkAgainstChain(t, lc);
  // The positional form and the object form are the same request (light_client.rs RpcLightClientNextBlockRequest::parse).
  const positional = lightClientBlock(await ok<object>(t, 'next_light_client_block', [earlier.hash]));
  if (!positional) return t.fail('no light client block by the positional form');
  t.true(positional.inner_lite.height >= lc.inner_lite.height);
  t.notThrows(() => validateLightClientBlock(earlier, bps, positional));
});

/** A validated light client head past `height`: the block a light client proves against. */
async function lightClientHead(t: ExecutionContext<Context>, height: number): Promise<LightClientBlockView> {
  await finalAtLeast(t, height + 1);
  const earlier = setup.firstFinal.header;
  const bps = await ok<ValidatorStakeView[]>(t, 'EXPERIMENTAL_validators_ordered', [earlier.hash]);
  const lc = lightClientBlock(await t.context.provider.nextLightClientBlock({ last_block_hash: earlier.hash }));
  if (!lc) throw new Error('no light client block');
  validateLightClientBlock(earlier, bps, lc);
  if (lc.inner_lite.height <= height) throw new Error(`light client head ${lc.inner_lite.height} is not past ${height}`);
  return lc;
}

test.serial('light_client_proof for each transaction and each receipt validates against a later light client head', async (t) => {
  const { provider } = t.context;
  const outcomes = transactions().flatMap((tx) => [tx.transaction_outcome, ...tx.receipts_outcome]);
  let latest = 0;
  for (const o of outcomes) latest = Math.max(latest, (await childOf(t, o.block_hash)).header.height);
  const head = await lightClientHead(t, latest);
  const headHash = encodeHash(blockHash(head));
  const headRoot = head.inner_lite.block_merkle_root;
  for (const tx of transactions()) {
    const txHash = tx.transaction_outcome.id;
    const sender = tx.transaction_outcome.outcome.executor_id;
    const byProvider = await provider.lightClientProof({ type: IdType.Transaction, transaction_hash: txHash, sender_id: sender, light_client_head: headHash }) as unknown as LightClientExecutionProof;
    const byMethod = await ok<LightClientExecutionProof>(t, 'light_client_proof', { type: 'transaction', transaction_hash: txHash, sender_id: sender, light_client_head: headHash });
    t.deepEqual(byMethod, byProvider, 'light_client_proof is EXPERIMENTAL_light_client_proof');
    const checks: Array<[ExecutionOutcomeWithIdView, LightClientExecutionProof]> = [[tx.transaction_outcome, byProvider]];
    for (const r of tx.receipts_outcome) {
      checks.push([r, await provider.lightClientProof({ type: IdType.Receipt, receipt_id: r.id, receiver_id: r.outcome.executor_id, light_client_head: headHash }) as unknown as LightClientExecutionProof]);
    }
    for (const [status, proof] of checks) {
      t.notThrows(() => validateExecutionProof(proof, headRoot), status.id);
      t.is(proof.outcome_proof.id, status.id);
      t.deepEqual(proof.outcome_proof.outcome, status.outcome, `${status.id}: the tx status's outcome`);
      t.deepEqual(proof.outcome_proof.proof, status.proof, `${status.id}: the tx status's proof`);
      // view_client_actor.rs GetExecutionOutcome: block_hash is the next block with a new chunk, whose header holds the outcome root.
      const next = await childOf(t, status.block_hash);
      t.is(proof.outcome_proof.block_hash, next.header.hash, `${status.id}: the block after the outcome's`);
      t.deepEqual(proof.block_header_lite.inner_lite, innerLiteOf(next.header));
      t.deepEqual(proof.outcome_root_proof, [], 'one shard: merklize of one chunk root has an empty path');
    }
  }
});

test.serial('EXPERIMENTAL_light_client_block_proof: older blocks are in the light client head\'s block_merkle_root', async (t) => {
  const genesis = await ok<{ genesis_height: number }>(t, 'EXPERIMENTAL_genesis_config', {});
  const head = await lightClientHead(t, setup.firstFinal.header.height + 3);
  const headHash = encodeHash(blockHash(head));
  const heights = [genesis.genesis_height, genesis.genesis_height + 1, setup.firstFinal.header.height, head.inner_lite.height - 1];
  for (const height of heights) {
    const b = await blockAt(t, height);
    if (!b) continue;
    const proof = await ok<LightClientBlockProof>(t, 'EXPERIMENTAL_light_client_block_proof', { block_hash: b.header.hash, light_client_head: headHash });
    t.notThrows(() => validateBlockProof(proof, head.inner_lite.block_merkle_root), `block ${height}`);
    t.is(encodeHash(blockHash(proof.block_header_lite)), b.header.hash);
    t.deepEqual(proof.block_header_lite.inner_lite, innerLiteOf(b.header));
  }
  // core/store/src/merkle_proof.rs: the head itself has an empty proof.
  const self = await ok<LightClientBlockProof>(t, 'EXPERIMENTAL_light_client_block_proof', { block_hash: headHash, light_client_head: headHash });
  t.deepEqual(self.block_proof, []);
  t.is(encodeHash(blockHash(self.block_header_lite)), headHash);
});

test.serial('neard\'s light-client errors, in jsonrpc-primitives light_client.rs\'s shapes', async (t) => {
  const { provider } = t.context;
  const head = await lightClientHead(t, setup.firstFinal.header.height + 3);
  const headHash = encodeHash(blockHash(head));
  const unknown = encodeHash(sha256(new TextEncoder().encode('no such thing')));
  const txHash = setup.transfer.transaction_outcome.id;

  // GetExecutionOutcome: DBNotFoundErr on a tracked shard -> UnknownTransactionOrReceipt; `data` is its Display text.
  for (const params of [
    { type: 'transaction', transaction_hash: unknown, sender_id: 'test.near', light_client_head: headHash },
    { type: 'receipt', receipt_id: unknown, receiver_id: LOGGER, light_client_head: headHash },
  ]) {
    for (const method of ['light_client_proof', 'EXPERIMENTAL_light_client_proof']) {
      t.deepEqual(await fail(t, method, params), {
        name: 'HANDLER_ERROR', cause: { name: 'UNKNOWN_TRANSACTION_OR_RECEIPT', info: { transaction_or_receipt_id: unknown } },
        code: -32000, message: 'Server error', data: `${unknown} does not exist`,
      }, `${method} ${params.type}`);
    }
  }
  // GetBlockProof on an unknown head: DBNotFoundErr("BLOCK HEADER: <hash>") -> UnknownBlock, error_message not serialized,
  // `data` "DB Not Found Error: <message>" (From<RpcLightClientProofError> for RpcError).
  const unknownBlock = {
    name: 'HANDLER_ERROR', cause: { name: 'UNKNOWN_BLOCK', info: {} }, code: -32000, message: 'Server error', data: `DB Not Found Error: BLOCK HEADER: ${unknown}`,
  };
  t.deepEqual(await fail(t, 'light_client_proof', { type: 'transaction', transaction_hash: txHash, sender_id: 'test.near', light_client_head: unknown }), unknownBlock);
  t.deepEqual(await fail(t, 'EXPERIMENTAL_light_client_block_proof', { block_hash: setup.firstFinal.header.hash, light_client_head: unknown }), unknownBlock);
  t.deepEqual(await fail(t, 'EXPERIMENTAL_light_client_block_proof', { block_hash: unknown, light_client_head: headHash }),
    { ...unknownBlock, data: `DB Not Found Error: BLOCK HEADER: ${unknown}` });

  // A final head older than the block to prove: core/store/src/merkle_proof.rs Error::Other("block .. is ahead of head
  // block ..") -> GetBlockProofError::InternalError, the INTERNAL_ERROR shape below. For an outcome the block to prove
  // is the one after the outcome's block.
  const internal = (message: string) => ({ name: 'INTERNAL_ERROR', cause: { name: 'INTERNAL_ERROR', info: { error_message: message } }, code: -32000, message: 'Server error', data: `Internal error: ${message}` });
  const old = setup.firstFinal.header.hash;
  t.deepEqual(await fail(t, 'EXPERIMENTAL_light_client_block_proof', { block_hash: headHash, light_client_head: old }), internal(`block ${headHash} is ahead of head block ${old}`));
  const outcomeBlock = (await childOf(t, setup.transfer.transaction_outcome.block_hash)).header.hash;
  t.deepEqual(await fail(t, 'light_client_proof', { type: 'transaction', transaction_hash: txHash, sender_id: 'test.near', light_client_head: old }),
    internal(`block ${outcomeBlock} is ahead of head block ${old}`));

  // A head that is not final yet: chain.rs check_blocks_final_and_canonical -> Error::Other("<hash> not on current chain")
  // -> GetBlockProofError::InternalError -> an INTERNAL_ERROR whose data is the Display text "Internal error: ...".
  let checked = false;
  for (let attempt = 0; attempt < 20 && !checked; attempt++) {
    const optimistic = await block(t, { finality: 'optimistic' });
    const final = await block(t, { finality: 'final' });
    if (optimistic.header.height <= final.header.height) { await sleep(100); continue; }
    const byBlock = await rpc(t, 'EXPERIMENTAL_light_client_block_proof', { block_hash: setup.firstFinal.header.hash, light_client_head: optimistic.header.hash });
    const byOutcome = await rpc(t, 'light_client_proof', { type: 'transaction', transaction_hash: txHash, sender_id: 'test.near', light_client_head: optimistic.header.hash });
    // Only a head that stayed non-final through the calls is the case asserted.
    if ((await block(t, { finality: 'final' })).header.height >= optimistic.header.height) continue;
    const expected = internal(`${optimistic.header.hash} not on current chain`);
    t.deepEqual(byBlock.error, expected, 'EXPERIMENTAL_light_client_block_proof');
    t.deepEqual(byOutcome.error, expected, 'light_client_proof');
    checked = true;
  }
  t.true(checked, 'a head that was not final during the call');

  // next_light_client_block: an unknown hash is UNKNOWN_BLOCK, with the error value itself as `data`.
  t.deepEqual(await fail(t, 'next_light_client_block', { last_block_hash: unknown }),
    { name: 'HANDLER_ERROR', cause: { name: 'UNKNOWN_BLOCK', info: {} }, code: -32000, message: 'Server error', data: { name: 'UNKNOWN_BLOCK', info: {} } });
  t.like(await fail(t, 'next_light_client_block', { last_block_hash: 'not a hash' }), { name: 'REQUEST_VALIDATION_ERROR', code: -32700, cause: { name: 'PARSE_ERROR' } });
  t.like(await fail(t, 'light_client_proof', { type: 'transaction', transaction_hash: txHash, sender_id: 'test.near' }), { name: 'REQUEST_VALIDATION_ERROR', cause: { name: 'PARSE_ERROR' } });

  // The current final block: nothing newer is final, so None, which RpcLightClientNextBlockResponse flattens to {}.
  let empty = false;
  for (let attempt = 0; attempt < 20 && !empty; attempt++) {
    const final = await block(t, { finality: 'final' });
    const result = await provider.nextLightClientBlock({ last_block_hash: final.header.hash });
    if ((await block(t, { finality: 'final' })).header.height !== final.header.height) continue;
    t.deepEqual(result, {});
    empty = true;
  }
  t.true(empty, 'a final block that stayed the last final during the call');
});

/**
 * Every block from genesis to `toHeight` checked as nearcore's header, independently of the light-client views:
 * its hash recomputed from inner lite and inner rest (block_header.rs, the rest's version by the epoch's protocol),
 * block_merkle_root the PartialMerkleTree of all blocks before it, the producer's signature on the hash, the
 * approvals valid for the parent (Endorsement or Skip, approval_verification.rs) and present (one validator holds
 * all the stake), and next_bp_hash the hash of the next epoch's producers. Returns how many blocks there were.
 */
async function checkHeaders(t: ExecutionContext<Context>, toHeight: number): Promise<number> {
  const { genesis_height: genesisHeight } = await ok<{ genesis_height: number }>(t, 'EXPERIMENTAL_genesis_config', {});
  const perEpoch = new Map<string, { protocol: number; producers: ValidatorStakeView[]; next: ValidatorStakeView[] }>();
  const tree = new PartialMerkleTree();
  let prev: BlockHeaderView | undefined;
  let count = 0;
  for (let height = genesisHeight; height <= toHeight; height++) {
    const header = (await blockAt(t, height))?.header;
    if (!header) continue;
    let epoch = perEpoch.get(header.epoch_id);
    if (!epoch) {
      const protocol = (await ok<{ protocol_version: number }>(t, 'EXPERIMENTAL_protocol_config', { block_id: header.hash })).protocol_version;
      const producers = await ok<ValidatorStakeView[]>(t, 'EXPERIMENTAL_validators_ordered', [header.hash]);
      const next = (await ok<{ next_validators: ValidatorStakeView[] }>(t, 'validators', [header.hash])).next_validators;
      epoch = { protocol, producers, next };
      perEpoch.set(header.epoch_id, epoch);
    }
    t.is(encodeHash(headerHash(header, epoch.protocol)), header.hash, `hash of block ${height}`);
    t.is(header.block_merkle_root, encodeHash(tree.root()), `block_merkle_root of block ${height}`);
    if (prev) {
      t.deepEqual([header.prev_hash, header.prev_height], [prev.hash, prev.height], `parent of block ${height}`);
      t.notThrows(() => verifyApprovals(header, prev!, epoch.producers), `approvals of block ${height}`);
      t.true(header.approvals[0] !== null && header.approvals[0] !== undefined, `block ${height} is approved`);
      t.true(verifyHeaderSignature(header, epoch.producers[0]!.public_key), `signature of block ${height}`);
      t.is(header.next_bp_hash, encodeHash(nextBpHash(epoch.next)), `next_bp_hash of block ${height}`);
    } else {
      // genesis/block.rs: the genesis validators' hash.
      t.is(header.next_bp_hash, encodeHash(nextBpHash(epoch.producers)), 'next_bp_hash of genesis');
    }
    tree.insert(decodeHash(header.hash));
    prev = header;
    count++;
  }
  return count;
}

test.serial('block headers from genesis are nearcore\'s: hashes, block_merkle_root, signatures, approvals, next_bp_hash', async (t) => {
  const final = await block(t, { finality: 'final' });
  t.true(await checkHeaders(t, final.header.height) > 3);
});

/**
 * The block chain.rs create_light_client_block picks seen from `header`: its last final block, unless the block two
 * ahead of that is in another epoch, in which case the last final block of the block one ahead (same epoch) or of
 * the final block itself (one ahead in another epoch too).
 */
async function lightClientBlockFrom(t: { context: Context }, header: BlockView['header']): Promise<string> {
  const final = (await block(t, { block_id: header.last_final_block })).header;
  const twoAhead = (await block(t, { block_id: final.height + 2 })).header;
  if (twoAhead.epoch_id === final.epoch_id) return final.hash;
  const oneAhead = (await block(t, { block_id: final.height + 1 })).header;
  return oneAhead.epoch_id === final.epoch_id ? oneAhead.last_final_block : final.last_final_block;
}

/** sandbox_fast_forward by `delta`, then a few ordinary blocks so that the landing block is final by doomslug. */
async function fastForward(t: { context: Context }, delta: number): Promise<BlockView['header']> {
  await ok(t, 'sandbox_fast_forward', { delta_height: delta });
  const landed = await block(t, { finality: 'optimistic' });
  return (await finalAtLeast(t, landed.header.height + 3)).header;
}

test.serial('across epochs: next_bps carry a light client from the first epoch through each epoch change', async (t) => {
  const { provider } = t.context;
  const genesis = await ok<{ epoch_length: number; genesis_height: number }>(t, 'EXPERIMENTAL_genesis_config', {});
  const genesisBlock = (await block(t, { block_id: genesis.genesis_height })).header;
  const first = setup.firstFinal.header;
  // Epoch ids (epoch-manager lib.rs get_next_epoch_id_from_prev_block, genesis/block.rs): genesis has the default epoch
  // and next epoch; the blocks after it are in the default epoch with the genesis hash as the next epoch's id.
  const zero = encodeHash(new Uint8Array(32));
  t.deepEqual([genesisBlock.epoch_id, genesisBlock.next_epoch_id], [zero, zero]);
  t.deepEqual([first.epoch_id, first.next_epoch_id], [zero, genesisBlock.hash]);
  const bps = await ok<ValidatorStakeView[]>(t, 'EXPERIMENTAL_validators_ordered', [first.hash]);

  // Past the first epoch: the head is in the second, so from a first-epoch block the answer is the head's last final
  // block, of the second epoch, whose next_bps (the third epoch's producers) hash to its next_bp_hash.
  const inSecond = await fastForward(t, genesis.epoch_length + 5);
  t.is(inSecond.epoch_id, first.next_epoch_id, 'the head is in the second epoch');
  const secondBlock = lightClientBlock(await provider.nextLightClientBlock({ last_block_hash: first.hash }));
  if (!secondBlock) return t.fail('no light client block of the second epoch');
  t.is(secondBlock.inner_lite.epoch_id, first.next_epoch_id);
  // A light client's state holds the producers of its head's epoch and of the next one (LightClient.md), here as the
  // `validators` RPC names the next epoch's at the first-epoch block.
  const nextBps = (await ok<{ next_validators: ValidatorStakeView[] }>(t, 'validators', [first.hash])).next_validators;
  const afterSecond = advanceLightClient({ head: first, blockProducers: new Map([[first.epoch_id, bps], [first.next_epoch_id, nextBps]]) }, secondBlock);
  t.truthy(afterSecond.blockProducers.get(secondBlock.inner_lite.next_epoch_id));
  await checkAgainstChain(t, secondBlock);

  // Past the second epoch too: now a light client synced from genesis gets the block each epoch stored at its end
  // (chain_update.rs, keyed by the ended epoch; view_client_actor.rs looks it up by the known block's next epoch),
  // then the head's last final block.
  const inThird = await fastForward(t, genesis.epoch_length + 5);
  t.not(inThird.epoch_id, first.next_epoch_id, 'the head is past the second epoch');
  const genesisBps = await ok<ValidatorStakeView[]>(t, 'EXPERIMENTAL_validators_ordered', [genesisBlock.hash]);
  let state: LightClientState = { head: genesisBlock, blockProducers: new Map([[genesisBlock.epoch_id, genesisBps]]) };
  const synced: LightClientBlockView[] = [];
  for (let step = 0; step < 6 && state.head.epoch_id !== inThird.epoch_id; step++) {
    const last = synced.at(-1);
    const next = lightClientBlock(await provider.nextLightClientBlock({ last_block_hash: last ? encodeHash(blockHash(last)) : genesisBlock.hash }));
    if (!next) break;
    try {
      state = advanceLightClient(state, next);
    } catch (error) {
      return t.fail(`light client block ${next.inner_lite.height} (after ${state.head.height}): ${(error as Error).message}`);
    }
    synced.push(next);
    await checkAgainstChain(t, next);
  }
  const epochs = synced.map((b) => b.inner_lite.epoch_id);
  t.deepEqual(epochs, [zero, genesisBlock.hash, inThird.epoch_id], `synced through ${synced.map((b) => b.inner_lite.height).join(', ')}`);

  // The stored blocks are the ones create_light_client_block picks from each epoch's last block. Epoch T's id is the
  // hash of the last block of epoch T-2: the third epoch's id names the first epoch's last block, its next_epoch_id the second's.
  const lastOfFirst = (await block(t, { block_id: inThird.epoch_id })).header;
  const lastOfSecond = (await block(t, { block_id: inThird.next_epoch_id })).header;
  t.deepEqual([lastOfFirst.epoch_id, (await childOf(t, lastOfFirst.hash)).header.epoch_id], [zero, genesisBlock.hash]);
  t.deepEqual([lastOfSecond.epoch_id, (await childOf(t, lastOfSecond.hash)).header.epoch_id], [genesisBlock.hash, inThird.epoch_id]);
  // The headers across both fast forwards (heights skipped: Skip approvals) and the epoch changes.
  t.true(await checkHeaders(t, inThird.height) > 10);
  if (synced.length === 3) {
    t.is(encodeHash(blockHash(synced[0]!)), await lightClientBlockFrom(t, lastOfFirst), 'the first epoch\'s stored block');
    t.is(encodeHash(blockHash(synced[1]!)), await lightClientBlockFrom(t, lastOfSecond), 'the second epoch\'s stored block');
  }
});

test('at protocol 78 headers are BlockHeaderV5 (inner rest with challenges) and proofs verify the same way', async (t) => {
  const nodes = await startVersionNodes([78]);
  const node = nodes[78]!;
  try {
    const call = async <T>(method: string, params: unknown): Promise<T> => {
      const res = await fetch(node.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
      const body = (await res.json()) as Body<T>;
      if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
      return body.result as T;
    };
    const root = accountOn(node.server.url, node.root.accountId, node.root.secretKey);
    const sent = await root.transfer({ receiverId: node.root.accountId, amount: 1n });
    // The block that carries its outcome root must be final for a proof: one more transaction makes it so.
    await root.transfer({ receiverId: node.root.accountId, amount: 1n });
    const head = (await call<BlockView>('block', { finality: 'final' })).header;
    for (let height = 0; height <= head.height; height++) {
      const header = (await call<BlockView>('block', { block_id: height })).header;
      t.is(encodeHash(headerHash(header, 78)), header.hash, `hash of block ${height}`);
      t.not(encodeHash(headerHash(header, 85)), header.hash, 'the V6 layout gives another hash');
    }
    const proof = await call<LightClientExecutionProof>('light_client_proof', { type: 'transaction', transaction_hash: sent.transaction_outcome.id, sender_id: node.root.accountId, light_client_head: head.hash });
    t.notThrows(() => validateExecutionProof(proof, head.block_merkle_root));
  } finally {
    await node.server.close();
  }
});
