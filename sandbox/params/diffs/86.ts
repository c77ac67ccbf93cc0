// nearcore's core/parameters/res/runtime_configs/86.yaml: the parameters protocol 86 changes.
import type { ParameterDiff } from '../types.ts';

export const DIFF_86: ParameterDiff = {
  version: 86,
  changes: {
    fix_contract_loading_error: true,
  },
};
