// nearcore's merkle trees (core/primitives/src/merkle.rs): `merklize` over a chunk's outcomes and a
// block's chunks, and the block merkle tree (PartialMerkleTree) over every block hash, whose root a
// header carries as block_merkle_root and which light-client block proofs walk
// (core/store/src/merkle_proof.rs). Both shapes are the same tree: at each level pairs are combined
// and an odd last node is carried up unhashed, so a tree of n leaves is the perfect tree of the
// largest power of two below n on the left and the tree of the rest on the right.
import { sha256 } from '@noble/hashes/sha256';

export type Direction = 'Left' | 'Right';
export interface MerklePathItem { hash: Uint8Array; direction: Direction }
export type MerklePath = MerklePathItem[];

/** combine_hash: sha256 of the borsh pair, i.e. of the two hashes one after the other. */
export function combineHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const both = new Uint8Array(64);
  both.set(left, 0);
  both.set(right, 32);
  return sha256(both);
}

/** compute_root_from_path. */
export function rootFromPath(path: MerklePath, leaf: Uint8Array): Uint8Array {
  let node = leaf;
  for (const item of path) node = item.direction === 'Left' ? combineHash(item.hash, node) : combineHash(node, item.hash);
  return node;
}

const largestPowerOfTwoBelow = (n: number) => 2 ** Math.floor(Math.log2(n - 1));
const ZERO = new Uint8Array(32);
/** Roots of complete aligned subtrees, which never change once their leaves are there, by `from:count`. */
type Memo = Map<string, Uint8Array>;

/** The root of leaves [from, from + count), count >= 1. */
function subtreeRoot(leaf: (i: number) => Uint8Array, from: number, count: number, memo?: Memo): Uint8Array {
  if (count === 1) return leaf(from);
  const perfect = memo !== undefined && (count & (count - 1)) === 0 && from % count === 0;
  const key = `${from}:${count}`;
  if (perfect) {
    const kept = memo.get(key);
    if (kept) return kept;
  }
  const left = largestPowerOfTwoBelow(count);
  const root = combineHash(subtreeRoot(leaf, from, left, memo), subtreeRoot(leaf, from + left, count - left, memo));
  if (perfect) memo.set(key, root);
  return root;
}

/** The path of leaf `index` among the first `count` leaves, bottom first (index < count). */
function pathTo(leaf: (i: number) => Uint8Array, index: number, count: number, memo?: Memo): MerklePath {
  const steps: MerklePathItem[] = [];
  let from = 0;
  let size = count;
  while (size > 1) {
    const left = largestPowerOfTwoBelow(size);
    if (index < from + left) {
      steps.push({ hash: subtreeRoot(leaf, from + left, size - left, memo), direction: 'Right' });
      size = left;
    } else {
      steps.push({ hash: subtreeRoot(leaf, from, left, memo), direction: 'Left' });
      from += left;
      size -= left;
    }
  }
  return steps.reverse();
}

/** merklize's root over items already hashed (`hash_borsh(item)` each); the zero hash for none. */
export function merkleRoot(leaves: Uint8Array[]): Uint8Array {
  return leaves.length === 0 ? ZERO : subtreeRoot((i) => leaves[i]!, 0, leaves.length);
}

/** merklize's path of item `index` (an empty path for a single item or an index out of range). */
export function merklePath(leaves: Uint8Array[], index: number): MerklePath {
  return index < 0 || index >= leaves.length ? [] : pathTo((i) => leaves[i]!, index, leaves.length);
}

/** The tree of every block hash in order (ordinal - 1 is a block's leaf). `root(n)` is the root over the
 *  first n hashes, a block's block_merkle_root when n is its leaf index (the blocks before it). Roots of
 *  complete aligned subtrees are kept as they are computed. */
export class BlockMerkleTree {
  private readonly hashes: Uint8Array[] = [];
  private readonly complete: Memo = new Map();
  private readonly leaf = (i: number) => this.hashes[i]!;

  get size(): number {
    return this.hashes.length;
  }

  append(hash: Uint8Array): void {
    this.hashes.push(hash);
  }

  /** The root over the first `count` leaves (PartialMerkleTree::root; the zero hash for none). */
  root(count = this.hashes.length): Uint8Array {
    return count === 0 ? ZERO : subtreeRoot(this.leaf, 0, count, this.complete);
  }

  /** The path of leaf `index` in the tree of the first `count` leaves (compute_past_block_proof_in_merkle_tree_of_later_block). */
  proof(index: number, count: number): MerklePath {
    return index >= count ? [] : pathTo(this.leaf, index, count, this.complete);
  }
}
