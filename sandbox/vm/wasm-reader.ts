// Minimal wasm binary reading: sections, LEB128, and the immediates of every
// instruction NEAR accepts (MVP + sign extension), enough to walk code bodies.
export class Reader {
  constructor(readonly bytes: Uint8Array, public at = 0) {}

  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('unexpected end of wasm');
    return this.bytes[this.at++];
  }

  u32(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return result;
    }
    throw new Error('malformed LEB128');
  }

  /** Skips a signed LEB128 of at most `maxBytes`. */
  skipSigned(maxBytes: number): void {
    for (let i = 0; i < maxBytes; i++) if ((this.byte() & 0x80) === 0) return;
    throw new Error('malformed LEB128');
  }

  skip(n: number): void {
    this.at += n;
  }
}

export function uleb(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

export function sleb(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

export interface Section {
  id: number;
  start: number; // of the body
  end: number;
}

export function sections(bytes: Uint8Array): Section[] {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not a wasm module');
  const r = new Reader(bytes, 8);
  const out: Section[] = [];
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    out.push({ id, start: r.at, end: r.at + size });
    r.skip(size);
  }
  return out;
}

/** Control instructions end a metered segment (the instruction itself is counted in it). */
export const CONTROL = new Set([0x00, 0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f]);

/** Reads one instruction's opcode and skips its immediates; returns the opcode. */
export function instruction(r: Reader): number {
  const op = r.byte();
  switch (true) {
    case op === 0x02 || op === 0x03 || op === 0x04: {
      const bt = r.bytes[r.at];
      if (bt === 0x40 || bt === 0x7f || bt === 0x7e || bt === 0x7d || bt === 0x7c) r.skip(1);
      else r.skipSigned(5);
      return op;
    }
    case op === 0x0c || op === 0x0d || op === 0x10:
      r.u32();
      return op;
    case op === 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return op;
    }
    case op === 0x11:
      r.u32();
      r.u32();
      return op;
    case op >= 0x20 && op <= 0x24:
      r.u32();
      return op;
    case op >= 0x28 && op <= 0x3e:
      r.u32();
      r.u32();
      return op;
    case op === 0x3f || op === 0x40:
      r.byte();
      return op;
    case op === 0x41:
      r.skipSigned(5);
      return op;
    case op === 0x42:
      r.skipSigned(10);
      return op;
    case op === 0x43:
      r.skip(4);
      return op;
    case op === 0x44:
      r.skip(8);
      return op;
    case op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b:
      return op;
    case op >= 0x45 && op <= 0xc4:
      return op;
    default:
      throw new Error(`instruction 0x${op.toString(16)} is not allowed by NEAR`);
  }
}
