// Resolves nearcore's layered parameters for one protocol version: the base
// (protocol 78) with every diff up to that version applied, as nearcore's
// config store does with parameters.yaml and the NN.yaml files.
import { BASE, BASE_VERSION } from './base.ts';
import { DIFF_79 } from './diffs/79.ts';
import { DIFF_82 } from './diffs/82.ts';
import { DIFF_83 } from './diffs/83.ts';
import { DIFF_84 } from './diffs/84.ts';
import { DIFF_85 } from './diffs/85.ts';
import { DIFF_86 } from './diffs/86.ts';
import type { ParameterDiff, ParameterName, Parameters } from './types.ts';

/** Diffs in version order; protocol 80 and 81 change no runtime parameter. */
export const DIFFS: readonly ParameterDiff[] = [DIFF_79, DIFF_82, DIFF_83, DIFF_84, DIFF_85, DIFF_86];

export const MIN_PROTOCOL_VERSION = BASE_VERSION;
export const MAX_PROTOCOL_VERSION = 86;

export class UnsupportedProtocolVersion extends Error {}

export function resolveParameters(version: number): Parameters {
  if (!Number.isInteger(version) || version < MIN_PROTOCOL_VERSION || version > MAX_PROTOCOL_VERSION) {
    throw new UnsupportedProtocolVersion(`protocol_version ${version} is not supported: the local node knows nearcore's parameters of ${MIN_PROTOCOL_VERSION} to ${MAX_PROTOCOL_VERSION}`);
  }
  const values = Object.fromEntries(Object.entries(BASE).map(([name, entry]) => [name, entry.value])) as Parameters;
  for (const diff of DIFFS) {
    if (diff.version > version) break;
    Object.assign(values, diff.changes);
  }
  return values;
}

/** The nearcore file that set a parameter's value at `version`. */
export function sourceOf(name: ParameterName, version: number): string {
  let from = BASE[name].from;
  for (const diff of DIFFS) if (diff.version <= version && name in diff.changes) from = `${diff.version}.yaml`;
  return from;
}
