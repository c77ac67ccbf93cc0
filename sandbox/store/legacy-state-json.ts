// The home folder's state before the store: data/state.json, the whole state
// as JSON rewritten after each change (no transaction history). Read once, when
// a home that has it is first opened with the store, and then renamed aside.
import fs from 'node:fs';
import path from 'node:path';
import { permissionFromJson, type PermissionJson } from '../chain/patch-state.ts';
import { ChainState } from '../chain/state.ts';
import type { AccountContract } from '../chain/types.ts';

const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

interface AccountJson { amount: string; locked: string; storage_usage: string; contract: { kind: string; hash?: string; account_id?: string } }
interface KeyJson { nonce: string; permission: 'FullAccess' | PermissionJson }

interface Snapshot {
  version: 1;
  head: { height: string; hash: string; timestamp: string };
  accounts: Record<string, AccountJson>;
  keys: Record<string, Record<string, KeyJson>>;
  data: Record<string, Record<string, string>>;
  code: Record<string, string>;
  global_by_hash: Record<string, string>;
  global_by_account: Record<string, string>;
}

function contractFromJson(c: AccountJson['contract']): AccountContract {
  if (c.kind === 'Local' || c.kind === 'Global') return { kind: c.kind, hash: unb64(c.hash!) };
  if (c.kind === 'GlobalByAccount') return { kind: c.kind, accountId: c.account_id! };
  return { kind: 'None' };
}

export interface LegacyState {
  file: string;
  state: ChainState;
  head: { height: bigint; hash: Uint8Array; timestamp: bigint };
}

/** The state in `dir`/data/state.json, if the home has one. */
export function readLegacyState(dir: string): LegacyState | undefined {
  const file = path.join(dir, 'data', 'state.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    return { file, ...restoreSnapshot(JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot) };
  } catch (error) {
    throw new Error(`cannot carry over ${file} (the state an older version of the node saved): ${(error as Error).message}`);
  }
}

/** Moves state.json aside once the store holds what it had, so it is never read again. */
export function retireLegacyState(file: string): void {
  fs.renameSync(file, `${file}.migrated`);
}

function restoreSnapshot(snapshot: Snapshot): Omit<LegacyState, 'file'> {
  const state = new ChainState();
  for (const [id, a] of Object.entries(snapshot.accounts)) {
    state.accounts.set(id, { amount: BigInt(a.amount), locked: BigInt(a.locked), storageUsage: BigInt(a.storage_usage), contract: contractFromJson(a.contract) });
  }
  for (const [id, keys] of Object.entries(snapshot.keys)) {
    state.accessKeys.set(id, new Map(Object.entries(keys).map(([pk, k]) => [pk, { nonce: BigInt(k.nonce), permission: permissionFromJson(k.permission) }])));
  }
  for (const [id, data] of Object.entries(snapshot.data)) state.data.set(id, new Map(Object.entries(data).map(([k, v]) => [k, unb64(v)])));
  for (const [id, code] of Object.entries(snapshot.code)) state.code.set(id, unb64(code));
  for (const [k, code] of Object.entries(snapshot.global_by_hash)) state.globalByHash.set(k, unb64(code));
  for (const [k, code] of Object.entries(snapshot.global_by_account)) state.globalByAccount.set(k, unb64(code));
  const h = snapshot.head;
  return { state, head: { height: BigInt(h.height), hash: unb64(h.hash), timestamp: BigInt(h.timestamp) } };
}
