// nearcore's validation of a list of actions (runtime/runtime/src/action_validation.rs
// validate_actions_with_mode, NewReceipt mode), shared by transactions (an
// InvalidTxError::ActionsValidation) and by receipts a contract creates (the
// call fails with NewReceiptValidationError { ActionsValidation }). Limits are
// the chain's own LimitConfig at its protocol version.
import type { Limits } from '../params/runtime-config.ts';
import { isValidAccountId } from './account-rules.ts';
import type { Action, ErrorJson } from './types.ts';

const num = (n: bigint | number) => Number(n);

/** nearcore's error enums serialize unit variants as strings ("DeleteActionMustBeFinal"). */
export type ValidationError = ErrorJson | string;

/** The ActionsValidationError nearcore gives for `actions`, or undefined if they are valid. */
export function actionsValidationError(actions: readonly Action[], limits: Limits, other?: (action: Action) => ValidationError | undefined): ValidationError | undefined {
  if (BigInt(actions.length) > limits.maxActionsPerReceipt) {
    return { TotalNumberOfActionsExceeded: { total_number_of_actions: actions.length, limit: num(limits.maxActionsPerReceipt) } };
  }
  // validate_number_of_deploy_actions: DeployContract and DeployGlobalContract count (10 from 84, 100 before).
  const deploys = actions.filter((a) => a.kind === 'DeployContract' || a.kind === 'DeployGlobalContract').length;
  if (BigInt(deploys) > limits.maxDeployActionsPerReceipt) {
    return { TotalNumberOfDeployActionsExceeded: { number_of_deploy_actions: deploys, limit: num(limits.maxDeployActionsPerReceipt) } };
  }
  let gas = 0n;
  for (const [i, action] of actions.entries()) {
    if (action.kind === 'DeleteAccount' && i !== actions.length - 1) return 'DeleteActionMustBeFinal';
    const error = actionError(action, limits) ?? other?.(action);
    if (error) return error;
    if (action.kind === 'FunctionCall') gas += action.gas;
  }
  if (gas > limits.maxTotalPrepaidGas) return { TotalPrepaidGasExceeded: { total_prepaid_gas: num(gas), limit: num(limits.maxTotalPrepaidGas) } };
  return undefined;
}

function actionError(action: Action, limits: Limits): ValidationError | undefined {
  switch (action.kind) {
    case 'FunctionCall':
      if (action.gas === 0n) return 'FunctionCallZeroAttachedGas';
      if (BigInt(Buffer.byteLength(action.methodName)) > limits.maxLengthMethodName) {
        return { FunctionCallMethodNameLengthExceeded: { length: Buffer.byteLength(action.methodName), limit: num(limits.maxLengthMethodName) } };
      }
      if (BigInt(action.args.length) > limits.maxArgumentsLength) {
        return { FunctionCallArgumentsLengthExceeded: { length: action.args.length, limit: num(limits.maxArgumentsLength) } };
      }
      return undefined;
    case 'DeployContract':
    case 'DeployGlobalContract':
      if (BigInt(action.code.length) > limits.maxContractSize) return { ContractSizeExceeded: { size: action.code.length, limit: num(limits.maxContractSize) } };
      return undefined;
    case 'DeleteAccount':
      if (!isValidAccountId(action.beneficiaryId)) return { InvalidAccountId: { account_id: action.beneficiaryId } };
      return undefined;
    case 'UseGlobalContract': {
      const id = action.contractIdentifier;
      if (id.kind === 'AccountId' && !isValidAccountId(id.accountId)) return { InvalidAccountId: { account_id: id.accountId } };
      return undefined;
    }
    case 'AddKey': {
      // validate_access_key_permission: the receiver must parse, then each name's length, then their total (+1 each).
      if (action.permission.kind !== 'FunctionCall') return undefined;
      if (!isValidAccountId(action.permission.receiverId)) return { InvalidAccountId: { account_id: action.permission.receiverId } };
      let total = 0;
      for (const name of action.permission.methodNames) {
        const length = Buffer.byteLength(name);
        if (BigInt(length) > limits.maxLengthMethodName) return { AddKeyMethodNameLengthExceeded: { length, limit: num(limits.maxLengthMethodName) } };
        total += length + 1;
      }
      if (BigInt(total) > limits.maxNumberBytesMethodNames) return { AddKeyMethodNamesNumberOfBytesExceeded: { total_number_of_bytes: total, limit: num(limits.maxNumberBytesMethodNames) } };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** lib.rs apply_action_receipt → verifier.rs validate_receipt (NewReceipt mode) on each receipt a call created. */
export function newReceiptValidationError(receiverId: string, actions: readonly Action[], inputDataCount: number, limits: Limits, other?: (action: Action) => ValidationError | undefined): ValidationError | undefined {
  if (!isValidAccountId(receiverId)) return { InvalidReceiverId: { account_id: receiverId } };
  if (BigInt(inputDataCount) > limits.maxNumberInputDataDependencies) {
    return { NumberInputDataDependenciesExceeded: { number_of_input_data_dependencies: inputDataCount, limit: num(limits.maxNumberInputDataDependencies) } };
  }
  const invalid = actionsValidationError(actions, limits, other);
  return invalid ? { ActionsValidation: invalid } : undefined;
}
