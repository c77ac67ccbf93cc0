// Public keys between their three forms: the host functions' bytes (type byte
// + key), the JSON/RPC string ("ed25519:<base58>") and hashing for receipts.
import { base58 } from '@scure/base';
import type { PublicKeyBytes } from './types.ts';

const TYPES = ['ed25519', 'secp256k1'] as const;
const LENGTHS = [32, 64];

export function publicKeyToString(key: PublicKeyBytes): string {
  return `${TYPES[key[0]]}:${base58.encode(key.subarray(1))}`;
}

/** Parses "ed25519:<base58>" (a bare base58 key means ed25519, as nearcore accepts). */
export function publicKeyFromString(text: string): PublicKeyBytes {
  const [prefix, data] = text.includes(':') ? text.split(':', 2) : ['ed25519', text];
  const type = TYPES.indexOf(prefix as (typeof TYPES)[number]);
  if (type < 0) throw new Error(`unknown key type "${prefix}"`);
  const bytes = base58.decode(data);
  if (bytes.length !== LENGTHS[type]) throw new Error(`a ${prefix} public key has ${LENGTHS[type]} bytes, got ${bytes.length}`);
  return new Uint8Array([type, ...bytes]);
}

/** borsh length of a PublicKey, for storage accounting. */
export function publicKeyBorshLength(key: PublicKeyBytes): bigint {
  return BigInt(key.length);
}
