// Zeroes the parts of a snapshot's memory that no call can read, so that the
// image carries fewer non-zero bytes: the stack below the stack pointer (a call
// starts with nothing there) and the payload of every free heap chunk.
//
// The heap is wasi-libc's dlmalloc (the allocator clang's wasm32-wasip1 libc
// links). Its chunks tile the heap from `__heap_base` to a fencepost at the end
// of memory: each chunk is `prev_foot, head` (head = size | PINUSE 1 | CINUSE 2)
// then its payload; a free chunk keeps only its list links (fd, bk; plus
// child[2], parent, index for sizes of 256 and more) and its size in the next
// chunk's prev_foot. The rest of a free chunk is garbage dlmalloc never reads
// (its calloc clears what it hands out). The walk checks every invariant it
// relies on; if one fails (another allocator, another layout) nothing is zeroed.

const CHUNK_HEADER = 8; // prev_foot + head
const ALIGNMENT = 16; // MALLOC_ALIGNMENT of wasi-libc's dlmalloc on wasm32
const PINUSE = 1;
const CINUSE = 2;
const FLAGS = 7;
/** dlmalloc's MIN_LARGE_SIZE: free chunks this large live in trees, with four more link words. */
const MIN_LARGE_SIZE = 256;
const SMALL_LINKS = 8;
const TREE_LINKS = 24;

interface FreeRange { from: number; to: number }

/** The free chunks' dead bytes, or undefined when memory does not hold a dlmalloc heap as expected. */
export function deadHeapRanges(memory: Uint8Array, heapBase: number): FreeRange[] | undefined {
  const view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
  const head = (chunk: number) => view.getUint32(chunk + 4, true);
  const ranges: FreeRange[] = [];
  let chunk = Math.ceil((heapBase + CHUNK_HEADER) / ALIGNMENT) * ALIGNMENT - CHUNK_HEADER;
  let previousInUse = true;
  for (;;) {
    if (chunk + CHUNK_HEADER > memory.length) return undefined;
    const h = head(chunk);
    const size = h & ~FLAGS;
    if (Boolean(h & PINUSE) !== previousInUse) return undefined;
    // The fencepost after the top chunk: a bare size reaching the end of memory.
    if (!previousInUse && h === memory.length - chunk) return ranges;
    if (size < ALIGNMENT || size % ALIGNMENT !== 0 || chunk + size + CHUNK_HEADER > memory.length) return undefined;
    const inUse = Boolean(h & CINUSE);
    if (!inUse) {
      if (!previousInUse) return undefined; // dlmalloc coalesces neighbours
      const next = chunk + size;
      const isTop = head(next) === memory.length - next;
      if (!isTop && view.getUint32(next, true) !== size) return undefined; // the footer
      // The top chunk (the last, followed by the fencepost) has no links: all its payload is dead.
      const links = isTop ? 0 : size >= MIN_LARGE_SIZE ? TREE_LINKS : SMALL_LINKS;
      ranges.push({ from: chunk + CHUNK_HEADER + links, to: next });
    }
    previousInUse = inUse;
    chunk += size;
  }
}

/** Zeroes the dead stack and free heap chunks; returns how many bytes it zeroed in the heap (0: not a heap it knows). */
export function zeroDeadMemory(memory: Uint8Array, stackPointer: number, heapBase: number): number {
  memory.fill(0, 0, stackPointer);
  const ranges = deadHeapRanges(memory, heapBase) ?? [];
  for (const { from, to } of ranges) memory.fill(0, from, to);
  return ranges.reduce((n, r) => n + r.to - r.from, 0);
}
