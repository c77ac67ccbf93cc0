// The chain of headers as nearcore builds it: each new block's header from its parent (epoch ids,
// next_bp_hash, outcome root of the parent's chunk, block_merkle_root, ordinal, the validator's
// approval and signature), and the block merkle tree with each block's ordinal, for light-client
// proofs. One shard, one validator: the chunk roots nearcore merklizes over shards are one leaf.
import { sha256 } from '@noble/hashes/sha256';
import { latestProtocolVersion } from '../params/runtime-config.ts';
import { approvalData, blockProducersHash, BlockSigner, chunkHash as chunkHashOf, chunkHashHeightLeaf, headerHash, innerLiteBytes, innerRestBytes, outcomeLeaf, type HeaderContent, type ValidatorStakeRecord } from './block-header.ts';
import type { GenesisConfig } from './genesis.ts';
import { publicKeyFromString } from './keys.ts';
import { BlockMerkleTree, merklePath, merkleRoot, type MerklePath } from './merkle.ts';
import type { Block, BlockHeaderRecord, ExecutionOutcome } from './types.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ZERO = new Uint8Array(32);
const u64le = (n: bigint) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(n); return b; };
/** merklize of one item already hashed is that hash's hash_borsh: sha256 of its 32 bytes. */
const oneLeafRoot = (item: Uint8Array) => sha256(item);

/** What the chain decides for a new block; the rest of the header follows from its parent. */
export interface NewBlock {
  height: bigint;
  timestamp: bigint;
  lastDsFinal: Uint8Array;
  lastFinal: Uint8Array;
  gasPrice: bigint;
  totalSupply: bigint;
  /** The validators' stakes now, for the next epoch's producers when this block starts an epoch. */
  producers: () => ValidatorStakeRecord[];
  /** sha256 of each signed transaction the block's chunk includes (merklize's leaves of tx_root). */
  txLeaves: Uint8Array[];
}

/** genesis.json's gas_limit as `neard init` writes it (1e15), every chunk's. */
const CHUNK_GAS_LIMIT = 1_000_000_000_000_000n;

export class HeaderChain {
  private merkle = new BlockMerkleTree();
  private readonly byOrdinal: Block[] = [];
  private readonly ordinalOf = new Map<string, number>();
  signer?: BlockSigner;

  constructor(private readonly genesis: GenesisConfig) {}

  /** Every block hash in ordinal order. */
  get tree(): BlockMerkleTree {
    return this.merkle;
  }

  /** Forgets every block (a store's history replaces the constructor's genesis). */
  reset(): void {
    this.merkle = new BlockMerkleTree();
    this.byOrdinal.length = 0;
    this.ordinalOf.clear();
  }

  /** Adds the next block of the chain (in height order). */
  add(block: Block): void {
    this.ordinalOf.set(hex(block.hash), this.byOrdinal.length);
    this.byOrdinal.push(block);
    this.merkle.append(block.hash);
  }

  /** A block's leaf in the block merkle tree (its ordinal - 1). */
  leafIndex(block: Block): number | undefined {
    return this.ordinalOf.get(hex(block.hash));
  }

  /** The block after `block` on the chain (get_next_block_hash). */
  next(block: Block): Block | undefined {
    const index = this.leafIndex(block);
    return index === undefined ? undefined : this.byOrdinal[index + 1];
  }

  /** The epoch of a height: epochs are epoch_length heights long here (status's epoch_start_height). */
  epochIndex(height: bigint): bigint {
    return height / BigInt(this.genesis.epoch_length);
  }

  private genesisProducers(): ValidatorStakeRecord[] {
    return this.genesis.validators.map((v) => ({ accountId: v.account_id, publicKey: publicKeyFromString(v.public_key), stake: BigInt(v.amount) }));
  }

  /** BlockHeader::genesis: no parent, default epoch ids and roots, ordinal 1, unsigned. */
  genesisBlock(height: bigint, timestamp: bigint, gasPrice: bigint, totalSupply: bigint): Block {
    const nextBps = this.genesisProducers();
    const chunk = { prevGasUsed: 0n, prevBalanceBurnt: 0n, txRoot: ZERO, signature: new Uint8Array(64) };
    const chunkHash = chunkHashOf({ prevBlockHash: ZERO, prevOutcomeRoot: ZERO, height, prevGasUsed: 0n, gasLimit: CHUNK_GAS_LIMIT, prevBalanceBurnt: 0n, txRoot: ZERO }, this.genesis.protocol_version);
    const content: HeaderContent = {
      height, epochId: ZERO, nextEpochId: ZERO, prevStateRoot: oneLeafRoot(ZERO), prevOutcomeRoot: ZERO, timestamp,
      nextBpHash: blockProducersHash(nextBps), blockMerkleRoot: ZERO, blockBodyHash: sha256(chunkHash),
      prevChunkOutgoingReceiptsRoot: oneLeafRoot(ZERO), chunkHeadersRoot: chunkHashHeightLeaf(chunkHash, height), chunkTxRoot: oneLeafRoot(ZERO),
      randomValue: ZERO, chunkMask: height === 0n ? [true] : [], nextGasPrice: gasPrice, totalSupply, lastFinal: ZERO, lastDsFinal: ZERO,
      blockOrdinal: 1n, prevHeight: 0n, approvals: [], latestProtocolVersion: latestProtocolVersion(this.genesis.protocol_version), chunkEndorsements: [],
    };
    return { ...this.block(ZERO, content, chunkHash, nextBps, ZERO, false), chunk };
  }

