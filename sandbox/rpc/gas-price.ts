// gas_price as neard answers it (chain/jsonrpc/src/api/gas_price.rs): params are
// RpcGasPriceRequest { block_id: MaybeBlockId }, which serde reads from `[block_id]`
// (exactly one element, `null` for the latest block) or `{ block_id }` (missing or
// null: the latest block). The answer is the block header's `next_gas_price`; here the
// gas price never moves, so it is the block's own.
import type { Chain } from '../chain/chain.ts';
import type { Block } from '../chain/types.ts';
import { handlerError } from './errors.ts';
import { own, parseBlockId, parseFailure, type Params } from './params.ts';
import { b58 } from './views.ts';

export function gasPrice(chain: Chain, params: Params): { gas_price: string } {
  if (params === undefined) throw parseFailure('invalid type: null, expected struct RpcGasPriceRequest');
  let blockId: unknown;
  if (Array.isArray(params)) {
    if (params.length !== 1) throw parseFailure(`invalid length ${params.length}, expected struct RpcGasPriceRequest with 1 element`);
    blockId = params[0];
  } else {
    blockId = own(params, 'block_id');
  }
  let block: Block | undefined = chain.latest;
  if (blockId !== undefined && blockId !== null) {
    const id = parseBlockId(blockId);
    block = 'height' in id ? chain.blocksByHeight.get(id.height) : chain.blocksByHash.get(Buffer.from(id.hash).toString('hex'));
    // RpcGasPriceError::UnknownBlock: "DB Not Found Error: {DBNotFoundErr text} \n Cause: Unknown";
    // view_client_actor.rs maybe_block_id_to_block_header reads the header (chain_store.rs texts).
    if (!block) throw handlerError('UNKNOWN_BLOCK', `DB Not Found Error: ${'height' in id ? `BLOCK HEIGHT: ${id.height}` : `BLOCK HEADER: ${b58(id.hash)}`} \n Cause: Unknown`);
  }
  return { gas_price: block.gasPrice.toString() };
}
