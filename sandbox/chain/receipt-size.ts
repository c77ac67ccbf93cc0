// The borsh size of a receipt a contract creates, for nearcore's max_receipt_size
// (runtime/runtime/src/verifier.rs validate_receipt, NewReceipt mode:
// borsh::object_length(receipt) > max_receipt_size is ReceiptSizeExceeded). The
// receipt is function_call.rs's Receipt::V0 with an ActionReceiptV2 (or
// PromiseYieldV2): predecessor, receiver, receipt id, then the receipt enum.
import type { NewReceipt } from '../vm/types.ts';
import { stateInitBorsh } from './state-init.ts';
import type { Action, PublicKeyBytes } from './types.ts';

const str = (s: string) => 4 + Buffer.byteLength(s);
const HASH = 32;
const U128 = 16;
const U64 = 8;
/** borsh(PublicKey): key type byte + key. */
const publicKey = (key: PublicKeyBytes) => key.length;

/** borsh length of one action (core/primitives/src/action/mod.rs; the enum tag is one byte). */
export function actionBorshLength(action: Action): number {
  switch (action.kind) {
    case 'CreateAccount': return 1;
    case 'DeployContract': return 1 + 4 + action.code.length;
    case 'FunctionCall': return 1 + str(action.methodName) + 4 + action.args.length + U64 + U128;
    case 'Transfer': return 1 + U128;
    case 'Stake': return 1 + U128 + publicKey(action.publicKey);
    case 'AddKey': {
      const p = action.permission;
      // GasKeyFunctionCall / GasKeyFullAccess carry GasKeyInfo { balance: u128, num_nonces: u16 } first (account.rs).
      const gasKeyInfo = action.gasKey ? U128 + 2 : 0;
      const permission = 1 + gasKeyInfo + (p.kind === 'FullAccess' ? 0
        : (p.allowance === null ? 1 : 1 + U128) + str(p.receiverId) + 4 + p.methodNames.reduce((n, m) => n + str(m), 0));
      return 1 + publicKey(action.publicKey) + U64 + permission;
    }
    case 'DeleteKey': return 1 + publicKey(action.publicKey);
    case 'DeleteAccount': return 1 + str(action.beneficiaryId);
    case 'DeployGlobalContract': return 1 + 4 + action.code.length + 1;
    case 'UseGlobalContract': {
      const id = action.contractIdentifier;
      return 1 + 1 + (id.kind === 'CodeHash' ? HASH : str(id.accountId));
    }
    case 'DeterministicStateInit': return 1 + stateInitBorsh(action.stateInit).length + U128;
    // Actions 12 and 13 (action/mod.rs): { public_key, deposit | amount: u128 }.
    case 'TransferToGasKey': case 'WithdrawFromGasKey': return 1 + publicKey(action.publicKey) + U128;
    // Contracts cannot create delegate actions; a transaction's are not validated here.
    case 'Delegate': return 1 + action.signedBytes.length + 1 + action.signature.length;
  }
}

/** borsh(Receipt::V0) of `receipts[index]`, created by `predecessorId` in a receipt signed by `signerId`
 *  with `signerPublicKey`: its output data receivers are the created receipts that depend on it. */
export function newReceiptBorshLength(receipts: readonly NewReceipt[], index: number, predecessorId: string, signerId: string, signerPublicKey: PublicKeyBytes): number {
  const r = receipts[index];
  const outputs = receipts.filter((other) => other.dependsOn.includes(index)).reduce((n, other) => n + HASH + str(other.receiverId), 0);
  const inputs = r.yieldDataId ? 1 : r.dependsOn.length;
  const actionReceipt = str(signerId) + 1 + (r.refundTo === undefined ? 0 : str(r.refundTo)) + publicKey(signerPublicKey) + U128
    + 4 + outputs + 4 + inputs * HASH + 4 + r.actions.reduce((n, a) => n + actionBorshLength(a), 0);
  return str(predecessorId) + str(r.receiverId) + HASH + 1 + actionReceipt;
}
