// Signed transactions: borsh decoding (@near-js/transactions 2.x's schema, plus
// nearcore's DeterministicStateInit action, which neither it nor near-api-js 7.3
// knows, also inside a Delegate; ML-DSA-65 keys and signatures, key-schema.ts; and
// nearcore's TransactionV1 with its nonce enum and nonce mode; near-api-js 7 itself
// does not bundle into the node's ESM build), then
// nearcore's checks and charging (verify_and_charge_transaction): signature,
// signer and key, nonce, block hash, actions, access key permission, balance.
import { sha256 } from '@noble/hashes/sha256';
import { base58 } from '@scure/base';
import { deserialize, type Schema } from 'borsh';
import { SCHEMA } from '@near-js/transactions-v2';
import type { RuntimeConfig } from '../params/runtime-config.ts';
import { actionsValidationError, type ValidationError } from './action-validation.ts';
import { isValidAccountId, storageShortfall } from './account-rules.ts';
import { delegateActionCheck, delegatedGasError, signedDelegateAction, signedDelegateActionV2, withSignedDelegate } from './delegate.ts';
import { delegatedGas, prepaidGas, receiptCost, totalDeposit } from './fees.ts';
import { gasKeyActionError } from './gas-keys.ts';
import { GAS_KEY_ACTIONS, PUBLIC_KEY, SIGNATURE, withNearcoreTypes } from './key-schema.ts';
import { accessKeyId, isPostQuantum, publicKeyToString } from './keys.ts';
import { postQuantumActionsError, signatureVerificationGas } from './post-quantum.ts';
import { verifySignature } from './signatures.ts';
import { hasFeature } from '../params/features.ts';
import { compareBytes, stateInitError } from './state-init.ts';
import { receiptIdFromTransaction } from './receipt-ids.ts';
import type { ChainState } from './state.ts';
import { InvalidTransaction, type AccessKeyPermission, type Action, type ActionReceipt, type PublicKeyBytes } from './types.ts';
import type { GlobalContractIdentifier } from '../vm/types.ts';

export interface DecodedTransaction {
  hash: Uint8Array;
  signerId: string;
  publicKey: PublicKeyBytes;
  nonce: bigint;
  receiverId: string;
  blockHash: Uint8Array;
  actions: Action[];
  signature: Uint8Array;
  signatureType: number;
  /** Length of the borsh SignedTransaction (wire_size, checked against max_transaction_size from 85). */
  size: number;
  /** Length of the borsh Transaction alone (get_size, checked before 85). */
  bodySize: number;
  /** nearcore's Transaction::V1 (from GasKeys/StrictNonce, 85): tag byte 1, a nonce enum, a nonce mode. */
  version: 0 | 1;
  /** TransactionNonce::GasKeyNonce's nonce_index (V1 only). */
  nonceIndex?: number;
  /** NonceMode: Strict requires exactly the key's nonce + 1 (V1 only; V0 is Monotonic). */
  nonceMode: 'Monotonic' | 'Strict';
}

const KEY_TYPES = ['ed25519', 'secp256k1', 'ml-dsa-65'];

const bytesSchema = { array: { type: 'u8' } } as const;
/** nearcore's Action enum, discriminant 11: DeterministicStateInit { state_init: DeterministicAccountStateInit::V1 { code, data }, deposit }. */
const DETERMINISTIC_STATE_INIT: Schema = {
  struct: {
    stateInit: { enum: [{ struct: { V1: { struct: { code: SCHEMA.GlobalContractIdentifier, data: { map: { key: bytesSchema, value: bytesSchema } } } } } }] },
    deposit: 'u128',
  },
};
const BASE_ACTION = withNearcoreTypes(SCHEMA.Action) as { enum: Array<{ struct: Record<string, Schema> }> };
const BASE_TRANSACTION = withNearcoreTypes(SCHEMA.Transaction) as { struct: Record<string, Schema> };
// Delegate (8) with nearcore's inner actions (any but a delegate, DeterministicStateInit included): delegate.ts.
const { action: ACTION, delegateAction: DELEGATE_ACTION, delegatePayloadV2: DELEGATE_PAYLOAD_V2 } = withSignedDelegate([...BASE_ACTION.enum, { struct: { deterministicStateInit: DETERMINISTIC_STATE_INIT } }, ...GAS_KEY_ACTIONS]);
const SIGNED_TRANSACTION: Schema = {
  struct: {
    transaction: { struct: { ...BASE_TRANSACTION.struct, actions: { array: { type: ACTION } } } },
    signature: SIGNATURE,
  },
};
const unit: Schema = { struct: {} };
/** transaction.rs TransactionV1 (after its tag byte): TransactionNonce { Nonce { nonce }, GasKeyNonce { nonce,
 *  nonce_index: u16 } } and NonceMode { Monotonic, Strict } after the actions. */
