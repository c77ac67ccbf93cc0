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

/** The root of leaves[from, from + count) and, for `index` in it, its path (bottom first). */
function subtree(leaves: (i: number) => Uint8Array, from: number, count: number, index?: number, path?: MerklePath): Uint8Array {
  if (count === 1) return leaves(from);
  const left = largestPowerOfTwoBelow(count);
  const inLeft = index !== undefined && index < from + left;
  const inRight = index !== undefined && !inLeft;
  const l = subtree(leaves, from, left, inLeft ? index : undefined, inLeft ? path : undefined);
  const r = subtree(leaves, from + left, count - left, inRight ? index : undefined, inRight ? path : undefined);
  if (inLeft) path?.push({ hash: r, direction: 'Right' });
  if (inRight) path?.push({ hash: l, direction: 'Left' });
  return combineHash(l, r);
}

/** merklize over items already hashed (`hash_borsh(item)` each): the root (zero hash for none) and each item's path. */
export function merklizeHashes(leaves: Uint8Array[]): { root: Uint8Array; paths: MerklePath[] } {
  if (leaves.length === 0) return { root: new Uint8Array(32), paths: [] };
  const paths = leaves.map((_, i) => {
    const path: MerklePath = [];
    subtree((j) => leaves[j]!, 0, leaves.length, i, path);
    return path;
  });
  return { root: subtree((j) => leaves[j]!, 0, leaves.length), paths };
}

/** The tree of every block hash in order (ordinal - 1 is a block's leaf). `root(n)` is the root over the
 *  first n hashes, a block's block_merkle_root when n is its leaf index (the blocks before it). Roots of
 *  complete aligned subtrees never change, so they are kept as they are computed. */
export class BlockMerkleTree {
  private readonly hashes: Uint8Array[] = [];
  private readonly complete = new Map<string, Uint8Array>();

  get size(): number {
    return this.hashes.length;
  }

  append(hash: Uint8Array): void {
    this.hashes.push(hash);
  }

  /** The root over the first `count` leaves (PartialMerkleTree::root; the zero hash for none). */
  root(count = this.hashes.length): Uint8Array {
    return count === 0 ? new Uint8Array(32) : this.node(0, count);
  }

  /** The path of leaf `index` in the tree of the first `count` leaves (compute_past_block_proof_in_merkle_tree_of_later_block). */
  proof(index: number, count: number): MerklePath {
    if (index >= count) return [];
    let from = 0;
    let size = count;
    const steps: MerklePathItem[] = [];
    while (size > 1) {
      const left = largestPowerOfTwoBelow(size);
      if (index < from + left) {
        steps.push({ hash: this.node(from + left, size - left), direction: 'Right' });
        size = left;
      } else {
        steps.push({ hash: this.node(from, left), direction: 'Left' });
        from += left;
        size -= left;
      }
    }
    return steps.reverse();
  }

  private node(from: number, count: number): Uint8Array {
    if (count === 1) return this.hashes[from]!;
    const perfect = (count & (count - 1)) === 0 && from % count === 0;
    const key = `${from}:${count}`;
    if (perfect) {
      const kept = this.complete.get(key);
      if (kept) return kept;
    }
    const left = largestPowerOfTwoBelow(count);
    const root = combineHash(this.node(from, left), this.node(from + left, count - left));
    if (perfect) this.complete.set(key, root);
    return root;
  }
}
