// What a block holds, looked up from the chain's records: its transactions and
// the receipts it executed, each with its outcome. Blocks keep only ids.
import type { Chain } from '../chain/chain.ts';
import type { Block, ExecutionOutcome, Receipt, TransactionRecord } from '../chain/types.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export interface ExecutedReceipt { receipt: Receipt; outcome?: ExecutionOutcome; tx: TransactionRecord }

export function transactionsIn(chain: Chain, block: Block): TransactionRecord[] {
  return block.transactions.map((h) => chain.transaction(h)).filter((t): t is TransactionRecord => t !== undefined);
}

/** The receipts a block's chunk received, with the local ones it also ran when `withLocal` (data receipts have no outcome of their own). */
export function receiptsIn(chain: Chain, block: Block, withLocal = false): ExecutedReceipt[] {
  const found: ExecutedReceipt[] = [];
  for (const id of withLocal ? [...(block.localReceiptIds ?? []), ...block.receiptIds] : block.receiptIds) {
    const origin = chain.receiptOrigins.get(hex(id));
    const tx = origin === undefined ? undefined : chain.transactions.get(origin);
    const receipt = tx?.receipts.find((r) => hex(r.id) === hex(id));
    if (tx && receipt) found.push({ receipt, outcome: tx.receiptOutcomes.find((o) => hex(o.id) === hex(id)), tx });
  }
  return found;
}

/** A receipt by id, from the transaction that caused it. */
export function receiptById(chain: Chain, id: Uint8Array): Receipt | undefined {
  const origin = chain.receiptOrigins.get(hex(id));
  return origin === undefined ? undefined : chain.transactions.get(origin)?.receipts.find((r) => hex(r.id) === hex(id));
}

/** Tokens the block's outcomes burnt, less what went back to contracts as burnt-gas reward:
 *  the chunk's balance_burnt (nearcore counts the reward out of tx_burnt_amount, runtime lib.rs). */
export function balanceBurnt(chain: Chain, block: Block): bigint {
  let total = 0n;
  for (const tx of transactionsIn(chain, block)) total += tx.outcome.tokensBurnt;
  for (const { outcome } of receiptsIn(chain, block, true)) if (outcome) total += outcome.tokensBurnt - (outcome.contractReward ?? 0n);
  return total;
}
