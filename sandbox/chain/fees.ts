// Action fees as nearcore charges them (runtime/runtime/src/config.rs): the send
// part when a receipt is created (sir: sender is receiver), the execution part
// when each action is applied.
import type { ActionFee, ActionFees, RuntimeConfig } from '../params/runtime-config.ts';
import { implicitTransferFees } from '../vm/account-type.ts';
import { gasKeyAddKeyCost, gasKeyTransferCost } from './gas-keys.ts';
import { stateInitBytes } from './state-init.ts';
import type { Action, DelegateAction } from './types.ts';

export interface ActionCost {
  send: bigint;
  exec: bigint;
}

function feeCost(fees: ActionFees, fee: ActionFee, sir: boolean, times = 1n): ActionCost {
  const f = fees[fee];
  return { send: (sir ? f.sendSir : f.sendNotSir) * times, exec: f.execution * times };
}

function plus(...costs: ActionCost[]): ActionCost {
  return costs.reduce((a, b) => ({ send: a.send + b.send, exec: a.exec + b.exec }), { send: 0n, exec: 0n });
}

const bytes = (s: string) => BigInt(Buffer.byteLength(s));

/** An action's fees; a Transfer's depend on the kind of its receiver (implicit accounts pay for their creation). */
export function actionCost(config: RuntimeConfig, action: Action, sir: boolean, receiverId: string): ActionCost {
  const fees = config.fees;
  const cost = (fee: ActionFee, sir: boolean, times = 1n) => feeCost(fees, fee, sir, times);
  switch (action.kind) {
    case 'CreateAccount': return cost('create_account', sir);
    case 'DeployContract': return plus(cost('deploy_contract_base', sir), cost('deploy_contract_per_byte', sir, BigInt(action.code.length)));
    case 'FunctionCall':
      return plus(cost('function_call_base', sir), cost('function_call_per_byte', sir, bytes(action.methodName) + BigInt(action.args.length)));
    case 'Transfer': return plus(cost('transfer', sir), ...implicitTransferFees(receiverId, config).map((f) => cost(f, sir)));
    case 'Stake': return cost('stake', sir);
    case 'AddKey': {
      const key = action.permission.kind === 'FullAccess' ? cost('add_key_full_access', sir)
        : plus(cost('add_key_function_call_base', sir), cost('add_key_function_call_per_byte', sir, action.permission.methodNames.reduce((n, m) => n + bytes(m) + 1n, 0n)));
      // A gas key adds its info's bytes and its nonces' writes (gas-keys.ts).
      return action.gasKey ? plus(key, gasKeyAddKeyCost(config, action.gasKey.numNonces, sir, receiverId, action.publicKey)) : key;
    }
    case 'TransferToGasKey':
    case 'WithdrawFromGasKey':
      return gasKeyTransferCost(config, sir, receiverId, action.publicKey);
    case 'DeleteKey': return cost('delete_key', sir);
    case 'DeleteAccount': return cost('delete_account', sir);
    case 'DeployGlobalContract':
      return plus(cost('deploy_global_contract_base', sir), cost('deploy_global_contract_per_byte', sir, BigInt(action.code.length)));
    case 'UseGlobalContract': {
      const id = action.contractIdentifier;
      const length = id.kind === 'CodeHash' ? 32n : bytes(id.accountId);
      return plus(cost('use_global_contract_base', sir), cost('use_global_contract_per_identifier_byte', sir, length));
    }
    case 'DeterministicStateInit':
      return plus(cost('deterministic_state_init_base', sir), cost('deterministic_state_init_entry', sir, BigInt(action.stateInit.data.length)),
        cost('deterministic_state_init_byte', sir, stateInitBytes(action.stateInit)));
    case 'Delegate': {
      // total_send_fees: the delegate's send fee plus its inner actions' send fees at the outer sir (as nearcore
      // computes it), burnt at conversion; exec_fee: only the delegate's own, burnt when it is applied.
      const inner = action.delegateAction;
      const sends = inner.actions.reduce((sum, a) => sum + actionCost(config, a, sir, inner.receiverId).send, 0n);
      return { send: cost('delegate', sir).send + sends, exec: cost('delegate', sir).exec };
    }
  }
}

/** Gas a delegate action reserves for the receipt it creates, beyond attached gas (config.rs): `send`, the
 *  inner actions' send fees with sir = sender is inner receiver (total_prepaid_send_fees); `exec`, the new
 *  receipt's execution fee and its actions' (the delegate part of total_prepaid_exec_fees). */
export function delegateReceiptGas(config: RuntimeConfig, delegate: DelegateAction): ActionCost {
  const sir = delegate.senderId === delegate.receiverId;
  const cost = receiptCost(config, delegate.actions, sir, delegate.receiverId);
  return { send: cost.send - receiptCreationCost(config.fees, sir).send, exec: cost.exec };
}

/** All gas the actions' delegate actions reserve for their receipts, beyond attached gas. */
export function delegatedGas(config: RuntimeConfig, actions: Action[]): bigint {
  return actions.reduce((sum, a) => {
    if (a.kind !== 'Delegate') return sum;
    const gas = delegateReceiptGas(config, a.delegateAction);
    return sum + gas.send + gas.exec;
  }, 0n);
}

/** Fees of creating a receipt, without its actions. */
export function receiptCreationCost(fees: ActionFees, sir: boolean): ActionCost {
  return feeCost(fees, 'action_receipt_creation', sir);
}

/** Fees of a whole receipt: its creation plus every action. */
export function receiptCost(config: RuntimeConfig, actions: Action[], sir: boolean, receiverId: string): ActionCost {
  return plus(receiptCreationCost(config.fees, sir), ...actions.map((a) => actionCost(config, a, sir, receiverId)));
}

/** Gas attached to the receipt's function calls, a delegate action's inner ones included (total_prepaid_gas). */
export function prepaidGas(actions: Action[]): bigint {
  return actions.reduce((sum, a) => sum + (a.kind === 'FunctionCall' ? a.gas : a.kind === 'Delegate' ? prepaidGas(a.delegateAction.actions) : 0n), 0n);
}

/** Deposits, a delegate action's inner ones included: the relayer pays them (total_deposit). */
export function totalDeposit(actions: Action[]): bigint {
  return actions.reduce((sum, a) => sum + (a.kind === 'FunctionCall' || a.kind === 'Transfer' || a.kind === 'DeterministicStateInit' || a.kind === 'TransferToGasKey' ? a.deposit
    : a.kind === 'Delegate' ? totalDeposit(a.delegateAction.actions) : 0n), 0n);
}
