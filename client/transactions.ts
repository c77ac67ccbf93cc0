// Signs and sends a transaction with any actions, including the global-contract
// ones that near-workspaces 5 (near-api-js 5) cannot build: @near-js/transactions 2.x.
import { KeyPair, type KeyPairString } from '@near-js/crypto-v2';
import { actionCreators, createTransaction, encodeTransaction, Signature, SignedTransaction, type Action } from '@near-js/transactions-v2';
import { baseDecode } from '@near-js/utils-v2';
import { sha256 } from '@noble/hashes/sha256';
import { rpc } from './rpc.ts';

export interface Signer {
  accountId: string;
  /** "ed25519:<base58 secret key>" */
  secretKey: string;
}

export interface ExecutionOutcome {
  status: { SuccessValue?: string; Failure?: unknown };
  transaction_outcome: { outcome: { gas_burnt: number; tokens_burnt: string } };
  receipts_outcome: Array<{ id: string; outcome: { gas_burnt: number; tokens_burnt: string; logs: string[]; status: Record<string, unknown>; executor_id: string } }>;
}

export async function sendActions(rpcUrl: string, signer: Signer, receiverId: string, actions: Action[]): Promise<ExecutionOutcome> {
  const keyPair = KeyPair.fromString(signer.secretKey as KeyPairString);
  const publicKey = keyPair.getPublicKey();
  const accessKey = await rpc<{ nonce: number }>(rpcUrl, 'query', {
    request_type: 'view_access_key', finality: 'final', account_id: signer.accountId, public_key: publicKey.toString(),
  });
  const block = await rpc<{ header: { hash: string } }>(rpcUrl, 'block', { finality: 'final' });
  const tx = createTransaction(signer.accountId, publicKey, receiverId, BigInt(accessKey.nonce) + 1n, actions, baseDecode(block.header.hash));
  const signature = keyPair.sign(sha256(encodeTransaction(tx)));
  const signed = new SignedTransaction({ transaction: tx, signature: new Signature({ keyType: publicKey.keyType, data: signature.signature }) });
  return rpc<ExecutionOutcome>(rpcUrl, 'broadcast_tx_commit', [Buffer.from(encodeTransaction(signed)).toString('base64')]);
}

/** The failure of a transaction or of any of its receipts, if there is one. */
export function failureOf(outcome: ExecutionOutcome): unknown {
  return outcome.status.Failure ?? outcome.receipts_outcome.find((r) => 'Failure' in r.outcome.status)?.outcome.status.Failure;
}

/** Total gas of a transaction and all its receipts. */
export function totalGasBurnt(outcome: ExecutionOutcome): bigint {
  return outcome.receipts_outcome.reduce((sum, r) => sum + BigInt(r.outcome.gas_burnt), BigInt(outcome.transaction_outcome.outcome.gas_burnt));
}

export { actionCreators };
