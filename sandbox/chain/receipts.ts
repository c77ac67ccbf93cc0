// Applies receipts as nearcore's runtime does (apply_action_receipt): execution
// fees, the actions, storage staking, rollback on failure, burnt-gas reward,
// gas and deposit refunds, new receipts and the data they send each other.
import { hasFeature } from '../params/features.ts';
import type { RuntimeConfig } from '../params/runtime-config.ts';
import type { PromiseResult, VM } from '../vm/types.ts';
import { storageShortfall } from './account-rules.ts';
import { newReceiptValidationError } from './action-validation.ts';
import { newReceiptBorshLength } from './receipt-size.ts';
import { ActionApplier, type ActionResult, type BlockContext } from './actions.ts';
import { actionCost, delegatedGas, prepaidGas, receiptCost, receiptCreationCost, totalDeposit } from './fees.ts';
import { gasKeyActionError } from './gas-keys.ts';
import { postQuantumActionsError } from './post-quantum.ts';
import { accessKeyId } from './keys.ts';
import { receiptIdFromReceiptId } from './receipt-ids.ts';
import type { ChainState } from './state.ts';
import type { AccountContract, ActionReceipt, DataReceipt, ExecutionOutcome, ExecutionStatus, Receipt } from './types.ts';

/** Refunds and balance transfers come from this pseudo-account and cost no gas. */
export const SYSTEM_ACCOUNT = 'system';

export interface Applied {
  outcome: ExecutionOutcome;
  newReceipts: Receipt[];
  /** Global contracts deployed: nearcore's distribution receipts (with their receipt ids), applied in a
   *  later block (global_contracts.rs). */
  distributions: Array<{ byHash: boolean; key: string; code: Uint8Array; id: Uint8Array }>;
}

/** A balance refund (`refundKey`: a gas refund, to the signer's key) from the system account (Receipt::new_balance_refund / new_gas_refund). */
export function transferReceipt(id: Uint8Array, receiverId: string, amount: bigint, from: ActionReceipt, refundKey: boolean): ActionReceipt {
  return {
    kind: 'Action', id, predecessorId: SYSTEM_ACCOUNT, receiverId,
    signerId: refundKey ? from.signerId : SYSTEM_ACCOUNT, signerPublicKey: from.signerPublicKey, gasPrice: 0n,
    outputDataReceivers: [], inputDataIds: [], actions: [{ kind: 'Transfer', deposit: amount }],
  };
}

