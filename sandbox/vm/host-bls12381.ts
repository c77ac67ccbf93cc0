// BLS12-381 host functions as nearcore's logic.rs and logic/bls12381.rs define
// them over blst: the arithmetic is @noble/curves' bls12-381, the encodings and
// checks are written here from blst's (de)serialization as nearcore uses it.
// Fp elements are 48 bytes big-endian, an Fp2 element c0 + c1·u is c1 || c0;
// uncompressed points are x || y with the three top bits of the first byte zero,
// infinity 0x40 then zeros; compressed points set 0x80, 0x40 for infinity and
// 0x20 for the lexicographically larger y (the ZCash format). Scalars are 32
// bytes little-endian. A malformed point or field element returns 1; only an
// input whose length is not a whole number of items is a HostError.
import { bls12_381 } from '@noble/curves/bls12-381';
import { bigIntToBytesBE, bytesToBigIntBE, bytesToBigIntLE, payBase, payPer, type CurveHost } from './curve-host.ts';
import { HostFailure } from './host-error.ts';
import type { ExtCost } from '../params/runtime-config.ts';

const { Fp, Fp2, Fp12, Fr } = bls12_381.fields;
type Fq2 = ReturnType<typeof Fp2.create>;
type P1 = InstanceType<typeof bls12_381.G1.Point>;
type P2 = InstanceType<typeof bls12_381.G2.Point>;

const FP = 48;
const SCALAR = 32;
const HALF_P = (Fp.ORDER - 1n) / 2n;

/** blst's BLST_ERROR outcomes that matter here. */
type Decoded<T> = { status: 'ok' | 'notInGroup'; point: T } | { status: 'bad' };

/** One group (G1 over Fp, G2 over Fp2) with blst's encodings of its points. */
interface Group<F, P> {
  name: 'bls12381_p1' | 'bls12381_p2';
  size: number; // uncompressed point
  Point: {
    ZERO: P;
    fromAffine(p: { x: F; y: F }): P;
  };
  isZero(f: F): boolean;
  onCurve(x: F, y: F): boolean;
  /** A field element from big-endian bytes, or undefined when one coordinate is not below p. */
  readField(raw: Uint8Array): F | undefined;
  writeField(f: F): Uint8Array;
  /** y with y² = x³ + b, or undefined when there is none. */
  sqrtRhs(x: F): F | undefined;
  /** The ZCash sign: y is the larger of y and -y. */
  larger(y: F): boolean;
  negate(y: F): F;
  mapToCurve(f: F): P;
}

/** A point of either group as noble gives it. */
interface CurvePoint<P> {
  is0(): boolean;
  add(other: P): P;
  negate(): P;
  multiplyUnsafe(scalar: bigint): P;
  toAffine(): { x: unknown; y: unknown };
  isTorsionFree(): boolean;
}

const fp = (raw: Uint8Array): bigint | undefined => {
  const v = bytesToBigIntBE(raw);
  return v < Fp.ORDER ? v : undefined;
};

const G1: Group<bigint, P1> = {
  name: 'bls12381_p1',
  size: 2 * FP,
  Point: bls12_381.G1.Point,
  isZero: (f) => f === 0n,
  onCurve: (x, y) => Fp.sqr(y) === Fp.add(Fp.mul(Fp.sqr(x), x), 4n),
  readField: fp,
  writeField: (f) => bigIntToBytesBE(f, FP),
  sqrtRhs: (x) => {
    try {
      return Fp.sqrt(Fp.add(Fp.mul(Fp.sqr(x), x), 4n));
    } catch {
      return undefined;
    }
  },
  larger: (y) => y > HALF_P,
  negate: (y) => Fp.neg(y),
  mapToCurve: (u) => bls12_381.G1.mapToCurve([u]) as P1,
};