const SIGNED_TRANSACTION_V1: Schema = {
  struct: {
    transaction: {
      struct: {
        signerId: 'string', publicKey: PUBLIC_KEY,
        nonce: { enum: [{ struct: { nonce: { struct: { nonce: 'u64' } } } }, { struct: { gasKeyNonce: { struct: { nonce: 'u64', nonceIndex: 'u16' } } } }] },
        receiverId: 'string', blockHash: { array: { type: 'u8', len: 32 } }, actions: { array: { type: ACTION } },
        nonceMode: { enum: [{ struct: { monotonic: unit } }, { struct: { strict: unit } }] },
      },
    },
    signature: SIGNATURE,
  },
};
type NonceJs = bigint | number | { nonce?: { nonce: bigint | number }; gasKeyNonce?: { nonce: bigint | number; nonceIndex: number } };

// borsh gives plain objects: enums as single-key objects, byte arrays as number[], maps as Map.
type Bytes = ArrayLike<number>;
type KeyJs = { ed25519Key?: { data: Bytes }; secp256k1Key?: { data: Bytes }; mlDsa65Key?: { data: Bytes } };
type SignatureJs = { ed25519Signature?: { data: Bytes }; secp256k1Signature?: { data: Bytes }; mlDsa65Signature?: { data: Bytes } };
type IdentifierJs = { CodeHash?: Bytes; AccountId?: string };
type FunctionCallJs = { allowance?: bigint | number | null; receiverId: string; methodNames: string[] };
type GasKeyInfoJs = { balance: bigint | number; numNonces: number };
type PermissionJs = { fullAccess?: object; functionCall?: FunctionCallJs; gasKeyFunctionCall?: { info: GasKeyInfoJs; permission: FunctionCallJs }; gasKeyFullAccess?: GasKeyInfoJs };
interface ActionJs {
  createAccount?: object;
  deployContract?: { code: Bytes };
  functionCall?: { methodName: string; args: Bytes; gas: bigint | number; deposit: bigint | number };
  transfer?: { deposit: bigint | number };
  stake?: { stake: bigint | number; publicKey: KeyJs };
  addKey?: { publicKey: KeyJs; accessKey: { nonce: bigint | number; permission: PermissionJs } };
  transferToGasKey?: { publicKey: KeyJs; deposit: bigint | number };
  withdrawFromGasKey?: { publicKey: KeyJs; amount: bigint | number };
  deleteKey?: { publicKey: KeyJs };
  deleteAccount?: { beneficiaryId: string };
  signedDelegate?: Parameters<typeof signedDelegateAction>[0];
  signedDelegateV2?: Parameters<typeof signedDelegateActionV2>[0];
  deployGlobalContract?: { code: Bytes; deployMode: { CodeHash?: object; AccountId?: object } };
  useGlobalContract?: { contractIdentifier: IdentifierJs };
  deterministicStateInit?: { stateInit: { V1: { code: IdentifierJs; data: Map<Bytes, Bytes> } }; deposit: bigint | number };
}

function keyBytes(key: KeyJs): PublicKeyBytes {
  if (key.ed25519Key) return new Uint8Array([0, ...Array.from(key.ed25519Key.data)]);
  if (key.secp256k1Key) return new Uint8Array([1, ...Array.from(key.secp256k1Key.data)]);
  return new Uint8Array([2, ...Array.from(key.mlDsa65Key!.data)]);
}

/** A borsh Signature as its KeyType and bytes. */
export function signatureOf(sig: SignatureJs): { signatureType: number; signature: Uint8Array } {
  if (sig.ed25519Signature) {
    // signature.rs BorshDeserialize: an ed25519 signature whose last byte has any of its top three bits set does not decode.
    if ((sig.ed25519Signature.data[63] & 0b1110_0000) !== 0) throw new Error('signature error');
    return { signatureType: 0, signature: bytes(sig.ed25519Signature.data) };
  }
  if (sig.secp256k1Signature) return { signatureType: 1, signature: bytes(sig.secp256k1Signature.data) };
  return { signatureType: 2, signature: bytes(sig.mlDsa65Signature!.data) };
}

