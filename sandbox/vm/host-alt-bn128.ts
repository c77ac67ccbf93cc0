// alt_bn128 (BN254) host functions as nearcore's logic.rs and logic/alt_bn128.rs
// define them; the curve arithmetic is @noble/curves' bn254, the encodings and
// checks are nearcore's: packed little-endian u256s, (0, 0) for the point at
// infinity, G1 points on the curve, G2 points on the twist and in the order-r
// subgroup, scalars below r, every bad input a HostError AltBn128InvalidInput
// whose message is the one the `bn` crate path gives (logic/alt_bn128.rs).
import { bn254 } from '@noble/curves/bn254';
import { bigIntToBytesLE, bytesToBigIntLE, payBase, payPer, type CurveHost } from './curve-host.ts';
import { HostFailure } from './host-error.ts';

const { Fp, Fp2, Fp12, Fr } = bn254.fields;
const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
type G1Point = InstanceType<typeof G1>;
type G2Point = InstanceType<typeof G2>;
type Fq2 = ReturnType<typeof Fp2.create>;

const SCALAR = 32; // u256
const POINT = 2 * SCALAR;
const G1_MULTIEXP_ITEM = POINT + SCALAR; // ((x, y), fr)
const G1_SUM_ITEM = 1 + POINT; // (sign, (x, y))
const PAIRING_ITEM = POINT + 2 * POINT; // ((x, y), ((x.re, x.im), (y.re, y.im)))

/** alt_bn128.rs InvalidInput::new: the message, then the bad bytes as Rust's `{:X?}` prints them. */
function invalid(msg: string, raw: Uint8Array): HostFailure {
  return new HostFailure({ kind: 'AltBn128InvalidInput', msg: `${msg}: [${[...raw].map((b) => b.toString(16).toUpperCase()).join(', ')}]` });
}

/** split_elements (stdx::as_chunks_exact): the input must be whole items. */
function split(data: Uint8Array, size: number): Uint8Array[] {
  if (data.length % size !== 0) {
    throw new HostFailure({ kind: 'AltBn128InvalidInput', msg: `slice of size ${data.length} cannot be precisely split into chunks of size ${size}` });
  }
  return Array.from({ length: data.length / size }, (_, i) => data.subarray(i * size, (i + 1) * size));
}

function decodeFq(raw: Uint8Array): bigint {
  const value = bytesToBigIntLE(raw);
  if (value >= Fp.ORDER) throw invalid('invalid fq', raw);
  return value;
}

function decodeFr(raw: Uint8Array): bigint {
  const value = bytesToBigIntLE(raw);
  if (value >= Fr.ORDER) throw invalid('invalid fr', raw);
  return value;
}

function decodeBool(raw: Uint8Array): boolean {
  if (raw[0] === 0) return false;
  if (raw[0] === 1) return true;
  throw invalid('invalid bool', raw);
}

/** (0, 0) is the point at infinity; any other pair must be on y² = x³ + 3 (G1 is the whole curve). */
function decodeG1(raw: Uint8Array): G1Point {
  const x = decodeFq(raw.subarray(0, SCALAR));
  const y = decodeFq(raw.subarray(SCALAR, POINT));
  if (x === 0n && y === 0n) return G1.ZERO;
  if (Fp.sqr(y) !== Fp.add(Fp.mul(Fp.sqr(x), x), 3n)) throw invalid('invalid g1', raw);
  return G1.fromAffine({ x, y });
}

/** Fq2 as (real, imaginary). */
function decodeFq2(raw: Uint8Array): Fq2 {
  return Fp2.create({ c0: decodeFq(raw.subarray(0, SCALAR)), c1: decodeFq(raw.subarray(SCALAR, POINT)) });
}

