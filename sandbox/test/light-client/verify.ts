// A light-client verifier written from nearcore, independent of the node's code:
// it takes the JSON views neard serves (next_light_client_block, light_client_proof,
// EXPERIMENTAL_light_client_block_proof) and checks them the way nearcore's light
// client does. Sources (nearcore master, mid-2026):
// - core/primitives/src/merkle.rs: combine_hash, merklize, compute_root_from_path, PartialMerkleTree
// - core/primitives/src/block_header.rs: BlockHeaderInnerLite field order, compute_inner_hash / compute_hash,
//   ApprovalInner and Approval::get_data_for_sig, compute_bp_hash_from_validator_stakes
// - core/primitives/src/views.rs: BlockHeaderInnerLiteView -> BlockHeaderInnerLite, LightClientBlockLiteView::hash,
//   ExecutionOutcomeView::to_hashes, ValidatorStakeView
// - core/primitives/src/transaction.rs: PartialExecutionOutcome, PartialExecutionStatus
// - docs/ChainSpec/LightClient.md: validate_and_update_head and the proof verification steps
import { sha256 } from '@noble/hashes/sha256';
import { ed25519 } from '@noble/curves/ed25519';
import { base58, base64 } from '@scure/base';

// ---------- JSON views (the fields the verifier reads) ----------

export type Direction = 'Left' | 'Right';
export interface MerklePathItem { hash: string; direction: Direction }
export type MerklePath = readonly MerklePathItem[];

/** views.rs BlockHeaderInnerLiteView: `timestamp` is the legacy JSON number, `timestamp_nanosec` the exact u64. */
export interface BlockHeaderInnerLiteView {
  height: number;
  epoch_id: string;
  next_epoch_id: string;
  prev_state_root: string;
  outcome_root: string;
  timestamp: number;
  timestamp_nanosec: string;
  next_bp_hash: string;
  block_merkle_root: string;
}

export interface LightClientBlockLiteView {
  prev_block_hash: string;
  inner_rest_hash: string;
  inner_lite: BlockHeaderInnerLiteView;
}

/** views.rs ValidatorStakeView: serde-tagged by `validator_stake_struct_version` ("V1"). */
export interface ValidatorStakeView {
  validator_stake_struct_version?: string;
  account_id: string;
  public_key: string;
  stake: string;
}

export interface LightClientBlockView extends LightClientBlockLiteView {
  next_block_inner_hash: string;
  next_bps?: ValidatorStakeView[] | null;
  approvals_after_next: (string | null)[];
}

export type ExecutionStatusView = 'Unknown' | { Failure: unknown } | { SuccessValue: string } | { SuccessReceiptId: string };

export interface ExecutionOutcomeView {
  logs: string[];
  receipt_ids: string[];
  gas_burnt: number | string;
  tokens_burnt: string;
  executor_id: string;
  status: ExecutionStatusView;
}

export interface ExecutionOutcomeWithIdView {
  proof: MerklePath;
  block_hash: string;
  id: string;
  outcome: ExecutionOutcomeView;
}

/** jsonrpc-primitives light_client.rs RpcLightClientExecutionProofResponse. */
export interface LightClientExecutionProof {
  outcome_proof: ExecutionOutcomeWithIdView;
  outcome_root_proof: MerklePath;
  block_header_lite: LightClientBlockLiteView;
  block_proof: MerklePath;
}

/** jsonrpc-primitives light_client.rs RpcLightClientBlockProofResponse. */
export interface LightClientBlockProof {
  block_header_lite: LightClientBlockLiteView;
  block_proof: MerklePath;
}

/** A check of nearcore's light client that did not hold. */
export class VerificationError extends Error {
  override name = 'VerificationError';
}

// ---------- bytes, hashes, borsh ----------

