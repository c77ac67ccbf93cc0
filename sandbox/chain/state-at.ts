// The state as of the end of a block: the live state for the head, or, for a
// kept block below it, each record's value then from the journal (journal.ts).
import type { Chain } from './chain.ts';
import type { RecordKind, RecordValue } from './journal.ts';
import type { AccessKey, Account } from './types.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export class StateAt {
  /** `height` undefined: the head (the live state). */
  constructor(private readonly chain: Chain, readonly height: bigint | undefined) {}

  private value(kind: RecordKind, owner: string, key?: string): RecordValue | undefined {
    return this.chain.journal.valueAt(this.chain.state, this.height ?? this.chain.latest.height, kind, owner, key);
  }

  account(accountId: string): Account | undefined {
    return this.value('account', accountId) as Account | undefined;
  }

  accessKey(accountId: string, publicKey: string): AccessKey | undefined {
    return this.value('access_key', accountId, publicKey) as AccessKey | undefined;
  }

  /** All of an account's access keys then: today's, and those changed since (which may have existed). */
  accessKeys(accountId: string): Map<string, AccessKey> {
    return this.collect('access_key', accountId, [...(this.chain.state.accessKeys.get(accountId)?.keys() ?? [])]) as Map<string, AccessKey>;
  }

  /** All of an account's contract data then, by hex key. */
  data(accountId: string): Map<string, Uint8Array> {
    return this.collect('data', accountId, [...(this.chain.state.data.get(accountId)?.keys() ?? [])]) as Map<string, Uint8Array>;
  }

  dataValue(accountId: string, hexKey: string): Uint8Array | undefined {
    return this.value('data', accountId, hexKey) as Uint8Array | undefined;
  }

  globalByHash(hexHash: string): Uint8Array | undefined {
    return this.value('global_by_hash', hexHash) as Uint8Array | undefined;
  }

  globalByAccount(accountId: string): Uint8Array | undefined {
    return this.value('global_by_account', accountId) as Uint8Array | undefined;
  }

  /** The code an account ran then, following global references. */
  codeOf(accountId: string): Uint8Array | undefined {
    const account = this.account(accountId);
    if (!account) return undefined;
    switch (account.contract.kind) {
      case 'Local': return this.value('code', accountId) as Uint8Array | undefined;
      case 'Global': return this.globalByHash(hex(account.contract.hash));
      case 'GlobalByAccount': return this.globalByAccount(account.contract.accountId);
      case 'None': return undefined;
    }
  }

  private collect(kind: 'access_key' | 'data', accountId: string, current: string[]): Map<string, RecordValue> {
    const keys = this.height === undefined ? current : [...new Set([...current, ...this.chain.journal.changedKeys(accountId, kind, this.height)])];
    const out = new Map<string, RecordValue>();
    for (const key of keys) {
      const value = this.value(kind, accountId, key);
      if (value !== undefined) out.set(key, value);
    }
    if (kind === 'access_key') return out;
    // Contract data as the trie (and neard's view_state) lists it: by key bytes (hex sorts alike).
    return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
