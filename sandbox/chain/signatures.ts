// nearcore's Signature::verify (core/crypto/src/signature.rs) for transactions and
// delegate actions: the signature's type must be the key's, and
// - ed25519 (0): ed25519-dalek's verify of the message;
// - secp256k1 (1): 65 bytes r ‖ s ‖ v with v a recovery id 0..=3 and r, s below the
//   curve order (RecoverableSignature::from_compact), then libsecp256k1's verify_ecdsa
//   of the 32-byte message against the uncompressed key, which refuses high-S;
// - ML-DSA-65 (2): aws-lc-rs ML_DSA_65 verify, FIPS 204 pure ML-DSA with an empty
//   context, here @noble/post-quantum's ml_dsa65 (the same algorithm; it derives nearcore's
//   known-answer key, test/signatures.test.ts).
import { ed25519 } from '@noble/curves/ed25519';
import { secp256k1 } from '@noble/curves/secp256k1';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';
import { ML_DSA_65 } from './keys.ts';
import type { PublicKeyBytes } from './types.ts';

/** Signature lengths by KeyType (ED25519 64, SECP256K1 65, ML_DSA_65_SIGNATURE_LENGTH 3309). */
export const SIGNATURE_LENGTHS = [64, 65, 3309] as const;

export function verifySignature(signatureType: number, signature: Uint8Array, message: Uint8Array, publicKey: PublicKeyBytes): boolean {
  if (signatureType !== publicKey[0]) return false;
  const key = publicKey.subarray(1);
  try {
    switch (signatureType) {
      case 0:
        return ed25519.verify(signature, message, key);
      case 1: {
        if (signature.length !== 65 || signature[64] > 3 || message.length !== 32) return false;
        // fromCompact refuses r or s outside [1, n) (libsecp256k1 parses r = 0 but never verifies it);
        // verify's default lowS refuses high-S as verify_ecdsa does.
        const compact = signature.subarray(0, 64);
        secp256k1.Signature.fromCompact(compact);
        return secp256k1.verify(compact, message, new Uint8Array([4, ...key]), { lowS: true, prehash: false, format: 'compact' });
      }
      case ML_DSA_65:
        return ml_dsa65.verify(signature, message, key);
      default:
        return false;
    }
  } catch {
    // A key that is not a curve point, or a malformed signature: Signature::verify answers false.
    return false;
  }
}
