// The project's clients on near-api-js 7: an Account that signs with a given
// key, global-contract ids in the factory's JSON spelling turned into
// near-api-js actions, and the total gas of a transaction's outcome.
import { Account, actions, baseDecode, baseEncode, JsonRpcProvider, type Action, type KeyPairString } from 'near-api-js';
import { sha256 } from '@noble/hashes/sha256';

export type Outcome = Awaited<ReturnType<Account['signAndSendTransaction']>>;

/** A global contract as the factory names it: `{ CodeHash: <base58> }` or `{ AccountId }`. */
export type GlobalContractId = { CodeHash: string } | { AccountId: string };

/** An account on the node at `rpcUrl` that signs with `secretKey` ("ed25519:..."). */
export function accountOn(rpcUrl: string, accountId: string, secretKey: string): Account {
  return new Account(accountId, new JsonRpcProvider({ url: rpcUrl }), secretKey as KeyPairString);
}

/** base58 sha256 of the code: how a global contract deployed by hash is named. */
export function codeHash(code: Uint8Array): string {
  return baseEncode(sha256(code));
}

/** near-api-js 7 reads a `codeHash` string as hex; NEAR names hashes in base58, so hand it the bytes. */
export function useGlobalContractAction(id: GlobalContractId): Action {
  return actions.useGlobalContract('CodeHash' in id ? { codeHash: baseDecode(id.CodeHash) } : { accountId: id.AccountId });
}

/** Total gas of a transaction and all its receipts. */
export function totalGasBurnt(outcome: Outcome): bigint {
  return outcome.receipts_outcome.reduce((sum, r) => sum + BigInt(r.outcome.gas_burnt), BigInt(outcome.transaction_outcome.outcome.gas_burnt));
}

/** A signer as the tests and benchmarks keep it: an account id and its "ed25519:..." secret key. */
export interface Signer {
  accountId: string;
  secretKey: string;
}

/** Signs and sends `acts` to `receiverId`, waiting for every receipt; a failed outcome is returned, not thrown. */
export function sendActions(rpcUrl: string, signer: Signer, receiverId: string, acts: Action[]): Promise<Outcome> {
  return accountOn(rpcUrl, signer.accountId, signer.secretKey).signAndSendTransaction({ receiverId, actions: acts, throwOnFailure: false, waitUntil: 'FINAL' });
}

/** The failure of a transaction or of any of its receipts, if there is one. */
export function failureOf(outcome: Outcome): unknown {
  const status = outcome.status as { Failure?: unknown };
  return status.Failure ?? outcome.receipts_outcome.map((r) => (r.outcome.status as { Failure?: unknown }).Failure).find((f) => f !== undefined);
}
