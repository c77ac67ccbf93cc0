// The contract the factory puts on every new account, as a global contract:
// each instance has its own owner, greeting and donations, but shares one copy
// of the code. Small on purpose; it exists to show per-instance state. Its
// owner can move it to another global contract with `upgrade` (see v2.ts).
import { NearBindgen, call, initialize, view, NearPromise } from 'near-sdk-js';
import { DonationTotal, InitArgs, SampleInfo, SampleState } from './state';

@NearBindgen({ requireInit: true })
export class Sample extends SampleState {
  @initialize({})
  init(args: InitArgs): NearPromise | undefined {
    return super.init(args);
  }

  @view({})
  get_greeting(): string {
    return super.get_greeting();
  }

  @view({})
  get_info(): SampleInfo {
    return this.info('1');
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

  /** Owner only: `{ "contract_id": { "CodeHash": "<base58>" } }` or `{ "contract_id": { "AccountId": "<publisher>" } }`. */
  @call({})
  upgrade(args: { contract_id: unknown }): void {
    super.upgrade(args);
  }
}
