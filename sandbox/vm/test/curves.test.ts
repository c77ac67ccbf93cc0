// alt_bn128 and bls12381 host functions, run by a hand-assembled contract in the
// VM: nearcore's test vectors (curve-vectors.ts), the errors and status codes
// logic.rs gives for bad input, and the gas of a call computed from nearcore's
// parameters by logic.rs's formula.
import { bls12_381 } from '@noble/curves/bls12-381';
import test from 'ava';
import { resolveParameters } from '../../params/resolve.ts';
import { runtimeConfig, type RuntimeConfig } from '../../params/runtime-config.ts';
import { curveContract, curveImports, type CurveFn } from '../../test/gas/curve-contract.ts';
import { assemble, chargedOps, frameSize, op, type Instr } from '../../test/gas/wasm.ts';
import { createVM } from '../index.ts';
import type { VMOutcome } from '../types.ts';
import { code, context, MemoryStorage } from './context.ts';
import { EIP2537, G1_MULTIEXP, G1_SUM, PAIRING } from './curve-vectors.ts';

const VERSION = 85;
const CURVE_FNS: CurveFn[] = [
  { name: 'alt_bn128_g1_multiexp', register: true, status: false },
  { name: 'alt_bn128_g1_sum', register: true, status: false },
  { name: 'alt_bn128_pairing_check', register: false, status: true },
  ...['bls12381_p1_sum', 'bls12381_p2_sum', 'bls12381_g1_multiexp', 'bls12381_g2_multiexp', 'bls12381_map_fp_to_g1',
    'bls12381_map_fp2_to_g2', 'bls12381_p1_decompress', 'bls12381_p2_decompress'].map((name) => ({ name, register: true, status: true })),
  { name: 'bls12381_pairing_check', register: false, status: true },
];
const IMPORTS = curveImports(CURVE_FNS);
const F = Object.fromEntries(IMPORTS.map((i, n) => [i.name, n])) as Record<string, number>;
/** Each method: the input into memory at 1 MiB, the host function on it, then returned: status (u64 LE) || register 1. */
const CONTRACT = code(curveContract(CURVE_FNS, 1 << 20).wasm);

const withFix = (fix: boolean): RuntimeConfig => {
  const config = runtimeConfig(VERSION);
  return { ...config, parameters: { ...config.parameters, bls12381_not_in_group_fix: fix } };
};
const VM = createVM(runtimeConfig(VERSION));
const VM_FIXED = createVM(withFix(true));

function run(fn: string, input: Uint8Array, vm = VM): { status: bigint; output: Buffer; outcome: VMOutcome } {
  const outcome = vm.runFunction(CONTRACT, fn, context(undefined, { input }), new MemoryStorage());
  if (outcome.returnData.kind !== 'Value') return { status: -1n, output: Buffer.alloc(0), outcome };
  const value = Buffer.from(outcome.returnData.value);
  return { status: value.readBigUInt64LE(0), output: value.subarray(8), outcome };
}
const hostError = (o: VMOutcome) => (o.aborted?.kind === 'HostError' ? o.aborted.error : undefined);

// nearcore's le_bytes!: `Nu8` is a byte, `0x…` a u256 written big-endian, stored little-endian.
const le = (items: string[]) => Buffer.concat(items.map((s) => (s.endsWith('u8')
  ? Buffer.from([Number(s.slice(0, -2))])
  : Buffer.from(s.slice(2).padStart(64, '0'), 'hex').reverse())));

