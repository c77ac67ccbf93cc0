// What the curve host functions (host-alt-bn128.ts, host-bls12381.ts) need from
// one call's host state, and the per-item charge they share.
import type { ExtCost, ExtCosts } from '../params/runtime-config.ts';
import { HostFailure } from './host-error.ts';

const U64_MAX = 2n ** 64n - 1n;

export interface CurveHost {
  extCosts: ExtCosts;
  /** Burns gas for host work under its ExtCosts in the profile (GasExceeded / GasLimitExceeded past a limit). */
  burn(gas: bigint, cost: ExtCost): void;
  /** Bytes given as (len, ptr), or a register when len is u64::MAX, with their read costs. */
  readInput(len: bigint, ptr: bigint): Uint8Array;
  setRegister(id: bigint, data: Uint8Array): void;
  /** bls12381_not_in_group_fix (NEP-488): accept (0, ±2)-like points in sum and decompress. */
  blsNotInGroupFix: boolean;
}

/** gas_counter.rs pay_base. */
export function payBase(host: CurveHost, name: ExtCost): void {
  host.burn(host.extCosts[name], name);
}

/** gas_counter.rs pay_per: cost × count, IntegerOverflow when it does not fit a u64. */
export function payPer(host: CurveHost, name: ExtCost, count: bigint): void {
  const gas = host.extCosts[name] * count;
  if (gas > U64_MAX) throw new HostFailure({ kind: 'IntegerOverflow' });
  host.burn(gas, name);
}

export const bytesToBigIntLE = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).reverse().toString('hex') || '0'}`);
export const bytesToBigIntBE = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);

export function bigIntToBytesLE(value: bigint, length: number): Uint8Array {
  return bigIntToBytesBE(value, length).reverse();
}

export function bigIntToBytesBE(value: bigint, length: number): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex'));
}