  /** The block after `prev` (the last block added), its header built as Block::produce does. */
  child(prev: Block, b: NewBlock): Block {
    const parent = prev.header;
    const newEpoch = parent !== undefined && parent.blockOrdinal > 1n && this.epochIndex(b.height) !== this.epochIndex(prev.height);
    // epoch_manager: the first block after genesis starts the first epoch (the default id, the next
    // one named by the genesis hash); a block in a new epoch takes its parent's next_epoch_id, and the
    // epoch after it is named by the parent, the last block of the epoch before (EpochId of T-2).
    const fromGenesis = parent === undefined || parent.blockOrdinal === 1n;
    const epochId = fromGenesis ? ZERO : newEpoch ? parent.nextEpochId : parent.epochId;
    const nextEpochId = fromGenesis ? prev.hash : newEpoch ? prev.hash : parent.nextEpochId;
    const nextBps = newEpoch || !parent ? b.producers() : parent.nextBps;
    const chunkPrevOutcomeRoot = merkleRoot(prev.outcomeLeaves ?? []);
    // The chunk is produced on the parent once it is applied: it carries that application's results.
    const txRoot = merkleRoot(b.txLeaves);
    const prevGasUsed = prev.gasBurnt;
    const prevBalanceBurnt = prev.balanceBurnt ?? 0n;
    const chunkHash = chunkHashOf({ prevBlockHash: prev.hash, prevOutcomeRoot: chunkPrevOutcomeRoot, height: b.height, prevGasUsed, gasLimit: CHUNK_GAS_LIMIT, prevBalanceBurnt, txRoot }, this.genesis.protocol_version);
    const chunk = { prevGasUsed, prevBalanceBurnt, txRoot, signature: this.signer?.sign(chunkHash) ?? new Uint8Array(64) };
    const approval = this.signer?.sign(approvalData(prev.hash, prev.height, b.height)) ?? null;
    const content: HeaderContent = {
      height: b.height, epochId, nextEpochId, prevStateRoot: oneLeafRoot(ZERO), prevOutcomeRoot: oneLeafRoot(chunkPrevOutcomeRoot),
      timestamp: b.timestamp, nextBpHash: blockProducersHash(nextBps), blockMerkleRoot: this.tree.root(),
      blockBodyHash: sha256(chunkHash), prevChunkOutgoingReceiptsRoot: oneLeafRoot(ZERO), chunkHeadersRoot: chunkHashHeightLeaf(chunkHash, b.height),
      chunkTxRoot: oneLeafRoot(txRoot), randomValue: sha256(Buffer.concat([parent?.randomValue ?? prev.hash, u64le(b.height)])), chunkMask: [true],
      nextGasPrice: b.gasPrice, totalSupply: b.totalSupply, lastFinal: b.lastFinal, lastDsFinal: b.lastDsFinal,
      blockOrdinal: BigInt(this.tree.size + 1), prevHeight: prev.height, approvals: [approval],
      latestProtocolVersion: latestProtocolVersion(this.genesis.protocol_version), chunkEndorsements: [Uint8Array.of(1)],
    };
    return { ...this.block(prev.hash, content, chunkHash, nextBps, chunkPrevOutcomeRoot, true), chunk };
  }

  private block(prevHash: Uint8Array, content: HeaderContent, chunkHash: Uint8Array, nextBps: ValidatorStakeRecord[], chunkPrevOutcomeRoot: Uint8Array, signed: boolean): Block {
    const rest = innerRestBytes(content, this.genesis.protocol_version);
    const hash = headerHash(prevHash, innerLiteBytes(content), rest);
    const header: BlockHeaderRecord = {
      ...content, innerRestHash: sha256(rest), chunkPrevOutcomeRoot, nextBps,
      signature: signed && this.signer ? this.signer.sign(hash) : new Uint8Array(64),
    };
    return {
      height: content.height, hash, prevHash, timestamp: content.timestamp, chunkHash, gasPrice: content.nextGasPrice, gasBurnt: 0n,
      transactions: [], receiptIds: [], lastDsFinal: content.lastDsFinal, lastFinal: content.lastFinal, header,
    };
  }

  /** An outcome's path to its chunk's outcome root (ExecutionOutcomeWithIdAndProof.proof). */
  outcomeProof(block: Block | undefined, outcome: ExecutionOutcome): MerklePath {
    const leaves = block?.outcomeLeaves ?? [];
    const leaf = hex(outcomeLeaf(outcome));
    return merklePath(leaves, leaves.findIndex((l) => hex(l) === leaf));
  }
}
