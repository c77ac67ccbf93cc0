// The verifier checked on its own, before it judges the node: nearcore's merkle.rs
// unit tests ported (merklize/verify_path for many sizes, wrong paths, element order,
// PartialMerkleTree against the recursive root, combine_hash's fixed bytes), and
// synthetic chains built here by nearcore's rules that the verifier must accept,
// each with a tampered copy it must reject.
import test from 'ava';
import { sha256 } from '@noble/hashes/sha256';
import { ed25519 } from '@noble/curves/ed25519';
import { base58, base64 } from '@scure/base';
import {
  advanceLightClient, approvalMessage, blockHash, borshHashes, combineHash, computeRootFromPath, encodeHash, endorsementMessage, merklize, nextBlockHash, nextBpHash,
  outcomeToHashes, PartialMerkleTree, u32, validateBlockProof, validateExecutionProof, validateLightClientBlock, verifyPath, VerificationError,
  type BlockHeaderInnerLiteView, type ExecutionOutcomeWithIdView, type LightClientBlockLiteView, type LightClientBlockView, type MerklePathItem,
  type ValidatorStakeView,
} from './verify.ts';

/** A small deterministic generator (mulberry32) in place of merkle.rs's seeded StdRng. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const hashOf = (text: string) => sha256(new TextEncoder().encode(text));
const ZERO = encodeHash(new Uint8Array(32));

/** merkle.rs tests::compute_root: the left subtree is the largest power of two below the length. */
function computeRoot(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return new Uint8Array(32);
  if (hashes.length === 1) return hashes[0]!;
  let half = 1;
  while (half * 2 < hashes.length) half *= 2;
  return combineHash(computeRoot(hashes.slice(0, half)), computeRoot(hashes.slice(half)));
}

/** The path of leaf `index` in computeRoot's tree, built top-down here (not by merkle_proof.rs's walk). */
function referencePath(hashes: readonly Uint8Array[], index: number): MerklePathItem[] {
  if (hashes.length <= 1) return [];
  let half = 1;
  while (half * 2 < hashes.length) half *= 2;
  if (index < half) return [...referencePath(hashes.slice(0, half), index), { hash: encodeHash(computeRoot(hashes.slice(half))), direction: 'Right' }];
  return [...referencePath(hashes.slice(half), index - half), { hash: encodeHash(computeRoot(hashes.slice(0, half))), direction: 'Left' }];
}

test('combine_hash of two default hashes is merkle.rs test_combine_hash_stability\'s bytes', (t) => {
  const expected = [245, 165, 253, 66, 209, 106, 32, 48, 39, 152, 239, 110, 211, 9, 151, 155, 67, 0, 61, 35, 32, 217, 240, 232, 234, 152, 49, 169, 39, 89, 251, 75];
  t.deepEqual([...combineHash(new Uint8Array(32), new Uint8Array(32))], expected);
});

test('merklize: every item verifies on its own path, for every length 1..100 (test_merkle_path)', (t) => {
  const next = rng(1);
  for (let n = 1; n <= 100; n++) {
    const items = Array.from({ length: n }, () => u32(Math.floor(next() * 1000)));
    const { root, paths } = merklize(items);
    t.is(paths.length, n);
    for (let i = 0; i < n; i++) t.true(verifyPath(root, paths[i]!, items[i]!), `length ${n} item ${i}`);
    // The same root as the recursive definition over the items' hashes, and as a PartialMerkleTree of them.
    const leaves = items.map((item) => sha256(item));
    t.deepEqual(root, computeRoot(leaves), `length ${n}`);
    const tree = new PartialMerkleTree();
    for (const leaf of leaves) tree.insert(leaf);
    t.deepEqual(tree.root(), root, `length ${n}`);
  }
  t.deepEqual(merklize([]), { root: new Uint8Array(32), paths: [] });
});

test('merklize: a path of another item does not verify (test_incorrect_path), order matters (test_elements_order)', (t) => {
  const items = [111, 222, 333].map((v) => u32(v));
  const { root, paths } = merklize(items);
  for (let i = 0; i < items.length; i++) t.false(verifyPath(root, paths[(i + 1) % 3]!, items[i]!));
  t.notDeepEqual(merklize([u32(1), u32(2)]).root, merklize([u32(2), u32(1)]).root);
});

test('PartialMerkleTree: root equals the recursive root after each of 50 inserts and stays well formed (test_merkle_tree)', (t) => {
  const tree = new PartialMerkleTree();
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < 50; i++) {
    t.deepEqual(tree.root(), computeRoot(hashes), `size ${i}`);
    t.true(tree.isWellFormed());
    t.is(tree.size, BigInt(i));
    const leaf = sha256(Uint8Array.of(i)); // CryptoHash::hash_bytes(&[i])
    hashes.push(leaf);
    tree.insert(leaf);
  }
});