const B2 = bls12_381.G2.Point.CURVE().b;
const G2: Group<Fq2, P2> = {
  name: 'bls12381_p2',
  size: 4 * FP,
  Point: bls12_381.G2.Point,
  isZero: (f) => Fp2.is0(f),
  onCurve: (x, y) => Fp2.eql(Fp2.sqr(y), Fp2.add(Fp2.mul(Fp2.sqr(x), x), B2)),
  readField: (raw) => {
    const c1 = fp(raw.subarray(0, FP));
    const c0 = fp(raw.subarray(FP, 2 * FP));
    return c0 === undefined || c1 === undefined ? undefined : Fp2.create({ c0, c1 });
  },
  writeField: (f) => new Uint8Array([...bigIntToBytesBE(f.c1, FP), ...bigIntToBytesBE(f.c0, FP)]),
  sqrtRhs: (x) => {
    try {
      const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), B2);
      const y = Fp2.sqrt(rhs);
      return Fp2.eql(Fp2.sqr(y), rhs) ? y : undefined;
    } catch {
      return undefined;
    }
  },
  // sgn0_pty_mont_384x: the sign of c1, or of c0 when c1 is zero.
  larger: (y) => (y.c1 !== 0n ? y.c1 > HALF_P : y.c0 > HALF_P),
  negate: (y) => Fp2.neg(y),
  mapToCurve: (u) => bls12_381.G2.mapToCurve([u.c0, u.c1]) as P2,
};

const allZero = (b: Uint8Array) => b.every((x) => x === 0);

/** blst_pN_deserialize on an uncompressed encoding: (0, y) is on the curve but not in the group. */
function deserialize<F, P>(g: Group<F, P>, raw: Uint8Array): Decoded<P> {
  const first = raw[0];
  if ((first & 0xe0) === 0) {
    const half = g.size / 2;
    const x = g.readField(raw.subarray(0, half));
    const y = g.readField(raw.subarray(half));
    if (x === undefined || y === undefined || !g.onCurve(x, y)) return { status: 'bad' };
    return { status: g.isZero(x) ? 'notInGroup' : 'ok', point: g.Point.fromAffine({ x, y }) };
  }
  // Compressed encodings never reach here (callers refuse 0x80 first); 0x40 alone with zeros is infinity.
  if ((first & 0x80) === 0 && (first & 0x40) !== 0 && (first & 0x3f) === 0 && allZero(raw.subarray(1))) return { status: 'ok', point: g.Point.ZERO };
  return { status: 'bad' };
}

/** blst_pN_uncompress: x with the flag bits cleared, y chosen by the sign flag. */
function uncompress<F, P>(g: Group<F, P>, raw: Uint8Array): Decoded<P> {
  const first = raw[0];
  if ((first & 0x80) === 0) return { status: 'bad' };
  if ((first & 0x40) !== 0) {
    return (first & 0x3f) === 0 && allZero(raw.subarray(1)) ? { status: 'ok', point: g.Point.ZERO } : { status: 'bad' };
  }
  const cleared = Uint8Array.from(raw);
  cleared[0] &= 0x1f;
  const x = g.readField(cleared);
  if (x === undefined) return { status: 'bad' };
  const root = g.sqrtRhs(x);
  if (root === undefined) return { status: 'bad' };
  const y = g.larger(root) === ((first & 0x20) !== 0) ? root : g.negate(root);
  return { status: g.isZero(x) ? 'notInGroup' : 'ok', point: g.Point.fromAffine({ x, y }) };
}

/** blst_pN_affine_serialize: infinity is 0x40 then zeros. */
function serialize<F, P extends CurvePoint<P>>(g: Group<F, P>, point: P): Uint8Array {
  const out = new Uint8Array(g.size);
  if (point.is0()) {
    out[0] = 0x40;
    return out;
  }
  const { x, y } = point.toAffine() as { x: F; y: F };
  out.set(g.writeField(x), 0);
  out.set(g.writeField(y), g.size / 2);
  return out;
}

/** blst_pN_in_gN: in the order-r subgroup. blst and noble both test it with the endomorphism
 *  (ψ(P) = [x]P for G2, φ on G1: eprint 2021/1130), exact for points on the curve. */
const inGroup = <P extends CurvePoint<P>>(point: P): boolean => point.isTorsionFree();

