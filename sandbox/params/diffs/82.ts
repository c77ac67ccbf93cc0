// nearcore's core/parameters/res/runtime_configs/82.yaml: the parameters protocol 82 changes.
import type { ParameterDiff } from '../types.ts';

export const DIFF_82: ParameterDiff = {
  version: 82,
  changes: {
    max_elements_per_contract_table: 10_000n,
    max_tables_per_contract: 1n,
    wasm_touching_trie_node: 2_280_000_000n,
  },
};