test('computeRootFromPath follows the direction of each step', (t) => {
  const [a, b, c] = [hashOf('a'), hashOf('b'), hashOf('c')];
  t.deepEqual(computeRootFromPath([{ hash: encodeHash(b), direction: 'Right' }, { hash: encodeHash(c), direction: 'Left' }], a), combineHash(c, combineHash(a, b)));
  t.deepEqual(computeRootFromPath([], a), a);
});

/** A chain of lite headers whose block_merkle_root is the PartialMerkleTree of the blocks before each (as nearcore saves it). */
function chain(length: number): { lites: LightClientBlockLiteView[]; hashes: Uint8Array[] } {
  const tree = new PartialMerkleTree();
  const lites: LightClientBlockLiteView[] = [];
  const hashes: Uint8Array[] = [];
  let prev: Uint8Array = new Uint8Array(32);
  for (let h = 0; h < length; h++) {
    const lite: LightClientBlockLiteView = {
      prev_block_hash: encodeHash(prev), inner_rest_hash: encodeHash(hashOf(`rest ${h}`)),
      inner_lite: {
        height: h, epoch_id: ZERO, next_epoch_id: encodeHash(hashOf('e2')), prev_state_root: encodeHash(hashOf(`state ${h}`)), outcome_root: ZERO,
        timestamp: 1_700_000_000_000_000_000 + h, timestamp_nanosec: (1_700_000_000_000_000_000n + BigInt(h)).toString(), next_bp_hash: ZERO,
        block_merkle_root: encodeHash(tree.root()),
      },
    };
    const hash = blockHash(lite);
    lites.push(lite);
    hashes.push(hash);
    tree.insert(hash);
    prev = hash;
  }
  return { lites, hashes };
}

test('block proofs: every older block is in the head\'s block_merkle_root by its path; a wrong one is refused', (t) => {
  const { lites, hashes } = chain(23);
  for (const head of [1, 2, 7, 8, 16, 22]) {
    const root = lites[head]!.inner_lite.block_merkle_root;
    for (let i = 0; i < head; i++) {
      const proof = { block_header_lite: lites[i]!, block_proof: referencePath(hashes.slice(0, head), i) };
      t.notThrows(() => validateBlockProof(proof, root), `block ${i} in head ${head}`);
    }
  }
  const good = { block_header_lite: lites[3]!, block_proof: referencePath(hashes.slice(0, 10), 3) };
  t.throws(() => validateBlockProof({ ...good, block_header_lite: lites[4]! }, lites[10]!.inner_lite.block_merkle_root), { instanceOf: VerificationError });
  const changed = { ...lites[3]!, inner_lite: { ...lites[3]!.inner_lite, timestamp_nanosec: '1' } };
  t.throws(() => validateBlockProof({ ...good, block_header_lite: changed }, lites[10]!.inner_lite.block_merkle_root), { instanceOf: VerificationError });
  // The legacy `timestamp` number is not hashed; timestamp_nanosec is.
  t.notThrows(() => validateBlockProof({ ...good, block_header_lite: { ...lites[3]!, inner_lite: { ...lites[3]!.inner_lite, timestamp: 0 } } }, lites[10]!.inner_lite.block_merkle_root));
});

