// The nodes a lookup touches in nearcore's state trie (a Merkle-Patricia trie
// over the nibbles of trie keys, with branch, extension and leaf nodes), for
// the TTN part of storage gas. Built from the sorted set of keys in the state:
// the keys sharing a prefix are a contiguous range, and their longest common
// prefix tells which node sits at that point of the path.

function nibble(key: Uint8Array, i: number): number {
  const b = key[i >> 1];
  return i & 1 ? b & 0x0f : b >> 4;
}

function compare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Common prefix of two keys, in nibbles. */
function commonNibbles(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length) * 2;
  let i = 0;
  while (i < n && nibble(a, i) === nibble(b, i)) i++;
  return i;
}

export class NibbleTrie {
  private readonly keys: Uint8Array[];

  constructor(keys: Iterable<Uint8Array>) {
    this.keys = [...keys].sort(compare);
  }

  /** First index in [lo, hi) whose key has more than `depth` nibbles and nibble `depth` >= `value`. */
  private lowerBound(lo: number, hi: number, depth: number, value: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const k = this.keys[mid];
      if (k.length * 2 <= depth || nibble(k, depth) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The nodes a lookup of `key` visits, root first, named by their position (nibble path and kind). */
  nodesOnPath(key: Uint8Array): string[] {
    const nodes: string[] = [];
    const length = key.length * 2;
    const prefix = (d: number) => Buffer.from(key).toString('hex').slice(0, d);
    let lo = 0;
    let hi = this.keys.length;
    let depth = 0;
    while (hi > lo) {
      if (hi - lo === 1) {
        nodes.push(`leaf:${prefix(depth)}`);
        break;
      }
      const shared = commonNibbles(this.keys[lo], this.keys[hi - 1]);
      if (shared > depth) {
        nodes.push(`extension:${prefix(depth)}`);
        if (length < shared || commonNibbles(key, this.keys[lo]) < shared) break;
        depth = shared;
      }
      nodes.push(`branch:${prefix(depth)}`);
      if (length === depth) break;
      const c = nibble(key, depth);
      lo = this.lowerBound(lo, hi, depth, c);
      hi = this.lowerBound(lo, hi, depth, c + 1);
      depth++;
    }
    return nodes;
  }
}
