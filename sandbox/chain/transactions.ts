// Signed transactions: borsh decoding (@near-js/transactions 2.x's schema, plus
// nearcore's DeterministicStateInit action, which neither it nor near-api-js 7.3
// knows; near-api-js 7 itself does not bundle into the node's ESM build), then
// nearcore's checks and charging (verify_and_charge_transaction): signature,
// signer and key, nonce, block hash, actions, access key permission, balance.
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha256';
import { base58 } from '@scure/base';
import { deserialize, type Schema } from 'borsh';
import { SCHEMA } from '@near-js/transactions-v2';
import type { RuntimeConfig } from '../params/runtime-config.ts';
import { actionsValidationError, type ValidationError } from './action-validation.ts';
import { isValidAccountId, storageShortfall } from './account-rules.ts';
import { prepaidGas, receiptCost, totalDeposit } from './fees.ts';
import { publicKeyToString } from './keys.ts';
import { compareBytes, stateInitError } from './state-init.ts';
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
  /** Length of the borsh SignedTransaction (checked against max_transaction_size). */
  size: number;
}

const KEY_TYPES = ['ed25519', 'secp256k1'];

const bytesSchema = { array: { type: 'u8' } } as const;
/** nearcore's Action enum, discriminant 11: DeterministicStateInit { state_init: DeterministicAccountStateInit::V1 { code, data }, deposit }. */
const DETERMINISTIC_STATE_INIT: Schema = {
  struct: {
    stateInit: { enum: [{ struct: { V1: { struct: { code: SCHEMA.GlobalContractIdentifier, data: { map: { key: bytesSchema, value: bytesSchema } } } } } }] },
    deposit: 'u128',
  },
};
const BASE_ACTION = SCHEMA.Action as { enum: Array<{ struct: Record<string, Schema> }> };
const BASE_TRANSACTION = SCHEMA.Transaction as { struct: Record<string, Schema> };
const ACTION: Schema = { enum: [...BASE_ACTION.enum, { struct: { deterministicStateInit: DETERMINISTIC_STATE_INIT } }] };
const SIGNED_TRANSACTION: Schema = {
  struct: {
    transaction: { struct: { ...BASE_TRANSACTION.struct, actions: { array: { type: ACTION } } } },
    signature: SCHEMA.Signature,
  },
};

// borsh gives plain objects: enums as single-key objects, byte arrays as number[], maps as Map.
type Bytes = ArrayLike<number>;
type KeyJs = { ed25519Key?: { data: Bytes }; secp256k1Key?: { data: Bytes } };
type SignatureJs = { ed25519Signature?: { data: Bytes }; secp256k1Signature?: { data: Bytes } };
type IdentifierJs = { CodeHash?: Bytes; AccountId?: string };
interface ActionJs {
  createAccount?: object;
  deployContract?: { code: Bytes };
  functionCall?: { methodName: string; args: Bytes; gas: bigint | number; deposit: bigint | number };
  transfer?: { deposit: bigint | number };
  stake?: { stake: bigint | number; publicKey: KeyJs };
  addKey?: { publicKey: KeyJs; accessKey: { nonce: bigint | number; permission: { fullAccess?: object; functionCall?: { allowance?: bigint | number | null; receiverId: string; methodNames: string[] } } } };
  deleteKey?: { publicKey: KeyJs };
  deleteAccount?: { beneficiaryId: string };
  signedDelegate?: object;
  deployGlobalContract?: { code: Bytes; deployMode: { CodeHash?: object; AccountId?: object } };
  useGlobalContract?: { contractIdentifier: IdentifierJs };
  deterministicStateInit?: { stateInit: { V1: { code: IdentifierJs; data: Map<Bytes, Bytes> } }; deposit: bigint | number };
}

