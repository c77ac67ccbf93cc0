// Applies one action of an action receipt to its receiver account, as
// nearcore's runtime does (action.rs): permission and existence checks, then
// the action's effect. Failures are nearcore's ActionErrorKind JSON.
import { sha256 } from '@noble/hashes/sha256';
import { base58 } from '@scure/base';
import type { RuntimeConfig } from '../params/runtime-config.ts';
import { functionCallErrorDisplay } from '../errors/vm-errors.ts';
import type { FunctionCallError, GlobalContractIdentifier, NewReceipt, PromiseResult, ReturnData, VM, YieldResume } from '../vm/types.ts';
import type { YieldStore } from './yield-receipts.ts';
import { createAccountError, deleteAccountError, newAccount, storageShortfall } from './account-rules.ts';
import { accessKeyId, publicKeyToString } from './keys.ts';
import { accountType } from '../vm/account-type.ts';
import { mergeProfiles, type GasProfile } from '../vm/profile.ts';
import { SYSTEM_ACCOUNT } from './receipts.ts';
import { gasKeyBalanceSum, gasKeyDeletionError, MAX_BALANCE_TO_BURN, newGasKey, refundToGasKey, transferToGasKey, withdrawFromGasKey } from './gas-keys.ts';
import { stateInitError } from './state-init.ts';
import { createImplicitAccount } from './implicit-accounts.ts';
import { applyDelegate } from './delegate.ts';
import { contractDataKey, trieAccounting } from './trie-keys.ts';
import { actionHashFromReceiptId, dataIdFromActionHash, randomSeed } from './receipt-ids.ts';
import type { ChainState } from './state.ts';
import type { Action, ActionReceipt, ErrorJson } from './types.ts';

export interface BlockContext {
  height: bigint;
  timestamp: bigint;
  hash: Uint8Array;
  /** The block header's random_value (nearcore's ApplyState::random_seed), which function calls' random
   *  seeds derive from; without it, what the RPC shows as the block's random_value (sha256 of its hash). */
  randomValue?: Uint8Array;
  epochHeight: bigint;
  validators: ReadonlyMap<string, bigint>;
  /** The block's gas price (gas is burnt at it from 85 when below the receipt's purchase price). */
  gasPrice?: bigint;
  /** The genesis chain_id, for the chain_id host function. */
  chainId?: string;
  /** Trie nodes touched in this block's chunk so far (nearcore's accounting cache), for storage gas. */
  trieTouched?: Set<string>;
  /** Contract-data trie keys (hex) that earlier receipts of this block changed: nearcore finds them in memory. */
  trieWritten?: Set<string>;
  /** The chain's yield/resume state (NEP-519). */
  yields?: YieldStore;
}

/** A receipt an action created (a function call's, or a delegate action's), as it sits in nearcore's
 *  ActionResult::new_receipts. */
export interface CreatedReceipt extends NewReceipt {
  /** Its index among all the receipt sends (`ActionResult.sent`): its receipt id derives from it. */
  slot: number;
  /** The data ids of `dependsOn`, in order (ext.rs generate_data_id). */
  dataIds: Uint8Array[];
}

/** What applying a receipt's actions produced (nearcore's ActionResult). */
export interface ActionResult {
  gasBurnt: bigint;
  gasUsed: bigint;
  gasBurntForFunctionCall: bigint;
  logs: string[];
  /** Receipts created by function calls and delegate actions; `dependsOn` indexes this list. */
  newReceipts: CreatedReceipt[];
  returnData: ReturnData;
  /** Transfers out of the account that are not charged as actions (DeleteAccount's beneficiary, a state
   *  init's deposit refund): nearcore's balance refund receipts. */
  balanceTransfers: Array<{ receiverId: string; amount: bigint; slot: number }>;
  /** Global contracts deployed, each with its distribution receipt's slot. */
  globalDeploys: Array<{ byHash: boolean; key: string; code: Uint8Array; slot: number }>;
  /** Contract-data trie keys (hex) the receipt's calls changed. */
  written: string[];
  /** promise_yield_resume payloads of the receipt's calls (PromiseResume data receipts). */
  resumes?: Array<YieldResume & { slot: number }>;
  /** How many receipts the actions so far send, in nearcore's order (each action's in turn, a function
   *  call's action receipts before its PromiseResumes): the next one's index, from which its id derives. */
  sent: number;
  /** Gas-key balances burnt by DeleteKey / DeleteAccount (nearcore adds them to the outcome's tokens_burnt). */
  tokensBurnt?: bigint;
  error?: ErrorJson;
  /** The function calls' gas profiles summed (lib.rs ActionReceiptResult::merge); unset without one. */
  profile?: GasProfile;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Actions that only the account itself may send to itself. */
const OWNER_ONLY = new Set<Action['kind']>(['DeployContract', 'Stake', 'AddKey', 'DeleteKey', 'DeleteAccount', 'DeployGlobalContract', 'UseGlobalContract', 'WithdrawFromGasKey']);

/** nearcore's JSON for a failed function call. */
export function functionCallErrorJson(error: FunctionCallError): ErrorJson {
  switch (error.kind) {
    case 'MethodResolveError': return { MethodResolveError: error.error };
    case 'CompilationError': return { CompilationError: { PrepareError: error.message.replace(/^PrepareError: /, '') } };
    // nearcore collapses link errors, traps and host errors into ExecutionError with their Display text (conversions.rs).
    default: return { ExecutionError: functionCallErrorDisplay(error) };
  }
}

export class ActionApplier {
  /** Who acts on the account: the predecessor, until a CreateAccount in the batch makes the account its own actor. */
  private actorId: string;

