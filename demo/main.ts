// `npm start`: the whole product in one run on a local node. Deploys the sample
// contract as a global contract, deploys and initializes the factory, creates
// an instance through it, calls the instance, and prints what it cost. Every
// transaction goes through near-api-js 7, as a user's script would send it.
import fs from 'node:fs';
import { actions, KeyPair, type Account } from 'near-api-js';
import { accountOn, codeHash, totalGasBurnt, type Outcome } from '../client/near.ts';
import { startLocalNode } from '../sandbox/node.ts';

const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const near = (yocto: bigint) => `${(Number(yocto / 10n ** 18n) / 1e6).toFixed(6)} NEAR`;
const tgas = (gas: bigint) => `${(Number(gas) / 1e12).toFixed(1)} Tgas`;

async function main(): Promise<void> {
  const sample = fs.readFileSync('build/sample.wasm');
  const factoryCode = fs.readFileSync('build/factory.wasm');
  const node = await startLocalNode();
  const steps: Array<[string, bigint]> = [];
  // near-api-js throws a typed error when a transaction or one of its receipts fails.
  const step = async (label: string, run: () => Promise<Outcome>) => {
    process.stdout.write(`- ${label} ... `);
    const outcome = await run();
    const gas = totalGasBurnt(outcome);
    steps.push([label, gas]);
    console.log(tgas(gas));
    return outcome;
  };

  try {
    console.log(`Local NEAR node at ${node.url} (root account ${node.root.accountId})`);
    const root = accountOn(node.url, node.root.accountId, node.root.secretKey);
    const provider = root.provider;
    const balance = async (accountId: string) => (await provider.viewAccount({ accountId })).amount;
    const newAccount = async (name: string, amount: bigint, extra: ReturnType<typeof actions.transfer>[] = []): Promise<Account> => {
      const key = KeyPair.fromRandom('ed25519');
      const accountId = `${name}.${root.accountId}`;
      await step(`create ${accountId}`, () => root.signAndSendTransaction({
        receiverId: accountId,
        actions: [actions.createAccount(), actions.transfer(amount), actions.addFullAccessKey(key.getPublicKey()), ...extra],
      }));
      return accountOn(node.url, accountId, key.toString());
    };

    const publisher = await newAccount('globals', 100n * NEAR);
    const hash = codeHash(sample);
    await step(`deploy sample.wasm (${sample.length} bytes) as a global contract, code hash ${hash}`, () => publisher.deployGlobalContract(sample, 'codeHash'));
    const global = await provider.viewGlobalContractCode({ identifier: { codeHash: hash } });
    console.log(`  view_global_contract_code ${global.hash}: ${global.code.length} bytes`);

    // Only the factory account may initialise the factory, so it signs the deploy and the init itself.
    const factory = await newAccount('factory', 20n * NEAR);
    await step(`deploy and initialize ${factory.accountId}`, () => factory.signAndSendTransaction({
      receiverId: factory.accountId,
      actions: [
        actions.deployContract(factoryCode),
        actions.functionCall('init', { global_contract_id: { CodeHash: hash }, min_deposit: (NEAR / 2n).toString() }, 100n * TGAS, 0n),
      ],
    }));
    const view = <T>(accountId: string, method: string) => provider.callFunction<T & object>({ contractId: accountId, method, args: {} });
    console.log(`  factory config: ${JSON.stringify(await view(factory.accountId, 'get_global_contract_id'))}, min deposit ${await view<string>(factory.accountId, 'get_min_deposit')} yoctoNEAR`);

    const alice = await newAccount('alice', 10n * NEAR);
    const aliceBefore = await balance(alice.accountId);
    const instance = `shop.${factory.accountId}`;
    const created = await step(`create ${instance} through the factory (1 NEAR deposit, init owner=alice)`, () => alice.signAndSendTransaction({
      receiverId: factory.accountId,
      actions: [actions.functionCall('create_factory_subaccount_and_deploy', { name: 'shop', init: { method: 'init', args: { owner: alice.accountId } } }, 100n * TGAS, NEAR)],
    }));
    for (const r of created.receipts_outcome) for (const log of r.outcome.logs) console.log(`  log: ${log.length > 120 ? `${log.slice(0, 117)}...` : log}`);
    await step(`call ${instance}.set_greeting as alice`, () => alice.callFunctionRaw({ contractId: instance, methodName: 'set_greeting', args: { greeting: 'Welcome to the shop' }, gas: 30n * TGAS }));
    console.log(`  ${instance}.get_greeting() = ${JSON.stringify(await view(instance, 'get_greeting'))}`);

    const account = await provider.query<{ storage_usage: number; global_contract_hash?: string }>({ request_type: 'view_account', finality: 'final', account_id: instance });
    console.log('\nReport');
    console.log(`  global contract      ${hash} (deployed by ${publisher.accountId})`);
    console.log(`  factory              ${factory.accountId}, ${factoryCode.length} bytes of wasm, balance ${near(await balance(factory.accountId))}`);
    console.log(`  instance             ${instance}: runs ${account.global_contract_hash}, stores ${account.storage_usage} bytes, balance ${near(await balance(instance))}`);
    console.log(`  alice                paid ${near(aliceBefore - (await balance(alice.accountId)))} for the instance and the call (1 NEAR deposit + gas)`);
    console.log('  gas per step');
    for (const [label, gas] of steps) console.log(`    ${tgas(gas).padStart(11)}  ${label.length > 90 ? `${label.slice(0, 87)}...` : label}`);
  } finally {
    await node.close();
  }
}

await main();
