// The contract the factory puts on every new account, as a global contract:
// each instance has its own owner, greeting and donations, but shares one copy
// of the code. Small on purpose; it exists to show per-instance state. Its
// owner can move it to another global contract with `upgrade` (see v2.ts).
import { NearBindgen, call, initialize, view, NearPromise } from 'near-sdk-js';
import { InitArgs, SampleInfo, SampleState } from './state';

@NearBindgen({ requireInit: true })
export class Sample extends SampleState {
  @initialize({})
  init(args: InitArgs): NearPromise | undefined {
    return this.initialise(args);
  }

  @view({})
  get_greeting(): string {
    return this.greetingText();
  }

  @view({})
  get_info(): SampleInfo {
    return this.info('1');
  }

  @call({})
  set_greeting({ greeting }: { greeting: string }): void {
    this.changeGreeting(greeting);
  }

  @call({ payableFunction: true })
  donate(): { total: string; near: string; yocto_remainder: string } {
    return this.keepDonation();
  }

  /** Sends every donation to the owner. */
  @call({})
  withdraw(): NearPromise {
    return this.sendDonationsToOwner();
  }

  /** Owner only: `{ "contract_id": { "CodeHash": "<base58>" } }` or `{ "contract_id": { "AccountId": "<publisher>" } }`. */
  @call({})
  upgrade({ contract_id }: { contract_id: unknown }): void {
    this.switchCode(contract_id);
  }
}