export function applyActionReceipt(state: ChainState, vm: VM, block: BlockContext, receipt: ActionReceipt, promiseResults: PromiseResult[], config: RuntimeConfig): Applied {
  const accountId = receipt.receiverId;
  const isRefund = receipt.predecessorId === SYSTEM_ACCOUNT;
  const restore = state.checkpoint(accountId);
  const restoreYields = block.yields?.begin();
  const sir = receipt.signerId === accountId;
  const existedBefore = state.accounts.has(accountId);
  // As nearcore's apply_action_receipt: the receipt's execution fee is burnt first, each action's when
  // that action is applied; after a failing action the rest are not applied, so their fees are refunded.
  const creationFee = isRefund ? 0n : receiptCreationCost(config.fees, sir).exec;
  const result: ActionResult = {
    gasBurnt: creationFee, gasUsed: creationFee, gasBurntForFunctionCall: 0n, logs: [], newReceipts: [],
    returnData: { kind: 'None' }, balanceTransfers: [], globalDeploys: [], written: [], sent: 0,
  };
  const applier = new ActionApplier(state, vm, block, receipt, config);
  // ExecutionMetadataV4 (85): the receiver's contract before each action; None where none ran.
  const contracts: AccountContract[] = receipt.actions.map(() => ({ kind: 'None' }));
  for (const [index, action] of receipt.actions.entries()) {
    contracts[index] = state.accounts.get(accountId)?.contract ?? { kind: 'None' };
    if (!isRefund) {
      const fee = actionCost(config, action, sir, accountId).exec;
      result.gasBurnt += fee;
      result.gasUsed += fee;
    }
    // The receipt returns what its last action returns; any action but a FunctionCall returns
    // nothing (ActionReceiptResult::merge in runtime/runtime/src/lib.rs replaces the result each time).
    result.returnData = { kind: 'None' };
    const created = result.newReceipts.length;
    let kind = applier.apply(receipt, action, result, promiseResults, index, index === receipt.actions.length - 1);
    // Receipts the action created are validated as nearcore validates new receipts; a bad one fails the action.
    for (const [i, r] of (kind ? [] : result.newReceipts.slice(created)).entries()) {
      // verifier.rs validate_receipt: the size first (max_receipt_size), then the receipt's contents,
      // with nearcore's protocol gates on the actions: post-quantum keys before 85, gas keys.
      const size = newReceiptBorshLength(result.newReceipts, created + i, accountId, receipt.signerId, receipt.signerPublicKey);
      const invalid = BigInt(size) > config.limits.maxReceiptSize
        ? { ReceiptSizeExceeded: { size, limit: Number(config.limits.maxReceiptSize) } }
        : newReceiptValidationError(r.receiverId, r.actions, r.dependsOn.length, config.limits, (a) => postQuantumActionsError([a], config) ?? gasKeyActionError(a, config));
      if (invalid) { kind = { NewReceiptValidationError: invalid }; break; }
    }
    if (kind) {
      result.error = { ActionError: { index, kind } };
      break;
    }
  }
  const account = state.accounts.get(accountId);
  if (!result.error && account) {
    const lacking = storageShortfall(account);
    if (lacking > 0n) result.error = { ActionError: { index: null, kind: { LackBalanceForState: { account_id: accountId, amount: lacking.toString() } } } };
  }
  if (result.error) {
    restore();
    restoreYields?.();
  } else {
    for (const key of result.written) block.trieWritten?.add(key);
    if (isRefund && receipt.signerId !== SYSTEM_ACCOUNT) refundAllowance(state, receipt);
  }

  // NEP-642 (85, lib.rs apply_action_receipt): gas bought at the receipt's price is burnt at the
  // block's price when lower; the difference goes back in the refund. Before 85 both are the receipt's.
  const accountCostIncrease = hasFeature(config.protocolVersion, 'AccountCostIncrease');
  const purchasePrice = receipt.gasPrice;
  const blockPrice = block.gasPrice ?? purchasePrice;
  const burnPrice = accountCostIncrease && blockPrice < purchasePrice ? blockPrice : purchasePrice;
  const priceSurplus = (purchasePrice - burnPrice) * result.gasBurnt;
  // A receipt that created its receiver pays account_creation_charge in all: what the create_account
  // execution gas burnt, plus the rest taken from the price surplus (refund_unspent_gas_and_deposits).
  let creationCharge = 0n;
  if (accountCostIncrease && !isRefund && !existedBefore && !result.error && state.accounts.has(accountId)) {
    const burnt = config.fees.create_account.execution * burnPrice;
    const wanted = config.accountCreationCharge > burnt ? config.accountCreationCharge - burnt : 0n;
    creationCharge = wanted < priceSurplus ? wanted : priceSurplus;
  }
  // From 83 (IncludeDeployGlobalContractOutcomeBurntStorage) the NEAR a global deploy burns shows in tokens_burnt.
  const storageBurnt = !result.error && hasFeature(config.protocolVersion, 'IncludeDeployGlobalContractOutcomeBurntStorage')
    ? result.globalDeploys.reduce((sum, d) => sum + config.storage.globalContractAmountPerByte * BigInt(d.code.length), 0n)
    : 0n;

  // The contract account earns a share of the gas its code burnt, failed or not.
  const reward = ((result.gasBurntForFunctionCall * config.burntGasReward.numerator) / config.burntGasReward.denominator) * burnPrice;
  const rewarded = state.accounts.get(accountId);
  if (reward > 0n && rewarded) rewarded.amount += reward;

  // Receipt ids as apply_action_receipt gives them (lib.rs "Generating receipt IDs"): the receipt's id, the
  // block's height and the index in its new_receipts, which lists what the actions sent, action by action
  // (none if the receipt failed), then the deposit and gas refunds, then the data receipts answering the
  // receipts that wait on this one.
  const idAt = (index: number) => receiptIdFromReceiptId(receipt.id, block.height, index);
  const created: ActionReceipt[] = result.error ? [] : result.newReceipts.map((r) => ({
    kind: 'Action', id: idAt(r.slot), predecessorId: accountId, receiverId: r.receiverId,
    signerId: receipt.signerId, signerPublicKey: receipt.signerPublicKey, gasPrice: receipt.gasPrice,
    outputDataReceivers: [], inputDataIds: r.yieldDataId ? [r.yieldDataId] : [], actions: r.actions, ...(r.refundTo === undefined ? {} : { refundTo: r.refundTo }),
    ...(r.yieldDataId ? { promiseYield: true } : {}),
  }));
  // promise_yield_resume: PromiseResume data receipts to the account itself, after their call's action receipts (function_call.rs).
  const resumes = result.error ? [] : (result.resumes ?? []).map((r): { slot: number; receipt: Receipt } => ({
    slot: r.slot, receipt: { kind: 'Data', id: idAt(r.slot), predecessorId: accountId, receiverId: accountId, dataId: r.dataId, data: r.payload, promiseResume: true },
  }));
  // A dependency's data id was generated when its dependent was created (ext.rs create_action_receipt).
  created.forEach((receipt, i) => {
    const { dependsOn, dataIds } = result.newReceipts[i];
    dependsOn.forEach((j, k) => {
      created[j].outputDataReceivers.push({ dataId: dataIds[k], receiverId: receipt.receiverId });
      receipt.inputDataIds.push(dataIds[k]);
    });
  });
  const transfers = result.error ? [] : result.balanceTransfers.map((t): { slot: number; receipt: Receipt } => ({ slot: t.slot, receipt: transferReceipt(idAt(t.slot), t.receiverId, t.amount, receipt, false) }));
  let sent = result.error ? 0 : result.sent;

  const refunds: ActionReceipt[] = [];
  if (!isRefund) {
    // Refund (nearcore's refund_unspent_gas_and_deposits): all that was prepaid minus what was used
    // (burnt, on failure). The refund penalty is 0 through protocol 86 (gas_refund_penalty 0/100).
    const prepaid = prepaidGas(receipt.actions) + receiptCost(config, receipt.actions, sir, accountId).exec + delegatedGas(config, receipt.actions);
    const gasRefund = prepaid - (result.error ? result.gasBurnt : result.gasUsed);
    const depositRefund = result.error ? totalDeposit(receipt.actions) : 0n;
    const surplusRefund = accountCostIncrease ? priceSurplus - creationCharge : 0n;
    const gasBalanceRefund = gasRefund * purchasePrice + surplusRefund;
    // Deposits go back to the receipt's refund_to when its creator set one (Receipt::balance_refund_receiver).
    if (depositRefund > 0n) refunds.push(transferReceipt(idAt(sent++), receipt.refundTo ?? receipt.predecessorId, depositRefund, receipt, false));
    if (gasBalanceRefund > 0n) refunds.push(transferReceipt(idAt(sent++), receipt.signerId, gasBalanceRefund, receipt, true));
  }

  let status: ExecutionStatus;
  const data: DataReceipt[] = [];
  const sendData = (value: Uint8Array | null) => {
    for (const { dataId, receiverId } of receipt.outputDataReceivers) {
      data.push({ kind: 'Data', id: idAt(sent++), predecessorId: accountId, receiverId, dataId, data: value });
    }
  };
  if (result.error) {
    status = { kind: 'Failure', error: result.error };
    sendData(null);
  } else if (result.returnData.kind === 'ReceiptIndex') {
    // The returned promise answers whoever waits for this receipt.
    const target = created[result.returnData.index];
    target.outputDataReceivers.push(...receipt.outputDataReceivers);
    status = { kind: 'SuccessReceiptId', receiptId: target.id };
  } else {
    const value = result.returnData.kind === 'Value' ? result.returnData.value : new Uint8Array();
    status = { kind: 'SuccessValue', value };
    sendData(value);
  }

  // What the actions sent, in their order, then the refunds and the data (new_receipts); the outcome's
  // receipt_ids are its action receipts.
  const sentByActions = [...created.map((r, i): { slot: number; receipt: Receipt } => ({ slot: result.newReceipts[i].slot, receipt: r })), ...transfers, ...resumes]
    .sort((a, b) => a.slot - b.slot);
  const outgoing = [...sentByActions.map((s) => s.receipt), ...refunds, ...data];
  return {
    outcome: {
      id: receipt.id, blockHash: block.hash, executorId: accountId, predecessorId: receipt.predecessorId, logs: result.logs,
      receiptIds: outgoing.filter((r) => r.kind === 'Action').map((r) => r.id), gasBurnt: result.gasBurnt,
      tokensBurnt: (isRefund ? 0n : result.gasBurnt * burnPrice) + creationCharge + storageBurnt + (result.error ? 0n : result.tokensBurnt ?? 0n), contractReward: reward, status,
      ...(hasFeature(config.protocolVersion, 'ExecutionMetadataV4') ? { contracts } : {}),
      ...(result.profile ? { profile: result.profile } : {}),
    },
    newReceipts: outgoing,
    distributions: result.error ? [] : result.globalDeploys.map(({ slot, ...d }) => ({ ...d, id: idAt(slot) })),
  };
}

/** A gas refund to a function-call key's signer gives back its allowance too, as nearcore does. */
function refundAllowance(state: ChainState, receipt: ActionReceipt): void {
  const key = state.keysOf(receipt.receiverId).get(accessKeyId(receipt.signerPublicKey));
  const action = receipt.actions[0];
  if (key?.permission.kind === 'FunctionCall' && key.permission.allowance !== null && action.kind === 'Transfer') {
    key.permission.allowance += action.deposit;
  }
}