function keyBytes(key: KeyJs): PublicKeyBytes {
  if (key.ed25519Key) return new Uint8Array([0, ...Array.from(key.ed25519Key.data)]);
  return new Uint8Array([1, ...Array.from(key.secp256k1Key!.data)]);
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
    const f = action.addKey.accessKey.permission.functionCall;
    const permission: AccessKeyPermission = f
      ? { kind: 'FunctionCall', allowance: f.allowance === undefined || f.allowance === null ? null : BigInt(f.allowance), receiverId: f.receiverId, methodNames: f.methodNames }
      : { kind: 'FullAccess' };
    return { kind: 'AddKey', publicKey: keyBytes(action.addKey.publicKey), nonce: BigInt(action.addKey.accessKey.nonce), permission };
  }
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
  const name = Object.keys(action)[0] ?? 'unknown';
  throw new InvalidTransaction({ InvalidTxError: { ActionsValidation: { UnsupportedProtocolFeature: { protocol_feature: `${name} action (not supported by the local node)`, version: 0 } } } });
}

/** Decodes borsh bytes of a SignedTransaction; a malformed one is InvalidTransaction, never a crash. */
export function decodeTransaction(signedBytes: Uint8Array): DecodedTransaction {
  let signed: { transaction: { signerId: string; publicKey: KeyJs; nonce: bigint | number; receiverId: string; blockHash: Bytes; actions: ActionJs[] }; signature: SignatureJs };
  let actions: Action[];
  try {
    signed = deserialize(SIGNED_TRANSACTION, signedBytes) as unknown as typeof signed;
    actions = signed.transaction.actions.map(convertAction);
  } catch (error) {
    if (error instanceof InvalidTransaction) throw error;
    throw new InvalidTransaction({ InvalidTxError: `could not decode the signed transaction: ${(error as Error).message}` });
  }
  const tx = signed.transaction;
  const sig = signed.signature.ed25519Signature ?? signed.signature.secp256k1Signature!;
  const signatureType = signed.signature.ed25519Signature ? 0 : 1;
  // The signed bytes are borsh(Transaction) followed by borsh(Signature): type byte + signature.
  const txBytes = signedBytes.subarray(0, signedBytes.length - 1 - sig.data.length);
  return {
    hash: sha256(txBytes),
    signerId: tx.signerId,
    publicKey: keyBytes(tx.publicKey),
    nonce: BigInt(tx.nonce),
    receiverId: tx.receiverId,
    blockHash: bytes(tx.blockHash),
    actions,
    signature: bytes(sig.data),
    signatureType,
    size: signedBytes.length,
  };
}

