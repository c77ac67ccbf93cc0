// neard's `query` method: every QueryRequest of nearcore 2.13
// (core/primitives/src/views.rs), the old path form, and neard's answers for
// what it cannot view (chain/jsonrpc-primitives/src/types/query.rs). Each
// answers from the state of the block it names (chain/state-at.ts); a block
// whose state is no longer kept is GARBAGE_COLLECTED_BLOCK, as on neard.
import { sha256 } from '@noble/hashes/sha256';
import { base58 } from '@scure/base';
import { QueryError, type Chain } from '../chain/chain.ts';
import { accessKeyIdFromString } from '../chain/keys.ts';
import type { StateAt } from '../chain/state-at.ts';
import type { Block, ErrorJson } from '../chain/types.ts';
import type { FunctionCallError } from '../vm/types.ts';
import { functionCallErrorJson } from '../chain/actions.ts';
import { codeDoesNotExistText, rustDebugString, viewCallErrorText } from '../errors/vm-errors.ts';
import { handlerError, parseError, RpcFailure } from './errors.ts';
import { accountIdField, decodeBase64, decodeHash, field, isString, isU64, own, parseFailure, publicKeyField, type Params } from './params.ts';
import { accessKeyView, accountView, b58, blockRef } from './views.ts';

const REQUEST_TYPES = ['view_account', 'view_code', 'view_state', 'view_access_key', 'view_access_key_list', 'view_gas_key_nonces', 'call_function', 'view_global_contract_code', 'view_global_contract_code_by_account_id'];

/** A view's failure as nearcore's RpcQueryError names it, before `query` turns two of them into
 *  `result.error` (jsonrpc/src/lib.rs process_query_response) and the EXPERIMENTAL_* methods map
 *  them onto their own enums (view-methods.ts). `legacyError` is the text `query` answers with. */
export class QueryFailure extends RpcFailure {
  constructor(causeName: string, data: string, info: Record<string, unknown>, readonly legacyError?: string) {
    super(-32000, 'HANDLER_ERROR', causeName, data, info);
  }
}

/** view_state's page limits (runtime/runtime/src/state_viewer/mod.rs view_state). */
const MAX_VIEW_STATE_PAGE_ITEMS = 10_000;
const MAX_VIEW_STATE_PAGE_BYTES = 50_000;
/** core/chain-configs/src/client_config.rs default_trie_viewer_state_size_limit, config.json's value as
 *  `neard init` writes it (the node does not read config.json's). */
const TRIE_VIEWER_STATE_SIZE_LIMIT = 50_000n;

/** `limit` as serde reads a NonZeroU32. */
function pageLimit(params: Params): number | undefined {
  const limit = own(params, 'limit');
  if (limit === undefined || limit === null) return undefined;
  if (!isU64(limit) || limit > 0xffff_ffff) throw parseFailure(`invalid type for field \`limit\``);
  if (limit === 0) throw parseFailure('invalid value: integer `0`, expected a nonzero u32');
  return limit;
}

/** primitives' FunctionCallError as its derived Debug prints it (RpcCallFunctionError's text). */
function primitivesErrorDebug(json: ErrorJson): string {
  const [[kind, inner]] = Object.entries(json as Record<string, unknown>);
  if (kind === 'ExecutionError') return `ExecutionError(${rustDebugString(String(inner))})`;
  if (kind === 'MethodResolveError') return `MethodResolveError(${String(inner)})`;
  const compile = inner as Record<string, unknown>;
  // Its account_id is an AccountId (derived Debug: `AccountId("x")`), where the VM's is a Box<str> (`"x"`).
  if ('CodeDoesNotExist' in compile) return `CompilationError(CodeDoesNotExist { account_id: AccountId(${rustDebugString((compile.CodeDoesNotExist as { account_id: string }).account_id)}) })`;
  return `CompilationError(PrepareError(${String(compile.PrepareError)}))`;
}

export interface Queries {
  /** neard's `query` method. */
  query: (params: Params) => unknown;
  /** One QueryRequest at a resolved block: its view, or a QueryFailure / RpcFailure in RpcQueryError's terms. */
  view: (type: string, params: Params, at: Block) => unknown;
}

