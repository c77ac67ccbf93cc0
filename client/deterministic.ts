// The account the factory's create_deterministic_instance gives a state (NEP-616),
// computed off-chain with the borsh package (client/state-init.ts) as the factory and nearcore compute it: the state init
// is the factory's global contract and one storage entry, near-sdk-js's STATE =
// the JSON text of the state. Clients use it to know an instance's address before
// (or instead of) asking the factory's get_deterministic_account_id view.
import { base58 } from '@scure/base';
import type { StateInitCode } from '../src/lib/deterministic-account-id.ts';
import type { GlobalContractId } from './near.ts';
import { stateInitAccountId } from './state-init.ts';

/** The key near-sdk-js keeps a contract's fields under (src/factory/deterministic.ts STATE_KEY). */
const STATE_KEY = 'STATE';

/** `0s…` for `state` (the factory's default is `{ owner: <caller> }`) under the factory's global contract id. */
export function deterministicInstanceAccountId(globalContractId: GlobalContractId, state: Record<string, unknown>): string {
  const code: StateInitCode = 'CodeHash' in globalContractId ? { CodeHash: base58.decode(globalContractId.CodeHash) } : { AccountId: globalContractId.AccountId };
  const text = new TextEncoder();
  return stateInitAccountId(code, [[text.encode(STATE_KEY), text.encode(JSON.stringify(state))]]);
}
