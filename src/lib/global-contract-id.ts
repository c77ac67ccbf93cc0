// A reference to a global contract (which one the factory deploys, which one an
// instance upgrades to): the tutorial's JSON
// `{ "AccountId": "<account>" }` or `{ "CodeHash": "<base58 sha256>" }`, also
// accepting near-sdk-rs's `{ "account_id" }` / `{ "hash" }` spelling on input.
import { validateAccountId } from 'near-sdk-js';
import { base58Decode } from './base58';
import { CODE_HASH_LENGTH } from './global-contract';

export type GlobalContractId = { AccountId: string } | { CodeHash: string };

function codeHash(value: unknown): GlobalContractId {
  if (typeof value !== 'string') throw new Error('contract_id: CodeHash must be a base58 string');
  let bytes: Uint8Array;
  try {
    bytes = base58Decode(value);
  } catch {
    throw new Error(`contract_id: CodeHash "${value}" is not valid base58`);
  }
  if (bytes.length !== CODE_HASH_LENGTH) {
    throw new Error(`contract_id: CodeHash must decode to ${CODE_HASH_LENGTH} bytes, "${value}" has ${bytes.length}`);
  }
  return { CodeHash: value };
}

function accountId(value: unknown): GlobalContractId {
  if (typeof value !== 'string' || !validateAccountId(value)) {
    throw new Error(`contract_id: AccountId ${JSON.stringify(value)} is not a valid account id`);
  }
  return { AccountId: value };
}

/** Validates user input and returns the canonical form; throws a message naming the problem. */
export function parseGlobalContractId(input: unknown): GlobalContractId {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('contract_id: expected {"AccountId": "<account>"} or {"CodeHash": "<base58 hash>"}');
  }
  const keys = Object.keys(input);
  const record = input as Record<string, unknown>;
  if (keys.length !== 1) {
    throw new Error(`contract_id: give exactly one of AccountId or CodeHash, got ${keys.length === 0 ? 'neither' : keys.join(' and ')}`);
  }
  switch (keys[0]) {
    case 'AccountId':
    case 'account_id':
      return accountId(record[keys[0]]);
    case 'CodeHash':
    case 'hash':
      return codeHash(record[keys[0]]);
    default:
      throw new Error(`contract_id: unknown variant "${keys[0]}", expected AccountId or CodeHash`);
  }
}

export function codeHashBytes(id: { CodeHash: string }): Uint8Array {
  return base58Decode(id.CodeHash);
}
