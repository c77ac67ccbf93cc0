// The contract the factory puts on every new account, as a global contract:
// each instance has its own owner, greeting and donations, but shares one copy
// of the code. Small on purpose; it exists to show per-instance state.
import { NearBindgen, call, initialize, near, view, NearPromise, assert } from 'near-sdk-js';

export const SAMPLE_VERSION = '1';

interface SampleInfo {
  owner: string;
  greeting: string;
  donations: string;
  version: string;
}

@NearBindgen({ requireInit: true })
export class Sample {
  owner = '';
  greeting = 'Hello';
  donations = 0n;

  @initialize({})
  init({ owner, greeting }: { owner: string; greeting?: string }): void {
    assert(typeof owner === 'string' && owner.length > 0, 'init: owner is required');
    this.owner = owner;
    if (greeting !== undefined) this.greeting = greeting;
  }

  @view({})
  get_greeting(): string {
    return `${this.greeting}, I belong to ${this.owner}`;
  }

  @view({})
  get_info(): SampleInfo {
    return { owner: this.owner, greeting: this.greeting, donations: this.donations.toString(), version: SAMPLE_VERSION };
  }

  @call({})
  set_greeting({ greeting }: { greeting: string }): void {
    assert(near.predecessorAccountId() === this.owner, 'set_greeting: only the owner can change the greeting');
    assert(typeof greeting === 'string' && greeting.length <= 200, 'set_greeting: greeting must be a string of at most 200 characters');
    near.log(`greeting changed to "${greeting}"`);
    this.greeting = greeting;
  }

  /** Keeps the attached deposit; returns the total in yoctoNEAR and split into NEAR + remainder. */
  @call({ payableFunction: true })
  donate(): { total: string; near: string; yocto_remainder: string } {
    const deposit = near.attachedDeposit();
    assert(deposit > 0n, 'donate: attach a deposit');
    this.donations += deposit;
    const ONE_NEAR = 10n ** 24n;
    return {
      total: this.donations.toString(),
      near: (this.donations / ONE_NEAR).toString(),
      yocto_remainder: (this.donations % ONE_NEAR).toString(),
    };
  }

  /** Sends every donation to the owner. */
  @call({})
  withdraw(): NearPromise {
    assert(near.predecessorAccountId() === this.owner, 'withdraw: only the owner can withdraw');
    const amount = this.donations;
    this.donations = 0n;
    return NearPromise.new(this.owner).transfer(amount);
  }
}
