// neard's JSON-RPC methods over the local chain. Every handler validates its
// params and throws RpcFailure for anything it cannot answer.
import { sha256 } from '@noble/hashes/sha256';
import { base58 } from '@scure/base';
import { QueryError, type Chain } from '../chain/chain.ts';
import { patchState, type StateRecord } from '../chain/patch-state.ts';
import { InvalidTransaction, type Block, type TransactionRecord } from '../chain/types.ts';
import { ACTION_FEES, EXT_COSTS, LIMITS, STORAGE, ACCOUNT_CREATION } from '../params/runtime-config.ts';
import { handlerError, RpcFailure } from './errors.ts';
import { accessKeyView, accountView, b58, blockRef, blockView, chunkHeaderView, finalOutcomeView, receiptView, transactionView } from './views.ts';

export type Params = Record<string, unknown> | unknown[] | undefined;
export type Method = (params: Params) => unknown;

const invalid = (detail: string) => new RpcFailure(-32602, 'REQUEST_VALIDATION_ERROR', 'PARSE_ERROR', detail, { error_message: detail }, 'Invalid params');

function field<T>(params: Params, name: string, index: number, check: (v: unknown) => v is T, required = true): T | undefined {
  const value = Array.isArray(params) ? params[index] : params?.[name];
  if (value === undefined || value === null) {
    if (required) throw invalid(`missing field \`${name}\``);
    return undefined;
  }
  if (!check(value)) throw invalid(`invalid type for field \`${name}\``);
  return value;
}
const isString = (v: unknown): v is string => typeof v === 'string';

function decodeHash(text: string, what: string): Uint8Array {
  try {
    const bytes = base58.decode(text);
    if (bytes.length === 32) return bytes;
  } catch { /* reported below */ }
  throw invalid(`invalid ${what}: ${text}`);
}

