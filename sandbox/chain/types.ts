// The chain's records: accounts, keys, receipts, blocks and execution outcomes.
// Errors are kept in nearcore's JSON (serde) shape, since the chain is their
// only producer and the RPC passes them through unchanged.
import type { AccessKeyPermission, AccountContractRef, Action as NonDelegateAction, PublicKeyBytes } from '../vm/types.ts';
import type { GasProfile } from '../vm/profile.ts';
import type { HeaderContent, ValidatorStakeRecord } from './block-header.ts';

export type { AccessKeyPermission, NonDelegateAction, PublicKeyBytes };

/** NEP-366's DelegateAction (core/primitives/src/action/delegate.rs): actions `senderId` signed for a relayer to send. */
export interface DelegateAction {
  senderId: string;
  receiverId: string;
  /** nearcore's NonDelegateAction: a delegate action cannot nest another. */
  actions: NonDelegateAction[];
  nonce: bigint;
  maxBlockHeight: bigint;
  publicKey: PublicKeyBytes;
  /** DelegateActionV2's TransactionNonce::GasKeyNonce index (a gas key's nonce), if any. */
  nonceIndex?: number;
}

/** Every action a transaction or receipt carries: the VM's, plus Delegate (action 8), which only transactions create. */
export type Action =
  | NonDelegateAction
  | {
    kind: 'Delegate'; delegateAction: DelegateAction; signature: Uint8Array; signatureType: number;
    /** borsh(DelegateAction), or for DelegateV2 borsh(VersionedDelegateActionPayload): what the signature covers after the NEP-461 prefix */
    signedBytes: Uint8Array;
    /** nearcore's DelegateV2 (action 14, 85): a VersionedSignedDelegateAction, whose nonce is a TransactionNonce. */
    v2?: true;
  };

/** What code an account runs (nearcore's AccountContract). */
export type AccountContract = AccountContractRef;

export interface Account {
  amount: bigint;
  locked: bigint;
  storageUsage: bigint;
  contract: AccountContract;
}

export interface AccessKey {
  nonce: bigint;
  permission: AccessKeyPermission;
  /** A gas key (GasKeys, 85; nearcore's GasKeyFullAccess / GasKeyFunctionCall): its prepaid balance for gas and
   *  one nonce per index (TrieKey::GasKeyNonce); `nonce` stays 0. */
  gasKey?: GasKey;
}

export interface GasKey {
  balance: bigint;
  nonces: bigint[];
}

/** An action receipt waiting to be applied (nearcore's ActionReceipt plus routing). */
export interface ActionReceipt {
  kind: 'Action';
  id: Uint8Array;
  predecessorId: string;
  receiverId: string;
  signerId: string;
  signerPublicKey: PublicKeyBytes;
  gasPrice: bigint;
  /** Where this receipt's result goes when it finishes: a data id per waiting receipt. */
  outputDataReceivers: Array<{ dataId: Uint8Array; receiverId: string }>;
  inputDataIds: Uint8Array[];
  actions: Action[];
  /** nearcore's ActionReceiptV2 refund_to (protocol 82): deposit refunds go here instead of to the predecessor. */
  refundTo?: string;
  /** A PromiseYield receipt (NEP-519): kept until a PromiseResume delivers its one input. */
  promiseYield?: boolean;
}

export interface DataReceipt {
  kind: 'Data';
  id: Uint8Array;
  predecessorId: string;
  receiverId: string;
  dataId: Uint8Array;
  data: Uint8Array | null; // null: the promise failed
  /** A PromiseResume (NEP-519): the payload of promise_yield_resume, or null from a yield's timeout. */
  promiseResume?: boolean;
}

export type Receipt = ActionReceipt | DataReceipt;

/** nearcore's error JSON, e.g. `{ "ActionError": { "index": 0, "kind": { "AccountAlreadyExists": { ... } } } }`. */
export type ErrorJson = { [variant: string]: unknown };

