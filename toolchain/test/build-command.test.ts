// `npm run build -- <source> [target]` builds any near-sdk-js contract, as
// near-sdk-js's own `build [source] [target]`: JavaScript with the low-level
// API (function style) and JavaScript with a @NearBindgen class plus a plain
// exported function, each deployed and called on the local node.
import anyTest, { type TestFn } from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Worker, type NearAccount } from 'near-workspaces';
import { useLocalNodeByDefault } from '../../sandbox/workspaces.ts';

const ROOT = process.cwd();
const FIXTURES = path.join('toolchain', 'test', 'fixtures', 'js');
const OUT = path.join('.cache', 'test-build-command');
const NEAR = 10n ** 24n;

const test = anyTest as TestFn<{ worker: Worker; root: NearAccount }>;

function npmBuild(args: string[], cwd = ROOT): { status: number | null; output: string } {
  const run = spawnSync('npm', ['run', '--silent', 'build', '--', ...args], { cwd, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function wasmExports(file: string): string[] {
  return WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(file))).filter((e) => e.kind === 'function').map((e) => e.name).sort();
}

test.before(async (t) => {
  fs.rmSync(OUT, { recursive: true, force: true });
  useLocalNodeByDefault();
  const worker = await Worker.init();
  t.context = { worker, root: worker.rootAccount };
});
test.after.always(async (t) => { await t.context.worker?.tearDown(); });

test('a function-style JS contract builds and runs on the node', async (t) => {
  const target = path.join(OUT, 'lowlevel.wasm');
  const { status, output } = npmBuild([path.join(FIXTURES, 'counter-lowlevel.js'), target]);
  t.is(status, 0, output);
  t.deepEqual(wasmExports(target), ['getCount', 'increase', 'init']);
  const contract = await t.context.root.createSubAccount('lowlevel', { initialBalance: 10n * NEAR });
  await contract.deploy(fs.readFileSync(target));
  await contract.call(contract, 'init', { initial: 40 });
  const result = await contract.callRaw(contract, 'increase', { n: 2 });
  t.deepEqual(result.logs, ['Counter increased to 42']);
  t.is(await contract.view('getCount', {}), 42);
});

test('a @NearBindgen JS contract builds, with its plain exported function, and runs on the node', async (t) => {
  const target = path.join(OUT, 'bindgen.wasm');
  const { status, output } = npmBuild([path.join(FIXTURES, 'counter-bindgen.js'), target]);
  t.is(status, 0, output);
  t.deepEqual(wasmExports(target), ['getCount', 'increase', 'version']);
  const contract = await t.context.root.createSubAccount('bindgen', { initialBalance: 10n * NEAR });
  await contract.deploy(fs.readFileSync(target));
  t.is(await contract.view('getCount', {}), 0);
  const result = await contract.callRaw(contract, 'increase', { n: 5 });
  t.deepEqual(result.logs, ['Counter increased to 5']);
  t.is(await contract.view('getCount', {}), 5);
  t.is(await contract.view('version', {}), '1.0');
});

test('without a target, the wasm goes to build/<source name>.wasm, as near-sdk-js names it', (t) => {
  const dir = path.join(OUT, 'project');
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, 'counter-lowlevel.js'), path.join(dir, 'src', 'counter.js'));
  // The project's own cache: a test project must not compile QuickJS again.
  const run = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', path.join(ROOT, 'scripts', 'ts-loader.mjs'), path.join(ROOT, 'toolchain', 'cli.ts'), 'src/counter.js'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, NEAR_TS_BUILD_CACHE: path.join(ROOT, '.cache', 'toolchain') },
  });
  t.is(run.status, 0, `${run.stdout}${run.stderr}`);
  t.deepEqual(wasmExports(path.join(dir, 'build', 'counter.wasm')), ['getCount', 'increase', 'init']);
});

test('a target not ending in .wasm is refused', (t) => {
  const { status, output } = npmBuild([path.join(FIXTURES, 'counter-lowlevel.js'), path.join(OUT, 'counter.js')]);
  t.not(status, 0);
  t.regex(output, /target .*counter\.js: make sure it ends with \.wasm/);
});
