// Action fees as nearcore charges them (runtime/runtime/src/config.rs): the send
// part when a receipt is created (sir: sender is receiver), the execution part
// when each action is applied.
import type { ActionFee, ActionFees, RuntimeConfig } from '../params/runtime-config.ts';
import { implicitTransferFees } from '../vm/account-type.ts';
import { stateInitBytes } from './state-init.ts';
import type { Action } from './types.ts';

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
    case 'AddKey':
      if (action.permission.kind === 'FullAccess') return cost('add_key_full_access', sir);
      return plus(cost('add_key_function_call_base', sir),
        cost('add_key_function_call_per_byte', sir, action.permission.methodNames.reduce((n, m) => n + bytes(m) + 1n, 0n)));
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
  }
}

/** Fees of creating a receipt, without its actions. */
export function receiptCreationCost(fees: ActionFees, sir: boolean): ActionCost {
  return feeCost(fees, 'action_receipt_creation', sir);
}

/** Fees of a whole receipt: its creation plus every action. */
export function receiptCost(config: RuntimeConfig, actions: Action[], sir: boolean, receiverId: string): ActionCost {
  return plus(receiptCreationCost(config.fees, sir), ...actions.map((a) => actionCost(config, a, sir, receiverId)));
}

/** Gas attached to the receipt's function calls. */
export function prepaidGas(actions: Action[]): bigint {
  return actions.reduce((sum, a) => sum + (a.kind === 'FunctionCall' ? a.gas : 0n), 0n);
}

export function totalDeposit(actions: Action[]): bigint {
  return actions.reduce((sum, a) => sum + (a.kind === 'FunctionCall' || a.kind === 'Transfer' || a.kind === 'DeterministicStateInit' ? a.deposit : 0n), 0n);
}
