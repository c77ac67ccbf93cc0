// nearcore's core/parameters/res/runtime_configs/79.yaml: the parameters protocol 79 changes.
import type { ParameterDiff } from '../types.ts';

export const DIFF_79: ParameterDiff = {
  version: 79,
  changes: {
    max_congestion_missed_chunks: 125n,
  },
};
