// Starts the local node from one esbuild bundle of sandbox/cli/main.ts and its
// dependencies, rebuilt when a source is newer. Loading ~30 TypeScript files
// through the per-file loader and the packages file by file cost about a second
// per start, and near-workspaces starts the node twice per worker (init, run).
//   node sandbox/bin/launch.mjs --bundle-only   builds the bundle if stale and exits
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = path.join(root, '.cache', 'local-node', 'near-sandbox.mjs');
const args = process.argv.slice(2);

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

function isFresh() {
  const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
  // The bundle includes the node's dependencies too, so a reinstall also rebuilds it.
  const inputs = [newestSource(path.join(root, 'sandbox')), ...['package-lock.json', 'sandbox/bin/launch.mjs'].map((f) => fs.statSync(path.join(root, f)).mtimeMs)];
  return built >= Math.max(...inputs);
}

// One build for all nodes starting at once: the first takes the lock (a directory, created
// atomically) and the others wait for its bundle instead of running N esbuilds on 2 cores.
const lock = `${bundle}.lock`;

function lockOwnerGone() {
  try {
    if (Date.now() - fs.statSync(lock).mtimeMs > 120_000) return true; // a build takes seconds: its builder hung
    const pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (error) {
    if (error.code === 'EPERM') return false; // alive, someone else's
    // No pid file yet (the owner is between mkdir and write) counts as alive for a while.
    if (error.code === 'ENOENT') return Date.now() - fs.statSync(lock).mtimeMs > 10_000;
    return true;
  }
}

async function ensureBundle() {
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  while (!isFresh()) {
    try {
      fs.mkdirSync(lock);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      try {
        if (lockOwnerGone()) fs.rmSync(lock, { recursive: true, force: true }); // a builder killed midway
      } catch { /* the lock went away meanwhile */ }
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    try {
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      if (!isFresh()) await build();
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

async function build() {
  const { build: esbuild } = await import('esbuild');
  // Written aside and renamed, so nodes starting at the same time never load half a file.
  const temp = `${bundle}.${process.pid}.tmp.mjs`;
  // lmdb loads its native binary from node_modules at run time, so it stays outside the bundle.
  await esbuild({ entryPoints: [path.join(root, 'sandbox', 'cli', 'main.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: temp, logLevel: 'error', external: ['lmdb'] });
  fs.renameSync(temp, bundle);
}

await ensureBundle();
if (args[0] === '--bundle-only') process.exit(0);

await import(pathToFileURL(bundle).href);
