// The state as nearcore's trie keys (core/primitives/src/trie_key.rs), for
// counting the trie nodes storage host functions touch (sandbox/vm/trie-nodes.ts).
// Only the columns the local node keeps: accounts, contract code, access keys,
// contract data and global contract code.
import { NibbleTrie } from '../vm/trie-nodes.ts';
import type { TrieAccounting } from '../vm/types.ts';
import { accessKeyIdBytes } from './keys.ts';
import type { ChainState } from './state.ts';

const COL = { account: 0, contractCode: 1, accessKey: 2, contractData: 9, globalContractCode: 18 } as const;
const ACCOUNT_DATA_SEPARATOR = 0x2c; // b','

const utf8 = (s: string) => new TextEncoder().encode(s);
const join = (...parts: ArrayLike<number>[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export function contractDataKey(accountId: string, key: Uint8Array): Uint8Array {
  return join([COL.contractData], utf8(accountId), [ACCOUNT_DATA_SEPARATOR], key);
}

function* stateKeys(state: ChainState): Generator<Uint8Array> {
  for (const id of state.accounts.keys()) yield join([COL.account], utf8(id));
  for (const id of state.code.keys()) yield join([COL.contractCode], utf8(id));
  for (const [id, keys] of state.accessKeys) {
    for (const pk of keys.keys()) yield join([COL.accessKey], utf8(id), [COL.accessKey], accessKeyIdBytes(pk));
  }
  for (const [id, data] of state.data) for (const k of data.keys()) yield contractDataKey(id, Buffer.from(k, 'hex'));
  // GlobalContractCodeIdentifier, borsh: 0 + hash, or 1 + u32 length + account id.
  for (const h of state.globalByHash.keys()) yield join([COL.globalContractCode, 0], Buffer.from(h, 'hex'));
  for (const id of state.globalByAccount.keys()) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(Buffer.byteLength(id));
    yield join([COL.globalContractCode, 1], len, utf8(id));
  }
}

/** TTN accounting for one account's contract storage; the trie is built from the state on first use.
 *  A key an earlier receipt of the block changed is in nearcore's in-memory changes: no node. */
export function trieAccounting(state: ChainState, accountId: string, touched: Set<string>, written: Set<string>): TrieAccounting {
  let trie: NibbleTrie | undefined;
  return {
    touched,
    nodesOnPath: (key) => {
      const trieKey = contractDataKey(accountId, key);
      if (written.has(Buffer.from(trieKey).toString('hex'))) return [];
      return (trie ??= new NibbleTrie(stateKeys(state))).nodesOnPath(trieKey);
    },
  };
}
