// The boundary between the VM (runs one function call of a contract) and the chain
// (accounts, receipts, blocks). Shaped after nearcore's VMContext / VMOutcome /
// ReceiptManager, with data ids left to the chain: the VM names receipts by index.
import type { GasProfile } from './profile.ts';

/** Borsh-encoded public key as the host functions see it: 1 byte key type (0 = ed25519, 1 = secp256k1) + key bytes. */
export type PublicKeyBytes = Uint8Array;

export type GlobalContractIdentifier =
  | { kind: 'CodeHash'; hash: Uint8Array } // 32-byte sha256 of the code
  | { kind: 'AccountId'; accountId: string };

export type AccessKeyPermission =
  | { kind: 'FullAccess' }
  | { kind: 'FunctionCall'; allowance: bigint | null; receiverId: string; methodNames: string[] };

/** An action a contract put into a promise batch (nearcore's `Action`). */
export type Action =
  | { kind: 'CreateAccount' }
  | { kind: 'DeployContract'; code: Uint8Array }
  | { kind: 'FunctionCall'; methodName: string; args: Uint8Array; deposit: bigint; gas: bigint }
  | { kind: 'Transfer'; deposit: bigint }
  | { kind: 'Stake'; stake: bigint; publicKey: PublicKeyBytes }
  /** `gasKey`: nearcore's GasKeyFullAccess / GasKeyFunctionCall permission (GasKeys, 85): a gas key with this info. */
  | { kind: 'AddKey'; publicKey: PublicKeyBytes; nonce: bigint; permission: AccessKeyPermission; gasKey?: { balance: bigint; numNonces: number } }
  | { kind: 'DeleteKey'; publicKey: PublicKeyBytes }
  | { kind: 'DeleteAccount'; beneficiaryId: string }
  | { kind: 'DeployGlobalContract'; code: Uint8Array; deployMode: 'CodeHash' | 'AccountId' }
  | { kind: 'UseGlobalContract'; contractIdentifier: GlobalContractIdentifier }
  /** NEP-616 (protocol 82): sets up the `0s…` account its state init derives; `data` sorted by key, as nearcore's BTreeMap. */
  | { kind: 'DeterministicStateInit'; stateInit: DeterministicStateInit; deposit: bigint }
  /** GasKeys (85): move NEAR from the receipt into a gas key's balance, or from a gas key's balance to its account. */
  | { kind: 'TransferToGasKey'; publicKey: PublicKeyBytes; deposit: bigint }
  | { kind: 'WithdrawFromGasKey'; publicKey: PublicKeyBytes; amount: bigint };

/** nearcore's DeterministicAccountStateInit (V1, the only version): code by global identifier, initial contract data. */
export interface DeterministicStateInit {
  code: GlobalContractIdentifier;
  data: Array<[Uint8Array, Uint8Array]>;
}

/** A receipt created by the call. `dependsOn` lists indices (into `VMOutcome.receipts`) whose results
 *  this receipt receives as promise results, in order: the chain turns them into data ids. */
export interface NewReceipt {
  receiverId: string;
  dependsOn: number[];
  actions: Action[];
  /** Who gets the receipt's deposit refunds instead of its predecessor (promise_set_refund_to, protocol 82). */
  refundTo?: string;
  /** A PromiseYield receipt (NEP-519): its one input is the data id a resume or the timeout delivers. */
  yieldDataId?: Uint8Array;
}

/** The chain's yield/resume state of the executing account (nearcore's PromiseYieldStatus and yield id
 *  mappings in the trie, ext.rs), as of now within the receipt. */