export const decodeHash = (text: string): Uint8Array => {
  const bytes = base58.decode(text);
  if (bytes.length !== 32) throw new VerificationError(`not a 32-byte hash: ${text}`);
  return bytes;
};
export const encodeHash = (bytes: Uint8Array): string => base58.encode(bytes);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};
const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Little-endian unsigned integer of `bytes` bytes (borsh u32 / u64 / u128). */
function uintLE(value: bigint | number, bytes: number): Uint8Array {
  let v = BigInt(value);
  if (v < 0n || v >= 1n << BigInt(8 * bytes)) throw new VerificationError(`${value} does not fit in u${8 * bytes}`);
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) { out[i] = Number(v & 0xffn); v >>= 8n; }
  return out;
}
export const u32 = (v: bigint | number) => uintLE(v, 4);
export const u64 = (v: bigint | number) => uintLE(v, 8);
export const u128 = (v: bigint | number) => uintLE(v, 16);
/** borsh String / Vec<u8>: u32 length, then the bytes. */
export const borshBytes = (bytes: Uint8Array) => concat(u32(bytes.length), bytes);
export const borshString = (text: string) => borshBytes(new TextEncoder().encode(text));
/** borsh Vec<CryptoHash>: u32 count, then the 32-byte hashes. */
export const borshHashes = (hashes: readonly Uint8Array[]) => concat(u32(hashes.length), ...hashes);

/** merkle.rs combine_hash: CryptoHash::hash_borsh((a, b)) = sha256(a ++ b). */
export const combineHash = (a: Uint8Array, b: Uint8Array): Uint8Array => sha256(concat(a, b));

/** near-crypto PublicKey borsh: KeyType byte (ED25519 0, SECP256K1 1), then the key bytes. */
function borshPublicKey(key: string): Uint8Array {
  const [type, data] = key.split(':') as [string, string | undefined];
  if (type === 'ed25519' && data) return concat(Uint8Array.of(0), base58.decode(data));
  if (type === 'secp256k1' && data) return concat(Uint8Array.of(1), base58.decode(data));
  throw new VerificationError(`unsupported public key ${key}`);
}

// ---------- merkle.rs ----------

/** merkle.rs merklize over already-borsh-encoded items: the root and every item's path. Empty -> default hash. */
export function merklize(items: readonly Uint8Array[]): { root: Uint8Array; paths: MerklePathItem[][] } {
  if (items.length === 0) return { root: new Uint8Array(32), paths: [] };
  const hashes = items.map((item) => sha256(item));
  if (hashes.length === 1) return { root: hashes[0]!, paths: [[]] };
  const n = items.length;
  const paths: MerklePathItem[][] = hashes.map((_, i) => {
    if (i % 2 === 0) return i + 1 < n ? [{ hash: encodeHash(hashes[i + 1]!), direction: 'Right' }] : [];
    return [{ hash: encodeHash(hashes[i - 1]!), direction: 'Left' }];
  });
  let len = 1;
  while (len < n) len *= 2;
  let arrLen = n;
  let counter = 1;
  while (len > 1) {
    len /= 2;
    counter *= 2;
    for (let i = 0; i < len; i++) {
      if (2 * i >= arrLen) continue;
      const hash = 2 * i + 1 >= arrLen ? hashes[2 * i]! : combineHash(hashes[2 * i]!, hashes[2 * i + 1]!);
      hashes[i] = hash;
      if (len > 1) {
        // The node's subtree hash is a sibling on the paths of the leaves of its neighbour subtree.
        const neighbour = i % 2 === 0 ? i + 1 : i - 1;
        const direction: Direction = i % 2 === 0 ? 'Left' : 'Right';
        for (let j = 0; j < counter; j++) {
          const index = neighbour * counter + j;
          if (index < n) paths[index]!.push({ hash: encodeHash(hash), direction });
        }
      }
    }
    arrLen = Math.floor((arrLen + 1) / 2);
  }
  return { root: hashes[0]!, paths };
}

/** merkle.rs compute_root_from_path: fold the path from the leaf hash up. */
export function computeRootFromPath(path: MerklePath, itemHash: Uint8Array): Uint8Array {
  let res = itemHash;
  for (const item of path) {
    const sibling = decodeHash(item.hash);
    if (item.direction === 'Left') res = combineHash(sibling, res);
    else if (item.direction === 'Right') res = combineHash(res, sibling);
    else throw new VerificationError(`bad direction ${String(item.direction)}`);
  }
  return res;
}

/** merkle.rs verify_path: the item is borsh-encoded, its leaf is sha256 of that. */
export const verifyPath = (root: Uint8Array, path: MerklePath, item: Uint8Array): boolean => equal(computeRootFromPath(path, sha256(item)), root);

/** merkle.rs PartialMerkleTree: the path to the next leaf; leaves are block hashes as they are (no extra hashing). */
export class PartialMerkleTree {
  private path: Uint8Array[] = [];
  private count = 0n;

  get size(): bigint { return this.count; }