export function signatureString(tx: DecodedTransaction): string {
  return `${KEY_TYPES[tx.signatureType] ?? 'ed25519'}:${base58.encode(tx.signature)}`;
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
  // validate_transaction: the size of the signed transaction first.
  if (BigInt(tx.size) > config.limits.maxTransactionSize) fail({ TransactionSizeExceeded: { size: tx.size, limit: Number(config.limits.maxTransactionSize) } });
  if (!isValidAccountId(tx.signerId)) fail({ InvalidSignerId: { signer_id: tx.signerId } });
  if (!isValidAccountId(tx.receiverId)) fail({ InvalidReceiverId: { receiver_id: tx.receiverId } });
  if (tx.publicKey[0] !== 0 || !ed25519.verify(tx.signature, tx.hash, tx.publicKey.subarray(1))) fail('InvalidSignature');
  const signer = state.accounts.get(tx.signerId);
  if (!signer) return fail({ SignerDoesNotExist: { signer_id: tx.signerId } });
  const publicKey = publicKeyToString(tx.publicKey);
  const key = state.keysOf(tx.signerId).get(publicKey);
  if (!key) return fail({ InvalidAccessKeyError: { AccessKeyNotFound: { account_id: tx.signerId, public_key: publicKey } } });
  if (tx.nonce <= key.nonce) fail({ InvalidNonce: { tx_nonce: Number(tx.nonce), ak_nonce: Number(key.nonce) } });
  // verifier.rs verify_nonce: the upper bound keeps nonces usable on keys added later (their nonce starts at height × 1e6).
  const upperBound = blockHeight * ACCESS_KEY_NONCE_RANGE_MULTIPLIER;
  if (tx.nonce >= upperBound) fail({ NonceTooLarge: { tx_nonce: Number(tx.nonce), upper_bound: Number(upperBound) } });
  const block = recentBlock(tx.blockHash);
  if (block === 'unknown') fail('InvalidChain');
  if (block === 'expired') fail('Expired');
  // NEP-616's DeterministicStateInit is validated with the rest, in action order (validate_action_with_mode).
  const invalidActions = actionsValidationError(tx.actions, config.limits,
    (action) => (action.kind === 'DeterministicStateInit' ? stateInitError(action, tx.receiverId, config) as ValidationError | undefined : undefined));
  if (invalidActions) fail({ ActionsValidation: invalidActions });

  // Conversion burns every send fee (sir: signer is receiver) and prepays execution fees and attached gas.
  const fees = receiptCost(config, tx.actions, tx.signerId === tx.receiverId, tx.receiverId);
  const gasBurnt = fees.send;
  const gasRemaining = fees.exec + prepaidGas(tx.actions);
  // NEP-642 (85, config.rs calculate_tx_cost): the receipt's gas is bought at no less than
  // min_gas_purchase_price (0 before 85); the conversion's own gas is burnt at the block's price.
  const receiptGasPrice = gasPrice > config.minGasPurchasePrice ? gasPrice : config.minGasPurchasePrice;
  const cost = gasBurnt * gasPrice + gasRemaining * receiptGasPrice + totalDeposit(tx.actions);
  // nearcore sums the cost in u128 with checked adds (verifier.rs tx_cost): an overflow is CostOverflow.
  if (cost >= 2n ** 128n) fail('CostOverflow');
  if (signer.amount < cost) fail({ NotEnoughBalance: { signer_id: tx.signerId, balance: signer.amount.toString(), cost: cost.toString() } });
  const lacking = storageShortfall({ ...signer, amount: signer.amount - cost });
  if (lacking > 0n) fail({ LackBalanceForState: { signer_id: tx.signerId, amount: lacking.toString() } });

  if (key.permission.kind === 'FunctionCall') {
    const p = key.permission;
    const action = tx.actions[0];
    if (tx.actions.length !== 1 || action.kind !== 'FunctionCall') fail({ InvalidAccessKeyError: 'RequiresFullAccess' });
    const call = action as Extract<Action, { kind: 'FunctionCall' }>;
    if (call.deposit > 0n) fail({ InvalidAccessKeyError: 'DepositWithFunctionCall' });
    if (tx.receiverId !== p.receiverId) fail({ InvalidAccessKeyError: { ReceiverMismatch: { tx_receiver: tx.receiverId, ak_receiver: p.receiverId } } });
    if (p.methodNames.length > 0 && !p.methodNames.includes(call.methodName)) fail({ InvalidAccessKeyError: { MethodNameMismatch: { method_name: call.methodName } } });
    if (p.allowance !== null) {
      if (p.allowance < cost) {
        fail({ InvalidAccessKeyError: { NotEnoughAllowance: { account_id: tx.signerId, public_key: publicKey, allowance: p.allowance.toString(), cost: cost.toString() } } });
      }
      p.allowance -= cost;
    }
  }
  signer.amount -= cost;
  key.nonce = tx.nonce;
  return {
    gasBurnt,
    receipt: {
      kind: 'Action', id: sha256(new Uint8Array([...tx.hash, ...Buffer.from('receipt')])), predecessorId: tx.signerId, receiverId: tx.receiverId,
      signerId: tx.signerId, signerPublicKey: tx.publicKey, gasPrice: receiptGasPrice, outputDataReceivers: [], inputDataIds: [], actions: tx.actions,
    },
  };
}
