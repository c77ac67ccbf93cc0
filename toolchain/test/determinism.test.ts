// The same source gives byte-identical wasm: a rebuild in another process
// matches what `npm run build` wrote, pre-initialised image included (the
// start-up's memory must not depend on anything but the contract).
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { buildContract } from '../build-contract.ts';
import { readContractSpecs } from '../config.ts';
import { typecheck } from '../contract-source.ts';
import { closeClang } from '../clang.ts';

test.after.always(() => closeClang());

const specs = readContractSpecs(process.cwd());

for (const spec of specs) {
  test.serial(`rebuilding ${spec.name} gives byte-identical wasm`, async (t) => {
    t.true(spec.preinit, 'built pre-initialised');
    const program = typecheck([spec.entry], path.join('src', 'tsconfig.json'));
    const outDir = path.join('.cache', 'test-determinism');
    fs.rmSync(path.join(outDir, `${spec.name}.wasm`), { force: true });
    const rebuilt = await buildContract(spec, program, outDir, () => {});
    const original = fs.readFileSync(path.join('build', `${spec.name}.wasm`));
    t.true(Buffer.compare(fs.readFileSync(rebuilt.file), original) === 0, 'same bytes');
  });
}