  /** is_well_formed: one path entry per 1 bit of the size. */
  isWellFormed(): boolean {
    return this.path.length === this.count.toString(2).split('').filter((c) => c === '1').length;
  }

  root(): Uint8Array {
    if (this.path.length === 0) return new Uint8Array(32);
    let res = this.path[this.path.length - 1]!;
    for (let i = this.path.length - 2; i >= 0; i--) res = combineHash(this.path[i]!, res);
    return res;
  }

  insert(leaf: Uint8Array): void {
    let s = this.count;
    let node = leaf;
    while (s % 2n === 1n) {
      node = combineHash(this.path.pop()!, node);
      s /= 2n;
    }
    this.path.push(node);
    this.count += 1n;
  }
}

// ---------- block_header.rs / views.rs ----------

/** borsh(BlockHeaderInnerLite) from the view (views.rs From<BlockHeaderInnerLiteView>): timestamp is timestamp_nanosec. */
export function innerLiteBorsh(view: BlockHeaderInnerLiteView): Uint8Array {
  return concat(
    u64(view.height),
    decodeHash(view.epoch_id),
    decodeHash(view.next_epoch_id),
    decodeHash(view.prev_state_root),
    decodeHash(view.outcome_root),
    u64(BigInt(view.timestamp_nanosec)),
    decodeHash(view.next_bp_hash),
    decodeHash(view.block_merkle_root),
  );
}

/** BlockHeader::compute_hash / LightClientBlockLiteView::hash:
 *  combine_hash(combine_hash(sha256(borsh(inner_lite)), inner_rest_hash), prev_hash). */
export function blockHash(view: LightClientBlockLiteView): Uint8Array {
  const inner = combineHash(sha256(innerLiteBorsh(view.inner_lite)), decodeHash(view.inner_rest_hash));
  return combineHash(inner, decodeHash(view.prev_block_hash));
}

/** The next block's hash from a LightClientBlockView: combine_hash(next_block_inner_hash, this block's hash). */
export const nextBlockHash = (view: LightClientBlockView): Uint8Array => combineHash(decodeHash(view.next_block_inner_hash), blockHash(view));

/** Approval::get_data_for_sig(ApprovalInner::Endorsement(hash), target_height): borsh enum tag 0, the hash, u64 LE height. */
export const endorsementMessage = (endorsedHash: Uint8Array, targetHeight: bigint | number): Uint8Array => concat(Uint8Array.of(0), endorsedHash, u64(targetHeight));

/** compute_bp_hash_from_validator_stakes(_, true) = CryptoHash::hash_borsh_iter of the ValidatorStake enum values
 *  (V1 tag 0; ValidatorStakeV1 { account_id, public_key, stake: u128 }). */
export function nextBpHash(bps: readonly ValidatorStakeView[]): Uint8Array {
  const items = bps.map((bp) => {
    const version = bp.validator_stake_struct_version ?? 'V1';
    if (version !== 'V1') throw new VerificationError(`unknown validator_stake_struct_version ${version}`);
    return concat(Uint8Array.of(0), borshString(bp.account_id), borshPublicKey(bp.public_key), u128(BigInt(bp.stake)));
  });
  return sha256(concat(u32(items.length), ...items));
}

function verifySignature(signature: string, message: Uint8Array, publicKey: string): boolean {
  const [sigType, sigData] = signature.split(':');
  const [keyType, keyData] = publicKey.split(':');
  if (sigType !== 'ed25519' || keyType !== 'ed25519' || !sigData || !keyData) throw new VerificationError(`only ed25519 approvals are checked: ${signature} by ${publicKey}`);
  try {
    return ed25519.verify(base58.decode(sigData), message, base58.decode(keyData));
  } catch {
    return false;
  }
}

/** The light client's view of its head: what validate_and_update_head reads. */
export type LightClientHead = Pick<BlockHeaderInnerLiteView, 'height' | 'epoch_id' | 'next_epoch_id'>;

/**
 * docs/ChainSpec/LightClient.md validate_and_update_head, steps (1)-(6), for `newBlock` against the head the
 * light client knows and the block producers of newBlock's epoch (as the light client learnt them from a
 * previous next_bps, or trusts them for its first epoch). Throws VerificationError naming the failed step.
 *
 * `approvals_after_next[i]` is checked against `blockProducers[i]`; trailing approvals past the producers
 * (next epoch's producers at an epoch's end) are ignored, as the spec says. The total stake is that of all
 * the epoch's producers (the spec's prose), so missing approvals count against the 2/3.
 */