  constructor(private readonly state: ChainState, private readonly vm: VM, private readonly block: BlockContext, receipt: ActionReceipt, private readonly config: RuntimeConfig) {
    this.actorId = receipt.predecessorId;
  }

  /** Applies the receipt's action `index` (`last`: its last one); returns the error kind if it fails. */
  apply(receipt: ActionReceipt, action: Action, result: ActionResult, promiseResults: PromiseResult[], index: number, last: boolean): ErrorJson | string | undefined {
    const accountId = receipt.receiverId;
    const account = this.state.accounts.get(accountId);
    const type = accountType(accountId, this.config.protocolVersion);
    if (action.kind === 'CreateAccount') {
      if (account) return { AccountAlreadyExists: { account_id: accountId } };
      // An implicit account (NEAR, ETH, and `0s…` from 82) is created by a Transfer alone (check_account_existence,
      // account_is_implicit with eth_implicit_accounts on since 70).
      if (type !== 'NamedAccount') return { OnlyImplicitAccountCreationAllowed: { account_id: accountId } };
      const refused = createAccountError(accountId, receipt.predecessorId);
      if (refused) return refused;
      this.state.accounts.set(accountId, newAccount());
      this.actorId = accountId;
      return undefined;
    }
    if (action.kind === 'DeterministicStateInit') return this.deterministicStateInit(receipt, action, result);
    // A Transfer that is its receipt's only action, not a refund, creates a missing implicit account
    // (check_transfer_to_nonexisting_account, account_is_implicit); its fees paid for the creation (account-type.ts).
    const implicit = type !== 'NamedAccount' && (type !== 'EthImplicitAccount' || this.config.parameters.eth_implicit_accounts);
    if (!account && implicit && action.kind === 'Transfer' && receipt.actions.length === 1 && receipt.predecessorId !== SYSTEM_ACCOUNT) {
      createImplicitAccount(this.state, accountId, type, action.deposit, this.block.height, this.block.chainId ?? '');
      this.actorId = accountId;
      return undefined;
    }
    if (!account) return { AccountDoesNotExist: { account_id: accountId } };
    if (OWNER_ONLY.has(action.kind) && this.actorId !== accountId) {
      return { ActorNoPermission: { account_id: accountId, actor_id: this.actorId } };
    }
    switch (action.kind) {
      case 'Delegate':
        return applyDelegate(this.state, this.block, receipt, action, result, this.config);
      case 'Transfer':
        // A gas refund (a refund to the signer) of a gas key's transaction goes back to the key.
        if (receipt.predecessorId === SYSTEM_ACCOUNT && receipt.signerId === accountId && refundToGasKey(this.state, accountId, receipt.signerPublicKey, action.deposit)) return undefined;
        account.amount += action.deposit;
        return undefined;
      case 'TransferToGasKey':
        return transferToGasKey(this.state, accountId, action.publicKey, action.deposit);
      case 'WithdrawFromGasKey':
        return withdrawFromGasKey(this.state, accountId, action.publicKey, action.amount);
      case 'DeployContract':
        this.state.setContract(accountId, { kind: 'Local', hash: sha256(action.code) }, action.code);
        return undefined;
      case 'FunctionCall':
        account.amount += action.deposit;
        return this.functionCall(receipt, action, result, promiseResults, index, last);
      case 'AddKey': {
        // Stored under its id (an ML-DSA-65 key under its hash, keys.ts); errors name the full key.
        const key = accessKeyId(action.publicKey);
        if (this.state.keysOf(accountId).has(key)) return { AddKeyAlreadyExists: { account_id: accountId, public_key: publicKeyToString(action.publicKey) } };
        if (action.gasKey) {
          this.state.setAccessKey(accountId, key, newGasKey(action.permission, action.gasKey.numNonces, this.block.height));
          return undefined;
        }
        // New keys start at a nonce tied to the block height, so old signed transactions cannot be replayed on them.
        this.state.setAccessKey(accountId, key, { nonce: (this.block.height - 1n) * 1_000_000n, permission: action.permission });
        return undefined;
      }
      case 'DeleteKey': {
        const key = accessKeyId(action.publicKey);
        const stored = this.state.keysOf(accountId).get(key);
        if (!stored) return { DeleteKeyDoesNotExist: { account_id: accountId, public_key: publicKeyToString(action.publicKey) } };
        // A gas key's balance is burnt with it, up to MAX_BALANCE_TO_BURN (access_keys.rs delete_gas_key).
        const refused = gasKeyDeletionError(accountId, action.publicKey, stored);
        if (refused) return refused;
        if (stored.gasKey) result.tokensBurnt = (result.tokensBurnt ?? 0n) + stored.gasKey.balance;
        this.state.removeAccessKey(accountId, key);
        return undefined;
      }
      case 'DeleteAccount': {
        if (account.locked !== 0n) return { DeleteAccountStaking: { account_id: accountId } };
        const large = deleteAccountError(accountId, account, account.contract.kind === 'Local' ? this.state.codeOf(accountId) : undefined, this.config.protocolVersion);
        if (large) return large;
        const gasKeyBalance = gasKeyBalanceSum(this.state, accountId);
        if (gasKeyBalance > MAX_BALANCE_TO_BURN) return { GasKeyBalanceTooHigh: { account_id: accountId, public_key: null, balance: gasKeyBalance.toString() } };
        if (gasKeyBalance > 0n) result.tokensBurnt = (result.tokensBurnt ?? 0n) + gasKeyBalance;
        if (account.amount > 0n) result.balanceTransfers.push({ receiverId: action.beneficiaryId, amount: account.amount, slot: result.sent++ });
        this.state.deleteAccount(accountId);
        return undefined;
      }
      case 'Stake':
        // Stake takes effect at once here (no epochs): the amount moves between liquid and locked.
        if (action.stake > account.amount + account.locked) {
          return { TriesToStake: { account_id: accountId, stake: action.stake.toString(), locked: account.locked.toString(), balance: account.amount.toString() } };
        }
        account.amount = account.amount + account.locked - action.stake;
        account.locked = action.stake;
        return undefined;
      case 'DeployGlobalContract': {
        const cost = this.config.storage.globalContractAmountPerByte * BigInt(action.code.length);
        if (account.amount < cost) return { LackBalanceForState: { account_id: accountId, amount: cost.toString() } };
        account.amount -= cost;
        const byHash = action.deployMode === 'CodeHash';
        result.globalDeploys.push({ byHash, key: byHash ? hex(sha256(action.code)) : accountId, code: action.code, slot: result.sent++ });
        return undefined;
      }
      case 'UseGlobalContract':
        return this.useGlobalContract(accountId, action.contractIdentifier, result);
    }
  }

