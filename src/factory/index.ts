// The factory: creates <name>.<factory> accounts that run a NEAR global
// contract, so every instance shares one copy of the code. Config changes are
// for the factory account itself; creation logic lives in create.ts.
import { NearBindgen, call, initialize, near, view, Vector } from 'near-sdk-js';
import { DEFAULT_GLOBAL_CONTRACT_ID, GlobalContractId, parseGlobalContractId } from './global-contract-id';
import { DEFAULT_MIN_DEPOSIT, parseYocto } from './amounts';
import { batchSucceeded, CreateArgs, CreationTicket, scheduleCreation } from './create';
import { emitEvent } from './events';

const MAX_PAGE = 100;

@NearBindgen({})
export class GlobalFactory {
  global_contract_id: GlobalContractId = DEFAULT_GLOBAL_CONTRACT_ID;
  min_deposit: string = DEFAULT_MIN_DEPOSIT.toString();
  instances: Vector<string> = new Vector<string>('i');

  static schema = { instances: { class: Vector, value: 'string' } };

  @initialize({})
  init({ global_contract_id, min_deposit }: { global_contract_id?: unknown; min_deposit?: unknown }): void {
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

  @call({ privateFunction: true })
  on_instance_created(ticket: CreationTicket): boolean {
    const event = { ...ticket, global_contract_id: this.global_contract_id };
    if (batchSucceeded()) {
      this.instances.push(ticket.account_id);
      near.log(`Created ${ticket.account_id} for ${ticket.creator} with ${ticket.deposit} yoctoNEAR`);
      emitEvent('instance_created', event);
      return true;
    }
    // The failed batch refunded its deposit to us (its predecessor), not to the caller.
    near.promiseBatchActionTransfer(near.promiseBatchCreate(ticket.creator), BigInt(ticket.deposit));
    near.log(`Could not create ${ticket.account_id}; refunding ${ticket.deposit} yoctoNEAR to ${ticket.creator}`);
    emitEvent('instance_creation_failed', { ...event, reason: 'the creation batch failed' });
    return false;
  }

  @call({ privateFunction: true })
  update_global_contract_id({ contract_id, min_deposit }: { contract_id: unknown; min_deposit: unknown }): void {
    const next = parseGlobalContractId(contract_id);
    const deposit = parseYocto('min_deposit', min_deposit);
    this.global_contract_id = next;
    this.min_deposit = deposit.toString();
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

  @view({})
  get_instance_count(): number {
    return this.instances.length;
  }

  @view({})
  get_instances({ from_index = 0, limit = 50 }: { from_index?: number; limit?: number }): string[] {
    if (!Number.isInteger(from_index) || from_index < 0) throw new Error('from_index: expected a non-negative integer');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new Error(`limit: expected an integer from 1 to ${MAX_PAGE}`);
    const end = Math.min(this.instances.length, from_index + limit);
    const page: string[] = [];
    for (let i = from_index; i < end; i++) page.push(this.instances.get(i) as string);
    return page;
  }
}