test('alt_bn128: nearcore\'s vectors, little-endian, (0, 0) for infinity, AltBn128InvalidInput for bad input', (t) => {
  for (const [fn, vectors] of [['alt_bn128_g1_multiexp', G1_MULTIEXP], ['alt_bn128_g1_sum', G1_SUM]] as const) {
    for (const { input, result } of vectors) {
      const { output, outcome } = run(fn, le(input));
      if (typeof result === 'string') {
        const error = hostError(outcome);
        t.is(error?.kind, 'AltBn128InvalidInput', `${fn} ${input.join(' ')}`);
        t.true(error?.kind === 'AltBn128InvalidInput' && error.msg.startsWith(`${result}: [`), JSON.stringify(error));
      } else {
        t.deepEqual(output, le(result), `${fn} ${input.join(' ')}`);
      }
    }
  }
  for (const { input, result } of PAIRING) {
    const { status, outcome } = run('alt_bn128_pairing_check', le(input));
    if (typeof result === 'string') t.true(hostError(outcome)?.kind === 'AltBn128InvalidInput' && (hostError(outcome) as { msg: string }).msg.startsWith(`${result}: [`));
    else t.is(status, result, input.join(' '));
  }
  // stdx::as_chunks_exact's message; the bad bytes of an invalid field element in Rust's {:X?}.
  t.deepEqual(hostError(run('alt_bn128_g1_multiexp', Buffer.from('XXXX')).outcome), { kind: 'AltBn128InvalidInput', msg: 'slice of size 4 cannot be precisely split into chunks of size 96' });
  t.deepEqual(hostError(run('alt_bn128_g1_sum', Buffer.from([92])).outcome), { kind: 'AltBn128InvalidInput', msg: 'slice of size 1 cannot be precisely split into chunks of size 65' });
  t.deepEqual(hostError(run('alt_bn128_pairing_check', Buffer.from('XXXX')).outcome), { kind: 'AltBn128InvalidInput', msg: 'slice of size 4 cannot be precisely split into chunks of size 192' });
  const p = Buffer.alloc(64, 0xff);
  t.deepEqual(hostError(run('alt_bn128_g1_sum', Buffer.concat([Buffer.from([0]), p])).outcome), { kind: 'AltBn128InvalidInput', msg: `invalid fq: [${Array(32).fill('FF').join(', ')}]` });
});

// bls12381.rs's conversion of EIP-2537's encoding: Fp drops its 16 zero bytes, Fp2 becomes c1 || c0,
// an all-zero point is infinity (0x40 on the first byte), scalars are reversed to little-endian.
const hex = (s: string) => Buffer.from(s, 'hex');
const fixFp = (b: Buffer) => b.subarray(16);
const fixFp2 = (b: Buffer) => Buffer.concat([b.subarray(64 + 16), b.subarray(16, 64)]);
const fixPoint = (fix: (b: Buffer) => Buffer) => (g: Buffer) => {
  const out = Buffer.concat([fix(g.subarray(0, g.length / 2)), fix(g.subarray(g.length / 2))]);
  if (g.every((x) => x === 0)) out[0] |= 0x40;
  return out;
};
const fixG1 = fixPoint(fixFp);
const fixG2 = fixPoint(fixFp2);
const sumInput = (g: (b: Buffer) => Buffer) => (b: Buffer) => Buffer.concat([Buffer.from([0]), g(b.subarray(0, b.length / 2)), Buffer.from([0]), g(b.subarray(b.length / 2))]);
const mulInput = (g: (b: Buffer) => Buffer) => (b: Buffer) => Buffer.concat([g(b.subarray(0, b.length - 32)), Buffer.from(b.subarray(b.length - 32)).reverse()]);
const pairingInput = (b: Buffer) => Buffer.concat([fixG1(b.subarray(0, 128)), fixG2(b.subarray(128))]);
const converted = (input: string, size: number, fix: (b: Buffer) => Buffer) => {
  const b = hex(input);
  return Buffer.concat(Array.from({ length: b.length / size }, (_, i) => fix(b.subarray(i * size, (i + 1) * size))));
};

const RESULT_VECTORS: Array<[string, string, number, (b: Buffer) => Buffer, (b: Buffer) => Buffer]> = [
  ['fp_to_g1.csv', 'bls12381_map_fp_to_g1', 64, fixFp, fixG1],
  ['fp2_to_g2.csv', 'bls12381_map_fp2_to_g2', 128, fixFp2, fixG2],
  ['g1_add.csv', 'bls12381_p1_sum', 256, sumInput(fixG1), fixG1],
  ['g2_add.csv', 'bls12381_p2_sum', 512, sumInput(fixG2), fixG2],
  ['g1_mul.csv', 'bls12381_g1_multiexp', 160, mulInput(fixG1), fixG1],
  ['g2_mul.csv', 'bls12381_g2_multiexp', 288, mulInput(fixG2), fixG2],
  ['g1_multiexp.csv', 'bls12381_g1_multiexp', 160, mulInput(fixG1), fixG1],
  ['g2_multiexp.csv', 'bls12381_g2_multiexp', 288, mulInput(fixG2), fixG2],
];

