// neard's light-client methods (chain/jsonrpc/src/lib.rs): next_light_client_block,
// light_client_proof = EXPERIMENTAL_light_client_proof, EXPERIMENTAL_light_client_block_proof, their
// params as jsonrpc-primitives' light_client.rs parses them and their errors as its From impls send
// them: a proof error's `data` is its Display text (UnknownBlock's prefixed "DB Not Found Error: "),
// a next-block error's `data` the serialized variant.
import type { Chain } from '../chain/chain.ts';
import { LightClient, LightClientFailure, type LightClientBlock } from '../chain/light-client.ts';
import type { Block, BlockHeaderRecord } from '../chain/types.ts';
import { publicKeyToString } from '../chain/keys.ts';
import { handlerError, RpcFailure, structHandlerError, structInternalError } from './errors.ts';
import { decodeHash, field, isString, own, parseFailure, type Params } from './params.ts';
import { b58, merklePathView, outcomeView } from './views.ts';

/** BlockHeaderInnerLiteView. */
function innerLiteView(h: BlockHeaderRecord) {
  return {
    height: h.height, epoch_id: b58(h.epochId), next_epoch_id: b58(h.nextEpochId), prev_state_root: b58(h.prevStateRoot),
    outcome_root: b58(h.prevOutcomeRoot), timestamp: h.timestamp, timestamp_nanosec: h.timestamp.toString(),
    next_bp_hash: b58(h.nextBpHash), block_merkle_root: b58(h.blockMerkleRoot),
  };
}

/** LightClientBlockLiteView. */
function blockLiteView(block: Block, h: BlockHeaderRecord) {
  return { prev_block_hash: b58(block.prevHash), inner_rest_hash: b58(h.innerRestHash), inner_lite: innerLiteView(h) };
}

/** LightClientBlockView, with the next epoch's producers (ValidatorStakeView::V1). */
function lightClientBlockView(lc: LightClientBlock) {
  return {
    prev_block_hash: b58(lc.block.prevHash), next_block_inner_hash: b58(lc.nextBlockInnerHash), inner_lite: innerLiteView(lc.header),
    inner_rest_hash: b58(lc.header.innerRestHash),
    next_bps: lc.header.nextBps.map((p) => ({ validator_stake_struct_version: 'V1', account_id: p.accountId, public_key: publicKeyToString(p.publicKey), stake: p.stake.toString() })),
    approvals_after_next: lc.approvalsAfterNext.map((a) => (a ? `ed25519:${b58(a)}` : null)),
  };
}

/** RpcLightClientProofError as an RpcError (new_internal_or_handler_error). */
function proofError(failure: LightClientFailure): RpcFailure {
  const e = failure.error;
  switch (e.kind) {
    case 'UnknownBlock': return handlerError('UNKNOWN_BLOCK', `DB Not Found Error: ${e.message}`, {});
    case 'UnknownTransactionOrReceipt': return handlerError('UNKNOWN_TRANSACTION_OR_RECEIPT', `${b58(e.id)} does not exist`, { transaction_or_receipt_id: b58(e.id) });
    case 'NotConfirmed': return handlerError('NOT_CONFIRMED', `${b58(e.id)} has not been confirmed`, { transaction_or_receipt_id: b58(e.id) });
    case 'InternalError': return new RpcFailure(-32000, 'INTERNAL_ERROR', 'INTERNAL_ERROR', `Internal error: ${e.message}`, { error_message: e.message });
  }
}

/** RpcLightClientNextBlockError as an RpcError: the variant itself is the data. */
function nextBlockError(failure: LightClientFailure): RpcFailure {
  const e = failure.error;
  if (e.kind === 'UnknownBlock') return structHandlerError('UNKNOWN_BLOCK', {});
  return structInternalError(e.kind === 'InternalError' ? e.message : e.kind);
}

function mapped<T>(run: () => T, error: (f: LightClientFailure) => RpcFailure): T {
  try {
    return run();
  } catch (failure) {
    throw failure instanceof LightClientFailure ? error(failure) : failure;
  }
}

/** A struct param (serde's flatten takes no sequence). */
function structParams(params: Params): Params {
  if (params === undefined || Array.isArray(params)) throw parseFailure('invalid type: sequence, expected a map');
  return params;
}

export function lightClientMethods(chain: Chain): Array<[string, (params: Params) => unknown]> {
  const lc = new LightClient(chain, b58);

  const executionProof = (params: Params) => {
    const p = structParams(params);
    const type = own(p, 'type');
    if (type !== 'transaction' && type !== 'receipt') throw parseFailure(type === undefined ? 'missing field `type`' : `unknown variant \`${String(type)}\`, expected \`transaction\` or \`receipt\``);
    const id = type === 'transaction' ? decodeHash(field(p, 'transaction_hash', 0, isString), 'transaction_hash') : decodeHash(field(p, 'receipt_id', 0, isString), 'receipt_id');
    field(p, type === 'transaction' ? 'sender_id' : 'receiver_id', 0, isString);
    const head = decodeHash(field(p, 'light_client_head', 0, isString), 'light_client_head');
    return mapped(() => {
      const found = lc.outcome(id, type);
      const proof = lc.blockProof(found.block.hash, head);
      const view = outcomeView(found.outcome, type, found.proof);
      return {
        outcome_proof: { ...view, block_hash: b58(found.block.hash) },
        outcome_root_proof: merklePathView(found.rootProof),
        block_header_lite: blockLiteView(proof.block, proof.header),
        block_proof: merklePathView(proof.proof),
      };
    }, proofError);
  };

  return [
    ['next_light_client_block', (params) => {
      const last = decodeHash(field(params, 'last_block_hash', 0, isString), 'last_block_hash');
      return mapped(() => {
        const block = lc.next(last);
        // RpcLightClientNextBlockResponse flattens the Option: nothing to tell is `{}`.
        return block ? lightClientBlockView(block) : {};
      }, nextBlockError);
    }],
    ['light_client_proof', executionProof],
    ['EXPERIMENTAL_light_client_proof', executionProof],
    ['EXPERIMENTAL_light_client_block_proof', (params) => {
      const p = structParams(params);
      const block = decodeHash(field(p, 'block_hash', 0, isString), 'block_hash');
      const head = decodeHash(field(p, 'light_client_head', 0, isString), 'light_client_head');
      return mapped(() => {
        const proof = lc.blockProof(block, head);
        return { block_header_lite: blockLiteView(proof.block, proof.header), block_proof: merklePathView(proof.proof) };
      }, proofError);
    }],
  ];
}
