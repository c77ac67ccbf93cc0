// nearcore's CostGasUsed list of an execution outcome's metadata (core/primitives/src/views.rs
// profile_v3_to_costs and ExecutionMetadataView::from): the non-zero action costs (ACTION_COST), the
// wasm instruction gas as WASM_INSTRUCTION and the non-zero host-function costs (WASM_HOST_COST), names
// upper-cased, `gas_used` a decimal string, sorted by category and then by name.
import type { GasProfile } from '../vm/profile.ts';

export interface CostGasUsed {
  cost_category: 'ACTION_COST' | 'WASM_HOST_COST';
  cost: string;
  gas_used: string;
}

const entries = (costs: Partial<Record<string, bigint>>) =>
  Object.entries(costs).filter((e): e is [string, bigint] => e[1] !== undefined && e[1] > 0n);

export function gasProfileView(profile: GasProfile | undefined): CostGasUsed[] {
  if (!profile) return [];
  const costs: CostGasUsed[] = [
    ...entries(profile.actions).map(([cost, gas]) => ({ cost_category: 'ACTION_COST' as const, cost: cost.toUpperCase(), gas_used: gas.toString() })),
    // "for historical reasons it is inaccurately displayed as wasm host" (views.rs)
    ...(profile.wasm > 0n ? [{ cost_category: 'WASM_HOST_COST' as const, cost: 'WASM_INSTRUCTION', gas_used: profile.wasm.toString() }] : []),
    ...entries(profile.ext).map(([cost, gas]) => ({ cost_category: 'WASM_HOST_COST' as const, cost: cost.toUpperCase(), gas_used: gas.toString() })),
  ];
  // Rust's String Ord: byte order, which for these ASCII names is JavaScript's code-unit order.
  const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return costs.sort((a, b) => byBytes(a.cost_category, b.cost_category) || byBytes(a.cost, b.cost));
}