test('bls12381: EIP-2537 vectors as nearcore converts them, with and without bls12381_not_in_group_fix', (t) => {
  for (const [file, fn, size, fixInput, fixResult] of RESULT_VECTORS) {
    for (const [input, result] of EIP2537[file]) {
      for (const vm of [VM, VM_FIXED]) {
        const { status, output } = run(fn, converted(input, size, fixInput), vm);
        t.is(status, 0n, file);
        t.deepEqual(output, fixResult(hex(result)), file);
      }
    }
  }
  // Bad points and field elements: 1, nothing in the register.
  const errors: Array<[string, string, number, (b: Buffer) => Buffer]> = [
    ['multiexp_g1_error.csv', 'bls12381_g1_multiexp', 160, mulInput(fixG1)],
    ['multiexp_g2_error.csv', 'bls12381_g2_multiexp', 288, mulInput(fixG2)],
    ['fp_to_g1_error.csv', 'bls12381_map_fp_to_g1', 64, fixFp],
    ['fp2_to_g2_error.csv', 'bls12381_map_fp2_to_g2', 128, fixFp2],
  ];
  for (const [file, fn, size, fixInput] of errors) {
    for (const [input] of EIP2537[file]) {
      const { status, output } = run(fn, converted(input, size, fixInput));
      t.is(status, 1n, file);
      t.is(output.length, 0, file);
    }
  }
  // Pairing: 0 when the product is one, 2 when not, 1 for a point off the curve or out of its group.
  for (const file of ['pairing.csv', 'pairing_error.csv']) {
    for (const [input, result] of EIP2537[file]) {
      const expected = result === '0'.repeat(64) ? 2n : result === `${'0'.repeat(63)}1` ? 0n : 1n;
      t.is(run('bls12381_pairing_check', converted(input, 384, pairingInput)).status, expected, `${file} ${result}`);
    }
  }
  t.is(run('bls12381_pairing_check', new Uint8Array()).status, 0n);
  // (0, ±2): on the curve, outside G1. Refused in a sum before NEP-488's fix (parameter false through 86).
  for (const [input, result] of EIP2537['g1_add_x0.csv']) {
    t.is(run('bls12381_p1_sum', converted(input, 256, sumInput(fixG1))).status, 1n);
    const fixed = run('bls12381_p1_sum', converted(input, 256, sumInput(fixG1)), VM_FIXED);
    t.is(fixed.status, 0n);
    t.deepEqual(fixed.output, fixG1(hex(result)));
  }
});

