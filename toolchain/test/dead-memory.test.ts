// The dead-memory walk over a dlmalloc heap: free chunks' payloads (past their
// list links) and the top chunk are zeroed, in-use chunks and every link and
// footer are kept, and a heap that breaks dlmalloc's invariants is left alone.
import test from 'ava';
import { deadHeapRanges, zeroDeadMemory } from '../dead-memory.ts';

const PINUSE = 1;
const CINUSE = 2;
const TOP_FOOT = 0x38;

/** A heap at `base`: chunks given as [size, inUse], then a top chunk and dlmalloc's fencepost at the end of memory. */
function heap(base: number, chunks: Array<[number, boolean]>, topSize: number): { memory: Uint8Array; starts: number[] } {
  const first = Math.ceil((base + 8) / 16) * 16 - 8; // dlmalloc aligns the first chunk's payload to 16
  const end = first + chunks.reduce((n, [s]) => n + s, 0) + topSize + TOP_FOOT;
  const memory = new Uint8Array(end).fill(0xaa, base);
  const view = new DataView(memory.buffer);
  const starts: number[] = [];
  let at = first;
  let previousInUse = true;
  for (const [size, inUse] of chunks) {
    starts.push(at);
    view.setUint32(at + 4, size | (previousInUse ? PINUSE : 0) | (inUse ? CINUSE : 0), true);
    if (!inUse) view.setUint32(at + size, size, true); // the footer
    previousInUse = inUse;
    at += size;
  }
  starts.push(at);
  view.setUint32(at + 4, topSize | (previousInUse ? PINUSE : 0), true);
  view.setUint32(at + topSize + 4, TOP_FOOT, true);
  return { memory, starts };
}

test('free chunks keep their links and footer, lose the rest; the top chunk loses all but its head', (t) => {
  const { memory, starts } = heap(1008, [[32, true], [48, false], [32, true], [512, false], [64, true]], 256);
  const zeroed = zeroDeadMemory(memory, 0, 1008);
  const [, small, , large, , top] = starts;
  t.deepEqual(deadHeapRanges(memory, 1008), [
    { from: small + 16, to: small + 48 },
    { from: large + 32, to: large + 512 },
    { from: top + 8, to: top + 256 },
  ]);
  t.is(zeroed, 32 + 480 + 248);
  t.true(memory.subarray(small + 8, small + 16).every((b) => b === 0xaa), 'small chunk fd/bk kept');
  t.true(memory.subarray(large + 8, large + 32).every((b) => b === 0xaa), 'tree chunk links kept');
  t.true(memory.subarray(starts[0] + 8, starts[0] + 32).every((b) => b === 0xaa), 'in-use payload kept');
  t.is(new DataView(memory.buffer).getUint32(small + 48, true), 48, 'footer kept');
});

test('the stack below the stack pointer is zeroed', (t) => {
  const { memory } = heap(4096, [[32, true]], 64);
  memory.fill(7, 0, 4096);
  t.is(zeroDeadMemory(memory, 2048, 4096), 64 - 8, 'and the top chunk');
  t.true(memory.subarray(0, 2048).every((b) => b === 0));
  t.true(memory.subarray(2048, 4096).every((b) => b === 7));
});

test('a heap that breaks dlmalloc invariants is not touched', (t) => {
  const { memory, starts } = heap(1016, [[32, true], [48, false], [32, true]], 128);
  t.is(deadHeapRanges(memory, 1016)?.length, 2, 'intact, it is walked');
  new DataView(memory.buffer).setUint32(starts[1] + 48, 999, true); // a wrong footer
  t.is(deadHeapRanges(memory, 1016), undefined);
  const before = memory.slice();
  t.is(zeroDeadMemory(memory, 0, 1016), 0);
  t.deepEqual(memory, before);
  t.is(deadHeapRanges(new Uint8Array(4096), 1016), undefined, 'no heap at all');
});
