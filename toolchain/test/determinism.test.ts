// The same source gives byte-identical wasm: a rebuild into another folder
// matches what `npm run build` wrote.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { buildContract } from '../build-contract.ts';
import { readContractSpecs } from '../config.ts';
import { typecheck } from '../contract-source.ts';
import { closeClang } from '../clang.ts';

test.after.always(() => closeClang());

test('rebuilding the sample gives byte-identical wasm', async (t) => {
  const spec = readContractSpecs(process.cwd()).find((s) => s.name === 'sample')!;
  const program = typecheck([spec.entry], path.join('src', 'tsconfig.json'));
  const outDir = path.join('.cache', 'test-determinism');
  fs.rmSync(outDir, { recursive: true, force: true });
  const rebuilt = await buildContract(spec, program, outDir, () => {});
  const original = fs.readFileSync(path.join('build', 'sample.wasm'));
  t.true(Buffer.compare(fs.readFileSync(rebuilt.file), original) === 0, 'same bytes');
});
