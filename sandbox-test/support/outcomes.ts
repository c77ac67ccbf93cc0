// Reading a transaction's whole outcome (the transaction and every receipt).
import type { TransactionResult } from 'near-workspaces';

export function tokensBurnt(result: TransactionResult): bigint {
  const outcomes = [result.result.transaction_outcome, ...result.result.receipts_outcome];
  return outcomes.reduce((sum, o) => sum + BigInt(o.outcome.tokens_burnt), 0n);
}

export function gasBurnt(result: TransactionResult): bigint {
  const outcomes = [result.result.transaction_outcome, ...result.result.receipts_outcome];
  return outcomes.reduce((sum, o) => sum + BigInt(o.outcome.gas_burnt), 0n);
}

export const TGAS = 10n ** 12n;
