// The `public_key` argument, parsed strictly: exactly "ed25519:<base58 of 32 bytes>"
// or "secp256k1:<base58 of 64 bytes>", as nearcore writes keys. Anything else is
// refused with a message naming it, never silently trimmed.
import { near } from 'near-sdk-js';
import { base58Decode } from '../lib/base58';

/** nearcore's KeyType: the byte before the key in the host's public-key format. */
const KEY_TYPES: Record<string, { type: number; length: number }> = {
  ed25519: { type: 0, length: 32 },
  secp256k1: { type: 1, length: 64 },
};

function invalid(publicKey: string, why: string): Error {
  return new Error(`public_key: "${publicKey}" is not a valid public key (${why}); expected ed25519:<base58 of 32 bytes> or secp256k1:<base58 of 64 bytes>`);
}

/** The key in the host's format (type byte, then the key); without `public_key`, the signer's own key. */
export function publicKeyBytes(publicKey: unknown): Uint8Array {
  if (publicKey === undefined || publicKey === null) return near.signerAccountPk();
  if (typeof publicKey !== 'string') throw new Error(`public_key: expected a string such as "ed25519:<base58>", got ${JSON.stringify(publicKey)}`);
  const separator = publicKey.indexOf(':');
  if (separator < 0) throw invalid(publicKey, 'no key type prefix');
  const prefix = publicKey.slice(0, separator);
  const data = publicKey.slice(separator + 1);
  const keyType = Object.prototype.hasOwnProperty.call(KEY_TYPES, prefix) ? KEY_TYPES[prefix] : undefined;
  if (!keyType) throw invalid(publicKey, `unknown key type "${prefix}"`);
  let key: Uint8Array;
  try {
    key = base58Decode(data);
  } catch (error) {
    throw invalid(publicKey, (error as Error).message);
  }
  if (key.length !== keyType.length) throw invalid(publicKey, `${prefix} key of ${key.length} bytes`);
  const bytes = new Uint8Array(1 + key.length);
  bytes[0] = keyType.type;
  bytes.set(key, 1);
  return bytes;
}
