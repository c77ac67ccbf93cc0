// `npm start`: the whole product in one run on a local node. Deploys the sample
// contract as a global contract, deploys and initializes the factory, creates
// an instance through it, calls the instance, and prints what it cost.
import fs from 'node:fs';
import { KeyPair } from '@near-js/crypto-v2';
import { codeHash, deployGlobalContract } from '../client/global-contracts.ts';
import { rpc } from '../client/rpc.ts';
import { actionCreators, failureOf, sendActions, totalGasBurnt, type ExecutionOutcome, type Signer } from '../client/transactions.ts';
import { startLocalNode } from '../sandbox/node.ts';

const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const near = (yocto: bigint) => `${(Number(yocto / 10n ** 18n) / 1e6).toFixed(6)} NEAR`;
const tgas = (gas: bigint) => `${(Number(gas) / 1e12).toFixed(1)} Tgas`;

function check(outcome: ExecutionOutcome, what: string): ExecutionOutcome {
  const failure = failureOf(outcome);
  if (failure !== undefined) throw new Error(`${what} failed: ${JSON.stringify(failure)}`);
  return outcome;
}

async function main(): Promise<void> {
  const sample = fs.readFileSync('build/sample.wasm');
  const factoryCode = fs.readFileSync('build/factory.wasm');
  const node = await startLocalNode();
  const steps: Array<[string, bigint]> = [];
  const step = async (label: string, run: () => Promise<ExecutionOutcome>) => {
    process.stdout.write(`- ${label} ... `);
    const outcome = check(await run(), label);
    const gas = totalGasBurnt(outcome);
    steps.push([label, gas]);
    console.log(tgas(gas));
    return outcome;
  };
  const balance = async (accountId: string) => BigInt((await rpc<{ amount: string }>(node.url, 'query', { request_type: 'view_account', finality: 'final', account_id: accountId })).amount);
  const view = async <T>(accountId: string, method: string) => {
    const r = await rpc<{ result: number[] }>(node.url, 'query', { request_type: 'call_function', finality: 'final', account_id: accountId, method_name: method, args_base64: '' });
    return JSON.parse(Buffer.from(r.result).toString()) as T;
  };

  try {
    console.log(`Local NEAR node at ${node.url} (root account ${node.root.accountId})`);
    const root: Signer = node.root;
    const newAccount = async (name: string, amount: bigint, extra: ReturnType<typeof actionCreators.transfer>[] = []): Promise<Signer> => {
      const key = KeyPair.fromRandom('ed25519');
      const accountId = `${name}.${root.accountId}`;
      await step(`create ${accountId}`, () => sendActions(node.url, root, accountId, [
        actionCreators.createAccount(), actionCreators.transfer(amount), actionCreators.addKey(key.getPublicKey(), actionCreators.fullAccessKey()), ...extra,
      ]));
      return { accountId, secretKey: key.toString() };
    };

    const publisher = await newAccount('globals', 100n * NEAR);
    const hash = codeHash(sample);
    await step(`deploy sample.wasm (${sample.length} bytes) as a global contract, code hash ${hash}`, () => deployGlobalContract(node.url, publisher, sample, 'CodeHash'));

    const factory = await newAccount('factory', 20n * NEAR, [
      actionCreators.deployContract(factoryCode),
      actionCreators.functionCall('init', { global_contract_id: { CodeHash: hash }, min_deposit: (NEAR / 2n).toString() }, 100n * TGAS, 0n),
    ]);
    console.log(`  factory config: ${JSON.stringify(await view(factory.accountId, 'get_global_contract_id'))}, min deposit ${await view<string>(factory.accountId, 'get_min_deposit')} yoctoNEAR`);

    const alice = await newAccount('alice', 10n * NEAR);
    const aliceBefore = await balance(alice.accountId);
    const instance = `shop.${factory.accountId}`;
    const created = await step(`create ${instance} through the factory (1 NEAR deposit, init owner=alice)`, () => sendActions(node.url, alice, factory.accountId, [
      actionCreators.functionCall('create_factory_subaccount_and_deploy', { name: 'shop', init: { method: 'init', args: { owner: alice.accountId } } }, 100n * TGAS, NEAR),
    ]));
    for (const r of created.receipts_outcome) for (const log of r.outcome.logs) console.log(`  log: ${log.length > 120 ? `${log.slice(0, 117)}...` : log}`);
    await step(`call ${instance}.set_greeting as alice`, () => sendActions(node.url, alice, instance, [
      actionCreators.functionCall('set_greeting', { greeting: 'Welcome to the shop' }, 30n * TGAS, 0n),
    ]));
    console.log(`  ${instance}.get_greeting() = ${JSON.stringify(await view(instance, 'get_greeting'))}`);

    const account = await rpc<{ storage_usage: number; global_contract_hash?: string }>(node.url, 'query', { request_type: 'view_account', finality: 'final', account_id: instance });
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
