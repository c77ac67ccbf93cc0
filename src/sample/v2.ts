// Version 2 of the sample, for instances that upgrade to it (`upgrade` in v1):
// the same state, read as v1 wrote it, plus one new method, transfer_ownership.
// It has no init: instances start on v1 and move here with their state.
import { NearBindgen, assert, call, near, view, NearPromise, validateAccountId } from 'near-sdk-js';
import { SampleInfo, SampleState } from './state';

@NearBindgen({ requireInit: true })
export class SampleV2 extends SampleState {
  @view({})
  get_greeting(): string {
    return this.greetingText();
  }

  @view({})
  get_info(): SampleInfo {
    return this.info('2');
  }

  @call({})
  set_greeting({ greeting }: { greeting: string }): void {
    this.changeGreeting(greeting);
  }

  @call({ payableFunction: true })
  donate(): { total: string; near: string; yocto_remainder: string } {
    return this.keepDonation();
  }

  @call({})
  withdraw(): NearPromise {
    return this.sendDonationsToOwner();
  }

  @call({})
  upgrade({ contract_id }: { contract_id: unknown }): void {
    this.switchCode(contract_id);
  }

  /** New in v2: the owner hands the instance to another account. */
  @call({})
  transfer_ownership({ new_owner }: { new_owner: string }): void {
    this.requireOwner('transfer_ownership');
    assert(typeof new_owner === 'string' && validateAccountId(new_owner), 'transfer_ownership: new_owner must be a valid account id');
    near.log(`owner changed from ${this.owner} to ${new_owner}`);
    this.owner = new_owner;
  }
}
