// Shapes of nearcore's parameter data: a table of values keyed by nearcore's
// parameter names, and per-version diffs of it.
import type { BASE } from './base.ts';

/** An action fee as nearcore's parameters.yaml writes it (sir: the sender is the receiver). */
export interface FeeValue {
  send_sir: bigint;
  send_not_sir: bigint;
  execution: bigint;
}

export interface RatioValue {
  numerator: bigint;
  denominator: bigint;
}

/** `null`: a limit that does not exist yet at this version (nearcore's `None`). */
export type ParameterValue = bigint | boolean | string | FeeValue | RatioValue | null;

export interface ParameterEntry {
  value: ParameterValue;
  /** The nearcore file (core/parameters/res/runtime_configs/) that last set the value. */
  from: string;
}

export type ParameterTable = Record<string, ParameterEntry>;

type Widen<T> = T extends bigint ? bigint : T extends boolean ? boolean : T extends string ? string : T extends null ? bigint | null : T;

export type ParameterName = keyof typeof BASE;

/** Every parameter's value at one protocol version. */
export type Parameters = { [K in ParameterName]: Widen<(typeof BASE)[K]['value']> };

/** What one protocol version changes (nearcore's NN.yaml, `new` values only). */
export interface ParameterDiff {
  version: number;
  changes: Partial<Parameters>;
}
