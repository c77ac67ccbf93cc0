// neard's transaction pool per access key (chain/pool: transactions grouped by
// (signer, public key), drawn in nonce order). Here a transaction runs at once
// unless its nonce leaves a gap after the key's nonce: then a transaction with
// a lower nonce may still be on its way (clients send a key's transactions
// concurrently, so they arrive in any order), and it waits, as it would in
// neard's pool, until the gap fills or the next block is produced.
import type { DecodedTransaction } from './transactions.ts';
import type { TransactionRecord } from './types.ts';

export interface Pending {
  bytes: Uint8Array;
  tx: DecodedTransaction;
  done: Promise<TransactionRecord>;
  resolve(record: TransactionRecord): void;
  reject(error: unknown): void;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
export const poolKey = (tx: DecodedTransaction) => `${tx.signerId}\u0000${hex(tx.publicKey)}`;

export class TransactionPool {
  /** Per key, sorted by nonce (equal nonces in arrival order). */
  private readonly byKey = new Map<string, Pending[]>();
  private readonly byHash = new Map<string, Pending>();

  get size(): number {
    return this.byHash.size;
  }

  find(hash: Uint8Array): Pending | undefined {
    return this.byHash.get(hex(hash));
  }

  add(bytes: Uint8Array, tx: DecodedTransaction): Pending {
    let resolve!: (record: TransactionRecord) => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<TransactionRecord>((res, rej) => { resolve = res; reject = rej; });
    // A caller that does not wait (broadcast_tx_async) must not leave an unhandled rejection behind.
    done.catch(() => {});
    const pending: Pending = { bytes, tx, done, resolve, reject };
    const key = poolKey(tx);
    const list = this.byKey.get(key) ?? [];
    let i = list.length;
    while (i > 0 && list[i - 1].tx.nonce > tx.nonce) i--;
    list.splice(i, 0, pending);
    this.byKey.set(key, list);
    this.byHash.set(hex(tx.hash), pending);
    return pending;
  }

  /** The key's lowest-nonce transaction if `ready` accepts it, taken out of the pool. */
  takeNext(key: string, ready: (tx: DecodedTransaction) => boolean): Pending | undefined {
    const list = this.byKey.get(key);
    if (!list || !ready(list[0].tx)) return undefined;
    return this.remove(key, list);
  }

  /** Everything pooled, each key's transactions in nonce order (what the next block includes). */
  drain(): Pending[] {
    const all: Pending[] = [];
    for (const [key, list] of this.byKey) while (list.length > 0) all.push(this.remove(key, list));
    return all;
  }

  private remove(key: string, list: Pending[]): Pending {
    const pending = list.shift()!;
    if (list.length === 0) this.byKey.delete(key);
    this.byHash.delete(hex(pending.tx.hash));
    return pending;
  }
}