test('bls12381: decompression of the ZCash encoding, the point at infinity, and the length errors', (t) => {
  const g1 = bls12_381.G1.Point.BASE.multiply(7n);
  const g2 = bls12_381.G2.Point.BASE.multiply(11n);
  const uncompressed1 = Buffer.from(g1.toBytes(false));
  const uncompressed2 = Buffer.from(g2.toBytes(false));
  for (const [fn, point, uncompressed] of [['bls12381_p1_decompress', g1, uncompressed1], ['bls12381_p2_decompress', g2, uncompressed2]] as const) {
    const compressed = Buffer.from(point.toBytes(true));
    const negated = Buffer.from(point.negate().toBytes(true));
    const { status, output } = run(fn, Buffer.concat([compressed, negated]));
    t.is(status, 0n);
    t.deepEqual(output.subarray(0, uncompressed.length), uncompressed);
    t.deepEqual(output.subarray(uncompressed.length), Buffer.from(point.negate().toBytes(false)));
    // Infinity: 0xc0 then zeros compressed, 0x40 then zeros uncompressed; the compression bit is required.
    const infinity = Buffer.alloc(compressed.length);
    infinity[0] = 0xc0;
    const expected = Buffer.alloc(uncompressed.length);
    expected[0] = 0x40;
    t.deepEqual(run(fn, infinity).output, expected);
    t.is(run(fn, uncompressed.subarray(0, compressed.length)).status, 1n);
    t.deepEqual(hostError(run(fn, compressed.subarray(1)).outcome), {
      kind: 'BLS12381InvalidInput', msg: `Incorrect input length for ${fn}: ${compressed.length - 1} is not divisible by ${compressed.length}`,
    });
  }
  // x = 0 compressed: (0, 2) decompresses only with the fix.
  const zeroX = Buffer.alloc(48);
  zeroX[0] = 0x80;
  t.is(run('bls12381_p1_decompress', zeroX).status, 1n);
  const fixed = run('bls12381_p1_decompress', zeroX, VM_FIXED);
  t.is(fixed.status, 0n);
  t.is(fixed.output[95], 2);
  // Pairing refuses (0, 2) whatever the fix (blst_p1_deserialize must succeed outright).
  const zeroXPair = Buffer.concat([fixed.output, bls12_381.G2.Point.BASE.toBytes(false)]);
  t.is(run('bls12381_pairing_check', zeroXPair).status, 1n);
  t.is(run('bls12381_pairing_check', zeroXPair, VM_FIXED).status, 1n);
  // An uncompressed point with the compression bit set is refused by the sum, multiexp and pairing.
  const flagged = Buffer.from(uncompressed1);
  flagged[0] |= 0x80;
  t.is(run('bls12381_p1_sum', Buffer.concat([Buffer.from([0]), flagged])).status, 1n);
  t.is(run('bls12381_p1_sum', Buffer.concat([Buffer.from([2]), uncompressed1])).status, 1n);
  t.is(run('bls12381_g1_multiexp', Buffer.concat([flagged, Buffer.alloc(32)])).status, 1n);
  const lengths: Array<[string, string, number]> = [
    ['bls12381_p1_sum', 'bls12381_p1_sum', 97], ['bls12381_p2_sum', 'bls12381_p2_sum', 193],
    ['bls12381_g1_multiexp', 'bls12381_p1_multiexp', 128], ['bls12381_g2_multiexp', 'bls12381_p2_multiexp', 224],
    ['bls12381_map_fp_to_g1', 'bls12381_map_fp_to_g1', 48], ['bls12381_map_fp2_to_g2', 'bls12381_map_fp2_to_g2', 96],
    ['bls12381_pairing_check', 'bls12381_pairing_check', 288],
  ];
  for (const [fn, named, item] of lengths) {
    t.deepEqual(hostError(run(fn, new Uint8Array(item + 1)).outcome), { kind: 'BLS12381InvalidInput', msg: `Incorrect input length for ${named}: ${item + 1} is not divisible by ${item}` });
  }
});

