// A broken contract fails `npm run build` with the compiler's message, file:line,
// a non-zero exit, and no wasm left in build/.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'toolchain', 'cli.ts');
const LOADER = path.join(ROOT, 'scripts', 'ts-loader.mjs');
// Inside the repo so `near-sdk-js` resolves from its node_modules.
const WORK = path.join(ROOT, '.cache', 'test-projects');

const GOOD = `import { NearBindgen, view } from 'near-sdk-js';
@NearBindgen({})
export class Ok {
  @view({})
  hello(): string { return 'hi'; }
}
`;

function project(name: string, source: string | undefined, declared: unknown = 'src/broken.ts'): string {
  const dir = path.join(WORK, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'build'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', contracts: { broken: declared } }));
  fs.copyFileSync(path.join(ROOT, 'src', 'tsconfig.json'), path.join(dir, 'src', 'tsconfig.json'));
  if (source !== undefined) fs.writeFileSync(path.join(dir, 'src', 'broken.ts'), source);
  // A wasm from an earlier, good build of the same contract: it must not survive a failed build.
  fs.writeFileSync(path.join(dir, 'build', 'broken.wasm'), 'stale');
  return dir;
}

function build(dir: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', LOADER, CLI], {
    cwd: dir,
    encoding: 'utf8',
    // The project's own build cache: a test project must not compile QuickJS again.
    env: { ...process.env, NEAR_TS_BUILD_CACHE: path.join(ROOT, '.cache', 'toolchain') },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function assertFailed(t: import('ava').ExecutionContext, dir: string, pattern: RegExp): void {
  const { status, output } = build(dir);
  t.not(status, 0, output);
  t.regex(output, pattern);
  t.deepEqual(fs.readdirSync(path.join(dir, 'build')), [], 'no wasm left in build/');
}

test('a TypeScript error names file:line and fails the build', (t) => {
  const dir = project('type-error', GOOD.replace("return 'hi';", 'return 42;'));
  assertFailed(t, dir, /src\/broken\.ts\(5,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
});

test('a contract exporting no function fails the build', (t) => {
  const dir = project('no-methods', `export const greeting = 'hi';\nexport class Plain {}\n`);
  assertFailed(t, dir, /src\/broken\.ts:1:1: the contract exports no functions/);
});

test('a method named panic fails the build at its line', (t) => {
  const dir = project('panic-method', GOOD.replace('hello(): string', 'panic(): string'));
  assertFailed(t, dir, /src\/broken\.ts:5:3: method name "panic" is reserved/);
});

test('a method named like a runtime export (code) fails the build at its line', (t) => {
  const dir = project('code-method', GOOD.replace('hello(): string', 'code(): string'));
  assertFailed(t, dir, /src\/broken\.ts:5:3: method name "code" is reserved \(the contract runtime exports it\)/);
});

test('a contract calling a host function of protocol 82 fails a build for 78, naming the protocol to declare', (t) => {
  const source = GOOD.replace("return 'hi';", "return promiseSetRefundTo(0, 'a.near') ?? 'hi';")
    .replace("from 'near-sdk-js';", "from 'near-sdk-js';\ndeclare const env: { promise_set_refund_to(index: number, id: string): undefined };\nconst promiseSetRefundTo = (index: number, id: string) => env.promise_set_refund_to(index, id);");
  assertFailed(t, project('needs-82', source), /broken: calls env\.promise_set_refund_to \(protocol 82\), but builds for protocol 78; declare "protocol": 82/);
  const { status, output } = build(project('bad-protocol', GOOD, { source: 'src/broken.ts', protocol: 77 }));
  t.not(status, 0, output);
  t.regex(output, /contract "broken": declare it as .*"protocol": 78 or later/);
});

test('a missing source file fails the build', (t) => {
  const dir = project('missing-source', undefined);
  assertFailed(t, dir, /contract "broken": source file src\/broken\.ts does not exist/);
});

const TOP_LEVEL_LOG = GOOD.replace('@NearBindgen', "near.log('loaded');\n@NearBindgen").replace("import { NearBindgen, view }", "import { near, NearBindgen, view }");

test('top-level code calling a host function fails a pre-initialised build, naming the call and the opt-out', (t) => {
  const dir = project('top-level-host-call', TOP_LEVEL_LOG);
  assertFailed(t, dir, /broken: the contract's top-level code calls the host function log_utf8\(\);.*"broken": \{ "source": "<its source>", "preinit": false \}/s);
});

test('the same contract builds with "preinit": false', (t) => {
  const dir = project('top-level-host-call-opt-out', TOP_LEVEL_LOG, { source: 'src/broken.ts', preinit: false });
  const { status, output } = build(dir);
  t.is(status, 0, output);
  t.regex(output, /broken\.wasm: [\d.]+ KB, plain/);
});

test('top-level code leaving a pending promise job fails a pre-initialised build', (t) => {
  const dir = project('top-level-pending-job', `Promise.resolve().then(() => 1);\n${GOOD}`);
  assertFailed(t, dir, /broken: the contract's top-level code leaves pending promise jobs/);
});

test('top-level code that throws fails a pre-initialised build with its message', (t) => {
  const dir = project('top-level-throw', `if (GOOD_IS_DEFINED()) throw new Error('no config');\nfunction GOOD_IS_DEFINED(): boolean { return true; }\n${GOOD}`);
  assertFailed(t, dir, /broken: the contract's top-level code threw: no config/);
});

test('a malformed "contracts" entry fails the build', (t) => {
  const dir = project('bad-declaration', GOOD, { source: 'src/broken.ts', preinit: 'no' });
  const { status, output } = build(dir);
  t.not(status, 0, output);
  t.regex(output, /contract "broken": declare it as "<source file>" or \{ "source": "<source file>", "preinit": false, "protocol": 78 or later, "engine": "full", "cloneDeep": "lodash" \}/);
  const engine = build(project('bad-engine', GOOD, { source: 'src/broken.ts', engine: 'fat' }));
  t.not(engine.status, 0, engine.output);
  t.regex(engine.output, /contract "broken": declare it as .*"engine": "full", "cloneDeep": "lodash" \}/);
  const cloneDeep = build(project('bad-clone-deep', GOOD, { source: 'src/broken.ts', cloneDeep: 'underscore' }));
  t.not(cloneDeep.status, 0, cloneDeep.output);
  t.regex(cloneDeep.output, /contract "broken": declare it as .*"cloneDeep": "lodash" \}/);
});