/** (0, 0) is infinity; any other pair must be on the twist and of order r (bn's AffineG2::new). */
function decodeG2(raw: Uint8Array): G2Point {
  const x = decodeFq2(raw.subarray(0, POINT));
  const y = decodeFq2(raw.subarray(POINT, 2 * POINT));
  if (Fp2.is0(x) && Fp2.is0(y)) return G2.ZERO;
  const onTwist = Fp2.eql(Fp2.sqr(y), Fp2.add(Fp2.mul(Fp2.sqr(x), x), G2.CURVE().b));
  if (!onTwist) throw invalid('invalid g2', raw);
  const point = G2.fromAffine({ x, y });
  // r·P = 0, computed as (r - 1)·P + P (the scalar must stay below r).
  if (!point.multiplyUnsafe(Fr.ORDER - 1n).add(point).is0()) throw invalid('invalid g2', raw);
  return point;
}

/** Affine x || y, little-endian; infinity as (0, 0). */
function encodeG1(point: G1Point): Uint8Array {
  const out = new Uint8Array(POINT);
  if (point.is0()) return out;
  const { x, y } = point.toAffine();
  out.set(bigIntToBytesLE(x, SCALAR), 0);
  out.set(bigIntToBytesLE(y, SCALAR), SCALAR);
  return out;
}

export function altBn128G1Multiexp(data: Uint8Array): Uint8Array {
  const items = split(data, G1_MULTIEXP_ITEM).map((item) => [decodeG1(item.subarray(0, POINT)), decodeFr(item.subarray(POINT))] as const);
  return encodeG1(items.reduce((acc, [point, scalar]) => acc.add(point.multiplyUnsafe(scalar)), G1.ZERO));
}

export function altBn128G1Sum(data: Uint8Array): Uint8Array {
  const items = split(data, G1_SUM_ITEM).map((item) => [decodeBool(item.subarray(0, 1)), decodeG1(item.subarray(1))] as const);
  return encodeG1(items.reduce((acc, [negative, point]) => (negative ? acc.subtract(point) : acc.add(point)), G1.ZERO));
}

/** Whether the product of the pairings is one (a pair with infinity contributes one). */
export function altBn128PairingCheck(data: Uint8Array): boolean {
  const pairs = split(data, PAIRING_ITEM).map((item) => ({ g1: decodeG1(item.subarray(0, POINT)), g2: decodeG2(item.subarray(POINT)) }));
  const nonTrivial = pairs.filter(({ g1, g2 }) => !g1.is0() && !g2.is0());
  return nonTrivial.length === 0 || Fp12.eql(bn254.pairingBatch(nonTrivial), Fp12.ONE);
}

/** The three host functions, charged in logic.rs's order: their base, the input read, per item, the register. */
export function altBn128HostFunctions(host: CurveHost): Record<string, (...args: bigint[]) => bigint | void> {
  return {
    alt_bn128_g1_multiexp: (len, ptr, registerId) => {
      payBase(host, 'alt_bn128_g1_multiexp_base');
      const data = host.readInput(len, ptr);
      payPer(host, 'alt_bn128_g1_multiexp_element', BigInt(split(data, G1_MULTIEXP_ITEM).length));
      host.setRegister(registerId, altBn128G1Multiexp(data));
    },
    alt_bn128_g1_sum: (len, ptr, registerId) => {
      payBase(host, 'alt_bn128_g1_sum_base');
      const data = host.readInput(len, ptr);
      payPer(host, 'alt_bn128_g1_sum_element', BigInt(split(data, G1_SUM_ITEM).length));
      host.setRegister(registerId, altBn128G1Sum(data));
    },
    alt_bn128_pairing_check: (len, ptr) => {
      payBase(host, 'alt_bn128_pairing_check_base');
      const data = host.readInput(len, ptr);
      payPer(host, 'alt_bn128_pairing_check_element', BigInt(split(data, PAIRING_ITEM).length));
      return altBn128PairingCheck(data) ? 1n : 0n;
    },
  };
}

export const ALT_BN128_FUNCTIONS = ['alt_bn128_g1_multiexp', 'alt_bn128_g1_sum', 'alt_bn128_pairing_check'];
