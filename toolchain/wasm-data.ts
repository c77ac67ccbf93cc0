// Appends or replaces active data segments in a wasm binary's data section,
// and sets its memory's minimum size. binaryen.js can add functions and exports
// to an existing module but fails to redefine its memory's segments, and these
// sections' formats are simple enough to rewrite.
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

interface Section {
  id: number;
  /** The whole section, id and size included. */
  bytes: Uint8Array;
  body: Uint8Array;
}

function sections(wasm: Uint8Array): Section[] {
  const out: Section[] = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, bodyStart] = readUleb(wasm, at + 1);
    const end = bodyStart + size;
    out.push({ id, bytes: wasm.subarray(at, end), body: wasm.subarray(bodyStart, end) });
    at = end;
  }
  return out;
}

function section(id: number, body: number[] | Uint8Array): Uint8Array {
  return new Uint8Array([id, ...uleb(body.length), ...body]);
}

/** Rewrites the data section with `body(existing entries, their count)`. */
function rewriteDataSection(wasm: Uint8Array, body: (entries: Uint8Array, count: number) => number[]): Uint8Array {
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  let rewritten = false;
  for (const s of sections(wasm)) {
    if (s.id === DATA_COUNT_SECTION) throw new BuildError('contract runtime has a DataCount section (bulk memory)');
    if (s.id === DATA_SECTION) {
      const [count, entriesStart] = readUleb(s.body, 0);
      parts.push(section(DATA_SECTION, body(s.body.subarray(entriesStart), count)));
      rewritten = true;
    } else {
      parts.push(s.bytes);
    }
  }
  if (!rewritten) throw new BuildError('contract runtime has no data section');
  return Buffer.concat(parts);
}

export function appendDataSegments(wasm: Uint8Array, segments: DataSegment[]): Uint8Array {
  return rewriteDataSection(wasm, (entries, count) => [...uleb(count + segments.length), ...entries, ...segments.flatMap(encodeSegment)]);
}

/** Replaces every data segment: a pre-initialised image's memory is all its data. */
export function replaceDataSegments(wasm: Uint8Array, segments: DataSegment[]): Uint8Array {
  return rewriteDataSection(wasm, () => [...uleb(segments.length), ...segments.flatMap(encodeSegment)]);
}

const MEMORY_SECTION = 5;
const LIMITS_HAS_MAX = 0x01;

/** Sets the minimum page count of the module's one memory (keeping its maximum, if any). */
export function setMemoryMinimum(wasm: Uint8Array, pages: number): Uint8Array {
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  for (const s of sections(wasm)) {
    if (s.id !== MEMORY_SECTION) {
      parts.push(s.bytes);
      continue;
    }
    const [count, limitsAt] = readUleb(s.body, 0);
    if (count !== 1) throw new BuildError(`contract runtime has ${count} memories, expected 1`);
    const flags = s.body[limitsAt];
    const [, afterMin] = readUleb(s.body, limitsAt + 1);
    const max = flags & LIMITS_HAS_MAX ? readUleb(s.body, afterMin)[0] : undefined;
    if (max !== undefined && max < pages) throw new BuildError(`memory image needs ${pages} pages, the module allows at most ${max}`);
    parts.push(section(MEMORY_SECTION, [1, flags, ...uleb(pages), ...(max === undefined ? [] : uleb(max))]));
  }
  return Buffer.concat(parts);
}
