// The same source gives byte-identical wasm: a rebuild in another process
// matches what `npm run build` wrote, pre-initialised image included (the
// start-up's memory must not depend on anything but the contract).
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { buildContract } from '../build-contract.ts';
import { readContractSpecs } from '../config.ts';
import { closeClang } from '../clang.ts';

test.after.always(() => closeClang());

const specs = readContractSpecs(process.cwd());

for (const spec of specs) {
  test.serial(`rebuilding ${spec.name} gives byte-identical wasm`, async (t) => {
    t.true(spec.preinit, 'built pre-initialised');
    const rebuilt = await buildContract(spec, path.join('.cache', 'test-determinism', `${spec.name}.wasm`), () => {});
    const original = fs.readFileSync(path.join('build', `${spec.name}.wasm`));
    t.true(Buffer.compare(fs.readFileSync(rebuilt.file), original) === 0, 'same bytes');
  });
}
