// borsh schemas of nearcore's PublicKey and Signature with ML-DSA-65 (KeyType 2, from
// PostQuantumSignatures; core/crypto/src/signature.rs: a 1952-byte key, a 3309-byte
// signature), and of AccessKeyPermission with the gas-key variants (GasKeys;
// core/primitives-core/src/account.rs: GasKeyFunctionCall(GasKeyInfo, FunctionCallPermission) = 2,
// GasKeyFullAccess(GasKeyInfo) = 3, GasKeyInfo { balance: u128, num_nonces: u16 }), which
// @near-js/transactions 2.x does not know. nearcore decodes them at every version (the
// protocol gates refuse them before 85), so the schema does too.
import type { Schema } from 'borsh';
import { SCHEMA } from '@near-js/transactions-v2';

type Variants = { enum: Array<{ struct: Record<string, Schema> }> };
const fixed = (len: number): Schema => ({ struct: { data: { array: { type: 'u8', len } } } });
const BASE_KEY = SCHEMA.PublicKey as Variants;
const BASE_SIGNATURE = SCHEMA.Signature as Variants;

export const PUBLIC_KEY: Schema = { enum: [...BASE_KEY.enum, { struct: { mlDsa65Key: fixed(1952) } }] };
export const SIGNATURE: Schema = { enum: [...BASE_SIGNATURE.enum, { struct: { mlDsa65Signature: fixed(3309) } }] };
const GAS_KEY_INFO: Schema = { struct: { balance: 'u128', numNonces: 'u16' } };
const BASE_PERMISSION = SCHEMA.AccessKeyPermission as Variants;
export const ACCESS_KEY_PERMISSION: Schema = {
  enum: [
    ...BASE_PERMISSION.enum,
    { struct: { gasKeyFunctionCall: { struct: { info: GAS_KEY_INFO, permission: SCHEMA.FunctionCallPermission } } } },
    { struct: { gasKeyFullAccess: GAS_KEY_INFO } },
  ],
};
/** Action 12 TransferToGasKey { public_key, deposit } and 13 WithdrawFromGasKey { public_key, amount }. */
export const GAS_KEY_ACTIONS: Array<{ struct: Record<string, Schema> }> = [
  { struct: { transferToGasKey: { struct: { publicKey: PUBLIC_KEY, deposit: 'u128' } } } },
  { struct: { withdrawFromGasKey: { struct: { publicKey: PUBLIC_KEY, amount: 'u128' } } } },
];

/** `schema` with every PublicKey, Signature and AccessKeyPermission of @near-js's SCHEMA replaced by the ones above. */
export function withNearcoreTypes(schema: Schema): Schema {
  if (schema === SCHEMA.PublicKey) return PUBLIC_KEY;
  if (schema === SCHEMA.Signature) return SIGNATURE;
  if (schema === SCHEMA.AccessKeyPermission) return ACCESS_KEY_PERMISSION;
  if (typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map(withNearcoreTypes) as unknown as Schema;
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withNearcoreTypes(v as Schema)])) as Schema;
}