const bytes = (b: Bytes) => new Uint8Array(Array.from(b));
const identifier = (id: IdentifierJs): GlobalContractIdentifier => (id.CodeHash ? { kind: 'CodeHash', hash: bytes(id.CodeHash) } : { kind: 'AccountId', accountId: id.AccountId! });

/** A BTreeMap's entries; borsh 1 (nearcore) refuses keys that are not in strictly ascending order. */
function sortedEntries(map: Map<Bytes, Bytes>): Array<[Uint8Array, Uint8Array]> {
  const entries = [...map].map(([k, v]): [Uint8Array, Uint8Array] => [bytes(k), bytes(v)]);
  entries.forEach(([key], i) => {
    if (i > 0 && compareBytes(entries[i - 1][0], key) >= 0) throw new Error('keys were not serialized in ascending order');
  });
  return entries;
}

function convertAction(action: ActionJs): Action {
  if (action.createAccount) return { kind: 'CreateAccount' };
  if (action.deployContract) return { kind: 'DeployContract', code: bytes(action.deployContract.code) };
  if (action.functionCall) {
    const f = action.functionCall;
    return { kind: 'FunctionCall', methodName: f.methodName, args: bytes(f.args), gas: BigInt(f.gas), deposit: BigInt(f.deposit) };
  }
  if (action.transfer) return { kind: 'Transfer', deposit: BigInt(action.transfer.deposit) };
  if (action.stake) return { kind: 'Stake', stake: BigInt(action.stake.stake), publicKey: keyBytes(action.stake.publicKey) };
  if (action.addKey) {
    const js = action.addKey.accessKey.permission;
    const f = js.functionCall ?? js.gasKeyFunctionCall?.permission;
    const permission: AccessKeyPermission = f
      ? { kind: 'FunctionCall', allowance: f.allowance === undefined || f.allowance === null ? null : BigInt(f.allowance), receiverId: f.receiverId, methodNames: f.methodNames }
      : { kind: 'FullAccess' };
    const info = js.gasKeyFunctionCall?.info ?? js.gasKeyFullAccess;
    return {
      kind: 'AddKey', publicKey: keyBytes(action.addKey.publicKey), nonce: BigInt(action.addKey.accessKey.nonce), permission,
      ...(info ? { gasKey: { balance: BigInt(info.balance), numNonces: info.numNonces } } : {}),
    };
  }
  if (action.transferToGasKey) return { kind: 'TransferToGasKey', publicKey: keyBytes(action.transferToGasKey.publicKey), deposit: BigInt(action.transferToGasKey.deposit) };
  if (action.withdrawFromGasKey) return { kind: 'WithdrawFromGasKey', publicKey: keyBytes(action.withdrawFromGasKey.publicKey), amount: BigInt(action.withdrawFromGasKey.amount) };
  if (action.deleteKey) return { kind: 'DeleteKey', publicKey: keyBytes(action.deleteKey.publicKey) };
  if (action.deleteAccount) return { kind: 'DeleteAccount', beneficiaryId: action.deleteAccount.beneficiaryId };
  if (action.deployGlobalContract) {
    const g = action.deployGlobalContract;
    return { kind: 'DeployGlobalContract', code: bytes(g.code), deployMode: g.deployMode.AccountId ? 'AccountId' : 'CodeHash' };
  }
  if (action.useGlobalContract) return { kind: 'UseGlobalContract', contractIdentifier: identifier(action.useGlobalContract.contractIdentifier) };
  if (action.deterministicStateInit) {
    const { stateInit, deposit } = action.deterministicStateInit;
    return { kind: 'DeterministicStateInit', stateInit: { code: identifier(stateInit.V1.code), data: sortedEntries(stateInit.V1.data) }, deposit: BigInt(deposit) };
  }
  if (action.signedDelegate) return signedDelegateAction(action.signedDelegate, DELEGATE_ACTION, (a) => convertAction(a as ActionJs), (k) => keyBytes(k as KeyJs));
  if (action.signedDelegateV2) return signedDelegateActionV2(action.signedDelegateV2, DELEGATE_PAYLOAD_V2, (a) => convertAction(a as ActionJs), (k) => keyBytes(k as KeyJs));
  throw new Error(`unknown action ${Object.keys(action)[0] ?? ''}`);
}

