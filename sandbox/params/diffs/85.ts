// nearcore's core/parameters/res/runtime_configs/85.yaml: the parameters protocol 85 changes.
import type { ParameterDiff } from '../types.ts';

export const DIFF_85: ParameterDiff = {
  version: 85,
  changes: {
    account_creation_charge: 7_000_000_000_000_000_000_000n,
    action_create_account: { send_sir: 500_000_000_000n, send_not_sir: 500_000_000_000n, execution: 7_200_000_000_000n },
    action_deterministic_state_init: { send_sir: 500_000_000_000n, send_not_sir: 500_000_000_000n, execution: 7_430_000_000_000n },
    chain_id_host_fn: true,
    gas_key_host_fns: true,
    min_gas_purchase_price: 1_000_000_000n,
    ml_dsa_65_verification_cost: 100_000_000_000n,
    one_yocto_on_promise: true,
    p256_verify_host_fn: true,
    wasm_yield_create_with_id_base: 290_000_000_000n,
    yield_with_id_host_fns: true,
  },
};