export type ExecutionStatus =
  | { kind: 'SuccessValue'; value: Uint8Array }
  | { kind: 'SuccessReceiptId'; receiptId: Uint8Array }
  | { kind: 'Failure'; error: ErrorJson };

export interface ExecutionOutcome {
  id: Uint8Array; // transaction hash or receipt id
  blockHash: Uint8Array;
  executorId: string;
  predecessorId: string;
  logs: string[];
  receiptIds: Uint8Array[];
  gasBurnt: bigint;
  tokensBurnt: bigint;
  /** The part of tokensBurnt paid back to the contract account (burnt_gas_reward); a chunk's balance_burnt excludes it. */
  contractReward?: bigint;
  status: ExecutionStatus;
  /** From 85 (ExecutionMetadataV4): per action, the receiver's contract just before it ran. */
  contracts?: AccountContract[];
  /** The receipt's gas profile (ProfileDataV3): its function calls' only, as in nearcore; unset without one. */
  profile?: GasProfile;
}

export interface TransactionRecord {
  hash: Uint8Array;
  signerId: string;
  publicKey: string; // "ed25519:..."
  nonce: bigint;
  receiverId: string;
  actions: Action[];
  signature: string; // "ed25519:..."
  priorityFee?: bigint;
  /** Transaction::V1's gas-key nonce index and nonce mode (85). */
  nonceIndex?: number;
  nonceMode?: 'Monotonic' | 'Strict';
  outcome: ExecutionOutcome;
  /** Every receipt outcome the transaction caused, in execution order. */
  receiptOutcomes: ExecutionOutcome[];
  /** The receipts themselves, for EXPERIMENTAL_tx_status. */
  receipts: Receipt[];
}

export interface Block {
  height: bigint;
  hash: Uint8Array;
  prevHash: Uint8Array;
  timestamp: bigint; // nanoseconds
  chunkHash: Uint8Array;
  gasPrice: bigint;
  gasBurnt: bigint;
  transactions: Uint8Array[]; // hashes
  /** The receipts the block's chunk received (incoming: a chunk's `receipts`). */
  receiptIds: Uint8Array[];
  /** Local receipts (a transaction's to its own signer) it ran right after converting them; in no chunk's receipts. */
  localReceiptIds?: Uint8Array[];
  /** Doomslug's finality as nearcore's header carries it (chain.rs validate_header): the last
   *  doomslug-final and the last final block; the zero hash before there is one. Absent in blocks
   *  stored before these fields existed (read as the block itself). */
  lastDsFinal?: Uint8Array;
  lastFinal?: Uint8Array;
  /** How far sandbox_fast_forward moved the clock ahead (ns, nearcore's sandbox_delta_time). */
  timeShift?: bigint;
  /** The header as nearcore hashes it (block-header.ts); absent in blocks stored before headers were. */
  header?: BlockHeaderRecord;
  /** The leaves of the outcomes executed in this block's chunk, in order (block-header.ts outcomeLeaf). */
  outcomeLeaves?: Uint8Array[];
}

/** A header's content with what the views and light-client methods read besides it. */
export interface BlockHeaderRecord extends HeaderContent {
  /** The producer's signature of the hash (64 zero bytes for genesis, or without a validator key). */
  signature: Uint8Array;
  innerRestHash: Uint8Array;
  /** The chunk's prev_outcome_root (the previous block's outcomes): the header's is its merklized hash. */
  chunkPrevOutcomeRoot: Uint8Array;
  /** The next epoch's block producers, whose hash is next_bp_hash. */
  nextBps: ValidatorStakeRecord[];
}

/** A transaction the chain refused before executing it (nearcore's InvalidTxError, JSON). */
export class InvalidTransaction extends Error {
  constructor(readonly error: ErrorJson) {
    super(`invalid transaction: ${JSON.stringify(error)}`);
    this.name = 'InvalidTransaction';
  }
}
