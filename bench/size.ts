// `npm run bench:size`: where each declared contract's pre-initialised wasm spends its
// bytes (code and data sections, the heap image and its segments, the bytecode with
// and without debug info), next to the floor: a contract with one empty function and
// no near-sdk-js, on the same runtime. Needs a warm cache to take seconds.
import fs from 'node:fs';
import path from 'node:path';
import { bundleContract, type CloneDeepSource } from '../toolchain/bundle.ts';
import { compileToBytecode } from '../toolchain/bytecode.ts';
import { closeClang } from '../toolchain/clang.ts';
import { readContractSpecs } from '../toolchain/config.ts';
import { codeBufferBytes } from '../toolchain/contract-image.ts';
import { contractMethods } from '../toolchain/contract-source.ts';
import { DEFAULT_TARGET_PROTOCOL } from '../toolchain/near-host-functions.ts';
import { preinitialisedImage } from '../toolchain/preinit.ts';
import { contractRuntime } from '../toolchain/runtime.ts';

/** Bytes per wasm section id (code is 10, data 11), headers excluded. */
function sectionSizes(wasm: Uint8Array): Map<number, number> {
  const sizes = new Map<number, number>();
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const length = leb();
    sizes.set(id, (sizes.get(id) ?? 0) + length);
    at += length;
  }
  return sizes;
}

async function measure(name: string, entry: string, protocol: number, cloneDeep?: CloneDeepSource): Promise<void> {
  const bundle = await bundleContract(entry, cloneDeep);
  const methods = contractMethods(entry, fs.readFileSync(entry, 'utf8'), bundle.code);
  const bytecode = await compileToBytecode(bundle.code, `${name}.js`);
  const unstripped = await compileToBytecode(bundle.code, `${name}.js`, { strip: false });
  const runtime = await contractRuntime(protocol, codeBufferBytes(bytecode, methods));
  const { wasm, stats } = preinitialisedImage(runtime, bytecode, methods, name);
  const sections = sectionSizes(wasm);
  const data = sections.get(11) ?? 0;
  console.log(`${name.padEnd(10)} ${String(wasm.length).padStart(8)} ${String(sections.get(10) ?? 0).padStart(8)} ${String(data).padStart(8)} ` +
    `${String(stats.imageBytes).padStart(8)} ${String(stats.segments).padStart(6)} ${String(data - stats.imageBytes).padStart(8)} ` +
    `${String(bundle.code.length).padStart(8)} ${String(bytecode.length).padStart(8)} ${String(unstripped.length).padStart(10)}`);
}

console.log('Pre-initialised wasm, bytes: total, code section, data section (image + segment headers), image, segments, headers;');
console.log('the bundled JS, its bytecode as built (stripped) and with debug info');
console.log(`${'contract'.padEnd(10)} ${'wasm'.padStart(8)} ${'code'.padStart(8)} ${'data'.padStart(8)} ${'image'.padStart(8)} ${'segs'.padStart(6)} ${'headers'.padStart(8)} ${'JS'.padStart(8)} ${'bytecode'.padStart(8)} ${'with debug'.padStart(10)}`);
const empty = path.join('.cache', 'bench', 'empty.js');
fs.mkdirSync(path.dirname(empty), { recursive: true });
fs.writeFileSync(empty, 'export function method() {}\n');
try {
  await measure('(empty)', empty, DEFAULT_TARGET_PROTOCOL);
  for (const spec of readContractSpecs(process.cwd())) await measure(spec.name, spec.entry, spec.protocol ?? DEFAULT_TARGET_PROTOCOL, spec.cloneDeep);
} finally {
  await closeClang();
}
