// nearcore's core/parameters/res/runtime_configs/84.yaml: the parameters protocol 84 changes.
import type { ParameterDiff } from '../types.ts';

export const DIFF_84: ParameterDiff = {
  version: 84,
  changes: {
    deploy_global_contract_execution_base: 20_000_000_000_000n,
    deploy_global_contract_execution_per_byte: 250_000_000n,
    max_blocks_per_contract: 50_000n,
    max_blocks_per_function: 5_000n,
    max_deploy_actions_per_receipt: 10n,
    max_function_body_size: 196_608n,
    max_instrumented_code_size: 16_777_216n,
    max_operand_stack_bytes_per_function: 8_192n,
    max_params_per_contract: 50_000n,
    max_params_per_function: 64n,
    max_types_per_contract: 1_024n,
    reftypes_bulk_memory: true,
    vm_kind: 'Wasmtime',
    wasm_linear_op_base_cost: 26_328_192n,
    wasm_linear_op_unit_cost: 822_756n,
  },
};
