// A block header as nearcore hashes and signs it (core/primitives/src/block_header.rs): the hash is
// combine_hash(combine_hash(sha256(borsh(inner_lite)), sha256(borsh(inner_rest))), prev_hash), the
// producer signs the hash, and each block carries its producer's approval of the parent
// (Approval::get_data_for_sig). A light client recomputes these from inner_lite and the
// inner_rest hash, so they are written byte for byte as nearcore's borsh; the layouts are small and
// fixed, so a few writers here are clearer than a borsh schema for each version.
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha256';
import { combineHash } from './merkle.ts';
import type { ExecutionOutcome } from './types.ts';

/** A validator as the epoch's block producers list it (ValidatorStake::V1). */
export interface ValidatorStakeRecord { accountId: string; publicKey: Uint8Array; stake: bigint }

/** Everything a header hashes besides prev_hash (BlockHeaderInnerLite + BlockHeaderInnerRestV5/V6). */
export interface HeaderContent {
  height: bigint;
  epochId: Uint8Array;
  nextEpochId: Uint8Array;
  prevStateRoot: Uint8Array;
  prevOutcomeRoot: Uint8Array;
  timestamp: bigint;
  nextBpHash: Uint8Array;
  blockMerkleRoot: Uint8Array;
  blockBodyHash: Uint8Array;
  prevChunkOutgoingReceiptsRoot: Uint8Array;
  chunkHeadersRoot: Uint8Array;
  chunkTxRoot: Uint8Array;
  randomValue: Uint8Array;
  chunkMask: boolean[];
  nextGasPrice: bigint;
  totalSupply: bigint;
  lastFinal: Uint8Array;
  lastDsFinal: Uint8Array;
  blockOrdinal: bigint;
  prevHeight: bigint;
  /** ed25519 signatures (64 bytes) of the epoch's block producers in order, null for a missing one. */
  approvals: Array<Uint8Array | null>;
  latestProtocolVersion: number;
  /** ChunkEndorsementsBitmap: per shard, the endorsement bits as bytes. */
  chunkEndorsements: Uint8Array[];
}

/** Little-endian borsh writer for the few types headers use. */
class Writer {
  private readonly parts: Uint8Array[] = [];
  bytes(b: Uint8Array): this { this.parts.push(b); return this; }
  u8(n: number): this { return this.bytes(Uint8Array.of(n)); }
  u32(n: number): this { const b = Buffer.alloc(4); b.writeUInt32LE(n); return this.bytes(b); }
  u64(n: bigint): this { const b = Buffer.alloc(8); b.writeBigUInt64LE(n); return this.bytes(b); }
  u128(n: bigint): this { return this.u64(n & 0xffff_ffff_ffff_ffffn).u64(n >> 64n); }
  string(s: string): this { const b = Buffer.from(s, 'utf8'); return this.u32(b.length).bytes(b); }
  done(): Uint8Array { return Buffer.concat(this.parts); }
}

/** A Signature's key type in borsh (KeyType::ED25519), before its 64 bytes. Public keys are kept in
 *  the node's form, which is already borsh's (type byte first). */
const ED25519 = 0;

export function innerLiteBytes(c: HeaderContent): Uint8Array {
  return new Writer().u64(c.height).bytes(c.epochId).bytes(c.nextEpochId).bytes(c.prevStateRoot).bytes(c.prevOutcomeRoot)
    .u64(c.timestamp).bytes(c.nextBpHash).bytes(c.blockMerkleRoot).done();
}

/** BlockHeaderInnerRestV6 from DynamicResharding (85, version.rs), V5 before (no challenges, `shard_split` added). */
export function innerRestBytes(c: HeaderContent, protocolVersion: number): Uint8Array {
  const v6 = protocolVersion >= 85;
  const w = new Writer().bytes(c.blockBodyHash).bytes(c.prevChunkOutgoingReceiptsRoot).bytes(c.chunkHeadersRoot).bytes(c.chunkTxRoot);
  if (!v6) w.bytes(new Uint8Array(32)); // challenges_root (deprecated, default)
  w.bytes(c.randomValue).u32(0); // prev_validator_proposals: none (stake moves at once here)
  w.u32(c.chunkMask.length);
  for (const included of c.chunkMask) w.u8(included ? 1 : 0);
  w.u128(c.nextGasPrice).u128(c.totalSupply);
  if (!v6) w.u32(0); // challenges_result (deprecated, empty)
  w.bytes(c.lastFinal).bytes(c.lastDsFinal).u64(c.blockOrdinal).u64(c.prevHeight);
  w.u8(0); // epoch_sync_data_hash: None (see chain/README.md)
  w.u32(c.approvals.length);
  for (const approval of c.approvals) {
    if (approval) w.u8(1).u8(ED25519).bytes(approval);
    else w.u8(0);
  }
  w.u32(c.latestProtocolVersion);
  w.u32(c.chunkEndorsements.length);
  for (const bits of c.chunkEndorsements) w.u32(bits.length).bytes(bits);
  if (v6) w.u8(0); // shard_split: None
  return w.done();
}