export interface YieldHost {
  /** A new yield with a fresh data id, status Yielded; with `yieldId` (YieldWithId), undefined when a
   *  yield with that id is pending for the account. `dataIndex`: how many data ids the call generated
   *  before this one (ext.rs data_count), which nearcore's data id is derived from. */
  create(yieldId: Uint8Array | undefined, dataIndex: number): Uint8Array | undefined;
  /** Marks the yield of `dataId` resumed (ResumeInitiated); false when the account has no such yield. */
  resume(dataId: Uint8Array): boolean;
  /** The data id of the account's pending yield created with `yieldId`. */
  dataIdOf(yieldId: Uint8Array): Uint8Array | undefined;
}

/** promise_yield_resume's payload for a yield: a PromiseResume data receipt to the account itself. */
export interface YieldResume {
  dataId: Uint8Array;
  payload: Uint8Array;
}

export type PromiseResult =
  | { kind: 'Successful'; value: Uint8Array }
  | { kind: 'Failed' }
  | { kind: 'NotReady' };

export type ReturnData =
  | { kind: 'Value'; value: Uint8Array }
  | { kind: 'ReceiptIndex'; index: number }
  | { kind: 'None' };

/** The state trie's nodes on a storage key's path, for nearcore's trie-node (TTN) storage gas. */
export interface TrieAccounting {
  /** Nodes a lookup of the account's `key` visits in the state trie, root first, by a stable name. */
  nodesOnPath(key: Uint8Array): string[];
  /** Nodes touched earlier in this chunk (block): nearcore charges read_cached_trie_node for those. */
  touched: Set<string>;
}

/** Read access to the executing account's contract storage, as of the start of the call. */
export interface StorageReader {
  get(key: Uint8Array): Uint8Array | undefined;
  /** Without it, no trie-node gas is charged (unit tests of the VM alone). */
  trie?: TrieAccounting;
}

export interface VMContext {
  currentAccountId: string;
  signerAccountId: string;
  signerAccountPk: PublicKeyBytes;
  predecessorAccountId: string;
  input: Uint8Array;
  promiseResults: PromiseResult[];
  blockHeight: bigint;
  blockTimestamp: bigint; // nanoseconds
  epochHeight: bigint;
  accountBalance: bigint; // already includes the attached deposit, as in nearcore
  accountLockedBalance: bigint;
  storageUsage: bigint;
  attachedDeposit: bigint;
  prepaidGas: bigint;
  randomSeed: Uint8Array; // 32 bytes
  /** Set for view calls (`query call_function`): the gas limit and no state-changing host functions. */
  view?: { maxGasBurnt: bigint };
  /** Validator stakes, for validator_stake / validator_total_stake. */
  validators: ReadonlyMap<string, bigint>;
  /** Receivers of the data receipts `value_return` will send (nearcore's output_data_receivers): set only
   *  when the call is the receipt's last action and someone waits on the receipt. */
  outputDataReceivers?: string[];
  /** The genesis chain_id (chain_id host function). */
  chainId?: string;
  /** The receipt's refund_to, or its predecessor (refund_to_account_id). */
  refundToAccountId?: string;
  /** The executing account's contract (current_contract_code). */
  accountContract?: AccountContractRef;
  /** Yield/resume state; without it (the VM alone) yields live only for the call. */
  yields?: YieldHost;
}

/** What code an account runs, as current_contract_code reports it (nearcore's AccountContract). */
export type AccountContractRef =
  | { kind: 'None' }
  | { kind: 'Local'; hash: Uint8Array }
  | { kind: 'Global'; hash: Uint8Array }
  | { kind: 'GlobalByAccount'; accountId: string };

export interface StorageChange {
  key: Uint8Array;
  value: Uint8Array | null; // null = removed
}

/** nearcore's FunctionCallError / HostError, as the JSON-RPC reports them. */
export type FunctionCallError =
  | { kind: 'CompilationError'; message: string } // e.g. PrepareError / link errors, message names the cause
  | { kind: 'LinkError'; message: string }
  | { kind: 'MethodResolveError'; error: 'MethodEmptyName' | 'MethodNotFound' | 'MethodInvalidSignature' }
  | { kind: 'WasmTrap'; trap: string } // Unreachable, IncorrectCallIndirectSignature, MemoryOutOfBounds, ...
  | { kind: 'HostError'; error: HostError }
  | { kind: 'ExecutionError'; message: string };

