// The chain's state as JSON, so a node started again on the same home folder
// continues where it stopped (accounts, keys, code, data, global contracts and
// the head block; transaction history is not kept).
import { ChainState } from './state.ts';
import type { AccessKey, Account, AccountContract } from './types.ts';
import { permissionFromJson, type PermissionJson } from './patch-state.ts';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

interface AccountJson { amount: string; locked: string; storage_usage: string; contract: { kind: string; hash?: string; account_id?: string } }
interface KeyJson { nonce: string; permission: 'FullAccess' | PermissionJson }

export interface Snapshot {
  version: 1;
  head: { height: string; hash: string; timestamp: string };
  accounts: Record<string, AccountJson>;
  keys: Record<string, Record<string, KeyJson>>;
  data: Record<string, Record<string, string>>;
  code: Record<string, string>;
  global_by_hash: Record<string, string>;
  global_by_account: Record<string, string>;
}

function contractToJson(c: AccountContract): AccountJson['contract'] {
  switch (c.kind) {
    case 'Local': case 'Global': return { kind: c.kind, hash: b64(c.hash) };
    case 'GlobalByAccount': return { kind: c.kind, account_id: c.accountId };
    case 'None': return { kind: 'None' };
  }
}

function contractFromJson(c: AccountJson['contract']): AccountContract {
  if (c.kind === 'Local' || c.kind === 'Global') return { kind: c.kind, hash: unb64(c.hash!) };
  if (c.kind === 'GlobalByAccount') return { kind: c.kind, accountId: c.account_id! };
  return { kind: 'None' };
}

function keyToJson(k: AccessKey): KeyJson {
  const p = k.permission;
  return {
    nonce: k.nonce.toString(),
    permission: p.kind === 'FullAccess' ? 'FullAccess' : { FunctionCall: { allowance: p.allowance?.toString() ?? null, receiver_id: p.receiverId, method_names: p.methodNames } },
  };
}

const mapValues = <A, B>(map: Map<string, A>, f: (a: A) => B): Record<string, B> => Object.fromEntries([...map].map(([k, v]) => [k, f(v)]));

export function takeSnapshot(state: ChainState, head: { height: bigint; hash: Uint8Array; timestamp: bigint }): Snapshot {
  return {
    version: 1,
    head: { height: head.height.toString(), hash: b64(head.hash), timestamp: head.timestamp.toString() },
    accounts: mapValues(state.accounts, (a: Account) => ({ amount: a.amount.toString(), locked: a.locked.toString(), storage_usage: a.storageUsage.toString(), contract: contractToJson(a.contract) })),
    keys: mapValues(state.accessKeys, (keys) => mapValues(keys, keyToJson)),
    data: mapValues(state.data, (data) => mapValues(data, b64)),
    code: mapValues(state.code, b64),
    global_by_hash: mapValues(state.globalByHash, b64),
    global_by_account: mapValues(state.globalByAccount, b64),
  };
}

export function restoreSnapshot(snapshot: Snapshot): { state: ChainState; head: { height: bigint; hash: Uint8Array; timestamp: bigint } } {
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
