// `npm run bench:build`: cold build (empty cache), warm rebuild, and per
// contract the warm build time and wasm size, plain and pre-initialised.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readContractSpecs } from '../toolchain/config.ts';

const ROOT = process.cwd();
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-build-cache-'));

function build(label: string, args: string[] = []): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', './scripts/ts-loader.mjs', 'toolchain/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NEAR_TS_BUILD_CACHE: cacheDir },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${label} build failed:\n${run.stdout}${run.stderr}`);
  if (args.length === 0) console.log(`${label.padEnd(14)} ${seconds.toFixed(1)} s`);
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
  console.log(`${'contract'.padEnd(10)} ${'plain'.padStart(22)} ${'pre-initialised'.padStart(22)}`);
  const kb = (file: string) => `${(fs.statSync(file).size / 1024).toFixed(1)} KiB`;
  for (const name of readContractSpecs(ROOT).map((s) => s.name)) {
    const plainFile = path.join(cacheDir, `${name}-plain.wasm`);
    const plainTime = build(`${name} plain`, [name, '--no-preinit']);
    fs.renameSync(path.join(ROOT, 'build', `${name}.wasm`), plainFile);
    const preTime = build(`${name} pre-initialised`, [name]);
    const preFile = path.join(ROOT, 'build', `${name}.wasm`);
    console.log(`${name.padEnd(10)} ${`${kb(plainFile)} ${plainTime.toFixed(1)} s`.padStart(22)} ${`${kb(preFile)} ${preTime.toFixed(1)} s`.padStart(22)}`);
  }
} finally {
  fs.rmSync(cacheDir, { recursive: true, force: true });
}
