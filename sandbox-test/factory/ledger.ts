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

/** A receipt of a transaction as EXPERIMENTAL_tx_status lists it: who sent it where, its refund_to, the NEAR it carries. */
export interface ReceiptMove {
  predecessor: string;
  receiver: string;
  refundTo?: string;
  /** The sum of its Transfer actions and DeterministicStateInit deposits, yoctoNEAR. */
  amount: bigint;
}

interface ReceiptJson {
  predecessor_id: string;
  receiver_id: string;
  receipt: { Action?: { refund_to?: string; actions: Array<string | Record<string, { deposit?: string }>> } };
}

/** Every action receipt the transaction produced (neard's EXPERIMENTAL_tx_status `receipts`). */
export async function receiptMoves(world: World, result: TransactionResult): Promise<ReceiptMove[]> {
  const { hash, signer_id } = result.result.transaction as { hash: string; signer_id: string };
  const res = await fetch(world.rpcUrl, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'EXPERIMENTAL_tx_status', params: { tx_hash: hash, sender_account_id: signer_id, wait_until: 'FINAL' } }),
  });
  const receipts = ((await res.json()) as { result: { receipts: ReceiptJson[] } }).result.receipts;
  return receipts.flatMap((r) => {
    const action = r.receipt.Action;
    if (!action) return [];
    const amount = action.actions.reduce((sum, a) => {
      if (typeof a === 'string') return sum;
      const body = a.Transfer ?? a.DeterministicStateInit;
      return sum + BigInt(body?.deposit ?? '0');
    }, 0n);
    return [{ predecessor: r.predecessor_id, receiver: r.receiver_id, ...(action.refund_to ? { refundTo: action.refund_to } : {}), amount }];
  });
}