  /** Points the account at a global contract (nearcore's use_global_contract), which must exist. */
  private useGlobalContract(accountId: string, id: GlobalContractIdentifier, result: ActionResult): ErrorJson | undefined {
    // Only distributed code counts: a deploy in this same receipt is distributed in a later block (global_contracts.rs).
    const exists = id.kind === 'CodeHash' ? this.state.globalByHash.has(hex(id.hash)) : this.state.globalByAccount.has(id.accountId);
    if (!exists) {
      return { GlobalContractDoesNotExist: { identifier: id.kind === 'CodeHash' ? { CodeHash: base58.encode(id.hash) } : { AccountId: id.accountId } } };
    }
    this.state.setContract(accountId, id.kind === 'CodeHash' ? { kind: 'Global', hash: id.hash } : { kind: 'GlobalByAccount', accountId: id.accountId });
    return undefined;
  }

  /** NEP-616 (runtime/runtime/src/deterministic_account_id.rs): a missing account is created with no balance
   *  (the actor stays the predecessor, so nobody can take it over), one without code gets the state init's
   *  global contract and data; the deposit pays exactly the storage the account lacks and the rest is refunded
   *  to the receipt's refund_to (else its predecessor). An account that already runs code only gets the refund. */
  private deterministicStateInit(receipt: ActionReceipt, action: Extract<Action, { kind: 'DeterministicStateInit' }>, result: ActionResult): ErrorJson | undefined {
    const accountId = receipt.receiverId;
    let account = this.state.accounts.get(accountId);
    if (!account) {
      account = newAccount();
      this.state.accounts.set(accountId, account);
    }
    if (account.contract.kind === 'None') {
      const refused = this.useGlobalContract(accountId, action.stateInit.code, result);
      if (refused) return refused;
      for (const [key, value] of action.stateInit.data) {
        this.state.setData(accountId, key, value);
        result.written.push(hex(contractDataKey(accountId, key)));
      }
    }
    const missing = storageShortfall(account);
    if (missing > action.deposit) return { LackBalanceForState: { account_id: accountId, amount: missing.toString() } };
    account.amount += missing;
    const refund = action.deposit - missing;
    if (refund > 0n) result.balanceTransfers.push({ receiverId: receipt.refundTo ?? receipt.predecessorId, amount: refund, slot: result.sent++ });
    return undefined;
  }

