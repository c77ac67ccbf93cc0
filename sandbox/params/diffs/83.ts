// nearcore's core/parameters/res/runtime_configs/83.yaml: the parameters protocol 83 changes.
import type { ParameterDiff } from '../types.ts';

export const DIFF_83: ParameterDiff = {
  version: 83,
  changes: {
    account_id_validity_rules_version: 2n,
    max_gas_burnt: 1_000_000_000_000_000n,
    max_gas_burnt_view: 1_000_000_000_000_000n,
    max_total_prepaid_gas: 1_000_000_000_000_000n,
  },
};