test('execution proofs: outcomes merklized per chunk and chunks per block verify; changed outcome, log or root is refused', (t) => {
  const outcome = (id: string, logs: string[], status: ExecutionOutcomeWithIdView['outcome']['status']): Omit<ExecutionOutcomeWithIdView, 'proof' | 'block_hash'> => ({
    id: encodeHash(hashOf(id)),
    outcome: { logs, receipt_ids: [encodeHash(hashOf(`${id} receipt`))], gas_burnt: 2_428_000_000_000, tokens_burnt: '242800000000000000000', executor_id: 'alice.test.near', status },
  });
  const shards = [
    [outcome('tx', [], { SuccessReceiptId: encodeHash(hashOf('r')) }), outcome('r', ['hello', 'world'], { SuccessValue: base64.encode(Uint8Array.of(1, 2)) }), outcome('f', [], { Failure: { ActionError: {} } })],
    [outcome('u', ['x'], 'Unknown')],
  ];
  // Chunk prev_outcome_root = merklize(to_hashes of each outcome); block outcome_root = merklize(chunk roots).
  const chunkTrees = shards.map((outcomes) => merklize(outcomes.map((o) => borshHashes(outcomeToHashes(o)))));
  const blockTree = merklize(chunkTrees.map((c) => c.root));
  const { lites, hashes } = chain(12);
  const lite = { ...lites[5]!, inner_lite: { ...lites[5]!.inner_lite, outcome_root: encodeHash(blockTree.root) } };
  const liteHash = blockHash(lite);
  // The head's tree holds the altered block 5 instead of the chain's.
  const inTree = hashes.slice(0, 9).map((h, i) => (i === 5 ? liteHash : h));
  const tree = new PartialMerkleTree();
  for (const h of inTree) tree.insert(h);
  const headRoot = encodeHash(tree.root());
  shards.forEach((outcomes, s) => outcomes.forEach((o, i) => {
    const response = {
      outcome_proof: { ...o, proof: chunkTrees[s]!.paths[i]!, block_hash: encodeHash(liteHash) },
      outcome_root_proof: blockTree.paths[s]!, block_header_lite: lite, block_proof: referencePath(inTree, 5),
    };
    t.notThrows(() => validateExecutionProof(response, headRoot), `shard ${s} outcome ${i}`);
    const withOutcome = (change: Partial<ExecutionOutcomeWithIdView['outcome']>) => ({ ...response, outcome_proof: { ...response.outcome_proof, outcome: { ...response.outcome_proof.outcome, ...change } } });
    t.throws(() => validateExecutionProof(withOutcome({ logs: [...o.outcome.logs, 'extra'] }), headRoot), { instanceOf: VerificationError });
    t.throws(() => validateExecutionProof(withOutcome({ tokens_burnt: '1' }), headRoot), { instanceOf: VerificationError });
    t.throws(() => validateExecutionProof(withOutcome({ executor_id: 'bob.test.near' }), headRoot), { instanceOf: VerificationError });
    t.throws(() => validateExecutionProof({ ...response, outcome_proof: { ...response.outcome_proof, block_hash: encodeHash(hashes[6]!) } }, headRoot), { instanceOf: VerificationError });
    t.throws(() => validateExecutionProof(response, encodeHash(hashes[0]!)), { instanceOf: VerificationError });
  }));
  // A Failure's details are not in the proof (PartialExecutionStatus::Failure carries none).
  const failure = shards[0]![2]!;
  const otherFailure = { ...failure, outcome: { ...failure.outcome, status: { Failure: { InvalidTxError: 'Expired' } } } };
  t.deepEqual(outcomeToHashes(otherFailure), outcomeToHashes(failure));
});

/** A light client block of `epoch` at `height`, signed by `signers` as the block after next would approve it. */
function signedBlock(opts: { height: number; epochId: string; nextEpochId: string; nextBps: ValidatorStakeView[] | null; signers: (Uint8Array | null)[] }): LightClientBlockView {
  const inner_lite: BlockHeaderInnerLiteView = {
    height: opts.height, epoch_id: opts.epochId, next_epoch_id: opts.nextEpochId, prev_state_root: encodeHash(hashOf('state')), outcome_root: encodeHash(hashOf('outcome')),
    timestamp: 1, timestamp_nanosec: '1', next_bp_hash: encodeHash(nextBpHash(opts.nextBps ?? [])), block_merkle_root: encodeHash(hashOf('tree')),
  };
  const block: LightClientBlockView = {
    prev_block_hash: encodeHash(hashOf('prev')), inner_rest_hash: encodeHash(hashOf('rest')), inner_lite, next_block_inner_hash: encodeHash(hashOf('next inner')),
    next_bps: opts.nextBps, approvals_after_next: [],
  };
  const message = endorsementMessage(nextBlockHash(block), opts.height + 2);
  block.approvals_after_next = opts.signers.map((secret) => (secret ? `ed25519:${base58.encode(ed25519.sign(message, secret))}` : null));
  return block;
}

