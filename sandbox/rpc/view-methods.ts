// The EXPERIMENTAL_view_* / EXPERIMENTAL_call_function methods of nearcore PR #14644 (in 2.13):
// `query`'s views under their own names, with strict params and structured errors
// (chain/jsonrpc-primitives/src/types/view_*.rs, call_function.rs). Each answers through the
// shared query core (query.ts `view`) and maps its RpcQueryError onto the method's own enum as
// `From<RpcQueryError>` there does.
import type { Block } from '../chain/types.ts';
import { RpcFailure } from './errors.ts';
import { blockReference, parseFailure, type Params } from './params.ts';

type View = (type: string, params: Params, at: Block) => unknown;

/** Each method: its QueryRequest, the RpcQueryError names its enum keeps, and its UnknownAccount text
 *  ("account" in most, "Account" in view_access_key.rs and view_gas_key_nonces.rs). */
const METHODS: Array<[string, string, string[], string]> = [
  ['EXPERIMENTAL_view_account', 'view_account', ['INVALID_ACCOUNT', 'UNKNOWN_ACCOUNT'], 'account'],
  ['EXPERIMENTAL_view_code', 'view_code', ['INVALID_ACCOUNT', 'UNKNOWN_ACCOUNT', 'NO_CONTRACT_CODE'], 'account'],
  ['EXPERIMENTAL_view_state', 'view_state', ['INVALID_ACCOUNT', 'UNKNOWN_ACCOUNT', 'TOO_LARGE_CONTRACT_STATE'], 'account'],
  ['EXPERIMENTAL_view_access_key', 'view_access_key', ['INVALID_ACCOUNT', 'UNKNOWN_ACCOUNT', 'UNKNOWN_ACCESS_KEY'], 'Account'],
  ['EXPERIMENTAL_view_access_key_list', 'view_access_key_list', ['INVALID_ACCOUNT', 'UNKNOWN_ACCOUNT'], 'account'],
  ['EXPERIMENTAL_view_gas_key_nonces', 'view_gas_key_nonces', ['INVALID_ACCOUNT', 'UNKNOWN_ACCOUNT', 'UNKNOWN_GAS_KEY'], 'Account'],
  ['EXPERIMENTAL_call_function', 'call_function', ['INVALID_ACCOUNT', 'UNKNOWN_ACCOUNT', 'NO_CONTRACT_CODE', 'CONTRACT_EXECUTION_ERROR'], 'account'],
];

/** Fields each request struct requires besides the block reference (serde: no default). */
const REQUIRED: Record<string, string[]> = {
  view_account: ['account_id'], view_code: ['account_id'], view_state: ['account_id', 'prefix_base64'],
  view_access_key: ['account_id', 'public_key'], view_access_key_list: ['account_id'],
  view_gas_key_nonces: ['account_id', 'public_key'], call_function: ['account_id', 'method_name', 'args_base64'],
};

/** RpcError::new_internal_error: `data` the Display text, `cause.info.error_message` the bare message. */
const internal = (message: string) => new RpcFailure(-32000, 'INTERNAL_ERROR', 'INTERNAL_ERROR',
  `The node reached its limits. Try again later. More details: ${message}`, { error_message: message });

/** BlockReference's derived Debug for a block id (BlockId is untagged: a height or a CryptoHash, whose Debug is base58). */
const blockIdDebug = (id: unknown) => `BlockId(${typeof id === 'number' || typeof id === 'bigint' ? `Height(${id})` : `Hash(${String(id)})`})`;

function mapError(error: unknown, kept: string[], accountWord: string): unknown {
  if (!(error instanceof RpcFailure) || error.kind !== 'HANDLER_ERROR') return error;
  const info = error.info ?? {};
  switch (error.causeName) {
    case 'UNKNOWN_BLOCK': {
      const ref = info.block_reference as { block_id: unknown };
      return new RpcFailure(-32000, 'HANDLER_ERROR', 'UNKNOWN_BLOCK',
        `Block either has never been observed on the node or has been garbage collected: ${blockIdDebug(ref.block_id)}`, { block_reference: ref });
    }
    case 'GARBAGE_COLLECTED_BLOCK':
      return internal(`The data for block #${String(info.block_height)} is garbage collected on this node, use an archival node to fetch historical data`);
    case 'UNKNOWN_ACCOUNT':
      return new RpcFailure(-32000, 'HANDLER_ERROR', 'UNKNOWN_ACCOUNT', `${accountWord} ${String(info.requested_account_id)} does not exist while viewing`, info);
    default:
      // Each enum's last arm: anything it has no variant for is `Unexpected query error: {:?}`.
      if (kept.includes(error.causeName)) return new RpcFailure(-32000, 'HANDLER_ERROR', error.causeName, error.data, info);
      return internal(`Unexpected query error: ${error.causeName}`);
  }
}

export function createViewMethods(view: View, blockOf: (params: Params) => Block): Array<[string, (params: Params) => unknown]> {
  return METHODS.map(([name, type, kept, accountWord]) => [name, (params: Params) => {
    // jsonrpc/src/api/view_*.rs: Params::parse into a struct with a flattened BlockReference, so only
    // an object, with exactly its required fields and a block reference.
    if (params === undefined || Array.isArray(params)) throw parseFailure(`invalid type: ${params === undefined ? 'null' : 'sequence'}, expected a map`);
    for (const f of REQUIRED[type]!) if (!Object.hasOwn(params, f) || params[f] === null) throw parseFailure(`missing field \`${f}\``);
    if (blockReference(params) === undefined) throw parseFailure('no variant of enum BlockReference found in flattened data');
    try {
      const at = blockOf(params);
      return view(type, params, at);
    } catch (error) {
      throw mapError(error, kept, accountWord);
    }
  }]);
}
