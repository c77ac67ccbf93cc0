// Public keys between their forms: the host functions' and borsh's bytes (type byte
// + key), the JSON/RPC string ("ed25519:<base58>") and the access key's id in state.
// nearcore's core/crypto/src/signature.rs: KeyType ED25519 = 0 (32 bytes), SECP256K1 = 1
// (64 bytes), MLDSA65 = 2 (1952 bytes, "ml-dsa-65", from PostQuantumSignatures, 85).
// An ML-DSA-65 access key lives in the trie under its PublicKeyHandle, tag 3 + the
// SHA3-256 of a domain tag and the key (33 bytes, "ml-dsa-65-hash:<base58>"), so its
// storage is an ed25519 key's and views list the hash, not the key.
import { sha3_256 } from '@noble/hashes/sha3';
import { base58 } from '@scure/base';
import type { PublicKeyBytes } from './types.ts';

const TYPES = ['ed25519', 'secp256k1', 'ml-dsa-65'] as const;
/** ED25519 32, SECP256K1 64, ML_DSA_65_PUBLIC_KEY_LENGTH 1952. */
const LENGTHS = [32, 64, 1952];
/** KeyType::MLDSA65. */
export const ML_DSA_65 = 2;
/** PublicKeyHandle::MlDsa65's borsh tag (signature.rs) and its string prefix (ML_DSA_65_HASH_PREFIX). */
const ML_DSA_65_HANDLE_TAG = 3;
const ML_DSA_65_HASH_PREFIX = 'ml-dsa-65-hash:';
/** hash_domain.rs HashDomainTag::MlDsa65PubkeyV1. */
const ML_DSA_65_DOMAIN_TAG = new TextEncoder().encode('near:ml-dsa-65-pubkey-hash:v1');

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

/** Whether a key is post-quantum (KeyType::is_post_quantum): gated by PostQuantumSignatures. */
export function isPostQuantum(keyType: number): boolean {
  return keyType === ML_DSA_65;
}

/** MlDsa65PublicKey::to_public_key_handle: sha3_256(domain tag ++ key). */
function mlDsa65Handle(key: PublicKeyBytes): Uint8Array {
  return sha3_256(new Uint8Array([...ML_DSA_65_DOMAIN_TAG, ...key.subarray(1)]));
}

/** The id an access key is stored and listed under (nearcore's PublicKeyHandle Display): the key's own
 *  string for ed25519 and secp256k1, "ml-dsa-65-hash:<base58 of the handle>" for ML-DSA-65. */
export function accessKeyId(key: PublicKeyBytes): string {
  return key[0] === ML_DSA_65 ? `${ML_DSA_65_HASH_PREFIX}${base58.encode(mlDsa65Handle(key))}` : publicKeyToString(key);
}

/** An access key id's trie bytes (PublicKeyHandle's borsh: tag 0 / 1 + key, tag 3 + 32-byte hash). */
export function accessKeyIdBytes(id: string): Uint8Array {
  if (id.startsWith(ML_DSA_65_HASH_PREFIX)) return new Uint8Array([ML_DSA_65_HANDLE_TAG, ...base58.decode(id.slice(ML_DSA_65_HASH_PREFIX.length))]);
  return publicKeyFromString(id);
}

/** A key string as a client sends it (full key) to the id it is stored under. */
export function accessKeyIdFromString(text: string): string {
  return accessKeyId(publicKeyFromString(text));
}

/** PublicKey::trie_id_len: the bytes a key takes in a trie key (33 for ed25519 and ML-DSA-65, 65 for secp256k1). */
export function trieIdLength(key: PublicKeyBytes): number {
  return key[0] === ML_DSA_65 ? 33 : key.length;
}