export function createQuery(chain: Chain, blockOf: (params: Params) => Block): Queries {
  const codeView = (code: Uint8Array, hash: Uint8Array, at: Block) => ({ code_base64: Buffer.from(code).toString('base64'), hash: b58(hash), ...blockRef(at) });

  function query(params: Params): unknown {
    if (Array.isArray(params)) return legacyQuery(params);
    const type = field(params, 'request_type', 0, isString)!;
    if (!REQUEST_TYPES.includes(type)) throw parseFailure(`unknown variant \`${type}\`, expected one of ${REQUEST_TYPES.map((t) => `\`${t}\``).join(', ')}`);
    const at = blockOf(params);
    try {
      return view(type, params, at);
    } catch (error) {
      // process_query_response: a failed call and a missing key answer in `result.error`.
      if (error instanceof QueryFailure && error.legacyError !== undefined) return { error: error.legacyError, logs: [], ...blockRef(at) };
      throw error;
    }
  }

  function view(type: string, params: Params, at: Block): unknown {
    if (at.height < chain.keptFrom()) {
      // view_client_actor.rs: a block below the node's tail of kept state.
      throw handlerError('GARBAGE_COLLECTED_BLOCK', `The data for block #${at.height} is garbage collected on this node, use an archival node to fetch historical data`,
        { block_height: at.height, block_hash: b58(at.hash) });
    }
    const state = chain.stateAt(at);
    if (type === 'view_global_contract_code') return globalCode(decodeHash(own(params, 'code_hash'), 'code_hash'), at, state);
    const accountId = accountIdField(params);
    if (type === 'view_global_contract_code_by_account_id') return globalCode(accountId, at, state);
    const account = state.account(accountId);
    const unknownAccount = () => handlerError('UNKNOWN_ACCOUNT', `account ${accountId} does not exist while viewing`, { requested_account_id: accountId, ...blockRef(at) });
    switch (type) {
      case 'view_account':
        if (!account) throw unknownAccount();
        return accountView(chain, account, at);
      case 'view_code': {
        if (!account) throw unknownAccount();
        const code = state.codeOf(accountId);
        if (!code) throw handlerError('NO_CONTRACT_CODE', `Contract code for contract ID #${accountId} has never been observed on the node`, { contract_account_id: accountId, ...blockRef(at) });
        const c = account.contract;
        return codeView(code, c.kind === 'Global' || c.kind === 'Local' ? c.hash : sha256(code), at);
      }
      case 'view_state': {
        const prefixText = field(params, 'prefix_base64', 0, isString, false) ?? '';
        const prefix = Buffer.from(decodeBase64(prefixText, 'prefix_base64')).toString('hex');
        const afterText = field(params, 'after_key_base64', 0, isString, false);
        const afterKey = afterText === undefined ? undefined : Buffer.from(decodeBase64(afterText, 'after_key_base64')).toString('hex');
        const limit = pageLimit(params);
        const includeProof = own(params, 'include_proof');
        if (includeProof !== undefined && includeProof !== null && typeof includeProof !== 'boolean') throw parseFailure('invalid type for field `include_proof`');
        // jsonrpc/src/api/mod.rs validate_view_state_pagination, at parse time.
        const paginated = limit !== undefined || afterKey !== undefined;
        if (includeProof === true && paginated) throw parseError('include_proof is not supported with paginated view_state (after_key_base64 / limit)');
        if (afterKey !== undefined && !afterKey.startsWith(prefix)) throw parseError('after_key_base64 must start with prefix_base64');
        if (!account) throw unknownAccount();
        // state_viewer view_state's per-account gate, which a paginated request skips: the account's
        // storage usage less its local code over trie_viewer_state_size_limit.
        const codeLength = account.contract.kind === 'Local' ? BigInt(state.codeOf(accountId)?.length ?? 0) : 0n;
        if (!paginated && BigInt(account.storageUsage) - codeLength > TRIE_VIEWER_STATE_SIZE_LIMIT) {
          throw handlerError('TOO_LARGE_CONTRACT_STATE', `State of contract ${accountId} is too large to be viewed`, { contract_account_id: accountId, ...blockRef(at) });
        }
        // Trie order is byte order, which lower-case hex keeps.
        const entries = [...state.data(accountId)].filter(([k]) => k.startsWith(prefix) && (afterKey === undefined || k > afterKey)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        const values: Array<{ key: string; value: string }> = [];
        let lastKey: string | undefined;
        // A page is capped by items and (softly, checked before each item) by the bytes of its full trie
        // keys (TrieKey::ContractData: column byte, account id, ',', key) and values.
        const itemCap = paginated ? Math.min(limit ?? MAX_VIEW_STATE_PAGE_ITEMS, MAX_VIEW_STATE_PAGE_ITEMS) : Infinity;
        const byteCap = paginated ? MAX_VIEW_STATE_PAGE_BYTES : Infinity;
        let used = 0;
        for (const [k, v] of entries) {
          if (values.length >= itemCap || used >= byteCap) {
            lastKey = values.at(-1)?.key;
            break;
          }
          used += 2 + accountId.length + k.length / 2 + v.length;
          values.push({ key: Buffer.from(k, 'hex').toString('base64'), value: Buffer.from(v).toString('base64') });
        }
        return { values, ...(lastKey === undefined ? {} : { last_key: lastKey }), ...blockRef(at) };
      }
      case 'view_access_key': {
        // state_viewer view_access_key reads the key alone: a missing account is a missing key.
        const publicKey = publicKeyField(params);
        const key = account && state.accessKey(accountId, accessKeyIdFromString(publicKey));
        if (!key) {
          throw new QueryFailure('UNKNOWN_ACCESS_KEY', `Access key for public key ${publicKey} does not exist while viewing`, { public_key: publicKey, ...blockRef(at) },
            `access key ${publicKey} does not exist while viewing`);
        }
        return { ...accessKeyView(key), ...blockRef(at) };
      }
      case 'view_gas_key_nonces': {
        // GasKeys (85): a gas key's nonces by index (state_viewer view_gas_key_nonces, which reads the key
        // alone); a missing account or key, or a key that is no gas key, is UnknownGasKey.
        const publicKey = publicKeyField(params);
        const key = account && state.accessKey(accountId, accessKeyIdFromString(publicKey));
        if (!key?.gasKey) throw handlerError('UNKNOWN_GAS_KEY', `Gas key for public key ${publicKey} does not exist while viewing`, { public_key: publicKey, ...blockRef(at) });
        return { nonces: key.gasKey.nonces, ...blockRef(at) };
      }
      case 'view_access_key_list': {
        // state_viewer view_access_keys iterates the account's keys: none for a missing account.
        const keys = account ? [...state.accessKeys(accountId)].map(([public_key, key]) => ({ public_key, access_key: accessKeyView(key) })) : [];
        return { keys, ...blockRef(at) };
      }
      default: {
        const method = field(params, 'method_name', 0, isString)!;
        const args = decodeBase64(field(params, 'args_base64', 0, isString, false) ?? '', 'args_base64');
        if (!account) throw unknownAccount();
        // A failing view call is RpcQueryError::ContractExecutionError: `vm_error` the VM's Debug text
        // (state_viewer/mod.rs "wasm execution failed with error: {:?}"), `error` primitives' FunctionCallError.
        const failed = (json: ErrorJson, legacy: string) => new QueryFailure('CONTRACT_EXECUTION_ERROR', `Function call returned an error: ${primitivesErrorDebug(json)}`,
          { vm_error: json, ...blockRef(at) }, legacy);
        if (!state.codeOf(accountId)) throw failed({ CompilationError: { CodeDoesNotExist: { account_id: accountId } } }, codeDoesNotExistText(accountId));
        try {
          const { result, logs } = chain.viewCall(accountId, method, args, at);
          return { result: [...result], logs, ...blockRef(at) };
        } catch (error) {
          if (!(error instanceof QueryError)) throw error;
          const aborted = error.info.aborted as FunctionCallError | undefined;
          if (error.name === 'CONTRACT_EXECUTION_ERROR' && aborted) throw failed(functionCallErrorJson(aborted), viewCallErrorText(aborted));
          throw handlerError(error.name, error.message, { ...error.info, ...blockRef(at) });
        }
      }
    }
  }

  /** view_global_contract_code(_by_account_id): a ContractCodeView, or NO_GLOBAL_CONTRACT_CODE. */
  function globalCode(id: Uint8Array | string, at: Block, state: StateAt): unknown {
    const code = typeof id === 'string' ? state.globalByAccount(id) : state.globalByHash(Buffer.from(id).toString('hex'));
    if (code) return codeView(code, sha256(code), at);
    const identifier = typeof id === 'string' ? { AccountId: id } : { CodeHash: b58(id) };
    throw handlerError('NO_GLOBAL_CONTRACT_CODE', `Global contract code with identifier ${typeof id === 'string' ? `AccountId(AccountId("${id}"))` : `CodeHash(${b58(id)})`} has never been observed on the node`, { identifier, ...blockRef(at) });
  }

  /** The old `query` form: ["account/<id>"] or ["call/<id>/<method>", "<base58 args>"]. */
  function legacyQuery([path, data]: unknown[]): unknown {
    if (typeof path !== 'string') throw parseFailure('query path must be a string');
    const [kind, accountId, method] = path.split('/');
    let args = '';
    if (typeof data === 'string' && data !== '') {
      try {
        args = Buffer.from(base58.decode(data)).toString('base64');
      } catch {
        throw parseFailure('data is not base58');
      }
    }
    if (kind === 'account') return query({ request_type: 'view_account', account_id: accountId, finality: 'final' });
    if (kind === 'access_key') return query({ request_type: method ? 'view_access_key' : 'view_access_key_list', account_id: accountId, public_key: method, finality: 'final' });
    if (kind === 'call') return query({ request_type: 'call_function', account_id: accountId, method_name: method, args_base64: args, finality: 'final' });
    if (kind === 'contract') return query({ request_type: 'view_state', account_id: accountId, prefix_base64: args, finality: 'final' });
    throw parseFailure(`Illegal path ${path}`);
  }

  return { query, view };
}
