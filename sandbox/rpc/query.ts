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
import type { Block } from '../chain/types.ts';
import type { FunctionCallError } from '../vm/types.ts';
import { codeDoesNotExistText, viewCallErrorText } from '../errors/vm-errors.ts';
import { handlerError } from './errors.ts';
import { accountIdField, decodeBase64, decodeHash, field, isString, own, parseFailure, publicKeyField, type Params } from './params.ts';
import { accessKeyView, accountView, b58, blockRef } from './views.ts';

const REQUEST_TYPES = ['view_account', 'view_code', 'view_state', 'view_access_key', 'view_access_key_list', 'view_gas_key_nonces', 'call_function', 'view_global_contract_code', 'view_global_contract_code_by_account_id'];

export function createQuery(chain: Chain, blockOf: (params: Params) => Block): (params: Params) => unknown {
  const codeView = (code: Uint8Array, hash: Uint8Array, at: Block) => ({ code_base64: Buffer.from(code).toString('base64'), hash: b58(hash), ...blockRef(at) });

  function query(params: Params): unknown {
    if (Array.isArray(params)) return legacyQuery(params);
    const type = field(params, 'request_type', 0, isString)!;
    if (!REQUEST_TYPES.includes(type)) throw parseFailure(`unknown variant \`${type}\`, expected one of ${REQUEST_TYPES.map((t) => `\`${t}\``).join(', ')}`);
    const at = blockOf(params);
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
        if (!account) throw unknownAccount();
        const values = [...state.data(accountId)].filter(([k]) => k.startsWith(prefix))
          .map(([k, v]) => ({ key: Buffer.from(k, 'hex').toString('base64'), value: Buffer.from(v).toString('base64') }));
        return { values, ...blockRef(at) };
      }
      case 'view_access_key': {
        const publicKey = publicKeyField(params);
        if (!account) throw unknownAccount();
        const key = state.accessKey(accountId, accessKeyIdFromString(publicKey));
        // neard answers a missing key in `result.error` (jsonrpc/src/lib.rs process_query_response).
        if (!key) return { error: `access key ${publicKey} does not exist while viewing`, logs: [], ...blockRef(at) };
        return { ...accessKeyView(key), ...blockRef(at) };
      }
      case 'view_gas_key_nonces': {
        // GasKeys (85): a gas key's nonces by index (state_viewer view_gas_key_nonces); any other key is UnknownGasKey.
        const publicKey = publicKeyField(params);
        if (!account) throw unknownAccount();
        const key = state.accessKey(accountId, accessKeyIdFromString(publicKey));
        if (!key?.gasKey) throw handlerError('UNKNOWN_GAS_KEY', `Gas key for public key ${publicKey} does not exist while viewing`, { public_key: publicKey, ...blockRef(at) });
        return { nonces: key.gasKey.nonces, ...blockRef(at) };
      }
      case 'view_access_key_list': {
        if (!account) throw unknownAccount();
        const keys = [...state.accessKeys(accountId)].map(([public_key, key]) => ({ public_key, access_key: accessKeyView(key) }));
        return { keys, ...blockRef(at) };
      }
      default: {
        const method = field(params, 'method_name', 0, isString)!;
        const args = decodeBase64(field(params, 'args_base64', 0, isString, false) ?? '', 'args_base64');
        if (!account) throw unknownAccount();
        // A failing view call answers in `result.error` with the VM's Debug text, as neard does
        // (state_viewer/mod.rs "wasm execution failed with error: {:?}"), so clients type it.
        if (!state.codeOf(accountId)) return { error: codeDoesNotExistText(accountId), logs: [], ...blockRef(at) };
        try {
          const { result, logs } = chain.viewCall(accountId, method, args, at);
          return { result: [...result], logs, ...blockRef(at) };
        } catch (error) {
          if (!(error instanceof QueryError)) throw error;
          const aborted = error.info.aborted as FunctionCallError | undefined;
          if (error.name === 'CONTRACT_EXECUTION_ERROR' && aborted) return { error: viewCallErrorText(aborted), logs: [], ...blockRef(at) };
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

  return query;
}