/** BlockHeader::compute_inner_hash. */
export function innerHash(lite: Uint8Array, rest: Uint8Array): Uint8Array {
  return combineHash(sha256(lite), sha256(rest));
}

/** BlockHeader::compute_hash. */
export function headerHash(prevHash: Uint8Array, lite: Uint8Array, rest: Uint8Array): Uint8Array {
  return combineHash(innerHash(lite, rest), prevHash);
}

/** Approval::get_data_for_sig: borsh ApprovalInner (Endorsement(parent hash) for the next height, else
 *  Skip(parent height)) then the target height. */
export function approvalData(parentHash: Uint8Array, parentHeight: bigint, targetHeight: bigint): Uint8Array {
  const w = new Writer();
  if (targetHeight === parentHeight + 1n) w.u8(0).bytes(parentHash);
  else w.u8(1).u64(parentHeight);
  return w.u64(targetHeight).done();
}

/** compute_bp_hash_from_validator_stakes (versioned format): hash_borsh_iter of ValidatorStake::V1. */
export function blockProducersHash(producers: ValidatorStakeRecord[]): Uint8Array {
  const w = new Writer().u32(producers.length);
  for (const p of producers) w.u8(0).string(p.accountId).bytes(p.publicKey).u128(p.stake);
  return sha256(w.done());
}

/** What a chunk header hashes (ShardChunkHeaderInnerV4, V5 from 85 with `proposed_split`): the
 *  results of applying the previous chunk (prev_*) and this chunk's transactions' root. */
export interface ChunkContent {
  prevBlockHash: Uint8Array;
  prevOutcomeRoot: Uint8Array;
  height: bigint;
  prevGasUsed: bigint;
  gasLimit: bigint;
  prevBalanceBurnt: bigint;
  txRoot: Uint8Array;
}

/** ChunkHash: combine_hash(sha256(borsh(ShardChunkHeaderInner)), encoded_merkle_root). One shard
 *  (id 0), no state root, erasure-coded parts or outgoing receipts of its own here (zero hashes), an
 *  uncongested CongestionInfo::V1 (allowed_shard the shard itself) and no bandwidth requests. */
export function chunkHash(c: ChunkContent, protocolVersion: number): Uint8Array {
  const v5 = protocolVersion >= 85; // DynamicResharding (version.rs)
  const zero = new Uint8Array(32);
  const w = new Writer().u8(v5 ? 4 : 3).bytes(c.prevBlockHash).bytes(zero).bytes(c.prevOutcomeRoot).bytes(zero).u64(0n)
    .u64(c.height).u64(0n).u64(c.prevGasUsed).u64(c.gasLimit).u128(c.prevBalanceBurnt).bytes(zero).bytes(c.txRoot).u32(0);
  w.u8(0).u128(0n).u128(0n).u64(0n).bytes(Uint8Array.of(0, 0)); // CongestionInfo::V1
  w.u8(0).u32(0); // BandwidthRequests::V1 { requests: [] }
  if (v5) w.u8(0); // proposed_split: None
  return combineHash(sha256(w.done()), zero);
}

/** ChunkHashHeight(chunk_hash, height_included) hashed: the one leaf of chunk_headers_root. */
export function chunkHashHeightLeaf(chunkHash: Uint8Array, heightIncluded: bigint): Uint8Array {
  return sha256(new Writer().bytes(chunkHash).u64(heightIncluded).done());
}

/** An outcome's leaf in its chunk's outcome root: hash_borsh(to_hashes()), to_hashes being the id, the
 *  hash of borsh PartialExecutionOutcome and each log's hash (core/primitives/src/transaction.rs). */
export function outcomeLeaf(outcome: ExecutionOutcome): Uint8Array {
  const w = new Writer().u32(outcome.receiptIds.length);
  for (const id of outcome.receiptIds) w.bytes(id);
  w.u64(outcome.gasBurnt).u128(outcome.tokensBurnt).string(outcome.executorId);
  const status = outcome.status;
  // PartialExecutionStatus: Failure keeps no error; SuccessValue its bytes; SuccessReceiptId the id.
  if (status.kind === 'Failure') w.u8(1);
  else if (status.kind === 'SuccessValue') w.u8(2).u32(status.value.length).bytes(status.value);
  else w.u8(3).bytes(status.receiptId);
  const hashes = [outcome.id, sha256(w.done()), ...outcome.logs.map((log) => sha256(Buffer.from(log, 'utf8')))];
  const all = new Writer().u32(hashes.length);
  for (const h of hashes) all.bytes(h);
  return sha256(all.done());
}

/** The validator's ed25519 key (validator_key.json's secret_key: the 32-byte seed, then the public key). */
export class BlockSigner {
  private readonly key: KeyObject;
  constructor(readonly accountId: string, secretKey: Uint8Array) {
    // PKCS#8 wrapping of a raw ed25519 seed (RFC 8410), so node's native signer does the work.
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secretKey.subarray(0, 32)]);
    this.key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  }

  sign(data: Uint8Array): Uint8Array {
    return new Uint8Array(sign(null, data, this.key));
  }
}
