// EXPERIMENTAL_changes_in_block and EXPERIMENTAL_changes from the chain's
// per-block change journal (chain/journal.ts): what each transaction, receipt
// and state patch of the block changed, with the value after each change, as
// neard reads its stored state changes (core/primitives/src/views.rs
// StateChangeWithCauseView, StateChangeKindView). Changes are listed by trie key
// (accounts, code, access keys, contract data; then account id and key), each
// key's changes in the order their causes ran, as neard's store iterates them.
import type { Chain } from '../chain/chain.ts';
import type { ChangeCause, RecordChange, RecordKind } from '../chain/journal.ts';
import { accessKeyIdBytes, accessKeyIdFromString } from '../chain/keys.ts';
import type { AccessKey, Account, Block } from '../chain/types.ts';
import { structHandlerError } from './errors.ts';
import { accessKeyView, accountView, b58 } from './views.ts';
import { decodeBase64, field, isString, parseFailure, type Params } from './params.ts';

/** nearcore's trie key columns (core/primitives/src/trie_key.rs col::). */
const COLUMN: Record<RecordKind, number> = { account: 0, code: 1, access_key: 2, data: 9, global_by_hash: 18, global_by_account: 18 };

/** The bytes of a change's trie key past the column, for ordering. */
function trieKeyTail(change: RecordChange): Buffer {
  const owner = Buffer.from(change.owner);
  if (change.kind === 'access_key') return Buffer.concat([owner, Buffer.from([COLUMN.access_key]), Buffer.from(accessKeyIdBytes(change.key!))]);
  if (change.kind === 'data') return Buffer.concat([owner, Buffer.from(','), Buffer.from(change.key!, 'hex')]);
  return owner;
}

/** The block's changes grouped by trie key, in trie key order; global contract code is not among neard's change kinds. */
function changesByKey(chain: Chain, block: Block): RecordChange[][] {
  // changes.rs From<RpcStateChangesError>: the error enum itself is the data (its error_message skip_serializing).
  if (block.height < chain.keptFrom()) throw structHandlerError('UNKNOWN_BLOCK', {});
  const groups = new Map<string, { sort: Buffer; changes: RecordChange[] }>();
  for (const change of chain.journal.byHeight.get(block.height) ?? []) {
    if (change.kind === 'global_by_hash' || change.kind === 'global_by_account') continue;
    const sort = Buffer.concat([Buffer.from([COLUMN[change.kind]]), trieKeyTail(change)]);
    const id = sort.toString('hex');
    const group = groups.get(id) ?? { sort, changes: [] };
    group.changes.push(change);
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => Buffer.compare(a.sort, b.sort)).map((g) => g.changes);
}

const KIND_TOUCHED: Partial<Record<RecordKind, string>> = { account: 'account_touched', code: 'contract_code_touched', access_key: 'access_key_touched', data: 'data_touched' };

/** StateChangesKindsView: one entry per trie key the block changed. */
export function changesInBlock(chain: Chain, block: Block) {
  const changes = changesByKey(chain, block).map(([first]) => ({ type: KIND_TOUCHED[first.kind]!, account_id: first.owner }));
  return { block_hash: b58(block.hash), changes };
}

const CHANGE_TYPES = ['account_changes', 'single_access_key_changes', 'all_access_key_changes', 'contract_code_changes', 'data_changes'];
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isKeyArray = (v: unknown): v is Array<{ account_id: string; public_key: string }> => Array.isArray(v) && v.every((k) => typeof k === 'object' && k !== null && isString((k as Record<string, unknown>).account_id) && isString((k as Record<string, unknown>).public_key));

