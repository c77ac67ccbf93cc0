// EXPERIMENTAL_changes_in_block and EXPERIMENTAL_changes, as far as the chain
// can tell them: which accounts, keys and code a block's transactions and
// successful receipts touched (from its outcomes and receipts), with the values
// the node holds now. The node keeps no per-block state diff, so values are the
// latest ones and storage writes (data_touched) are not reported.
import type { Chain } from '../chain/chain.ts';
import { accessKeyId, accessKeyIdFromString } from '../chain/keys.ts';
import type { Block } from '../chain/types.ts';
import { receiptsIn, transactionsIn } from './block-contents.ts';
import { accessKeyView, accountView, b58 } from './views.ts';
import { decodeBase64, field, isString, parseFailure, type Params } from './params.ts';

type Cause = { type: 'transaction_processing'; tx_hash: string } | { type: 'receipt_processing'; receipt_hash: string };
/** `nonceIndices`: the gas-key nonces an access-key touch wrote (nearcore reports each as a GasKeyNonceUpdate). */
interface Touch { kind: 'account_touched' | 'access_key_touched' | 'contract_code_touched'; accountId: string; publicKey?: string; cause: Cause; nonceIndices?: number[] }


function touchesOf(chain: Chain, block: Block): Touch[] {
  const touches: Touch[] = [];
  for (const tx of transactionsIn(chain, block)) {
    const cause: Cause = { type: 'transaction_processing', tx_hash: b58(tx.hash) };
    touches.push({ kind: 'account_touched', accountId: tx.signerId, cause }, { kind: 'access_key_touched', accountId: tx.signerId, publicKey: accessKeyIdFromString(tx.publicKey), cause, nonceIndices: tx.nonceIndex === undefined ? undefined : [tx.nonceIndex] });
  }
  for (const { receipt, outcome } of receiptsIn(chain, block)) {
    if (!outcome || receipt.kind !== 'Action' || outcome.status.kind === 'Failure') continue;
    const cause: Cause = { type: 'receipt_processing', receipt_hash: b58(receipt.id) };
    touches.push({ kind: 'account_touched', accountId: receipt.receiverId, cause });
    for (const action of receipt.actions) {
      if (action.kind === 'AddKey' || action.kind === 'DeleteKey' || action.kind === 'TransferToGasKey' || action.kind === 'WithdrawFromGasKey') {
        // A gas key's AddKey writes every nonce (access_keys.rs add_gas_key).
        const nonceIndices = action.kind === 'AddKey' && action.gasKey ? Array.from({ length: action.gasKey.numNonces }, (_, i) => i) : undefined;
        touches.push({ kind: 'access_key_touched', accountId: receipt.receiverId, publicKey: accessKeyId(action.publicKey), cause, nonceIndices });
      }
      if (action.kind === 'DeployContract' || action.kind === 'UseGlobalContract') touches.push({ kind: 'contract_code_touched', accountId: receipt.receiverId, cause });
    }
  }
  return touches;
}

export function changesInBlock(chain: Chain, block: Block) {
  const seen = new Set<string>();
  const changes: Array<{ type: string; account_id: string; public_key?: string }> = [];
  for (const t of touchesOf(chain, block)) {
    const key = `${t.kind}/${t.accountId}/${t.publicKey ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.push(t.publicKey === undefined ? { type: t.kind, account_id: t.accountId } : { type: t.kind, account_id: t.accountId, public_key: t.publicKey });
  }
  return { block_hash: b58(block.hash), changes };
}

const CHANGE_TYPES = ['account_changes', 'single_access_key_changes', 'all_access_key_changes', 'contract_code_changes', 'data_changes'];
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isKeyArray = (v: unknown): v is Array<{ account_id: string; public_key: string }> => Array.isArray(v) && v.every((k) => typeof k === 'object' && k !== null && isString((k as Record<string, unknown>).account_id) && isString((k as Record<string, unknown>).public_key));

export function changes(chain: Chain, block: Block, params: Params) {
  const type = field(params, 'changes_type', 0, isString)!;
  if (!CHANGE_TYPES.includes(type)) throw parseFailure(`unknown variant \`${type}\`, expected one of ${CHANGE_TYPES.map((t) => `\`${t}\``).join(', ')}`);
  const keys = type === 'single_access_key_changes' ? field(params, 'keys', 0, isKeyArray)! : undefined;
  const accounts = new Set(keys ? keys.map((k) => k.account_id) : field(params, 'account_ids', 0, isStringArray)!);
  // Changes name keys by their PublicKeyHandle (an ML-DSA-65 key by its hash), requests by the full key.
  const keyId = (text: string) => { try { return accessKeyIdFromString(text); } catch { return text; } };
  const wantedKeys = keys && new Set(keys.map((k) => `${k.account_id}/${keyId(k.public_key)}`));
  // data_changes: the prefix is checked, and the list stays empty (storage writes are not tracked, see above).
  if (type === 'data_changes') decodeBase64(field(params, 'key_prefix_base64', 0, isString, false) ?? '', 'key_prefix_base64');
  const out: Array<{ cause: Cause; type: string; change: Record<string, unknown> }> = [];
  for (const t of touchesOf(chain, block)) {
    if (!accounts.has(t.accountId)) continue;
    const account = chain.state.accounts.get(t.accountId);
    if (type === 'account_changes' && t.kind === 'account_touched') {
      if (!account) out.push({ cause: t.cause, type: 'account_deletion', change: { account_id: t.accountId } });
      else {
        const { block_hash: _h, block_height: _b, ...view } = accountView(chain, account);
        out.push({ cause: t.cause, type: 'account_update', change: { account_id: t.accountId, ...view } });
      }
    }
    if ((type === 'all_access_key_changes' || type === 'single_access_key_changes') && t.kind === 'access_key_touched') {
      if (wantedKeys && !wantedKeys.has(`${t.accountId}/${t.publicKey}`)) continue;
      const key = account && chain.state.keysOf(t.accountId).get(t.publicKey!);
      out.push(key ? { cause: t.cause, type: 'access_key_update', change: { account_id: t.accountId, public_key: t.publicKey, access_key: accessKeyView(key) } }
        : { cause: t.cause, type: 'access_key_deletion', change: { account_id: t.accountId, public_key: t.publicKey } });
      // StateChangeValueView::GasKeyNonceUpdate, one per nonce written (a deleted key's are not reported).
      for (const index of (key?.gasKey && t.nonceIndices) || []) {
        out.push({ cause: t.cause, type: 'gas_key_nonce_update', change: { account_id: t.accountId, public_key: t.publicKey, index, nonce: key!.gasKey!.nonces[index] } });
      }
    }
    if (type === 'contract_code_changes' && t.kind === 'contract_code_touched') {
      const code = chain.state.codeOf(t.accountId);
      if (code) out.push({ cause: t.cause, type: 'contract_code_update', change: { account_id: t.accountId, code_base64: Buffer.from(code).toString('base64') } });
    }
  }
  return { block_hash: b58(block.hash), changes: out };
}
