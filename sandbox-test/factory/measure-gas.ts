// Prints the gas of one creation with init (every receipt) and of one deterministic
// creation on the local node (default protocol). A measurement, not a test:
//   node --import=./scripts/ts-loader.mjs sandbox-test/factory/measure-gas.ts   (after npm run build)
import { createWorld, deployFactory, user } from '../support/world.ts';
import { nearToYocto } from '../support/amounts.ts';
import { TGAS } from '../support/outcomes.ts';
import type { TransactionResult } from 'near-workspaces';

function report(label: string, result: TransactionResult): void {
  const rows = [{ executor: `${result.result.transaction_outcome.outcome.executor_id} (transaction)`, gas: BigInt(result.result.transaction_outcome.outcome.gas_burnt) },
    ...result.result.receipts_outcome.map((o) => ({ executor: o.outcome.executor_id, gas: BigInt(o.outcome.gas_burnt) }))];
  const total = rows.reduce((s, r) => s + r.gas, 0n);
  console.log(`${label}: ${(Number(total) / 1e12).toFixed(3)} Tgas burnt in total (${total} gas)`);
  for (const r of rows) console.log(`  ${r.executor.padEnd(60)} ${(Number(r.gas) / 1e12).toFixed(3)} Tgas`);
}

const world = await createWorld();
try {
  const factory = await deployFactory(world, 'gasfactory', world.byHash);
  const bob = await user(world, 'bob');
  const withInit = await bob.callRaw(factory, 'create_factory_subaccount_and_deploy',
    { name: 'shop', init: { method: 'init', args: { owner: bob.accountId } } }, { attachedDeposit: nearToYocto('1'), gas: 150n * TGAS });
  if (!withInit.succeeded) throw new Error(JSON.stringify(withInit.Failure));
  report('create_factory_subaccount_and_deploy with init', withInit);
  const det = await bob.callRaw(factory, 'create_deterministic_instance', {}, { attachedDeposit: nearToYocto('0.1'), gas: 100n * TGAS });
  if (!det.succeeded) throw new Error(JSON.stringify(det.Failure));
  report('create_deterministic_instance', det);
} finally {
  await world.worker.tearDown();
}
