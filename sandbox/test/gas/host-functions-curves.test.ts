// alt_bn128 and bls12381 host functions on the local node (issue #11), through
// near-api-js 7 as a user calls a contract: results, nearcore's error texts in the
// outcome, and gas_burnt computed from nearcore's parameters by logic.rs's formula.
// nearcore links them at every protocol the node runs (imports.rs has no gate).
import { bls12_381 } from '@noble/curves/bls12-381';
import { actions, KeyPair, type Action } from 'near-api-js';
import { accountOn, type Outcome } from '../../../client/near.ts';
import { ROOT_ACCOUNT } from '../../chain/genesis.ts';
import { hasFeature } from '../../params/features.ts';
import type { Parameters } from '../../params/types.ts';
import { testAtVersions, type Signer, type VersionNode } from '../version-nodes.ts';
import { curveContract, type CurveFn } from './curve-contract.ts';
import { chargedOps, frameSize, type Instr } from './wasm.ts';

const { createAccount, transfer, addFullAccessKey, deployContract, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const test = testAtVersions([78, 85]);

function sendActions(node: VersionNode, signer: Signer, receiverId: string, acts: Action[]): Promise<Outcome> {
  return accountOn(node.server.url, signer.accountId, signer.secretKey).signAndSendTransaction({ receiverId, actions: acts, throwOnFailure: false, waitUntil: 'FINAL' });
}

const FNS: CurveFn[] = [
  { name: 'alt_bn128_g1_sum', register: true, status: false },
  { name: 'alt_bn128_pairing_check', register: false, status: true },
  { name: 'bls12381_p1_decompress', register: true, status: true },
  { name: 'bls12381_pairing_check', register: false, status: true },
];
/** Each method: its input into memory, the host function on it, returned as status (u64 LE) || register 1. */
const { methods: METHODS, wasm: CODE } = curveContract(FNS, 4096);

const u256 = (hex: string) => Buffer.from(hex.padStart(64, '0'), 'hex').reverse();
// alt_bn128 points of nearcore's logic/tests/alt_bn128.rs (x, y written big-endian there).
const P1 = [u256('26a1602aeb36e32dd1c534b1c014e920b138f4a8b87f2833ea6051c8cbd5eea2'), u256('01eb929f0ab6720df89837a84f2787d6d8a8bd97e0daab0576321d85143633ee')];
const P2 = [u256('15ad51e3d708bdf9ae99a3732af9354cc7b0f2ce71832b958b3e9b0215e63578'), u256('231d7b68932527abdeb71488bd5c1e339306c10490d3c65f7daaa651a367c618')];
const P3 = [u256('1302ac2f870ef22bdec4cd48058f309bcef761a7b40f78744157f3bbf25a016d'), u256('0c75e87050e62a4c3bf1e261da5a0f11c7ccaa090a0585365658f7a2b4b96fee')];
const SUM = Buffer.concat([u256('2ee5c54dee890fb79c9964f7a08c7295111990435dc3adff9fb6d63aadded21f'), u256('2c3fa1abf295e7df565379efcdb0398d08fc959a0a7e5d3f30118fefe9450a67')]);
const PAIRING = Buffer.concat([
  '0763111c06b5066cc812f8e058d5b82a7bc356c83a1a5ab743ea4e7163d90a75', '041068a8ed41f6755c1ad2d30aacc3974a4fae3293aee34c7103b4c073358624',
  '291aea4fac742aaf8772caa00c8763d509c3d6f20d1be64d73c10d06db031a01', '1de7a958e4adb3a128cd3b942b13bc85ee4124f0dee6f4266b39707c81c06fd4',
  '1e2d816ba8b96e5cb444883a2b095533becb805c654418fa2c65bba533a34311', '195dd519dc841a301a14de412c520b858c01ccc7ba0bd4177dd85d4b116416bb',
  '1f1cebcff0a999ffa7c1b582e9afd6c875760fde2679e9fd830bf3979504b04f', '179fe95fb3fb3807ebbad5ed2b40ddd06f7b73525382a64a43489606b3454a53',
  '201eef3c872a7313da79f6aa628cc9795314fbac78484fdae2eba5086755ad6d', '204e0376b942fe92ba6e2746d07d62f5dede7b8b6e172fa89ea0c5c4ccabaa31',
  '00e9f62300f921f5d4f2f7008aec59449a3f5e75add585ec4eccf04f5dc5b32f', '17c150f0fb2ff472816b41868b98b9170233ee4647fe4bc41a1336c9a2c6567c',
].map(u256));

/** The method's gas besides its curve function: receipt, loading, operators, input, registers, value_return. */
function frame(p: Parameters, version: number, method: string, input: bigint, output: bigint): bigint {
  const f = METHODS[method];
  const readRegister = (n: bigint) => p.wasm_base + p.wasm_read_register_base + p.wasm_read_register_byte * n + p.wasm_write_memory_base + p.wasm_write_memory_byte * n;
  const receipt = p.action_receipt_creation.execution + p.action_function_call.execution + p.action_function_call_per_byte.execution * (BigInt(method.length) + input);
  const wasm = p.wasm_contract_loading_base + p.wasm_contract_loading_bytes * BigInt(CODE.length)
    + BigInt(Math.floor((frameSize([], f.locals ?? []) + 7) / 8)) * p.wasm_regular_op_cost + BigInt(chargedOps(f.body as Instr[])) * p.wasm_regular_op_cost;
  // From 82 the input register is shared, not copied (no per-byte register gas).
  const inputGas = p.wasm_base + p.wasm_write_register_base + (hasFeature(version, 'DeterministicAccountIds') ? 0n : p.wasm_write_register_byte * input);
  const emptyRegister = p.wasm_base + p.wasm_read_memory_base + p.wasm_write_register_base;
  const valueReturn = p.wasm_base + p.wasm_read_memory_base + p.wasm_read_memory_byte * (8n + output);
  return receipt + wasm + inputGas + readRegister(input) + emptyRegister + 2n * p.wasm_base + readRegister(output) + valueReturn;
}

for (const version of [78, 85]) {
  test.serial(`${version}: alt_bn128 and bls12381 results, errors and gas through near-api-js`, async (t) => {
    const node = t.context[version];
    const { p } = node;
    const accountId = `curves.${ROOT_ACCOUNT}`;
    const publicKey = KeyPair.fromString(node.root.secretKey as `ed25519:${string}`).getPublicKey();
    await sendActions(node, node.root, accountId, [createAccount(), transfer(50n * NEAR), addFullAccessKey(publicKey), deployContract(CODE)]);
    const self = { accountId, secretKey: node.root.secretKey };
    const call = (method: string, args: Uint8Array) => sendActions(node, self, accountId, [functionCall(method, args, 300n * TGAS)]);
    const value = (o: Outcome) => Buffer.from((o.status as { SuccessValue: string }).SuccessValue, 'base64');
    const burnt = (o: Outcome) => BigInt(o.receipts_outcome[0].outcome.gas_burnt);
    const readMemory = (n: bigint) => p.wasm_read_memory_base + p.wasm_read_memory_byte * n;
    const register = (n: bigint) => p.wasm_write_register_base + p.wasm_write_register_byte * n;

    // alt_bn128_g1_sum of three points: its base, the read, per item, the 64-byte result.
    const sumInput = Buffer.concat([P1, P2, P3].flatMap((pt) => [Buffer.from([0]), ...pt]));
    const sum = await call('alt_bn128_g1_sum', sumInput);
    t.deepEqual(value(sum).subarray(8), SUM);
    t.is(burnt(sum), frame(p, version, 'alt_bn128_g1_sum', 195n, 64n) + p.wasm_alt_bn128_g1_sum_base + readMemory(195n) + p.wasm_alt_bn128_g1_sum_element * 3n + register(64n));
    // The gas profile books the curve charges under their own ExtCosts (profile_data_v3.rs).
    const profile = (o: Outcome, cost: string) => (o.receipts_outcome[0].outcome.metadata as { gas_profile: Array<{ cost: string; gas_used: string }> })
      .gas_profile.find((e) => e.cost === cost)?.gas_used;
    t.is(profile(sum, 'ALT_BN128_G1_SUM_BASE'), String(p.wasm_alt_bn128_g1_sum_base));
    t.is(profile(sum, 'ALT_BN128_G1_SUM_ELEMENT'), String(p.wasm_alt_bn128_g1_sum_element * 3n));

    const pairing = await call('alt_bn128_pairing_check', PAIRING);
    t.is(value(pairing).readBigUInt64LE(0), 1n);
    t.is(burnt(pairing), frame(p, version, 'alt_bn128_pairing_check', 384n, 0n) + p.wasm_alt_bn128_pairing_check_base + readMemory(384n) + p.wasm_alt_bn128_pairing_check_element * 2n);

    // bls12381_p1_decompress of two compressed points: status 0 and the uncompressed points.
    const points = [bls12_381.G1.Point.BASE, bls12_381.G1.Point.BASE.multiply(5n)];
    const compressed = Buffer.concat(points.map((pt) => pt.toBytes(true)));
    const decompressed = await call('bls12381_p1_decompress', compressed);
    t.is(value(decompressed).readBigUInt64LE(0), 0n);
    t.deepEqual(value(decompressed).subarray(8), Buffer.concat(points.map((pt) => pt.toBytes(false))));
    t.is(burnt(decompressed), frame(p, version, 'bls12381_p1_decompress', 96n, 192n)
      + p.wasm_bls12381_p1_decompress_base + p.wasm_bls12381_p1_decompress_element * 2n + readMemory(96n) + register(192n));
    t.is(profile(decompressed, 'BLS12381_P1_DECOMPRESS_ELEMENT'), String(p.wasm_bls12381_p1_decompress_element * 2n));

    // bls12381_pairing_check: e(P, Q)·e(-P, Q) is one (0); e(P, Q) alone is not (2).
    const g1 = bls12_381.G1.Point.BASE.multiply(3n);
    const g2 = bls12_381.G2.Point.BASE.multiply(4n);
    const pair = (a: typeof g1, b: typeof g2) => Buffer.concat([a.toBytes(false), b.toBytes(false)]);
    const one = await call('bls12381_pairing_check', Buffer.concat([pair(g1, g2), pair(g1.negate(), g2)]));
    t.is(value(one).readBigUInt64LE(0), 0n);
    t.is(burnt(one), frame(p, version, 'bls12381_pairing_check', 576n, 0n) + p.wasm_bls12381_pairing_base + readMemory(576n) + p.wasm_bls12381_pairing_element * 2n);
    t.is(value(await call('bls12381_pairing_check', pair(g1, g2))).readBigUInt64LE(0), 2n);

    // Bad lengths fail the call with nearcore's texts.
    const failure = (o: Outcome) => (o.status as { Failure: { ActionError: { kind: unknown } } }).Failure.ActionError.kind;
    t.deepEqual(failure(await call('alt_bn128_g1_sum', Buffer.from('XXXX'))), { FunctionCallError: { ExecutionError: 'AltBn128 invalid input: slice of size 4 cannot be precisely split into chunks of size 65' } });
    t.deepEqual(failure(await call('bls12381_p1_decompress', new Uint8Array(47))), { FunctionCallError: { ExecutionError: 'BLS12-381 invalid input: Incorrect input length for bls12381_p1_decompress: 47 is not divisible by 48' } });
  });
}
