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

/**
 * The prices of the node's protocol (nearcore config.rs calculate_tx_cost): gas is burnt at
 * the gas price and receipts buy theirs at max(gas price, min_gas_purchase_price) (NEP-642, 85).
 */
export async function gasPrices(rpcUrl: string): Promise<{ burn: bigint; purchase: bigint }> {
  const call = async (method: string, params: unknown) => {
    const res = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
    return ((await res.json()) as { result: Record<string, unknown> }).result;
  };
  const burn = BigInt((await call('gas_price', [null])).gas_price as string);
  const config = await call('EXPERIMENTAL_protocol_config', { finality: 'final' });
  const min = BigInt((config.runtime_config as { min_gas_purchase_price?: string }).min_gas_purchase_price ?? '0');
  return { burn, purchase: burn > min ? burn : min };
}
