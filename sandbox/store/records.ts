// How records are laid out in the store. Structured records (accounts, keys,
// blocks, transactions) are V8-serialized, which keeps bigint and Uint8Array
// as they are; code is stored as raw bytes.
import v8 from 'node:v8';
import { sha256 } from '@noble/hashes/sha256';

export const encode = (value: unknown): Buffer => v8.serialize(value);
export const decode = <T>(bytes: Uint8Array): T => v8.deserialize(bytes) as T;
/** A Buffer over the same memory, as the store's binary encoding takes. */
export const bytes = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** Store keys of one account's records (access keys, contract data): its id, a NUL byte (which no
 *  account id contains) and the record's own key, so that one account's records are one key range. */
export const accountKey = (accountId: string, key: string): Buffer => Buffer.from(`${accountId}\u0000${key}`);
export const accountRange = (accountId: string) => ({ start: Buffer.from(`${accountId}\u0000`), end: Buffer.from(`${accountId}\u0001`) });
export function splitAccountKey(key: Uint8Array): [accountId: string, key: string] {
  const text = Buffer.from(key).toString();
  const i = text.indexOf('\u0000');
  return [text.slice(0, i), text.slice(i + 1)];
}

// LMDB keys stop at 1,978 bytes (lmdb-js) but a contract data key may be 2,048
// (nearcore's max_length_storage_key), so long keys are stored under their hash;
// the value carries the real key either way.
const MAX_HEX_KEY = 1800;
export function dataKey(accountId: string, hexKey: string): Buffer {
  return accountKey(accountId, hexKey.length <= MAX_HEX_KEY ? hexKey : `#${Buffer.from(sha256(Buffer.from(hexKey, 'hex'))).toString('hex')}`);
}