/** Decodes borsh bytes of a SignedTransaction; a malformed one is InvalidTransaction, never a crash.
 *  Transaction's own deserialization (transaction.rs): a second byte 0 is V0 (an account id's length
 *  starts it), a first byte 1 with a nonzero second is the V1 tag, anything else an invalid version tag. */
export function decodeTransaction(signedBytes: Uint8Array): DecodedTransaction {
  let signed: { transaction: { signerId: string; publicKey: KeyJs; nonce: NonceJs; receiverId: string; blockHash: Bytes; actions: ActionJs[]; nonceMode?: { strict?: object } }; signature: SignatureJs };
  let actions: Action[];
  const version = signedBytes.length >= 2 && signedBytes[1] !== 0 && signedBytes[0] === 1 ? 1 : 0;
  try {
    if (signedBytes.length >= 2 && signedBytes[1] !== 0 && signedBytes[0] !== 1) throw new Error(`invalid transaction version tag: ${signedBytes[0]}`);
    signed = (version === 1 ? deserialize(SIGNED_TRANSACTION_V1, signedBytes.subarray(1)) : deserialize(SIGNED_TRANSACTION, signedBytes)) as unknown as typeof signed;
    actions = signed.transaction.actions.map(convertAction);
  } catch (error) {
    if (error instanceof InvalidTransaction) throw error;
    throw new InvalidTransaction({ InvalidTxError: `could not decode the signed transaction: ${(error as Error).message}` });
  }
  const tx = signed.transaction;
  let sig: ReturnType<typeof signatureOf>;
  try {
    sig = signatureOf(signed.signature);
  } catch (error) {
    throw new InvalidTransaction({ InvalidTxError: `could not decode the signed transaction: ${(error as Error).message}` });
  }
  const { signatureType, signature } = sig;
  // The signed bytes are borsh(Transaction) followed by borsh(Signature): type byte + signature.
  const txBytes = signedBytes.subarray(0, signedBytes.length - 1 - signature.length);
  const nonce = tx.nonce;
  const gasKeyNonce = typeof nonce === 'object' ? nonce.gasKeyNonce : undefined;
  return {
    hash: sha256(txBytes),
    signerId: tx.signerId,
    publicKey: keyBytes(tx.publicKey),
    nonce: BigInt(typeof nonce === 'object' ? (nonce.nonce?.nonce ?? gasKeyNonce!.nonce) : nonce),
    receiverId: tx.receiverId,
    blockHash: bytes(tx.blockHash),
    actions,
    signature,
    signatureType,
    size: signedBytes.length,
    bodySize: txBytes.length,
    version,
    ...(gasKeyNonce ? { nonceIndex: gasKeyNonce.nonceIndex } : {}),
    nonceMode: tx.nonceMode?.strict ? 'Strict' : 'Monotonic',
  };
}

export function signatureString(tx: DecodedTransaction): string {
  return `${KEY_TYPES[tx.signatureType] ?? 'ed25519'}:${base58.encode(tx.signature)}`;
}

/** validate_actions_with_mode for a transaction's actions: NEP-616's DeterministicStateInit is validated with
 *  the rest, in action order (validate_action_with_mode), a delegate's inner actions as a receipt's. */
function actionsError(tx: DecodedTransaction, config: RuntimeConfig): ValidationError | undefined {
  const delegateCheck = delegateActionCheck(tx.receiverId, config);
  return actionsValidationError(tx.actions, config.limits,
    (action) => (action.kind === 'DeterministicStateInit' ? stateInitError(action, tx.receiverId, config) as ValidationError | undefined : gasKeyActionError(action, config) ?? delegateCheck(action)))
    ?? delegatedGasError(tx.actions, config);
}

export interface Charged {
  receipt: ActionReceipt;
  gasBurnt: bigint;
}

/** nearcore's AccessKey::ACCESS_KEY_NONCE_RANGE_MULTIPLIER: a nonce must stay below block height × this. */
export const ACCESS_KEY_NONCE_RANGE_MULTIPLIER = 1_000_000n;

/**
 * Checks a transaction against the state and, if valid, charges the signer and returns its receipt.
 * `blockHeight` is the height of the block that includes it (nearcore's apply_state.block_height).
 */
