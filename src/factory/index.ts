// The factory: creates <name>.<factory> accounts that run a NEAR global
// contract, so every instance shares one copy of the code. Initialising and
// config changes are for the factory account itself; creation logic lives in
// create.ts, the instance registry in registry.ts.
import { NearBindgen, call, initialize, near, view, LookupMap, Vector } from 'near-sdk-js';
import { GlobalContractId, parseGlobalContractId } from '../lib/global-contract-id';
import { DEFAULT_MIN_DEPOSIT, parseYocto } from './amounts';
import { batchSucceeded, CreateArgs, CreationTicket, scheduleCreation } from './create';
import { deterministicInstanceId, DeterministicArgs, scheduleDeterministicCreation } from './deterministic';
import { emitEvent } from './events';
import { InstanceRecord, InstanceView, Registry, REGISTRY_FEE } from './registry';

/** The tutorial's default: the FT contract deployed by account on testnet. */
const DEFAULT_GLOBAL_CONTRACT_ID: GlobalContractId = { AccountId: 'ft.globals.primitives.testnet' };

@NearBindgen({})
export class GlobalFactory {
  global_contract_id: GlobalContractId = DEFAULT_GLOBAL_CONTRACT_ID;
  min_deposit: string = DEFAULT_MIN_DEPOSIT.toString();
  instances: Vector<string> = new Vector<string>('i');
  records: LookupMap<InstanceRecord> = new LookupMap<InstanceRecord>('r');

  static schema = { instances: { class: Vector, value: 'string' }, records: { class: LookupMap } };

  private registry(): Registry {
    return new Registry(this.instances, this.records);
  }

  /**
   * Only the factory account may initialise it: in its own transaction or, as
   * `near deploy --initFunction` does, in the same transaction as the deploy.
   * Otherwise anyone could point a freshly deployed factory at their own contract.
   */
  @initialize({})
  init({ global_contract_id, min_deposit }: { global_contract_id?: unknown; min_deposit?: unknown }): void {
    const caller = near.predecessorAccountId();
    if (caller !== near.currentAccountId()) {
      throw new Error(`init: only the factory account ${near.currentAccountId()} can initialise the factory, not ${caller}`);
    }
    if (global_contract_id !== undefined) this.global_contract_id = parseGlobalContractId(global_contract_id);
    if (min_deposit !== undefined) this.min_deposit = parseYocto('min_deposit', min_deposit).toString();
  }

  @call({ payableFunction: true })
  create_factory_subaccount_and_deploy(args: CreateArgs): void {
    near.promiseReturn(scheduleCreation(args, this.global_contract_id, BigInt(this.min_deposit)));
  }

  /** The tutorial's name for create_factory_subaccount_and_deploy. */
  @call({ payableFunction: true })
  deploy(args: CreateArgs): void {
    near.promiseReturn(scheduleCreation(args, this.global_contract_id, BigInt(this.min_deposit)));
  }

  /** NEP-616: the global contract at the `0s…` account derived from `state`, with that state in storage. */
  @call({ payableFunction: true })
  create_deterministic_instance(args: DeterministicArgs): void {
    near.promiseReturn(scheduleDeterministicCreation(args ?? {}, this.global_contract_id));
  }

  /** The account create_deterministic_instance would give `state` (default `{ owner: account_id }`) with the current global contract. */
  @view({})
  get_deterministic_account_id({ state, owner }: { state?: unknown; owner?: string }): string {
    if (state === undefined && typeof owner !== 'string') throw new Error('state or owner: required, the state whose account to derive');
    return deterministicInstanceId(state, this.global_contract_id, owner ?? '');
  }

  @call({ privateFunction: true })
  on_instance_created(ticket: CreationTicket): boolean {
    const event = { ...ticket, global_contract_id: this.global_contract_id };
    if (batchSucceeded()) {
      this.registry().register(ticket.account_id, { creator: ticket.creator, block_height: Number(near.blockHeight()) });
      near.log(`Created ${ticket.account_id} for ${ticket.creator} with ${ticket.deposit} yoctoNEAR`);
      emitEvent('instance_created', event);
      return true;
    }
    // What the factory owes the caller: only the registry fee it kept from the deposit. The rest was attached to
    // the batch, whose refund_to is the caller, so the protocol already refunded it to the caller directly.
    const amount = BigInt(ticket.registry_fee);
    near.promiseBatchActionTransfer(near.promiseBatchCreate(ticket.creator), amount);
    near.log(`Could not create ${ticket.account_id}; returning the registry fee ${amount} yoctoNEAR to ${ticket.creator}, the rest of the deposit was refunded by the protocol`);
    emitEvent('instance_creation_failed', { ...event, reason: 'the creation batch failed' });
    return false;
  }

  @call({ privateFunction: true })
  update_global_contract_id({ contract_id, min_deposit }: { contract_id: unknown; min_deposit: unknown }): void {
    const next = parseGlobalContractId(contract_id);
    const deposit = parseYocto('min_deposit', min_deposit).toString();
    this.global_contract_id = next;
    this.min_deposit = deposit;
    near.log(`Global contract set to ${JSON.stringify(next)}, minimum deposit ${deposit} yoctoNEAR`);
  }

  @call({ privateFunction: true })
  update_min_deposit({ min_deposit }: { min_deposit: unknown }): void {
    this.min_deposit = parseYocto('min_deposit', min_deposit).toString();
    near.log(`Minimum deposit set to ${this.min_deposit} yoctoNEAR`);
  }

  @view({})
  get_global_contract_id(): GlobalContractId {
    return this.global_contract_id;
  }

  @view({})
  get_min_deposit(): string {
    return this.min_deposit;
  }

  /** yoctoNEAR the factory keeps from each deposit for its registry entry; the instance gets the rest. */
  @view({})
  get_registry_fee(): string {
    return REGISTRY_FEE.toString();
  }

  @view({})
  get_instance_count(): number {
    return this.registry().count();
  }

  @view({})
  get_instances({ from_index = 0, limit = 50 }: { from_index?: number; limit?: number }): string[] {
    return this.registry().page(from_index, limit);
  }

  @view({})
  get_instance({ account_id }: { account_id: string }): InstanceView | null {
    if (typeof account_id !== 'string') throw new Error('account_id: required, the instance account to look up');
    return this.registry().get(account_id);
  }
}