/** check_input_size. */
function checkSize(data: Uint8Array, item: number, fnName: string): void {
  if (data.length % item !== 0) {
    throw new HostFailure({ kind: 'BLS12381InvalidInput', msg: `Incorrect input length for ${fnName}: ${data.length} is not divisible by ${item}` });
  }
}

const items = (data: Uint8Array, size: number) => Array.from({ length: data.length / size }, (_, i) => data.subarray(i * size, (i + 1) * size));

/** parse_pN: an uncompressed point; (0, ±y) only with NEP-488's fix. */
function parse<F, P>(g: Group<F, P>, raw: Uint8Array, fix: boolean): P | undefined {
  if (raw[0] & 0x80) return undefined;
  const d = deserialize(g, raw);
  return d.status === 'ok' || (fix && d.status === 'notInGroup') ? d.point : undefined;
}

function sum<F, P extends CurvePoint<P>>(g: Group<F, P>, data: Uint8Array, fix: boolean): Uint8Array | undefined {
  checkSize(data, 1 + g.size, `${g.name}_sum`);
  let acc = g.Point.ZERO;
  for (const item of items(data, 1 + g.size)) {
    const point = parse(g, item.subarray(1), fix);
    if (point === undefined || item[0] > 1) return undefined;
    acc = acc.add(item[0] === 1 ? point.negate() : point);
  }
  return serialize(g, acc);
}

function multiexp<F, P extends CurvePoint<P>>(g: Group<F, P>, data: Uint8Array, fix: boolean): Uint8Array | undefined {
  checkSize(data, g.size + SCALAR, `${g.name}_multiexp`);
  let acc = g.Point.ZERO;
  for (const item of items(data, g.size + SCALAR)) {
    const point = parse(g, item.subarray(0, g.size), fix);
    if (point === undefined || !inGroup(point)) return undefined;
    // blst_pN_mult over all 256 bits; on the subgroup that is the scalar mod r.
    acc = acc.add(point.multiplyUnsafe(bytesToBigIntLE(item.subarray(g.size)) % Fr.ORDER));
  }
  return serialize(g, acc);
}

function decompress<F, P extends CurvePoint<P>>(g: Group<F, P>, data: Uint8Array, fix: boolean): Uint8Array | undefined {
  const size = g.size / 2;
  checkSize(data, size, `${g.name}_decompress`);
  const out: Uint8Array[] = [];
  for (const item of items(data, size)) {
    const d = uncompress(g, item);
    // Before the fix nearcore goes through blst's min_pk wrappers, which refuse BLST_POINT_NOT_IN_GROUP.
    if (!(d.status === 'ok' || (fix && d.status === 'notInGroup'))) return undefined;
    out.push(serialize(g, d.point));
  }
  return Buffer.concat(out);
}

function mapToGroup<F, P extends CurvePoint<P>>(g: Group<F, P>, data: Uint8Array, fnName: string): Uint8Array | undefined {
  const size = g.size / 2;
  checkSize(data, size, fnName);
  const out: Uint8Array[] = [];
  for (const item of items(data, size)) {
    const u = g.readField(item);
    if (u === undefined) return undefined;
    out.push(serialize(g, g.mapToCurve(u)));
  }
  return Buffer.concat(out);
}

/** 0 when the product of the pairings is one, 2 when it is not, 1 for a bad or out-of-group point. */
export function blsPairingCheck(data: Uint8Array): bigint {
  checkSize(data, G1.size + G2.size, 'bls12381_pairing_check');
  const pairs: Array<{ g1: P1; g2: P2 }> = [];
  for (const item of items(data, G1.size + G2.size)) {
    const raw1 = item.subarray(0, G1.size);
    const raw2 = item.subarray(G1.size);
    // blst_pN_deserialize must succeed outright here: (0, y) is refused whatever the fix.
    const p1 = raw1[0] & 0x80 ? undefined : deserialize(G1, raw1);
    if (p1?.status !== 'ok' || !inGroup(p1.point)) return 1n;
    const p2 = raw2[0] & 0x80 ? undefined : deserialize(G2, raw2);
    if (p2?.status !== 'ok' || !inGroup(p2.point)) return 1n;
    if (!p1.point.is0() && !p2.point.is0()) pairs.push({ g1: p1.point, g2: p2.point });
  }
  // A pair with infinity contributes one (noble refuses to pair it).
  return pairs.length === 0 || Fp12.eql(bls12_381.pairingBatch(pairs), Fp12.ONE) ? 0n : 2n;
}

