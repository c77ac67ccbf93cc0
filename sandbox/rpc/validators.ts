// `validators` and `EXPERIMENTAL_validators_ordered`: the one validator of the
// local chain, in neard's EpochValidatorInfo / ValidatorStakeView shapes, with
// its stake read from state (near-api-js's seat-price queries read these).
import type { Chain } from '../chain/chain.ts';
import type { Block } from '../chain/types.ts';
import { unitHandlerError } from './errors.ts';
import { own, parseBlockId, parseFailure, type Params } from './params.ts';
import { epochIdOf } from './views.ts';

export function createValidatorMethods(chain: Chain, blockById: (id: ReturnType<typeof parseBlockId>) => Block | undefined) {
  const epochLength = BigInt(chain.genesis.epoch_length);
  const epochStart = (block: Block) => block.height - (block.height % epochLength);

  /** `[null]`, `null`, `{ "latest": null }`, `[block_id]`, `{ "block_id": ... }` or `{ "epoch_id": ... }` -> a block of that epoch. */
  function epochBlock(params: Params): Block {
    // validator.rs From<RpcValidatorError>: `data` "Unknown Epoch" (not the Display text); a unit variant, so no `info`.
    const unknownEpoch = () => unitHandlerError('UNKNOWN_EPOCH', 'Unknown Epoch');
    let blockId: unknown = Array.isArray(params) ? params[0] : own(params, 'block_id');
    const epochId = own(params, 'epoch_id');
    if (epochId !== undefined && epochId !== null) {
      if (typeof epochId !== 'string') throw parseFailure('invalid type for field `epoch_id`');
      const block = [...chain.blocksByHeight.values()].find((b) => epochIdOf(chain, b) === epochId);
      if (!block) throw unknownEpoch();
      return block;
    }
    if (Array.isArray(params) && params.length > 1) throw parseFailure('expected [block_id] or [null]');
    if (blockId === undefined || blockId === null) return chain.latest;
    const block = blockById(parseBlockId(blockId));
    if (!block) throw unknownEpoch();
    return block;
  }

  return {
    validators(params: Params) {
      const block = epochBlock(params);
      const produced = block.height - BigInt(chain.genesis.genesis_height);
      return {
        current_validators: chain.genesis.validators.map((v) => ({
          account_id: v.account_id, public_key: v.public_key, is_slashed: false, stake: chain.validatorStake(v).toString(), shards: [0n],
          num_produced_blocks: produced, num_expected_blocks: produced, num_produced_chunks: produced, num_expected_chunks: produced,
          num_produced_chunks_per_shard: [produced], num_expected_chunks_per_shard: [produced],
          num_produced_endorsements: 0n, num_expected_endorsements: 0n, num_produced_endorsements_per_shard: [0n], num_expected_endorsements_per_shard: [0n],
          shards_endorsed: [],
        })),
        next_validators: chain.genesis.validators.map((v) => ({ account_id: v.account_id, public_key: v.public_key, stake: chain.validatorStake(v).toString(), shards: [0n] })),
        current_fisherman: [], next_fisherman: [], current_proposals: [], prev_epoch_kickout: [],
        epoch_start_height: epochStart(block), epoch_height: block.height / epochLength + 1n,
      };
    },
    EXPERIMENTAL_validators_ordered(params: Params) {
      epochBlock(params);
      return chain.genesis.validators.map((v) => ({ account_id: v.account_id, public_key: v.public_key, stake: chain.validatorStake(v).toString(), validator_stake_struct_version: 'V1' }));
    },
  };
}
