// Starts the local node from one esbuild bundle of sandbox/cli/main.ts and its
// dependencies, rebuilt when a source is newer. Loading ~30 TypeScript files
// through the per-file loader and the packages file by file cost about a second
// per start, and near-workspaces starts the node twice per worker (init, run).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = path.join(root, '.cache', 'local-node', 'near-sandbox.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
// The bundle includes the node's dependencies too, so a reinstall also rebuilds it.
const inputs = [newestSource(path.join(root, 'sandbox')), ...['package-lock.json', 'sandbox/bin/launch.mjs'].map((f) => fs.statSync(path.join(root, f)).mtimeMs)];
if (built < Math.max(...inputs)) {
  const { build } = await import('esbuild');
  // Written aside and renamed, so nodes starting at the same time never load half a file.
  const temp = `${bundle}.${process.pid}.tmp.mjs`;
  // lmdb loads its native binary from node_modules at run time, so it stays outside the bundle.
  await build({ entryPoints: [path.join(root, 'sandbox', 'cli', 'main.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: temp, logLevel: 'error', external: ['lmdb'] });
  fs.renameSync(temp, bundle);
}
await import(pathToFileURL(bundle).href);