/** StateChangeValueView of one change (the value after it). */
function changeValue(chain: Chain, change: RecordChange): { type: string; change: Record<string, unknown> } {
  const account_id = change.owner;
  const after = chain.journal.afterOf(chain.state, change);
  switch (change.kind) {
    case 'account': {
      if (!after) return { type: 'account_deletion', change: { account_id } };
      const { block_hash: _h, block_height: _b, ...view } = accountView(chain, after as Account);
      return { type: 'account_update', change: { account_id, ...view } };
    }
    case 'access_key':
      return after ? { type: 'access_key_update', change: { account_id, public_key: change.key, access_key: accessKeyView(after as AccessKey) } }
        : { type: 'access_key_deletion', change: { account_id, public_key: change.key } };
    case 'code':
      return after ? { type: 'contract_code_update', change: { account_id, code_base64: Buffer.from(after as Uint8Array).toString('base64') } }
        : { type: 'contract_code_deletion', change: { account_id } };
    default: {
      const key_base64 = Buffer.from(change.key!, 'hex').toString('base64');
      return after ? { type: 'data_update', change: { account_id, key_base64, value_base64: Buffer.from(after as Uint8Array).toString('base64') } }
        : { type: 'data_deletion', change: { account_id, key_base64 } };
    }
  }
}

/** StateChangeValueView::GasKeyNonceUpdate: one per gas-key nonce the change wrote (every nonce for a
 *  new gas key, access_keys.rs add_gas_key; a deleted key's are not reported). */
function gasKeyNonceUpdates(chain: Chain, change: RecordChange): Array<{ type: string; change: Record<string, unknown> }> {
  const after = chain.journal.afterOf(chain.state, change) as AccessKey | undefined;
  if (change.kind !== 'access_key' || !after?.gasKey) return [];
  const before = (change.before as AccessKey | undefined)?.gasKey?.nonces;
  return after.gasKey.nonces.flatMap((nonce, index) => (before && before[index] === nonce ? []
    : [{ type: 'gas_key_nonce_update', change: { account_id: change.owner, public_key: change.key, index, nonce } }]));
}

/** EXPERIMENTAL_changes (RpcStateChangesInBlockByTypeRequest): the block's changes of one type for the given accounts or keys. */
export function changes(chain: Chain, block: Block, params: Params) {
  const type = field(params, 'changes_type', 0, isString)!;
  if (!CHANGE_TYPES.includes(type)) throw parseFailure(`unknown variant \`${type}\`, expected one of ${CHANGE_TYPES.map((t) => `\`${t}\``).join(', ')}`);
  const keys = type === 'single_access_key_changes' ? field(params, 'keys', 0, isKeyArray)! : undefined;
  const accounts = new Set(keys ? keys.map((k) => k.account_id) : field(params, 'account_ids', 0, isStringArray)!);
  // Changes name keys by their PublicKeyHandle (an ML-DSA-65 key by its hash), requests by the full key.
  const keyId = (text: string) => { try { return accessKeyIdFromString(text); } catch { return text; } };
  const wantedKeys = keys && new Set(keys.map((k) => `${k.account_id}/${keyId(k.public_key)}`));
  const prefix = type === 'data_changes' ? Buffer.from(decodeBase64(field(params, 'key_prefix_base64', 0, isString, false) ?? '', 'key_prefix_base64')).toString('hex') : '';
  const kind: RecordKind = type === 'account_changes' ? 'account' : type === 'contract_code_changes' ? 'code' : type === 'data_changes' ? 'data' : 'access_key';
  const out: Array<{ cause: ChangeCause; type: string; change: Record<string, unknown> }> = [];
  for (const group of changesByKey(chain, block)) {
    const { kind: k, owner, key } = group[0];
    if (k !== kind || !accounts.has(owner)) continue;
    if (wantedKeys && !wantedKeys.has(`${owner}/${key}`)) continue;
    if (kind === 'data' && !key!.startsWith(prefix)) continue;
    for (const change of group) {
      out.push({ cause: change.cause, ...changeValue(chain, change) });
      for (const update of gasKeyNonceUpdates(chain, change)) out.push({ cause: change.cause, ...update });
    }
  }
  return { block_hash: b58(block.hash), changes: out };
}
