// `npm run bench:build`: cold build (empty cache), warm rebuild, and each wasm's size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = process.cwd();
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-build-cache-'));

function build(label: string): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', './scripts/ts-loader.mjs', 'toolchain/cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, NEAR_TS_BUILD_CACHE: cacheDir },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${label} build failed:\n${run.stdout}${run.stderr}`);
  console.log(`${label.padEnd(14)} ${seconds.toFixed(1)} s`);
  return seconds;
}

try {
  console.log(`Build benchmark on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'})`);
  build('cold build');
  build('warm rebuild');
  // An edit to a contract: its source changes, so bundle, bytecode and image are redone.
  const sample = path.join(ROOT, 'src', 'sample', 'index.ts');
  const original = fs.readFileSync(sample, 'utf8');
  try {
    fs.writeFileSync(sample, `${original}\n// bench edit ${Date.now()}\n`);
    build('after an edit');
  } finally {
    fs.writeFileSync(sample, original);
  }
  for (const file of fs.readdirSync(path.join(ROOT, 'build')).filter((f) => f.endsWith('.wasm')).sort()) {
    const size = fs.statSync(path.join(ROOT, 'build', file)).size;
    console.log(`${file.padEnd(14)} ${size} bytes (${(size / 1024).toFixed(1)} KiB)`);
  }
} finally {
  fs.rmSync(cacheDir, { recursive: true, force: true });
}