export function validateLightClientBlock(lastKnown: LightClientHead, blockProducers: readonly ValidatorStakeView[], newBlock: LightClientBlockView): void {
  const lite = newBlock.inner_lite;
  if (lite.height <= lastKnown.height) throw new VerificationError(`(1) height ${lite.height} is not above the head's ${lastKnown.height}`);
  if (lite.epoch_id !== lastKnown.epoch_id && lite.epoch_id !== lastKnown.next_epoch_id) {
    throw new VerificationError(`(2) epoch ${lite.epoch_id} is neither the head's epoch ${lastKnown.epoch_id} nor its next ${lastKnown.next_epoch_id}`);
  }
  if (lite.epoch_id === lastKnown.next_epoch_id && (newBlock.next_bps === null || newBlock.next_bps === undefined)) {
    throw new VerificationError('(3) a block of the next epoch without next_bps');
  }
  const message = endorsementMessage(nextBlockHash(newBlock), BigInt(lite.height) + 2n);
  let total = 0n;
  let approved = 0n;
  blockProducers.forEach((bp, i) => {
    const stake = BigInt(bp.stake);
    total += stake;
    const signature = newBlock.approvals_after_next[i];
    if (signature === null || signature === undefined) return;
    if (!verifySignature(signature, message, bp.public_key)) throw new VerificationError(`(4) approval ${i} is not ${bp.account_id}'s signature on Endorsement(next block) at height ${lite.height + 2}`);
    approved += stake;
  });
  if (approved <= (total * 2n) / 3n) throw new VerificationError(`(5) approved stake ${approved} is not above 2/3 of ${total}`);
  if (newBlock.next_bps !== null && newBlock.next_bps !== undefined) {
    const computed = encodeHash(nextBpHash(newBlock.next_bps));
    if (computed !== lite.next_bp_hash) throw new VerificationError(`(6) hash of next_bps ${computed} is not next_bp_hash ${lite.next_bp_hash}`);
  }
}

/** A light client's state: its head and the block producers of each epoch it knows. */
export interface LightClientState {
  head: LightClientHead;
  blockProducers: Map<string, readonly ValidatorStakeView[]>;
}

/** validate_and_update_head: validates `block` with the producers of its epoch and returns the advanced state. */
export function advanceLightClient(state: LightClientState, block: LightClientBlockView): LightClientState {
  const producers = state.blockProducers.get(block.inner_lite.epoch_id);
  if (!producers) throw new VerificationError(`no known block producers for epoch ${block.inner_lite.epoch_id}`);
  validateLightClientBlock(state.head, producers, block);
  const blockProducers = new Map(state.blockProducers);
  if (block.next_bps) blockProducers.set(block.inner_lite.next_epoch_id, block.next_bps);
  return { head: block.inner_lite, blockProducers };
}

// ---------- outcomes (views.rs to_hashes, transaction.rs PartialExecutionOutcome) ----------

/** borsh(PartialExecutionStatus): Unknown 0, Failure 1 (no details), SuccessValue 2 (Vec<u8>), SuccessReceiptId 3. */
function partialStatusBorsh(status: ExecutionStatusView): Uint8Array {
  if (status === 'Unknown') return Uint8Array.of(0);
  if ('Failure' in status) return Uint8Array.of(1);
  if ('SuccessValue' in status) return concat(Uint8Array.of(2), borshBytes(base64.decode(status.SuccessValue)));
  if ('SuccessReceiptId' in status) return concat(Uint8Array.of(3), decodeHash(status.SuccessReceiptId));
  throw new VerificationError(`unknown execution status ${JSON.stringify(status)}`);
}

/** borsh(PartialExecutionOutcome { receipt_ids, gas_burnt: u64, tokens_burnt: u128, executor_id, status }). */
export function partialOutcomeBorsh(outcome: ExecutionOutcomeView): Uint8Array {
  return concat(
    borshHashes(outcome.receipt_ids.map(decodeHash)),
    u64(BigInt(outcome.gas_burnt)),
    u128(BigInt(outcome.tokens_burnt)),
    borshString(outcome.executor_id),
    partialStatusBorsh(outcome.status),
  );
}

/** ExecutionOutcomeWithIdView::to_hashes: [id, hash_borsh(PartialExecutionOutcome), sha256(log) per log]. */
export function outcomeToHashes(outcome: Pick<ExecutionOutcomeWithIdView, 'id' | 'outcome'>): Uint8Array[] {
  return [decodeHash(outcome.id), sha256(partialOutcomeBorsh(outcome.outcome)), ...outcome.outcome.logs.map((log) => sha256(new TextEncoder().encode(log)))];
}

