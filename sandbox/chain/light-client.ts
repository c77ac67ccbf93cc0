// nearcore's light-client views over the chain's headers: the light client block of a final block
// (chain.rs create_light_client_block, lightclient.rs create_light_client_block_view), the next one
// for a client (view_client_actor.rs GetNextLightClientBlock), an outcome's proof
// (GetExecutionOutcome) and a block's proof in a later block's merkle tree (GetBlockProof).
// Errors are nearcore's error variants; the RPC words them (rpc/light-client.ts).
import { merklePath, type MerklePath } from './merkle.ts';
import { innerHash, innerLiteBytes, innerRestBytes } from './block-header.ts';
import type { Chain } from './chain.ts';
import type { Block, BlockHeaderRecord, ExecutionOutcome, TransactionRecord } from './types.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** GetExecutionOutcomeError / GetBlockProofError / GetNextLightClientBlockError, as far as one shard can raise them. */
export type LightClientError =
  | { kind: 'UnknownBlock'; message: string }
  | { kind: 'UnknownTransactionOrReceipt'; id: Uint8Array }
  | { kind: 'NotConfirmed'; id: Uint8Array }
  | { kind: 'InternalError'; message: string };

export class LightClientFailure extends Error {
  constructor(readonly error: LightClientError) {
    super(error.kind);
  }
}

const fail = (error: LightClientError): never => { throw new LightClientFailure(error); };

/** A block with nearcore's header, or UnknownBlock as the store's get_block_header words it. */
function headerOf(block: Block | undefined, name: (b: Uint8Array) => string, hash: Uint8Array): { block: Block; header: BlockHeaderRecord } {
  if (!block?.header) return fail({ kind: 'UnknownBlock', message: `BLOCK HEADER: ${name(hash)}` });
  return { block, header: block.header };
}

export interface LightClientBlock {
  block: Block;
  header: BlockHeaderRecord;
  nextBlockInnerHash: Uint8Array;
  approvalsAfterNext: Array<Uint8Array | null>;
}

export class LightClient {
  constructor(private readonly chain: Chain, private readonly name: (b: Uint8Array) => string) {}

  private byHash(hash: Uint8Array) {
    return headerOf(this.chain.blocksByHash.get(hex(hash)), this.name, hash);
  }

  private byHeight(height: bigint) {
    const block = this.chain.blocksByHeight.get(height);
    if (!block?.header) return fail({ kind: 'UnknownBlock', message: `BLOCK HEIGHT: ${height}` });
    return { block, header: block.header };
  }

  private nextOf(block: Block) {
    const next = this.chain.headers.next(block);
    if (!next?.header) return fail({ kind: 'UnknownBlock', message: `NEXT BLOCK HASH: ${this.name(block.hash)}` });
    return { block: next, header: next.header };
  }

  /** create_light_client_block_view for `block`: its header, the next block's inner hash and the approvals
   *  of the block after that (which endorse the next block). */
  view(block: Block): LightClientBlock {
    const { header } = this.byHash(block.hash);
    const next = this.nextOf(block);
    const afterNext = this.nextOf(next.block);
    return {
      block, header,
      nextBlockInnerHash: innerHash(innerLiteBytes(next.header), innerRestBytes(next.header, this.chain.genesis.protocol_version)),
      approvalsAfterNext: afterNext.header.approvals,
    };
  }

  /** Chain::create_light_client_block: the light client block of `of`'s last final block, moved back
   *  to a block whose two successors are in its epoch. */
  finalBlockOf(of: Block): LightClientBlock {
    const { header } = this.byHash(of.hash);
    let final = this.byHash(header.lastFinal);
    const twoAhead = this.byHeight(final.block.height + 2n);
    if (hex(twoAhead.header.epochId) !== hex(final.header.epochId)) {
      const oneAhead = this.byHeight(final.block.height + 1n);
      final = this.byHash(hex(oneAhead.header.epochId) !== hex(final.header.epochId) ? final.header.lastFinal : oneAhead.header.lastFinal);
    }
    return this.view(final.block);
  }

