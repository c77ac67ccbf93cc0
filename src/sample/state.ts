// The sample's state and behaviour, shared by its versions (index.ts is v1,
// v2.ts the version instances upgrade to). Each version is a @NearBindgen class
// extending this one whose decorated methods expose these (near-sdk-js exports
// only the methods declared in the class itself); both read the same STATE.
import { assert, near, NearPromise } from 'near-sdk-js';
import { parseGlobalContractId } from '../lib/global-contract-id';
import { switchGlobalContract } from './upgrade';

export interface SampleInfo {
  owner: string;
  greeting: string;
  donations: string;
  version: string;
}

export interface InitArgs {
  owner: string;
  greeting?: string;
  /** An account to tell about the new instance: its `on_sample_created({ owner })` is called and its result returned. */
  notify?: string;
}

export interface DonationTotal {
  total: string;
  near: string;
  yocto_remainder: string;
}

const ONE_NEAR = 10n ** 24n;
/** Gas for the notification call: enough for a QuickJS contract to load and answer. */
const NOTIFY_GAS = 10n * 10n ** 12n;

export class SampleState {
  owner = '';
  greeting = 'Hello';
  donations = 0n;

  /** With a schema, near-sdk-js reads only the fields STATE has and keeps the defaults of the others, so a
   *  deterministic instance's initial STATE may hold just `{ "owner": … }` (src/factory/deterministic.ts). */
  static schema = { owner: 'string', greeting: 'string', donations: 'bigint' };

  init({ owner, greeting, notify }: InitArgs): NearPromise | undefined {
    assert(typeof owner === 'string' && owner.length > 0, 'init: owner is required');
    this.owner = owner;
    if (greeting !== undefined) this.greeting = greeting;
    if (notify === undefined) return undefined;
    return NearPromise.new(notify).functionCall('on_sample_created', JSON.stringify({ owner }), 0n, NOTIFY_GAS);
  }

  get_greeting(): string {
    return `${this.greeting}, I belong to ${this.owner}`;
  }

  protected info(version: string): SampleInfo {
    return { owner: this.owner, greeting: this.greeting, donations: this.donations.toString(), version };
  }

  set_greeting({ greeting }: { greeting: string }): void {
    assert(near.predecessorAccountId() === this.owner, 'set_greeting: only the owner can change the greeting');
    assert(typeof greeting === 'string' && greeting.length <= 200, 'set_greeting: greeting must be a string of at most 200 characters');
    near.log(`greeting changed to "${greeting}"`);
    this.greeting = greeting;
  }

  /** Keeps the attached deposit; returns the total in yoctoNEAR and split into NEAR + remainder. */
  donate(): DonationTotal {
    const deposit = near.attachedDeposit();
    assert(deposit > 0n, 'donate: attach a deposit');
    this.donations += deposit;
    return {
      total: this.donations.toString(),
      near: (this.donations / ONE_NEAR).toString(),
      yocto_remainder: (this.donations % ONE_NEAR).toString(),
    };
  }

  /** Sends every donation to the owner. */
  withdraw(): NearPromise {
    assert(near.predecessorAccountId() === this.owner, 'withdraw: only the owner can withdraw');
    const amount = this.donations;
    this.donations = 0n;
    return NearPromise.new(this.owner).transfer(amount);
  }

  /** Points this account at another global contract; the state stays. */
  upgrade({ contract_id }: { contract_id: unknown }): void {
    assert(near.predecessorAccountId() === this.owner, 'upgrade: only the owner can upgrade the instance');
    const target = parseGlobalContractId(contract_id);
    near.log(`upgrading to ${JSON.stringify(target)}`);
    switchGlobalContract(target);
  }
}
