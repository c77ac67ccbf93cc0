// Reading who paid what from a transaction's outcomes, for the factory tests'
// balance checks: gas burnt by the receipts one account executed, and the most
// that account can have earned from it (nearcore gives a contract
// burnt_gas_reward = 3/10 of the gas its code burnt, never more than the receipt burnt).
import type { TransactionResult } from 'near-workspaces';
import { BURNT_GAS_REWARD } from '../../sandbox/params/runtime-config.ts';
import { balanceOf, type World } from '../support/world.ts';

export function tokensBurntBy(result: TransactionResult, executorId: string): bigint {
  return result.result.receipts_outcome
    .filter((o) => o.outcome.executor_id === executorId)
    .reduce((sum, o) => sum + BigInt(o.outcome.tokens_burnt), 0n);
}

/** An upper bound of the burnt-gas reward `accountId` earned in these transactions. */
export function maxRewardOf(accountId: string, ...results: TransactionResult[]): bigint {
  const burnt = results.reduce((sum, r) => sum + tokensBurntBy(r, accountId), 0n);
  return (burnt * BURNT_GAS_REWARD.numerator) / BURNT_GAS_REWARD.denominator;
}

/** Balances of several accounts at once (0 for an account that does not exist). */
export async function balances(world: World, ...accountIds: string[]): Promise<bigint[]> {
  return Promise.all(accountIds.map(async (id) => (await balanceOf(world, id)) ?? 0n));
}

/** The hash of the block in which `accountId` executed the receipt whose logs include `logPart`. */
export function blockHashOfLog(result: TransactionResult, accountId: string, logPart: string): string {
  const outcome = result.result.receipts_outcome.find((o) => o.outcome.executor_id === accountId && o.outcome.logs.some((l) => l.includes(logPart)));
  if (!outcome) throw new Error(`no receipt of ${accountId} logged "${logPart}"`);
  // neard's JSON has it; near-api-js's type leaves it out.
  return (outcome as unknown as { block_hash: string }).block_hash;
}