  /** GetNextLightClientBlock: within the head's epoch or the one before, the head's final block's
   *  (none if not above `lastBlockHash`); from older epochs, the block saved when the epoch after the
   *  client's ended (chain_update.rs: at the first block of an epoch, the light client block of the
   *  previous block, keyed by the previous block's epoch id). */
  next(lastBlockHash: Uint8Array): LightClientBlock | undefined {
    const last = this.byHash(lastBlockHash);
    const head = this.chain.latest;
    const headEpoch = head.header ? hex(head.header.epochId) : '';
    if (hex(last.header.epochId) === headEpoch || hex(last.header.nextEpochId) === headEpoch) {
      const block = this.finalBlockOf(head);
      return block.block.height <= last.block.height ? undefined : block;
    }
    return this.epochBlock(last.header.nextEpochId);
  }

  /** save_epoch_light_client_block's block for the epoch `epochId`: made from the last block of that
   *  epoch once the next epoch has begun; none if the epoch has not ended. */
  private epochBlock(epochId: Uint8Array): LightClientBlock | undefined {
    const wanted = hex(epochId);
    for (let block: Block | undefined = this.chain.latest; block?.header; block = this.chain.blocksByHash.get(hex(block.prevHash))) {
      const prev = this.chain.blocksByHash.get(hex(block.prevHash));
      if (!prev?.header || prev.header.blockOrdinal === 1n) return undefined;
      if (hex(prev.header.epochId) === wanted && hex(block.header.epochId) !== wanted) {
        return hex(prev.header.lastFinal) === hex(new Uint8Array(32)) ? undefined : this.finalBlockOf(prev);
      }
    }
    return undefined;
  }

  /** GetExecutionOutcome: the outcome with its proof in its chunk, and the block that carries that
   *  chunk's outcome root (the next one: every block has the one chunk) with the root's proof. */
  outcome(id: Uint8Array, kind: 'transaction' | 'receipt'): { outcome: ExecutionOutcome; proof: MerklePath; block: Block; rootProof: MerklePath } {
    const outcome = kind === 'transaction' ? this.chain.transactions.get(hex(id))?.outcome : this.receiptOutcome(id);
    if (!outcome) return fail({ kind: 'UnknownTransactionOrReceipt', id });
    const executed = this.chain.blocksByHash.get(hex(outcome.blockHash));
    const carrying = executed ? this.chain.headers.next(executed) : undefined;
    if (!executed || !carrying?.header) return fail({ kind: 'NotConfirmed', id });
    // merklize over the one shard's prev_outcome_root: a single leaf, an empty path.
    return { outcome, proof: this.chain.headers.outcomeProof(executed, outcome), block: carrying, rootProof: merklePath([carrying.header.chunkPrevOutcomeRoot], 0) };
  }

  private receiptOutcome(id: Uint8Array): ExecutionOutcome | undefined {
    const origin = this.chain.receiptOrigins.get(hex(id));
    const record: TransactionRecord | undefined = origin === undefined ? undefined : this.chain.transactions.get(origin);
    return record?.receiptOutcomes.find((o) => hex(o.id) === hex(id));
  }

  /** GetBlockProof: both blocks final (check_blocks_final_and_canonical), then the path of `blockHash`
   *  in the tree whose root is the head's block_merkle_root. */
  blockProof(blockHash: Uint8Array, headHash: Uint8Array): { block: Block; header: BlockHeaderRecord; proof: MerklePath } {
    const target = this.byHash(blockHash);
    const head = this.byHash(headHash);
    const finalHeight = this.chain.blockAt('final').height;
    for (const b of [target, head]) {
      if (b.block.height > finalHeight) fail({ kind: 'InternalError', message: `${this.name(b.block.hash)} not on current chain` });
    }
    const leaf = this.chain.headers.leafIndex(target.block)!;
    const size = this.chain.headers.leafIndex(head.block)!;
    if (leaf >= size && hex(blockHash) !== hex(headHash)) fail({ kind: 'InternalError', message: `block ${this.name(blockHash)} is ahead of head block ${this.name(headHash)}` });
    return { ...target, proof: this.chain.headers.tree.proof(leaf, size) };
  }
}
