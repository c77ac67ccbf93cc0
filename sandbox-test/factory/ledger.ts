// Reading who paid what from a transaction's outcomes, for the factory tests'
// balance checks: the burnt-gas reward nearcore pays an account for the receipts
// it executed, computed from their outcomes, and which receipts moved NEAR where.
import type { TransactionResult } from 'near-workspaces';
import { resolveParameters } from '../../sandbox/params/resolve.ts';
import { balanceOf, type World } from '../support/world.ts';

async function rpc<T>(world: { rpcUrl: string }, method: string, params: unknown): Promise<T> {
  const res = await fetch(world.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { result?: T; error?: unknown };
  if (body.result === undefined) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

type ReceiptOutcome = TransactionResult['result']['receipts_outcome'][number];

/** The gas a receipt's function calls burnt in the VM (nearcore's gas_burnt_for_function_call), read from its
 *  gas profile: the VM's host and action costs and WASM_INSTRUCTION, which is the rest of what the VM burnt. */
export function functionCallGasOf(outcome: ReceiptOutcome): bigint {
  // neard's JSON has it; near-workspaces's type leaves it out.
  const { metadata } = outcome.outcome as unknown as { metadata?: { gas_profile?: Array<{ gas_used: string }> | null } };
  return (metadata?.gas_profile ?? []).reduce((sum, e) => sum + BigInt(e.gas_used), 0n);
}

/**
 * The same, from the outcome's gas_burnt less the execution fees the runtime burns besides (lib.rs
 * apply_action_receipt: action_receipt_creation's, config.rs exec_fee of each action) for receipts of
 * FunctionCall actions only, the factory's: function_call + function_call_per_byte × (method + args bytes).
 */
export async function functionCallGasByFees(world: { rpcUrl: string }, result: TransactionResult, outcome: ReceiptOutcome): Promise<bigint> {
  const receipt = (await txReceipts(world, result)).find((r) => r.receipt_id === outcome.id);
  const actions = receipt?.receipt.Action?.actions ?? [];
  const p = resolveParameters(await protocolVersion(world));
  let fees = p.action_receipt_creation.execution;
  for (const action of actions) {
    const call = typeof action === 'string' ? undefined : action.FunctionCall;
    if (!call) throw new Error(`receipt ${outcome.id} has a ${JSON.stringify(action)} action: only FunctionCall receipts are supported`);
    const bytes = BigInt(Buffer.byteLength(call.method_name ?? '') + Buffer.from(call.args ?? '', 'base64').length);
    fees += p.action_function_call.execution + p.action_function_call_per_byte.execution * bytes;
  }
  return BigInt(outcome.outcome.gas_burnt) - fees;
}

async function protocolVersion(world: { rpcUrl: string }): Promise<number> {
  return (await rpc<{ protocol_version: number }>(world, 'status', [])).protocol_version;
}

/**
 * nearcore's burnt-gas reward to `accountId` for the receipts it executed in these transactions
 * (runtime/runtime/src/lib.rs apply_action_receipt): per receipt ⌊gas_burnt_for_function_call ×
 * burnt_gas_reward⌋ × the gas price, which from protocol 85 (AccountCostIncrease) is the burn price,
 * the gas price of the receipt's block, and before it the receipt's own (purchase) gas price.
 */
export async function rewardOf(world: { rpcUrl: string }, accountId: string, ...results: TransactionResult[]): Promise<bigint> {
  const version = await protocolVersion(world);
  const { numerator, denominator } = resolveParameters(version).burnt_gas_reward;
  let reward = 0n;
  for (const result of results) {
    const receipts = await txReceipts(world, result);
    for (const outcome of result.result.receipts_outcome.filter((o) => o.outcome.executor_id === accountId)) {
      const gas = functionCallGasOf(outcome);
      if (gas === 0n) continue;
      const blockHash = (outcome as unknown as { block_hash: string }).block_hash;
      const price = version >= 85
        ? BigInt((await rpc<{ gas_price: string }>(world, 'gas_price', [blockHash])).gas_price)
        : BigInt(receipts.find((r) => r.receipt_id === outcome.id)?.receipt.Action?.gas_price ?? '0');
      reward += ((gas * numerator) / denominator) * price;
    }
  }
  return reward;
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

interface ActionJson { deposit?: string; method_name?: string; args?: string }
interface ReceiptJson {
  receipt_id: string;
  predecessor_id: string;
  receiver_id: string;
  receipt: { Action?: { refund_to?: string; gas_price?: string; actions: Array<string | Record<string, ActionJson>> } };
}

/** Every receipt the transaction produced (neard's EXPERIMENTAL_tx_status `receipts`). */
async function txReceipts(world: { rpcUrl: string }, result: TransactionResult): Promise<ReceiptJson[]> {
  const { hash, signer_id } = result.result.transaction as { hash: string; signer_id: string };
  return (await rpc<{ receipts: ReceiptJson[] }>(world, 'EXPERIMENTAL_tx_status', { tx_hash: hash, sender_account_id: signer_id, wait_until: 'FINAL' })).receipts;
}

/** Every action receipt the transaction produced, with the NEAR it moves. */
export async function receiptMoves(world: World, result: TransactionResult): Promise<ReceiptMove[]> {
  const receipts = await txReceipts(world, result);
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
