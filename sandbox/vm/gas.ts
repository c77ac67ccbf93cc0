// Gas accounting of one call, shared by the wasm meter (a global the
// instrumented code decrements) and the host functions (ext costs, action fees).
import { LIMITS, type ExtCost } from '../params/runtime-config.ts';
import { HostFailure } from './host-error.ts';
import { addActionCost, addExtCost, emptyProfile, withWasmGas, type ActionCost, type GasProfile } from './profile.ts';

export class GasCounter {
  burnt = 0n;
  used = 0n;
  private meter?: WebAssembly.Global;
  private lastSet = 0n;
  /** What each host-function and action cost burnt (nearcore's GasCounter profile). */
  private readonly costs: GasProfile = emptyProfile();

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

  /** Burns (and uses) gas for host work; `cost` is the ExtCosts it goes to in the profile. */
  burn(gas: bigint, cost?: ExtCost): void {
    this.sync();
    const before = this.burnt;
    this.burnt += gas;
    this.used += gas;
    const error = this.burnt > this.maxBurnt || this.used > this.prepaid ? this.limitError() : undefined;
    // gas_counter.rs pay_base/pay_per: the profile gets what was burnt, clamped at a limit as the total is.
    if (cost) addExtCost(this.costs, cost, this.burnt - before);
    if (error) throw error;
    this.refill();
  }

  /** Burns the send part and reserves the execution part of an action, as nearcore's pay_action_base;
   *  `cost` is the ActionCosts the burnt part goes to in the profile (pay_action_accumulated). */
  payAction(burnt: bigint, reserved: bigint, cost?: ActionCost): void {
    this.sync();
    const before = this.burnt;
    this.burnt += burnt;
    this.used += burnt + reserved;
    const error = this.burnt > this.maxBurnt || this.used > this.prepaid ? this.limitError() : undefined;
    if (cost) addActionCost(this.costs, cost, this.burnt - before);
    if (error) throw error;
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

  /** The call's profile, its wasm gas being the burnt gas not accounted to a cost (logic.rs compute_outcome). */
  profile(): GasProfile {
    this.sync();
    return withWasmGas(this.costs, this.burnt);
  }

  unused(): bigint {
    return this.prepaid - this.used;
  }
}