export function verifyAndCharge(state: ChainState, tx: DecodedTransaction, gasPrice: bigint, recentBlock: (hash: Uint8Array) => 'recent' | 'expired' | 'unknown', config: RuntimeConfig, blockHeight: bigint): Charged {
  const fail = (error: unknown): never => { throw new InvalidTransaction({ InvalidTxError: error }); };
  const version = config.protocolVersion;
  // validate_transaction: the actions first (post-quantum keys in them before 85 are UnsupportedProtocolFeature).
  const invalidActions = postQuantumActionsError(tx.actions, config) ?? actionsError(tx, config);
  if (invalidActions) fail({ ActionsValidation: invalidActions });
  // Then check_valid_for_config (transaction.rs): a V1 transaction needs GasKeys, a strict nonce StrictNonce,
  // an ML-DSA-65 signer PostQuantumSignatures; the size is the whole signed transaction's from 85
  // (size_for_limits: wire_size), the transaction's alone before (get_size).
  const postQuantum = hasFeature(version, 'PostQuantumSignatures');
  if (tx.version === 1 && !hasFeature(version, 'GasKeys')) fail('InvalidTransactionVersion');
  if (tx.nonceMode === 'Strict' && !hasFeature(version, 'StrictNonce')) fail('InvalidTransactionVersion');
  if (!postQuantum && (isPostQuantum(tx.publicKey[0]) || isPostQuantum(tx.signatureType))) fail('InvalidTransactionVersion');
  const size = postQuantum ? tx.size : tx.bodySize;
  if (BigInt(size) > config.limits.maxTransactionSize) fail({ TransactionSizeExceeded: { size, limit: Number(config.limits.maxTransactionSize) } });
  if (!isValidAccountId(tx.signerId)) fail({ InvalidSignerId: { signer_id: tx.signerId } });
  if (!isValidAccountId(tx.receiverId)) fail({ InvalidReceiverId: { receiver_id: tx.receiverId } });
  if (!verifySignature(tx.signatureType, tx.signature, tx.hash, tx.publicKey)) fail('InvalidSignature');
  const signer = state.accounts.get(tx.signerId);
  if (!signer) return fail({ SignerDoesNotExist: { signer_id: tx.signerId } });
  // Errors name the full key; an ML-DSA-65 key is stored under its hash (keys.ts accessKeyId).
  const publicKey = publicKeyToString(tx.publicKey);
  const key = state.keysOf(tx.signerId).get(accessKeyId(tx.publicKey));
  if (!key) return fail({ InvalidAccessKeyError: { AccessKeyNotFound: { account_id: tx.signerId, public_key: publicKey } } });
  // A gas-key nonce (nonce_index) takes verify_and_charge_gas_key_tx_ephemeral, which refuses a key that is not
  // a gas key as AccessKeyNotFound; a gas key needs one (verify_and_charge_tx_ephemeral: InvalidNonceIndex).
  const gasKey = key.gasKey;
  if (tx.nonceIndex !== undefined && !gasKey) fail({ InvalidAccessKeyError: { AccessKeyNotFound: { account_id: tx.signerId, public_key: publicKey } } });
  if (gasKey && (tx.nonceIndex === undefined || tx.nonceIndex >= gasKey.nonces.length)) {
    fail({ InvalidNonceIndex: { tx_nonce_index: tx.nonceIndex ?? null, num_nonces: gasKey.nonces.length } });
  }
  const currentNonce = gasKey ? gasKey.nonces[tx.nonceIndex!] : key.nonce;
  // verifier.rs verify_nonce: Monotonic wants any nonce above the key's, Strict (85) exactly the key's + 1.
  const nonceOk = tx.nonceMode === 'Strict' ? tx.nonce === currentNonce + 1n : tx.nonce > currentNonce;
  if (!nonceOk) fail({ InvalidNonce: { tx_nonce: Number(tx.nonce), ak_nonce: Number(currentNonce) } });
  // verifier.rs verify_nonce: the upper bound keeps nonces usable on keys added later (their nonce starts at height × 1e6).
  const upperBound = blockHeight * ACCESS_KEY_NONCE_RANGE_MULTIPLIER;
  if (tx.nonce >= upperBound) fail({ NonceTooLarge: { tx_nonce: Number(tx.nonce), upper_bound: Number(upperBound) } });
  const block = recentBlock(tx.blockHash);
  if (block === 'unknown') fail('InvalidChain');
  if (block === 'expired') fail('Expired');

  // Conversion burns every send fee (sir: signer is receiver) and the signatures' verification cost
  // (config.rs signature_verification_cost), and prepays execution fees and attached gas.
  const fees = receiptCost(config, tx.actions, tx.signerId === tx.receiverId, tx.receiverId);
  const gasBurnt = fees.send + signatureVerificationGas(config, tx.publicKey, tx.actions);
  const gasRemaining = fees.exec + prepaidGas(tx.actions) + delegatedGas(config, tx.actions);
  // NEP-642 (85, config.rs calculate_tx_cost): the receipt's gas is bought at no less than
  // min_gas_purchase_price (0 before 85); the conversion's own gas is burnt at the block's price.
  const receiptGasPrice = gasPrice > config.minGasPurchasePrice ? gasPrice : config.minGasPurchasePrice;
  const gasCost = gasBurnt * gasPrice + gasRemaining * receiptGasPrice;
  const deposit = totalDeposit(tx.actions);
  const cost = gasCost + deposit;
  // nearcore sums the cost in u128 with checked adds (verifier.rs tx_cost): an overflow is CostOverflow.
  if (cost >= 2n ** 128n) fail('CostOverflow');
  const receipt: ActionReceipt = {
    kind: 'Action', id: receiptIdFromTransaction(tx.hash, blockHeight), predecessorId: tx.signerId, receiverId: tx.receiverId,
    signerId: tx.signerId, signerPublicKey: tx.publicKey, gasPrice: receiptGasPrice, outputDataReceivers: [], inputDataIds: [], actions: tx.actions,
  };
  if (gasKey) {
    // verify_and_charge_gas_key_tx_ephemeral: the gas from the key's balance, the deposits from the account. The
    // RPC refuses a transaction whose deposits the account cannot pay (DepositFailed is an error there, and
    // this node validates against the state its block applies).
    if (gasKey.balance < gasCost) fail({ NotEnoughGasKeyBalance: { signer_id: tx.signerId, balance: gasKey.balance.toString(), cost: gasCost.toString() } });
    if (key.permission.kind === 'FunctionCall') {
      const refused = functionCallPermissionError(key.permission, tx);
      if (refused) fail({ InvalidAccessKeyError: refused });
    }
    if (signer.amount < deposit) {
      fail({ NotEnoughBalanceForDeposit: { signer_id: tx.signerId, balance: signer.amount.toString(), cost: deposit.toString(), reason: 'NotEnoughBalance' } });
    }
    const short = storageShortfall({ ...signer, amount: signer.amount - deposit });
    if (short > 0n) {
      fail({ NotEnoughBalanceForDeposit: { signer_id: tx.signerId, balance: (signer.amount - deposit).toString(), cost: short.toString(), reason: 'LackBalanceForState' } });
    }
    gasKey.balance -= gasCost;
    gasKey.nonces[tx.nonceIndex!] = tx.nonce;
    signer.amount -= deposit;
    return { gasBurnt, receipt };
  }
  if (signer.amount < cost) fail({ NotEnoughBalance: { signer_id: tx.signerId, balance: signer.amount.toString(), cost: cost.toString() } });
  const lacking = storageShortfall({ ...signer, amount: signer.amount - cost });
  if (lacking > 0n) fail({ LackBalanceForState: { signer_id: tx.signerId, amount: lacking.toString() } });

  if (key.permission.kind === 'FunctionCall') {
    const p = key.permission;
    const refused = functionCallPermissionError(p, tx);
    if (refused) fail({ InvalidAccessKeyError: refused });
    if (p.allowance !== null) {
      if (p.allowance < cost) {
        fail({ InvalidAccessKeyError: { NotEnoughAllowance: { account_id: tx.signerId, public_key: publicKey, allowance: p.allowance.toString(), cost: cost.toString() } } });
      }
      p.allowance -= cost;
    }
  }
  signer.amount -= cost;
  key.nonce = tx.nonce;
  return { gasBurnt, receipt };
}

/** verify_function_call_permission: one FunctionCall, no deposit, to the key's receiver and methods. */
function functionCallPermissionError(p: Extract<AccessKeyPermission, { kind: 'FunctionCall' }>, tx: DecodedTransaction): ValidationError | undefined {
  const call = tx.actions[0];
  if (tx.actions.length !== 1 || call.kind !== 'FunctionCall') return 'RequiresFullAccess';
  if (call.deposit > 0n) return 'DepositWithFunctionCall';
  if (tx.receiverId !== p.receiverId) return { ReceiverMismatch: { tx_receiver: tx.receiverId, ak_receiver: p.receiverId } };
  if (p.methodNames.length > 0 && !p.methodNames.includes(call.methodName)) return { MethodNameMismatch: { method_name: call.methodName } };
  return undefined;
}
