// The local node as a tool: started with its own command line on a home
// folder, driven by the near CLI from npm (`near create-account`, `near deploy`,
// `near call`, `near view`) as the README shows, the deterministic (`0s…`)
// instance flow as the README documents it, and still holding its state after a
// restart on the same home folder.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { deterministicInstanceAccountId } from '../../client/deterministic.ts';
import { accountOn, codeHash } from '../../client/near.ts';
import { startNode, stopNode } from './spawned-node.ts';

const run = promisify(execFile);
const NEAR_CLI = path.resolve('node_modules', '.bin', 'near');

test('near CLI: create accounts, deploy the factory with init, create an instance and a deterministic one; state survives a restart', async (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'local-node-'));
  const cliHome = fs.mkdtempSync(path.join(os.tmpdir(), 'near-cli-home-'));
  let node = await startNode(home);
  try {
    const near = async (...args: string[]) => {
      const { stdout } = await run(NEAR_CLI, args, { env: { ...process.env, HOME: cliHome, NEAR_ENV: 'custom', NEAR_CUSTOM_RPC: node.url }, timeout: 60_000 });
      return stdout;
    };
    // The root account's key, where the near CLI looks for credentials.
    const validatorKey = JSON.parse(fs.readFileSync(path.join(home, 'validator_key.json'), 'utf8')) as { account_id: string; secret_key: string };
    fs.mkdirSync(path.join(cliHome, '.near-credentials', 'custom'), { recursive: true });
    fs.writeFileSync(path.join(cliHome, '.near-credentials', 'custom', 'test.near.json'), JSON.stringify(validatorKey));

    // The near CLI 4 cannot send global-contract actions; near-api-js 7 can.
    const sample = fs.readFileSync('build/sample.wasm');
    const root = accountOn(node.url, 'test.near', validatorKey.secret_key);
    const deployed = await root.deployGlobalContract(sample, 'codeHash');
    t.deepEqual(deployed.status, { SuccessValue: '' });
    t.deepEqual((await root.provider.viewGlobalContractCode({ identifier: { codeHash: codeHash(sample) } })).code, new Uint8Array(sample));

    await near('create-account', 'factory.test.near', '--useAccount', 'test.near', '--initialBalance', '20');
    await near('create-account', 'alice.test.near', '--useAccount', 'test.near', '--initialBalance', '10');
    const initArgs = JSON.stringify({ global_contract_id: { CodeHash: codeHash(sample) }, min_deposit: '500000000000000000000000' });
    const deployOut = await near('deploy', 'factory.test.near', 'build/factory.wasm', '--initFunction', 'init', '--initArgs', initArgs);
    t.regex(deployOut, /Done deploying and initializing factory\.test\.near/);
    const callOut = await near('call', 'factory.test.near', 'create_factory_subaccount_and_deploy',
      JSON.stringify({ name: 'cli', init: { method: 'init', args: { owner: 'alice.test.near' } } }),
      '--useAccount', 'alice.test.near', '--deposit', '1', '--gas', '100000000000000');
    t.regex(callOut, /EVENT_JSON:.*instance_created/);
    t.regex(await near('view', 'factory.test.near', 'get_instances', '{}'), /cli\.factory\.test\.near/);
    t.regex(await near('view', 'cli.factory.test.near', 'get_greeting', '{}'), /I belong to alice\.test\.near/);

    // The README's deterministic flow: where the instance will be, create it with a deposit, use it.
    const instanceState = { owner: 'alice.test.near', greeting: 'Hi' };
    const state = JSON.stringify({ state: instanceState });
    const idOut = await near('view', 'factory.test.near', 'get_deterministic_account_id', state);
    const deterministic = /0s[0-9a-f]{40}/.exec(idOut)?.[0];
    t.is(deterministic, deterministicInstanceAccountId({ CodeHash: codeHash(sample) }, instanceState), 'the view and client/deterministic.ts agree');
    const createOut = await near('call', 'factory.test.near', 'create_deterministic_instance', state,
      '--deposit', '0.1', '--gas', '100000000000000', '--useAccount', 'alice.test.near');
    t.regex(createOut, new RegExp(`EVENT_JSON:.*instance_created.*${deterministic}`));
    t.regex(await near('view', deterministic!, 'get_greeting'), /Hi, I belong to alice\.test\.near/);
    await near('call', deterministic!, 'set_greeting', JSON.stringify({ greeting: 'Hello from the CLI' }), '--useAccount', 'alice.test.near');
    t.regex(await near('view', deterministic!, 'get_greeting'), /Hello from the CLI, I belong to alice\.test\.near/);

    const viewInstance = () => accountOn(node.url, 'test.near', validatorKey.secret_key).provider.viewAccount({ accountId: 'cli.factory.test.near', blockQuery: { finality: 'final' } });
    const before = await viewInstance();
    await stopNode(node);
    node = await startNode(home);
    const after = await viewInstance();
    t.deepEqual([after.amount, after.storage_usage], [before.amount, before.storage_usage], 'the instance is unchanged after a restart');
    t.regex(await near('view', 'cli.factory.test.near', 'get_greeting', '{}'), /I belong to alice\.test\.near/);
    t.regex(await near('view', deterministic!, 'get_greeting'), /Hello from the CLI, I belong to alice\.test\.near/);
  } finally {
    await stopNode(node);
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(cliHome, { recursive: true, force: true });
  }
});
