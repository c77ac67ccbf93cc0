// Version 2 of the sample, for instances that upgrade to it (`upgrade` in v1):
// the same state, read as v1 wrote it, plus one new method, transfer_ownership.
// It has no init: instances start on v1 and move here with their state.
import { NearBindgen, assert, call, near, view, NearPromise, validateAccountId } from 'near-sdk-js';
import { DonationTotal, SampleInfo, SampleState } from './state';

@NearBindgen({ requireInit: true })
export class SampleV2 extends SampleState {
  @view({})
  get_greeting(): string {
    return super.get_greeting();
  }

  @view({})
  get_info(): SampleInfo {
    return this.info('2');
  }

  @call({})
  set_greeting(args: { greeting: string }): void {
    super.set_greeting(args);
  }

  @call({ payableFunction: true })
  donate(): DonationTotal {
    return super.donate();
  }

  @call({})
  withdraw(): NearPromise {
    return super.withdraw();
  }

  @call({})
  upgrade(args: { contract_id: unknown }): void {
    super.upgrade(args);
  }

  /** New in v2: the owner hands the instance to another account. */
  @call({})
  transfer_ownership({ new_owner }: { new_owner: string }): void {
    assert(near.predecessorAccountId() === this.owner, 'transfer_ownership: only the owner can hand the instance over');
    assert(typeof new_owner === 'string' && validateAccountId(new_owner), 'transfer_ownership: new_owner must be a valid account id');
    near.log(`owner changed from ${this.owner} to ${new_owner}`);
    this.owner = new_owner;
  }
}
