// The global-contract host functions our build adds, called from TypeScript
// through src/lib/global-contract.ts, reach the host with the right arguments;
// a wrong-length code hash is a clear panic, not a bad action.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { buildContract } from '../build-contract.ts';
import { closeClang } from '../clang.ts';
import { Harness } from './harness.ts';

const entry = path.resolve('toolchain', 'test', 'fixtures', 'global-actions.ts');
let host: Harness;

test.before(async () => {
  const built = await buildContract({ name: 'global-actions', entry, preinit: true }, path.join('.cache', 'test-fixtures', 'global-actions.wasm'), () => {});
  host = new Harness(fs.readFileSync(built.file));
});
test.after.always(() => closeClang());

const hash = 'ab'.repeat(32);

test('useGlobalContract passes the 32-byte hash', (t) => {
  const r = host.call('use_by_hash', { args: { receiver: 'x.test.near', hash } });
  t.is(r.panic, undefined);
  t.deepEqual(r.actions.map((a) => [a.receiver, a.name, Buffer.from(a.args[0] as Uint8Array).toString('hex')]), [['x.test.near', 'use_global_contract', hash]]);
});

test('useGlobalContract with a 31-byte hash panics naming the problem', (t) => {
  const r = host.call('use_by_hash', { args: { receiver: 'x.test.near', hash: hash.slice(2) } });
  t.regex(r.panic ?? '', /^useGlobalContract: code hash must be 32 bytes, got 31\n/);
  t.deepEqual(r.actions, []);
});

test('useGlobalContractByAccountId passes the account id, and rejects an invalid one', (t) => {
  const ok = host.call('use_by_account', { args: { receiver: 'x.test.near', account_id: 'globals.test.near' } });
  t.deepEqual(ok.actions.map((a) => [a.name, a.args[0]]), [['use_global_contract_by_account_id', 'globals.test.near']]);
  const bad = host.call('use_by_account', { args: { receiver: 'x.test.near', account_id: 'Bad..Id' } });
  t.regex(bad.panic ?? '', /^useGlobalContractByAccountId: invalid account id "Bad\.\.Id"/);
});

test('deployGlobalContract and deployGlobalContractByAccountId pass the code', (t) => {
  const code = '0061736d01000000';
  const byHash = host.call('deploy_by_hash', { args: { receiver: 'x.test.near', code } });
  const byAccount = host.call('deploy_by_account', { args: { receiver: 'x.test.near', code } });
  t.deepEqual(
    [...byHash.actions, ...byAccount.actions].map((a) => [a.name, Buffer.from(a.args[0] as Uint8Array).toString('hex')]),
    [['deploy_global_contract', code], ['deploy_global_contract_by_account_id', code]],
  );
});