export function createMethods(chain: Chain, changed: () => void): Record<string, Method> {
  const unknownBlock = (ref: unknown) => handlerError('UNKNOWN_BLOCK', 'DB Not Found Error: BLOCK: ' + String(ref), { block_reference: ref });

  /** `finality`, `block_id` (height or hash) or `[id]` -> a block. */
  function block(params: Params): Block {
    const id = Array.isArray(params) ? params[0] : params?.block_id;
    if (id === undefined || id === null) return chain.latest;
    if (typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id))) {
      const found = chain.blocksByHeight.get(BigInt(id));
      if (!found) throw unknownBlock(id);
      return found;
    }
    if (typeof id !== 'string') throw invalid('block_id must be a height or a hash');
    const found = chain.blocksByHash.get(Buffer.from(decodeHash(id, 'block hash')).toString('hex'));
    if (!found) throw unknownBlock(id);
    return found;
  }

  function signedTx(params: Params): Uint8Array {
    const base64 = field(params, 'signed_tx_base64', 0, isString)!;
    return new Uint8Array(Buffer.from(base64, 'base64'));
  }

  function submit(bytes: Uint8Array): TransactionRecord {
    try {
      const record = chain.submit(bytes);
      changed();
      return record;
    } catch (error) {
      if (error instanceof InvalidTransaction) {
        throw handlerError('INVALID_TRANSACTION', { TxExecutionError: error.error }, { TxExecutionError: error.error });
      }
      throw error;
    }
  }

  function findTx(params: Params): TransactionRecord {
    let hash: string;
    if (Array.isArray(params)) {
      hash = params[0] as string;
      if (typeof hash !== 'string') throw invalid('expected [tx_hash, sender_account_id]');
    } else {
      hash = field(params, 'tx_hash', 0, isString)!;
    }
    const record = chain.transaction(decodeHash(hash, 'transaction hash'));
    if (!record) throw handlerError('UNKNOWN_TRANSACTION', `Transaction ${hash} doesn't exist`, { requested_transaction_hash: hash });
    return record;
  }

  const waited = (params: Params, record: TransactionRecord) => {
    const waitUntil = Array.isArray(params) ? undefined : params?.wait_until;
    if (waitUntil === 'NONE') return { final_execution_status: 'NONE' };
    return finalOutcomeView(chain, record);
  };

  function query(params: Params): unknown {
    if (Array.isArray(params)) return legacyQuery(params);
    const type = field(params, 'request_type', 0, isString)!;
    const at = block(params);
    const accountId = field(params, 'account_id', 0, isString)!;
    const account = chain.state.accounts.get(accountId);
    const unknownAccount = () => handlerError('UNKNOWN_ACCOUNT', `account ${accountId} does not exist while viewing`, { requested_account_id: accountId, ...blockRef(at) });
    switch (type) {
      case 'view_account':
        if (!account) throw unknownAccount();
        return accountView(chain, account);
      case 'view_code': {
        if (!account) throw unknownAccount();
        const code = chain.state.codeOf(accountId);
        if (!code) throw handlerError('NO_CONTRACT_CODE', `Contract code for contract ID #${accountId} has never been observed on the node`, { contract_account_id: accountId, ...blockRef(at) });
        const c = account.contract;
        return { code_base64: Buffer.from(code).toString('base64'), hash: b58(c.kind === 'Global' || c.kind === 'Local' ? c.hash : sha256(code)), ...blockRef(at) };
      }
      case 'view_state': {
        if (!account) throw unknownAccount();
        const prefix = Buffer.from(field(params, 'prefix_base64', 0, isString, false) ?? '', 'base64').toString('hex');
        const values = [...chain.state.dataOf(accountId)].filter(([k]) => k.startsWith(prefix))
          .map(([k, v]) => ({ key: Buffer.from(k, 'hex').toString('base64'), value: Buffer.from(v).toString('base64') }));
        return { values, ...blockRef(at) };
      }
      case 'view_access_key': {
        const publicKey = field(params, 'public_key', 0, isString)!;
        if (!account) throw unknownAccount();
        const key = chain.state.keysOf(accountId).get(publicKey);
        // neard answers a missing key in `result.error` (the old query error style near-api-js expects).
        if (!key) return { error: `access key ${publicKey} does not exist while viewing`, logs: [], ...blockRef(at) };
        return { ...accessKeyView(key), ...blockRef(at) };
      }
      case 'view_access_key_list': {
        if (!account) throw unknownAccount();
        const keys = [...chain.state.keysOf(accountId)].map(([public_key, key]) => ({ public_key, access_key: accessKeyView(key) }));
        return { keys, ...blockRef(at) };
      }
      case 'call_function': {
        const method = field(params, 'method_name', 0, isString)!;
        const args = Buffer.from(field(params, 'args_base64', 0, isString, false) ?? '', 'base64');
        try {
          const { result, logs } = chain.viewCall(accountId, method, args);
          return { result: [...result], logs, ...blockRef(at) };
        } catch (error) {
          if (!(error instanceof QueryError)) throw error;
          // Contract errors come back in `result.error`, as neard does for compatibility.
          if (error.name === 'CONTRACT_EXECUTION_ERROR') return { error: error.message.replace('Function call returned an error: ', ''), logs: [], ...blockRef(at) };
          throw handlerError(error.name, error.message, { ...error.info, ...blockRef(at) });
        }
      }
      default:
        throw invalid(`unknown request_type ${type}`);
    }
  }

  /** The old `query` form: ["account/<id>"] or ["call/<id>/<method>", "<base58 args>"]. */
  function legacyQuery([path, data]: unknown[]): unknown {
    if (typeof path !== 'string') throw invalid('query path must be a string');
    const [kind, accountId, method] = path.split('/');
    if (kind === 'account') return query({ request_type: 'view_account', account_id: accountId, finality: 'final' });
    if (kind === 'access_key') return query({ request_type: method ? 'view_access_key' : 'view_access_key_list', account_id: accountId, public_key: method, finality: 'final' });
    if (kind === 'call') {
      const args = typeof data === 'string' ? Buffer.from(base58.decode(data)).toString('base64') : '';
      return query({ request_type: 'call_function', account_id: accountId, method_name: method, args_base64: args, finality: 'final' });
    }
    if (kind === 'contract') return query({ request_type: 'view_state', account_id: accountId, prefix_base64: '', finality: 'final' });
    throw invalid(`unknown query path ${path}`);
  }

  const validatorsView = () => chain.genesis.validators.map((v) => ({
    account_id: v.account_id, public_key: v.public_key, is_slashed: false,
    stake: (chain.state.accounts.get(v.account_id)?.locked ?? BigInt(v.amount)).toString(), shards: [0],
    num_produced_blocks: chain.latest.height, num_expected_blocks: chain.latest.height, num_produced_chunks: chain.latest.height, num_expected_chunks: chain.latest.height,
  }));

  return {
    status: () => {
      const genesisBlock = chain.blocksByHeight.get(BigInt(chain.genesis.genesis_height));
      return {
        version: { version: '2.7.0-local', build: 'near-global-factory-ts local node', rustc_version: 'none' },
        chain_id: chain.genesis.chain_id, protocol_version: chain.genesis.protocol_version, latest_protocol_version: chain.genesis.protocol_version,
        rpc_addr: null, validators: chain.genesis.validators.map((v) => ({ account_id: v.account_id, is_slashed: false })),
        sync_info: {
          latest_block_hash: b58(chain.latest.hash), latest_block_height: chain.latest.height, latest_state_root: b58(new Uint8Array(32)),
          latest_block_time: new Date(Number(chain.latest.timestamp / 1_000_000n)).toISOString(), syncing: false,
          earliest_block_hash: genesisBlock ? b58(genesisBlock.hash) : null, earliest_block_height: genesisBlock?.height ?? null,
          epoch_id: blockView(chain, chain.latest).header.epoch_id, epoch_start_height: chain.latest.height - (chain.latest.height % BigInt(chain.genesis.epoch_length)),
        },
        validator_account_id: chain.genesis.validators[0]?.account_id ?? null, validator_public_key: chain.genesis.validators[0]?.public_key ?? null,
        node_public_key: chain.genesis.validators[0]?.public_key ?? null, uptime_sec: Math.round(process.uptime()),
        genesis_hash: genesisBlock ? b58(genesisBlock.hash) : null,
      };
    },
    block: (params) => blockView(chain, block(params)),
    chunk: (params) => {
      const chunkId = Array.isArray(params) ? params[0] : params?.chunk_id;
      let found: Block | undefined;
      if (typeof chunkId === 'string') {
        const hash = Buffer.from(decodeHash(chunkId, 'chunk hash')).toString('hex');
        found = [...chain.blocksByHash.values()].find((b) => Buffer.from(b.chunkHash).toString('hex') === hash);
        if (!found) throw handlerError('UNKNOWN_CHUNK', `Chunk Missing (unavailable on the node): ${chunkId}`, { chunk_hash: chunkId });
      } else {
        found = block(params);
      }
      const txs = found.transactions.map((h) => chain.transaction(h)).filter((t): t is TransactionRecord => t !== undefined);
      return { author: chain.rootAccount(), header: chunkHeaderView(found), transactions: txs.map(transactionView), receipts: [] };
    },
    gas_price: (params) => ({ gas_price: block(Array.isArray(params) && params[0] === null ? undefined : params).gasPrice.toString() }),
    query,
    broadcast_tx_commit: (params) => finalOutcomeView(chain, submit(signedTx(params))),
    send_tx: (params) => waited(params, submit(signedTx(params))),
    broadcast_tx_async: (params) => b58(submit(signedTx(params)).hash),
    tx: (params) => waited(params, findTx(params)),
    EXPERIMENTAL_tx_status: (params) => {
      const record = findTx(params);
      return { ...waited(params, record), receipts: record.receipts.map(receiptView) };
    },
    EXPERIMENTAL_genesis_config: () => {
      const { records: _records, ...config } = chain.genesis;
      return config;
    },
    EXPERIMENTAL_protocol_config: (params) => {
      const { records: _records, ...config } = chain.genesis;
      const fee = (f: { sendSir: bigint; sendNotSir: bigint; execution: bigint }) => ({ send_sir: f.sendSir, send_not_sir: f.sendNotSir, execution: f.execution });
      return {
        ...config, ...blockRef(block(params)),
        runtime_config: {
          storage_amount_per_byte: STORAGE.amountPerByte.toString(),
          transaction_costs: { action_receipt_creation_config: fee(ACTION_FEES.action_receipt_creation), action_creation_config: Object.fromEntries(Object.entries(ACTION_FEES).map(([k, v]) => [k, fee(v)])), storage_usage_config: { num_bytes_account: STORAGE.numBytesAccount, num_extra_bytes_record: STORAGE.numExtraBytesRecord } },
          wasm_config: { ext_costs: EXT_COSTS, limit_config: Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v])) },
          account_creation_config: { min_allowed_top_level_account_length: ACCOUNT_CREATION.minAllowedTopLevelAccountLength, registrar_account_id: ACCOUNT_CREATION.registrarAccountId },
        },
      };
    },
    validators: () => ({
      current_validators: validatorsView(), next_validators: validatorsView(), current_fisherman: [], next_fisherman: [], current_proposals: [],
      prev_epoch_kickout: [], epoch_start_height: chain.latest.height - (chain.latest.height % BigInt(chain.genesis.epoch_length)),
      epoch_height: chain.latest.height / BigInt(chain.genesis.epoch_length) + 1n,
    }),
    sandbox_patch_state: (params) => {
      const records = field(params, 'records', 0, Array.isArray)! as StateRecord[];
      try {
        patchState(chain.state, records);
      } catch (error) {
        throw invalid(`sandbox_patch_state: ${(error as Error).message}`);
      }
      chain.produceBlock();
      changed();
      return {};
    },
    sandbox_fast_forward: (params) => {
      const delta = field(params, 'delta_height', 0, (v): v is number => Number.isInteger(v) && (v as number) >= 0)!;
      chain.fastForward(BigInt(delta));
      changed();
      return {};
    },
  };
}