/** The outcome's leaf in its chunk's outcome tree: hash_borsh of the Vec<CryptoHash> to_hashes (merklize's item hash). */
export const outcomeLeafHash = (outcome: Pick<ExecutionOutcomeWithIdView, 'id' | 'outcome'>): Uint8Array => sha256(borshHashes(outcomeToHashes(outcome)));

/** The chunk (shard) outcome root an outcome's `proof` leads to. */
export const shardOutcomeRoot = (outcome: Pick<ExecutionOutcomeWithIdView, 'id' | 'outcome' | 'proof'>): Uint8Array => computeRootFromPath(outcome.proof, outcomeLeafHash(outcome));

/** The block outcome root: merklize of the chunks' prev_outcome_roots, so the shard root's leaf is sha256(root). */
export const blockOutcomeRoot = (shardRoot: Uint8Array, outcomeRootProof: MerklePath): Uint8Array => computeRootFromPath(outcomeRootProof, sha256(shardRoot));

/** Block merkle root verification: compute_root_from_path(block_proof, block hash) is the head's block_merkle_root. */
export function validateBlockProof(proof: LightClientBlockProof, headBlockMerkleRoot: string): void {
  const computed = encodeHash(computeRootFromPath(proof.block_proof, blockHash(proof.block_header_lite)));
  if (computed !== headBlockMerkleRoot) throw new VerificationError(`block proof leads to ${computed}, the head's block_merkle_root is ${headBlockMerkleRoot}`);
}

/**
 * docs/ChainSpec/LightClient.md "Proof Verification": the outcome's shard root from outcome_proof.proof, the block
 * outcome root from outcome_root_proof, equal to block_header_lite's outcome_root; block_header_lite is the block
 * outcome_proof.block_hash names; its hash is in the head's block merkle tree by block_proof.
 */
export function validateExecutionProof(response: LightClientExecutionProof, lightClientHeadBlockMerkleRoot: string): void {
  const lite = response.block_header_lite;
  const root = encodeHash(blockOutcomeRoot(shardOutcomeRoot(response.outcome_proof), response.outcome_root_proof));
  if (root !== lite.inner_lite.outcome_root) throw new VerificationError(`outcome proof leads to outcome root ${root}, block_header_lite has ${lite.inner_lite.outcome_root}`);
  const liteHash = encodeHash(blockHash(lite));
  if (liteHash !== response.outcome_proof.block_hash) throw new VerificationError(`block_header_lite hashes to ${liteHash}, outcome_proof.block_hash is ${response.outcome_proof.block_hash}`);
  validateBlockProof(response, lightClientHeadBlockMerkleRoot);
}

// ---------- whole block headers (beyond what a light client needs: the node's headers checked as nearcore's) ----------

/** The parts of views.rs BlockHeaderView that make up BlockHeaderInnerLite / BlockHeaderInnerRestV5 / V6. */
export interface BlockHeaderView extends BlockHeaderInnerLiteView {
  hash: string;
  prev_hash: string;
  prev_height?: number | null;
  block_body_hash?: string | null;
  chunk_receipts_root: string;
  chunk_headers_root: string;
  chunk_tx_root: string;
  random_value: string;
  validator_proposals: ValidatorStakeView[];
  chunk_mask: boolean[];
  gas_price: string;
  total_supply: string;
  last_final_block: string;
  last_ds_final_block: string;
  block_ordinal?: number | null;
  epoch_sync_data_hash?: string | null;
  approvals: (string | null)[];
  signature: string;
  latest_protocol_version: number;
  chunk_endorsements?: number[][] | null;
  shard_split?: [number, string] | null;
}

const borshOption = (value: Uint8Array | undefined): Uint8Array => (value === undefined ? Uint8Array.of(0) : concat(Uint8Array.of(1), value));
/** near-crypto Signature borsh: KeyType byte, then the signature bytes. */
function borshSignature(signature: string): Uint8Array {
  const [type, data] = signature.split(':');
  if (type === 'ed25519' && data) return concat(Uint8Array.of(0), base58.decode(data));
  if (type === 'secp256k1' && data) return concat(Uint8Array.of(1), base58.decode(data));
  throw new VerificationError(`unsupported signature ${signature}`);
}
const borshValidatorStakes = (stakes: readonly ValidatorStakeView[]) =>
  concat(u32(stakes.length), ...stakes.map((s) => concat(Uint8Array.of(0), borshString(s.account_id), borshPublicKey(s.public_key), u128(BigInt(s.stake)))));

