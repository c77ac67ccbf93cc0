// nearcore's ids for receipts, actions and data (core/primitives/src/utils.rs): every id in a
// transaction's tree of receipts derives from its hash, salted with the height of the block that
// applies each step and an index, so that ids are unique across forks and can be queried by RPC.
import { sha256 } from '@noble/hashes/sha256';

const U64_MAX = 2n ** 64n - 1n;

/** create_hash_index: sha256(base ++ block_height as u64 LE ++ salt as u64 LE). */
export function createHashIndex(base: Uint8Array, blockHeight: bigint, salt: bigint): Uint8Array {
  const bytes = new Uint8Array(base.length + 16);
  bytes.set(base);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(base.length, blockHeight, true);
  view.setBigUint64(base.length + 8, salt, true);
  return sha256(bytes);
}

/** create_receipt_id_from_transaction: the receipt a transaction converts to (lib.rs process_transaction). */
export const receiptIdFromTransaction = (txHash: Uint8Array, blockHeight: bigint): Uint8Array => createHashIndex(txHash, blockHeight, 0n);

/** create_receipt_id_from_receipt_id: the `index`th receipt a receipt sends (ApplyState::create_receipt_id), or a
 *  yield timeout's PromiseResume from its data id (resolve_promise_yield_timeouts). */
export const receiptIdFromReceiptId = (receiptId: Uint8Array, blockHeight: bigint, index: number): Uint8Array => createHashIndex(receiptId, blockHeight, BigInt(index));

/** create_action_hash_from_receipt_id: salts count down from u64::MAX so they never meet a receipt index. */
export const actionHashFromReceiptId = (receiptId: Uint8Array, blockHeight: bigint, actionIndex: number): Uint8Array => createHashIndex(receiptId, blockHeight, U64_MAX - BigInt(actionIndex));

/** create_receipt_id_from_action_hash: a function call's `index`th data id (ext.rs generate_data_id). */
export const dataIdFromActionHash = (actionHash: Uint8Array, blockHeight: bigint, index: number): Uint8Array => createHashIndex(actionHash, blockHeight, BigInt(index));

/** create_random_seed: what random_seed gives a function call, sha256(action_hash ++ the block's random_value). */
export function randomSeed(actionHash: Uint8Array, randomValue: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(actionHash.length + randomValue.length);
  bytes.set(actionHash);
  bytes.set(randomValue, actionHash.length);
  return sha256(bytes);
}
