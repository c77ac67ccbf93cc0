// Signed transactions written byte by byte from nearcore's borsh layout (core/primitives/src/
// transaction.rs, action/mod.rs, core/primitives-core/src/account.rs), for what near-api-js 7.3
// cannot build: Transaction::V1 (nonce enum, nonce mode), gas-key permissions and actions.
// Independent of the node's own schema, so a test checks the node against nearcore's layout.
import { sha256 } from '@noble/hashes/sha256';
import { base58 } from '@scure/base';
import type { KeyPair } from 'near-api-js';

export const u8 = (n: number) => new Uint8Array([n]);
/** Little-endian unsigned integer of `bytes` bytes. */
export const uint = (n: bigint, bytes: number) => { const out = new Uint8Array(bytes); for (let i = 0; i < bytes; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn); return out; };
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
export const str = (s: string) => { const b = new TextEncoder().encode(s); return concat(uint(BigInt(b.length), 4), b); };
/** borsh PublicKey: KeyType byte + key bytes. */
export const publicKey = (key: KeyPair) => concat(u8(key.getPublicKey().keyType), key.getPublicKey().data);

/** Action::FunctionCall (2), Transfer (3), AddKey (5), TransferToGasKey (12), WithdrawFromGasKey (13). */
export const callAction = (method: string, args: Uint8Array, gas: bigint, deposit = 0n) => concat(u8(2), str(method), uint(BigInt(args.length), 4), args, uint(gas, 8), uint(deposit, 16));
export const transferAction = (deposit: bigint) => concat(u8(3), uint(deposit, 16));
/** GasKeyInfo { balance: u128, num_nonces: u16 }. */
const gasKeyInfo = (numNonces: number, balance: bigint) => concat(uint(balance, 16), uint(BigInt(numNonces), 2));
/** AddKey with AccessKey { nonce: 0, permission: GasKeyFullAccess (3) }. */
export const addGasKeyAction = (key: KeyPair, numNonces: number, balance = 0n) => concat(u8(5), publicKey(key), uint(0n, 8), u8(3), gasKeyInfo(numNonces, balance));
/** AddKey with GasKeyFunctionCall (2): GasKeyInfo then FunctionCallPermission { allowance: Option<u128>, receiver_id, method_names }. */
export function addGasKeyFunctionCallAction(key: KeyPair, numNonces: number, receiverId: string, methods: string[], allowance?: bigint): Uint8Array {
  const option = allowance === undefined ? u8(0) : concat(u8(1), uint(allowance, 16));
  return concat(u8(5), publicKey(key), uint(0n, 8), u8(2), gasKeyInfo(numNonces, 0n), option, str(receiverId), uint(BigInt(methods.length), 4), ...methods.map(str));
}
export const transferToGasKeyAction = (key: KeyPair, deposit: bigint) => concat(u8(12), publicKey(key), uint(deposit, 16));
export const withdrawFromGasKeyAction = (key: KeyPair, amount: bigint) => concat(u8(13), publicKey(key), uint(amount, 16));

export type Nonce = { nonce: bigint } | { nonce: bigint; nonceIndex: number };
export interface TxFields { signerId: string; key: KeyPair; receiverId: string; blockHash: string; actions: Uint8Array[] }

function signed(body: Uint8Array, key: KeyPair): Uint8Array {
  return concat(body, u8(key.getPublicKey().keyType), key.sign(sha256(body)).signature);
}

/** SignedTransaction with Transaction::V0: no tag, a plain u64 nonce. */
export function signedV0(tx: TxFields & { nonce: bigint }): Uint8Array {
  return signed(concat(str(tx.signerId), publicKey(tx.key), uint(tx.nonce, 8), str(tx.receiverId), base58.decode(tx.blockHash),
    uint(BigInt(tx.actions.length), 4), ...tx.actions), tx.key);
}

/** SignedTransaction with Transaction::V1: tag 1, TransactionNonce { Nonce (0), GasKeyNonce (1) { nonce, nonce_index: u16 } },
 *  then NonceMode { Monotonic (0), Strict (1) } after the actions. */
export function signedV1(tx: TxFields & { nonce: Nonce; mode?: 'Monotonic' | 'Strict' }): Uint8Array {
  const nonce = 'nonceIndex' in tx.nonce ? concat(u8(1), uint(tx.nonce.nonce, 8), uint(BigInt(tx.nonce.nonceIndex), 2)) : concat(u8(0), uint(tx.nonce.nonce, 8));
  return signed(concat(u8(1), str(tx.signerId), publicKey(tx.key), nonce, str(tx.receiverId), base58.decode(tx.blockHash),
    uint(BigInt(tx.actions.length), 4), ...tx.actions, u8(tx.mode === 'Strict' ? 1 : 0)), tx.key);
}

/** TransactionNonce: Nonce (0) { nonce } or GasKeyNonce (1) { nonce, nonce_index: u16 }. */
export const transactionNonce = (n: Nonce) => ('nonceIndex' in n ? concat(u8(1), uint(n.nonce, 8), uint(BigInt(n.nonceIndex), 2)) : concat(u8(0), uint(n.nonce, 8)));

/** Action::DelegateV2 (14): VersionedSignedDelegateAction { VersionedDelegateActionPayload::V2 (0) (DelegateActionV2
 *  { sender_id, receiver_id, actions, nonce: TransactionNonce, max_block_height, public_key }), signature }, signed
 *  over sha256(borsh(u32 2^30 + 611) ++ borsh(payload)) (signable_message.rs, NEP-611). */
export function delegateV2Action(d: { senderId: string; receiverId: string; actions: Uint8Array[]; nonce: Nonce; maxBlockHeight: bigint; key: KeyPair; signer?: KeyPair }): Uint8Array {
  const payload = concat(u8(0), str(d.senderId), str(d.receiverId), uint(BigInt(d.actions.length), 4), ...d.actions, transactionNonce(d.nonce), uint(d.maxBlockHeight, 8), publicKey(d.key));
  const signer = d.signer ?? d.key;
  return concat(u8(14), payload, u8(signer.getPublicKey().keyType), signer.sign(sha256(concat(uint(2n ** 30n + 611n, 4), payload))).signature);
}
