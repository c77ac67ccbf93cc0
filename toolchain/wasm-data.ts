// Appends active data segments to a wasm binary's data section. binaryen.js
// can add functions and exports to an existing module but fails to redefine its
// memory's segments, and the data section's format is simple enough to extend.
import { BuildError } from './errors.ts';

export interface DataSegment {
  address: number;
  bytes: Uint8Array;
}

const DATA_SECTION = 11;
const DATA_COUNT_SECTION = 12;

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb32(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function readUleb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return [value, at];
  }
}

function encodeSegment(segment: DataSegment): number[] {
  // flag 0: active, memory 0, offset `i32.const address; end`.
  return [0x00, 0x41, ...sleb32(segment.address), 0x0b, ...uleb(segment.bytes.length), ...segment.bytes];
}

export function appendDataSegments(wasm: Uint8Array, segments: DataSegment[]): Uint8Array {
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  let at = 8;
  let appended = false;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, bodyStart] = readUleb(wasm, at + 1);
    const end = bodyStart + size;
    if (id === DATA_COUNT_SECTION) throw new BuildError('contract runtime has a DataCount section (bulk memory)');
    if (id === DATA_SECTION) {
      const [count, entriesStart] = readUleb(wasm, bodyStart);
      const body = [...uleb(count + segments.length), ...wasm.subarray(entriesStart, end), ...segments.flatMap(encodeSegment)];
      parts.push(new Uint8Array([DATA_SECTION, ...uleb(body.length), ...body]));
      appended = true;
    } else {
      parts.push(wasm.subarray(at, end));
    }
    at = end;
  }
  if (!appended) throw new BuildError('contract runtime has no data section');
  return Buffer.concat(parts);
}