test('gas: no `base`; own base, per item and the input read; the register only on success; per item before the read for bls12381', (t) => {
  const p = resolveParameters(VERSION);
  const vm = createVM(runtimeConfig(VERSION));
  const readMemory = (n: bigint) => p.wasm_read_memory_base + p.wasm_read_memory_byte * n;
  const register = (n: bigint) => p.wasm_write_register_base + p.wasm_write_register_byte * n;
  /** A contract calling `fn(len, 0, 1)` once on `data` at address 0; what its wasm and loading cost. */
  const call = (fn: string, data: Uint8Array, len: bigint = BigInt(data.length)) => {
    const spec = CURVE_FNS.find((f) => f.name === fn)!;
    const body: Instr[] = [op.i64(len), op.i64(0), ...(spec.register ? [op.i64(1)] : []), op.call(0), ...(spec.status ? [op.drop] : [])];
    const contract = code(assemble({ imports: [IMPORTS[F[fn]]], functions: [{ export: 'run', body }], data }));
    const outcome = vm.runFunction(contract, 'run', context(undefined), new MemoryStorage());
    // A host error ends the call: the operators after it (the drop) are never charged.
    const ran = outcome.aborted ? body.slice(0, body.findIndex((i) => i[0] === 0x10) + 1) : body;
    const wasm = p.wasm_contract_loading_base + p.wasm_contract_loading_bytes * BigInt(contract.code.length)
      + BigInt(Math.floor((frameSize([], []) + 7) / 8)) * p.wasm_regular_op_cost + BigInt(chargedOps(ran)) * p.wasm_regular_op_cost;
    return { outcome, wasm };
  };

  const sum = le(G1_SUM[3].input);
  let r = call('alt_bn128_g1_sum', sum);
  t.is(r.outcome.aborted, undefined);
  t.is(r.outcome.burntGas, r.wasm + p.wasm_alt_bn128_g1_sum_base + readMemory(195n) + p.wasm_alt_bn128_g1_sum_element * 3n + register(64n));
  const multiexp = le(G1_MULTIEXP[3].input);
  r = call('alt_bn128_g1_multiexp', multiexp);
  t.is(r.outcome.burntGas, r.wasm + p.wasm_alt_bn128_g1_multiexp_base + readMemory(288n) + p.wasm_alt_bn128_g1_multiexp_element * 3n + register(64n));
  const pairing = le(PAIRING[1].input);
  r = call('alt_bn128_pairing_check', pairing);
  t.is(r.outcome.burntGas, r.wasm + p.wasm_alt_bn128_pairing_check_base + readMemory(384n) + p.wasm_alt_bn128_pairing_check_element * 2n);
  // A bad length fails after the read, before any per-item charge.
  r = call('alt_bn128_g1_sum', new Uint8Array(66));
  t.is(hostError(r.outcome)?.kind, 'AltBn128InvalidInput');
  t.is(r.outcome.burntGas, r.wasm + p.wasm_alt_bn128_g1_sum_base + readMemory(66n));

  const [mulInputHex] = EIP2537['g1_multiexp.csv'][0];
  const g1multiexp = converted(mulInputHex, 160, mulInput(fixG1)); // 16 items of 128 bytes
  r = call('bls12381_g1_multiexp', g1multiexp);
  t.is(r.outcome.burntGas, r.wasm + p.wasm_bls12381_g1_multiexp_base + p.wasm_bls12381_g1_multiexp_element * 16n + readMemory(2048n) + register(96n));
  // A point off the curve: 1, no register written.
  const [errorInput] = EIP2537['multiexp_g1_error.csv'][0];
  r = call('bls12381_g1_multiexp', converted(errorInput, 160, mulInput(fixG1)));
  t.is(r.outcome.burntGas, r.wasm + p.wasm_bls12381_g1_multiexp_base + p.wasm_bls12381_g1_multiexp_element + readMemory(128n));
  // A bad length: per item of value_len / 128 (here 1), the read, then BLS12381InvalidInput.
  r = call('bls12381_g1_multiexp', new Uint8Array(200));
  t.is(hostError(r.outcome)?.kind, 'BLS12381InvalidInput');
  t.is(r.outcome.burntGas, r.wasm + p.wasm_bls12381_g1_multiexp_base + p.wasm_bls12381_g1_multiexp_element + readMemory(200n));
  // From a register (len u64::MAX) the per-item charge overflows a u64: IntegerOverflow after the base.
  r = call('bls12381_p1_decompress', new Uint8Array(), -1n);
  t.deepEqual(hostError(r.outcome), { kind: 'IntegerOverflow' });
  t.is(r.outcome.burntGas, r.wasm + p.wasm_bls12381_p1_decompress_base);
  // Pairing counts the items of the data read: 2 for 577 bytes, then the length error.
  r = call('bls12381_pairing_check', new Uint8Array(577));
  t.is(hostError(r.outcome)?.kind, 'BLS12381InvalidInput');
  t.is(r.outcome.burntGas, r.wasm + p.wasm_bls12381_pairing_base + readMemory(577n) + p.wasm_bls12381_pairing_element * 2n);
});