export type HostError =
  | { kind: 'GuestPanic'; panicMsg: string }
  | { kind: 'GasExceeded' }
  | { kind: 'GasLimitExceeded' }
  | { kind: 'ProhibitedInView'; methodName: string }
  | { kind: 'InvalidPromiseIndex'; promiseIdx: bigint }
  | { kind: 'InvalidPromiseResultIndex'; resultIdx: bigint }
  | { kind: 'InvalidRegisterId'; registerId: bigint }
  | { kind: 'InvalidAccountId' }
  | { kind: 'InvalidMethodName' }
  | { kind: 'InvalidPublicKey' }
  | { kind: 'BadUTF8' }
  | { kind: 'BadUTF16' }
  | { kind: 'CannotAppendActionToJointPromise' }
  | { kind: 'CannotReturnJointPromise' }
  | { kind: 'CannotSetRefundToOnJointPromise' }
  | { kind: 'InvalidActionIndex'; receiptIndex: bigint; actionIndex: bigint }
  | { kind: 'DataEntryAlreadyExists' }
  | { kind: 'MemoryAccessViolation' }
  | { kind: 'BalanceExceeded' }
  | { kind: 'IntegerOverflow' }
  | { kind: 'NumberOfLogsExceeded'; limit: bigint }
  | { kind: 'TotalLogLengthExceeded'; length: bigint; limit: bigint }
  | { kind: 'KeyLengthExceeded'; length: bigint; limit: bigint }
  | { kind: 'ValueLengthExceeded'; length: bigint; limit: bigint }
  | { kind: 'ReturnedValueLengthExceeded'; length: bigint; limit: bigint }
  | { kind: 'NumberPromisesExceeded'; numberOfPromises: bigint; limit: bigint }
  | { kind: 'NumberInputDataDependenciesExceeded'; numberOfInputDataDependencies: bigint; limit: bigint }
  | { kind: 'ContractSizeExceeded'; size: bigint; limit: bigint }
  | { kind: 'Deprecated'; methodName: string }
  | { kind: 'ContractCodeHashMalformed' }
  | { kind: 'EmptyMethodName' }
  | { kind: 'YieldPayloadLength'; length: bigint; limit: bigint }
  | { kind: 'DataIdMalformed' }
  | { kind: 'YieldIdMalformed' }
  | { kind: 'ECRecoverError'; msg: string }
  | { kind: 'AltBn128InvalidInput'; msg: string }
  | { kind: 'Ed25519VerifyInvalidInput'; msg: string }
  | { kind: 'P256VerifyInvalidInput'; msg: string }
  | { kind: 'BLS12381InvalidInput'; msg: string }

export interface VMOutcome {
  returnData: ReturnData;
  logs: string[];
  burntGas: bigint;
  usedGas: bigint;
  /** nearcore's ProfileDataV3 of the call: burnt gas per action and host cost, and the wasm gas. */
  profile: GasProfile;
  /** Account balance after the call (deposits attached to new receipts are subtracted). */
  balance: bigint;
  storageUsage: bigint;
  /** Writes and removals in call order; the chain applies them only when `aborted` is unset. */
  storageChanges: StorageChange[];
  receipts: NewReceipt[];
  /** promise_yield_resume payloads, in call order. */
  resumes?: YieldResume[];
  aborted?: FunctionCallError;
}

export interface ContractCode {
  code: Uint8Array;
  /** sha256 of `code`; the VM caches compiled modules by it. */
  hash: Uint8Array;
}

/** What the chain calls. `runFunction` never throws for anything the contract does. */
export interface VM {
  runFunction(code: ContractCode, methodName: string, context: VMContext, storage: StorageReader): VMOutcome;
}
