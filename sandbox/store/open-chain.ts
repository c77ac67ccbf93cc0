// The chain of a home folder: restored from its store, or started from the
// genesis (or from an old data/state.json, carried over once) and written to a
// new store; either way attached to the store, so each operation is committed.
import path from 'node:path';
import { Chain } from '../chain/chain.ts';
import type { GenesisConfig } from '../chain/genesis.ts';
import { readLegacyState, retireLegacyState } from './legacy-state-json.ts';
import { NodeStore } from './node-store.ts';

export const storeDir = (home: string) => path.join(home, 'data', 'chain');

/** Claims the home's store (throws HomeInUse if a running node has it). Done before anything
 *  else touches the home, so of two nodes started on it at once only one goes on. */
export const claimStore = (home: string): Promise<NodeStore> => NodeStore.open(storeDir(home), home);

/** The home's chain, attached to its store; closes the store if that fails. */
export function openChain(store: NodeStore, home: string, genesis: GenesisConfig): Chain {
  try {
    const loaded = store.load();
    const legacy = readLegacyState(home);
    let chain: Chain;
    if (loaded) {
      chain = new Chain(genesis, loaded.state);
      chain.restoreHistory(loaded.blocks, loaded.transactions, loaded.receipts);
      if (loaded.yields) chain.yields.restore(loaded.yields);
      chain.restoreJournal(loaded.journalSince, loaded.journal);
    } else {
      chain = new Chain(genesis, legacy?.state, legacy?.head);
      store.initialize({ blocks: [...chain.blocksByHeight.values()], transactions: [], receipts: [], state: chain.state });
      chain.commit(); // no store attached yet: only forgets what initialize wrote
    }
    // Renamed only once the store holds its content (also after a start that stopped in between).
    if (legacy) retireLegacyState(legacy.file);
    chain.store = store;
    return chain;
  } catch (error) {
    void store.close();
    throw error;
  }
}
