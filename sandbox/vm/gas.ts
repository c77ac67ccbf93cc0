// Gas accounting of one call, shared by the wasm meter (a global the
// instrumented code decrements) and the host functions (ext costs, action fees).
import { LIMITS } from '../params/runtime-config.ts';
import { HostFailure } from './host-error.ts';

export class GasCounter {
  burnt = 0n;
  used = 0n;
  private meter?: WebAssembly.Global;
  private lastSet = 0n;

  constructor(readonly prepaid: bigint, readonly maxBurnt: bigint = LIMITS.maxGasBurnt) {}

  attach(meter: WebAssembly.Global): void {
    this.meter = meter;
    this.refill();
  }

  /** Gas the wasm code may still burn before a limit trips. */
  private headroom(): bigint {
    const byPrepaid = this.prepaid - this.used;
    const byLimit = this.maxBurnt - this.burnt;
    return byPrepaid < byLimit ? byPrepaid : byLimit;
  }

  private refill(): void {
    this.lastSet = this.headroom();
    if (this.meter) this.meter.value = this.lastSet;
  }

  /** Moves what the wasm code burnt since the last sync into the totals. */
  sync(): void {
    if (!this.meter) return;
    const consumed = this.lastSet - (this.meter.value as bigint);
    this.burnt += consumed;
    this.used += consumed;
    this.lastSet = this.meter.value as bigint;
  }

  /** After a trap: was it the meter running out? */
  meterExhausted(): boolean {
    return this.meter !== undefined && (this.meter.value as bigint) < 0n;
  }

  /** The error for having gone past a limit, with the totals clamped as nearcore does. */
  limitError(): HostFailure {
    if (this.burnt > this.maxBurnt && this.prepaid > this.maxBurnt) {
      this.burnt = this.maxBurnt;
      this.used = this.maxBurnt;
      return new HostFailure({ kind: 'GasLimitExceeded' });
    }
    if (this.burnt > this.prepaid) this.burnt = this.prepaid;
    this.used = this.prepaid;
    return new HostFailure({ kind: 'GasExceeded' });
  }

  /** Burns (and uses) gas for host work. */
  burn(gas: bigint): void {
    this.sync();
    this.burnt += gas;
    this.used += gas;
    if (this.burnt > this.maxBurnt || this.used > this.prepaid) throw this.limitError();
    this.refill();
  }

  /** Burns the send part and reserves the execution part of an action, as nearcore's pay_action_base. */
  payAction(burnt: bigint, reserved: bigint): void {
    this.sync();
    this.burnt += burnt;
    this.used += burnt + reserved;
    if (this.burnt > this.maxBurnt || this.used > this.prepaid) throw this.limitError();
    this.refill();
  }

  /** Reserves gas for a promise (attached gas of a function call). */
  reserve(gas: bigint): void {
    this.payAction(0n, gas);
  }

  /** Gives back gas charged in advance for operators a trap kept from running. */
  unburn(gas: bigint): void {
    this.sync();
    this.burnt -= gas;
    this.used -= gas;
  }

  unused(): bigint {
    return this.prepaid - this.used;
  }
}
