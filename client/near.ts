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