export const bls12381 = {
  p1_sum: (d: Uint8Array, fix: boolean) => sum(G1, d, fix),
  p2_sum: (d: Uint8Array, fix: boolean) => sum(G2, d, fix),
  g1_multiexp: (d: Uint8Array, fix: boolean) => multiexp(G1, d, fix),
  g2_multiexp: (d: Uint8Array, fix: boolean) => multiexp(G2, d, fix),
  map_fp_to_g1: (d: Uint8Array) => mapToGroup(G1, d, 'bls12381_map_fp_to_g1'),
  map_fp2_to_g2: (d: Uint8Array) => mapToGroup(G2, d, 'bls12381_map_fp2_to_g2'),
  p1_decompress: (d: Uint8Array, fix: boolean) => decompress(G1, d, fix),
  p2_decompress: (d: Uint8Array, fix: boolean) => decompress(G2, d, fix),
};

/** The bls12381_impl! functions: name, item size of the per-element charge, the operation. */
const REGISTER_FUNCTIONS: Array<[string, bigint, ExtCost, ExtCost, (d: Uint8Array, fix: boolean) => Uint8Array | undefined]> = [
  ['bls12381_p1_sum', 97n, 'bls12381_p1_sum_base', 'bls12381_p1_sum_element', bls12381.p1_sum],
  ['bls12381_p2_sum', 193n, 'bls12381_p2_sum_base', 'bls12381_p2_sum_element', bls12381.p2_sum],
  ['bls12381_g1_multiexp', 128n, 'bls12381_g1_multiexp_base', 'bls12381_g1_multiexp_element', bls12381.g1_multiexp],
  ['bls12381_g2_multiexp', 224n, 'bls12381_g2_multiexp_base', 'bls12381_g2_multiexp_element', bls12381.g2_multiexp],
  ['bls12381_map_fp_to_g1', 48n, 'bls12381_map_fp_to_g1_base', 'bls12381_map_fp_to_g1_element', bls12381.map_fp_to_g1],
  ['bls12381_map_fp2_to_g2', 96n, 'bls12381_map_fp2_to_g2_base', 'bls12381_map_fp2_to_g2_element', bls12381.map_fp2_to_g2],
  ['bls12381_p1_decompress', 48n, 'bls12381_p1_decompress_base', 'bls12381_p1_decompress_element', bls12381.p1_decompress],
  ['bls12381_p2_decompress', 96n, 'bls12381_p2_decompress_base', 'bls12381_p2_decompress_element', bls12381.p2_decompress],
];

/** Charged as logic.rs charges them: the base, then per element of value_len / item size (before the
 *  input is read, so a register's u64::MAX length overflows), the read, and the register on success. */
export function bls12381HostFunctions(host: CurveHost): Record<string, (...args: bigint[]) => bigint | void> {
  const fns: Record<string, (...args: bigint[]) => bigint | void> = {};
  for (const [name, item, base, element, run] of REGISTER_FUNCTIONS) {
    fns[name] = (len, ptr, registerId) => {
      payBase(host, base);
      payPer(host, element, len / item);
      const result = run(host.readInput(len, ptr), host.blsNotInGroupFix);
      if (result === undefined) return 1n;
      host.setRegister(registerId, result);
      return 0n;
    };
  }
  // bls12381_pairing_check counts elements of the data read (288 bytes each).
  fns.bls12381_pairing_check = (len, ptr) => {
    payBase(host, 'bls12381_pairing_base');
    const data = host.readInput(len, ptr);
    payPer(host, 'bls12381_pairing_element', BigInt(Math.floor(data.length / 288)));
    return blsPairingCheck(data);
  };
  return fns;
}

export const BLS12381_FUNCTIONS = [...REGISTER_FUNCTIONS.map(([name]) => name), 'bls12381_pairing_check'];