  private functionCall(receipt: ActionReceipt, action: Extract<Action, { kind: 'FunctionCall' }>, result: ActionResult, promiseResults: PromiseResult[], index: number, last: boolean): ErrorJson | undefined {
    const accountId = receipt.receiverId;
    const height = this.block.height;
    // lib.rs apply_action_receipt: each action's hash; the call's random seed and data ids derive from it.
    const actionHash = actionHashFromReceiptId(receipt.id, height, index);
    const account = this.state.accounts.get(accountId)!;
    const code = this.state.codeOf(accountId);
    if (!code) return { FunctionCallError: { CompilationError: { CodeDoesNotExist: { account_id: accountId } } } };
    const data = this.state.dataOf(accountId);
    const outcome = this.vm.runFunction({ code, hash: sha256(code) }, action.methodName, {
      currentAccountId: accountId,
      signerAccountId: receipt.signerId,
      signerAccountPk: receipt.signerPublicKey,
      predecessorAccountId: receipt.predecessorId,
      input: action.args,
      promiseResults,
      blockHeight: this.block.height,
      blockTimestamp: this.block.timestamp,
      epochHeight: this.block.epochHeight,
      accountBalance: account.amount,
      accountLockedBalance: account.locked,
      storageUsage: account.storageUsage,
      attachedDeposit: action.deposit,
      prepaidGas: action.gas,
      randomSeed: randomSeed(actionHash, this.block.randomValue ?? sha256(this.block.hash)),
      validators: this.block.validators,
      // Only the last action's return value goes to the receipts waiting on this one (function_call.rs).
      outputDataReceivers: last ? receipt.outputDataReceivers.map((r) => r.receiverId) : [],
      refundToAccountId: receipt.refundTo ?? receipt.predecessorId,
      chainId: this.block.chainId,
      accountContract: account.contract,
      yields: this.block.yields?.host(accountId, actionHash, height),
    }, { get: (key) => data.get(hex(key)), trie: trieAccounting(this.state, accountId, this.block.trieTouched ?? new Set(), this.block.trieWritten ?? new Set()) });
    result.gasBurnt += outcome.burntGas;
    result.gasUsed += outcome.usedGas;
    result.gasBurntForFunctionCall += outcome.burntGas;
    // function_call.rs merges the VM's profile whether or not the call failed.
    result.profile = result.profile ? mergeProfiles(result.profile, outcome.profile) : outcome.profile;
    result.logs.push(...outcome.logs);
    if (outcome.aborted) return { FunctionCallError: functionCallErrorJson(outcome.aborted) };
    // nearcore validates the receipts a call creates (validate_receipt, lib.rs); of those checks the node
    // makes the state init's (the host functions cannot check the receiver the init derives).
    for (const r of outcome.receipts) {
      for (const a of r.actions) {
        const refused = a.kind === 'DeterministicStateInit' ? stateInitError(a, r.receiverId, this.config) : undefined;
        if (refused) return { NewReceiptValidationError: { ActionsValidation: refused } };
      }
    }
    for (const change of outcome.storageChanges) {
      this.state.setData(accountId, change.key, change.value);
      result.written.push(hex(contractDataKey(accountId, change.key)));
    }
    account.amount = outcome.balance;
    // Receipts the call created are renumbered into this receipt's list. Their data ids count up in the
    // order the call generated them (a yield's own, then each dependency's: ext.rs generate_data_id).
    const offset = result.newReceipts.length;
    let dataIndex = 0;
    for (const r of outcome.receipts) {
      if (r.yieldDataId) dataIndex++;
      const dataIds = r.yieldDataId ? [] : r.dependsOn.map(() => dataIdFromActionHash(actionHash, height, dataIndex++));
      result.newReceipts.push({ ...r, dependsOn: r.dependsOn.map((i) => i + offset), slot: result.sent++, dataIds });
    }
    // function_call.rs: its PromiseResumes follow its action receipts.
    for (const r of outcome.resumes ?? []) (result.resumes ??= []).push({ ...r, slot: result.sent++ });
    result.returnData = outcome.returnData.kind === 'ReceiptIndex' ? { kind: 'ReceiptIndex', index: outcome.returnData.index + offset } : outcome.returnData;
    return undefined;
  }
}