test('light client blocks: validate_and_update_head accepts a properly approved block and refuses each broken rule', (t) => {
  const secrets = [1, 2, 3].map((i) => sha256(Uint8Array.of(i)));
  const bps: ValidatorStakeView[] = secrets.map((s, i) => ({ validator_stake_struct_version: 'V1', account_id: `v${i}.near`, public_key: `ed25519:${base58.encode(ed25519.getPublicKey(s))}`, stake: '100' }));
  const [e1, e2, e3] = [ZERO, encodeHash(hashOf('genesis')), encodeHash(hashOf('last of e1'))];
  const head = { height: 10, epoch_id: e1, next_epoch_id: e2 };

  const same = signedBlock({ height: 20, epochId: e1, nextEpochId: e2, nextBps: bps, signers: secrets });
  t.notThrows(() => validateLightClientBlock(head, bps, same));
  // Approvals of the next epoch's producers after the current ones are ignored.
  const trailing = { ...same, approvals_after_next: [...same.approvals_after_next, `ed25519:${base58.encode(new Uint8Array(64))}`] };
  t.notThrows(() => validateLightClientBlock(head, bps, trailing));
  // 2 of 3 equal stakes is exactly 2/3, not more: refused; 3 of 3 accepted above.
  t.throws(() => validateLightClientBlock(head, bps, signedBlock({ height: 20, epochId: e1, nextEpochId: e2, nextBps: bps, signers: [secrets[0]!, secrets[1]!, null] })), { message: /^\(5\)/ });
  t.throws(() => validateLightClientBlock(head, bps, { ...same, approvals_after_next: same.approvals_after_next.slice(0, 2) }), { message: /^\(5\)/ });
  t.throws(() => validateLightClientBlock({ ...head, height: 20 }, bps, same), { message: /^\(1\)/ });
  t.throws(() => validateLightClientBlock(head, bps, signedBlock({ height: 20, epochId: e3, nextEpochId: e2, nextBps: bps, signers: secrets })), { message: /^\(2\)/ });
  t.throws(() => validateLightClientBlock(head, bps, signedBlock({ height: 20, epochId: e2, nextEpochId: e3, nextBps: null, signers: secrets })), { message: /^\(3\)/ });
  t.throws(() => validateLightClientBlock(head, bps, { ...same, approvals_after_next: [same.approvals_after_next[1]!, ...same.approvals_after_next.slice(1)] }), { message: /^\(4\)/ });
  // The signature covers the next block's hash: a different next_block_inner_hash breaks every approval.
  t.throws(() => validateLightClientBlock(head, bps, { ...same, next_block_inner_hash: ZERO }), { message: /^\(4\)/ });
  t.throws(() => validateLightClientBlock(head, bps, { ...same, next_bps: [{ ...bps[0]!, stake: '101' }, ...bps.slice(1)] }), { message: /^\(6\)/ });

  // Across an epoch: the block of e2 is checked with the producers e1's block announced, and announces e3's.
  const e3Secrets = [sha256(Uint8Array.of(9))];
  const e3Bps: ValidatorStakeView[] = [{ validator_stake_struct_version: 'V1', account_id: 'w.near', public_key: `ed25519:${base58.encode(ed25519.getPublicKey(e3Secrets[0]!))}`, stake: '7' }];
  let state = advanceLightClient({ head, blockProducers: new Map([[e1, bps]]) }, same);
  t.deepEqual(state.blockProducers.get(e2), bps);
  const next = signedBlock({ height: 30, epochId: e2, nextEpochId: e3, nextBps: e3Bps, signers: secrets });
  state = advanceLightClient(state, next);
  t.deepEqual([state.head.height, state.blockProducers.get(e3)], [30, e3Bps]);
  t.notThrows(() => advanceLightClient(state, signedBlock({ height: 40, epochId: e3, nextEpochId: encodeHash(hashOf('e4')), nextBps: e3Bps, signers: e3Secrets })));
  t.throws(() => advanceLightClient(state, signedBlock({ height: 40, epochId: e3, nextEpochId: encodeHash(hashOf('e4')), nextBps: e3Bps, signers: [secrets[0]!] })), { message: /^\(4\)/ });
});

test('next_bp_hash is hash_borsh_iter of the ValidatorStake enum: count, V1 tag, account id, key type and bytes, u128 stake', (t) => {
  const key = new Uint8Array(32).fill(5);
  const bp: ValidatorStakeView = { validator_stake_struct_version: 'V1', account_id: 'test.near', public_key: `ed25519:${base58.encode(key)}`, stake: (2n ** 100n + 3n).toString() };
  // Bytes written out by hand, the way pytest/lib/lightclient.py serializes next_bps.
  const stake = new Uint8Array(16);
  stake[0] = 3;
  stake[12] = 16; // 2^100 = 2^(8*12 + 4)
  const expected = sha256(Uint8Array.from([1, 0, 0, 0, 0, 9, 0, 0, 0, ...new TextEncoder().encode('test.near'), 0, ...key, ...stake]));
  t.deepEqual(nextBpHash([bp]), expected);
  t.deepEqual(nextBpHash([]), sha256(new Uint8Array(4)));
});

test('approval messages are get_data_for_sig: Endorsement(parent hash) for the next height, Skip(parent height) past it', (t) => {
  const parent = hashOf('parent');
  const le = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff, 0, 0, 0, 0];
  t.deepEqual([...approvalMessage(encodeHash(parent), 22, 23)], [0, ...parent, ...le(23)]);
  t.deepEqual([...approvalMessage(encodeHash(parent), 23, 498)], [1, ...le(23), ...le(498)]);
  t.deepEqual(endorsementMessage(parent, 23), approvalMessage(encodeHash(parent), 22, 23));
});