/**
 * borsh of the header's inner rest as BlockHeader::new_impl builds it at `protocolVersion` (block_header.rs):
 * V6 from DynamicResharding (85) on (no challenges, shard_split last), V5 before. Spice (V7, 180) is not covered.
 */
export function innerRestBorsh(header: BlockHeaderView, protocolVersion: number): Uint8Array {
  if (protocolVersion >= 180) throw new VerificationError('BlockHeaderInnerRestV7 (Spice) is not reconstructed here');
  const v6 = protocolVersion >= 85;
  const zero = new Uint8Array(32);
  return concat(
    decodeHash(header.block_body_hash ?? encodeHash(zero)),
    decodeHash(header.chunk_receipts_root),
    decodeHash(header.chunk_headers_root),
    decodeHash(header.chunk_tx_root),
    v6 ? new Uint8Array() : zero, // challenges_root, default
    decodeHash(header.random_value),
    borshValidatorStakes(header.validator_proposals),
    concat(u32(header.chunk_mask.length), Uint8Array.from(header.chunk_mask.map((b) => (b ? 1 : 0)))),
    u128(BigInt(header.gas_price)),
    u128(BigInt(header.total_supply)),
    v6 ? new Uint8Array() : u32(0), // challenges_result, empty
    decodeHash(header.last_final_block),
    decodeHash(header.last_ds_final_block),
    u64(header.block_ordinal ?? 0),
    u64(header.prev_height ?? 0),
    borshOption(header.epoch_sync_data_hash ? decodeHash(header.epoch_sync_data_hash) : undefined),
    concat(u32(header.approvals.length), ...header.approvals.map((a) => borshOption(a === null ? undefined : borshSignature(a)))),
    u32(header.latest_protocol_version),
    concat(u32((header.chunk_endorsements ?? []).length), ...(header.chunk_endorsements ?? []).map((bytes) => borshBytes(Uint8Array.from(bytes)))),
    v6 ? borshOption(header.shard_split ? concat(u64(header.shard_split[0]), borshString(header.shard_split[1])) : undefined) : new Uint8Array(),
  );
}

/** BlockHeader::compute_hash of a whole header view at `protocolVersion`. */
export function headerHash(header: BlockHeaderView, protocolVersion: number): Uint8Array {
  return blockHash({ prev_block_hash: header.prev_hash, inner_rest_hash: encodeHash(sha256(innerRestBorsh(header, protocolVersion))), inner_lite: header });
}

/** Approval::get_data_for_sig(ApprovalInner::new(prev_hash, prev_height, height), height): Endorsement (0) of the parent
 *  when the heights are consecutive, else Skip (1) of the parent's height. */
export function approvalMessage(prevHash: string, prevHeight: number, height: number): Uint8Array {
  const inner = prevHeight + 1 === height ? concat(Uint8Array.of(0), decodeHash(prevHash)) : concat(Uint8Array.of(1), u64(prevHeight));
  return concat(inner, u64(height));
}

/** approval_verification.rs: each present approval of `header` is its approver's signature on approvalMessage. */
export function verifyApprovals(header: Pick<BlockHeaderView, 'approvals' | 'height'>, prev: Pick<BlockHeaderView, 'hash' | 'height'>, approvers: readonly ValidatorStakeView[]): void {
  if (header.approvals.length > approvers.length) throw new VerificationError(`${header.approvals.length} approvals for ${approvers.length} approvers`);
  const message = approvalMessage(prev.hash, prev.height, header.height);
  header.approvals.forEach((approval, i) => {
    if (approval !== null && !verifySignature(approval, message, approvers[i]!.public_key)) {
      throw new VerificationError(`approval ${i} of block ${header.height} is not ${approvers[i]!.account_id}'s over ${prev.height + 1 === header.height ? 'Endorsement' : 'Skip'}`);
    }
  });
}

/** compute_hash_and_sign: the producer signs the header hash's bytes. */
export const verifyHeaderSignature = (header: Pick<BlockHeaderView, 'hash' | 'signature'>, publicKey: string): boolean => verifySignature(header.signature, decodeHash(header.hash), publicKey);
