// borsh schemas of nearcore's PublicKey and Signature with ML-DSA-65 (KeyType 2, from
// PostQuantumSignatures; core/crypto/src/signature.rs: a 1952-byte key, a 3309-byte
// signature), which @near-js/transactions 2.x does not know. nearcore decodes them at
// every version (the protocol gates refuse them before 85), so the schema does too.
import type { Schema } from 'borsh';
import { SCHEMA } from '@near-js/transactions-v2';

type Variants = { enum: Array<{ struct: Record<string, Schema> }> };
const fixed = (len: number): Schema => ({ struct: { data: { array: { type: 'u8', len } } } });
const BASE_KEY = SCHEMA.PublicKey as Variants;
const BASE_SIGNATURE = SCHEMA.Signature as Variants;

export const PUBLIC_KEY: Schema = { enum: [...BASE_KEY.enum, { struct: { mlDsa65Key: fixed(1952) } }] };
export const SIGNATURE: Schema = { enum: [...BASE_SIGNATURE.enum, { struct: { mlDsa65Signature: fixed(3309) } }] };

/** `schema` with every PublicKey and Signature of @near-js's SCHEMA replaced by the ones above. */
export function withPostQuantumKeys(schema: Schema): Schema {
  if (schema === SCHEMA.PublicKey) return PUBLIC_KEY;
  if (schema === SCHEMA.Signature) return SIGNATURE;
  if (typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map(withPostQuantumKeys) as unknown as Schema;
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withPostQuantumKeys(v as Schema)])) as Schema;
}
