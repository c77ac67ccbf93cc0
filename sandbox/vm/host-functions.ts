// nearcore's host functions (near-vm-runner logic.rs) over one call's state:
// registers, context, economics, math, logs, promises, storage, validators.
// Each charges what logic.rs charges: `base` (except the hash and signature
// functions), then its ext costs and action fees; view calls may not touch
// state-changing ones (ProhibitedInView).
import { sha256 } from '@noble/hashes/sha256';
import { keccak_256, keccak_512 } from '@noble/hashes/sha3';
import { ripemd160 } from '@noble/hashes/ripemd160';
import { ed25519 } from '@noble/curves/ed25519';
import { p256 } from '@noble/curves/p256';
import { secp256k1 } from '@noble/curves/secp256k1';
import { hasFeature } from '../params/features.ts';
import { LIMITS, type ActionFee, type ExtCost, type RuntimeConfig } from '../params/runtime-config.ts';
import { implicitTransferFees } from './account-type.ts';
import { GasCounter } from './gas.ts';
import { HostFailure } from './host-error.ts';
import { ACTION_COST_OF, type ActionCost } from './profile.ts';
import { altBn128HostFunctions, ALT_BN128_FUNCTIONS } from './host-alt-bn128.ts';
import { bls12381HostFunctions, BLS12381_FUNCTIONS } from './host-bls12381.ts';
import { ReceiptManager } from './receipts.ts';
import { yieldFunctions } from './yield.ts';
import type { AccessKeyPermission, Action, GlobalContractIdentifier, PublicKeyBytes, ReturnData, StorageChange, StorageReader, VMContext } from './types.ts';

const U64_MAX = 2n ** 64n - 1n;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Host functions a view call may not use (nearcore's ProhibitedInView list). */
const PROHIBITED_IN_VIEW = new Set([
  'signer_account_id', 'signer_account_pk', 'predecessor_account_id', 'attached_deposit', 'prepaid_gas', 'used_gas',
  'promise_create', 'promise_then', 'promise_and', 'promise_batch_create', 'promise_batch_then',
  'promise_batch_action_create_account', 'promise_batch_action_deploy_contract', 'promise_batch_action_function_call',
  'promise_batch_action_function_call_weight', 'promise_batch_action_transfer', 'promise_batch_action_stake',
  'promise_batch_action_add_key_with_full_access', 'promise_batch_action_add_key_with_function_call',
  'promise_batch_action_delete_key', 'promise_batch_action_delete_account',
  'promise_batch_action_deploy_global_contract', 'promise_batch_action_deploy_global_contract_by_account_id',
  'promise_batch_action_use_global_contract', 'promise_batch_action_use_global_contract_by_account_id',
  'promise_results_count', 'promise_result', 'promise_return', 'storage_write', 'storage_remove',
  'promise_set_refund_to', 'promise_batch_action_state_init', 'promise_batch_action_state_init_by_account_id',
  'set_state_init_data_entry', 'refund_to_account_id',
  'promise_yield_create', 'promise_yield_resume', 'promise_yield_create_with_id', 'promise_yield_resume_with_yield_id',
  'promise_batch_action_transfer_to_gas_key', 'promise_batch_action_add_gas_key_with_full_access', 'promise_batch_action_add_gas_key_with_function_call',
]);

/** Host functions linked only from some protocol version on (imports.rs attributes): NEP-616's
 *  `#[deterministic_account_ids]` from 82 (the DeterministicAccountIds feature), the others by their parameter. */
const GATES: Readonly<Record<string, (config: RuntimeConfig) => boolean>> = {
  ...Object.fromEntries([
    'promise_set_refund_to', 'promise_batch_action_state_init', 'promise_batch_action_state_init_by_account_id',
    'set_state_init_data_entry', 'current_contract_code', 'refund_to_account_id',
  ].map((name) => [name, (config: RuntimeConfig) => hasFeature(config.protocolVersion, 'DeterministicAccountIds')])),
  chain_id: (config) => config.parameters.chain_id_host_fn,
  ...Object.fromEntries(['promise_batch_action_transfer_to_gas_key', 'promise_batch_action_add_gas_key_with_full_access', 'promise_batch_action_add_gas_key_with_function_call']
    .map((name) => [name, (config: RuntimeConfig) => config.parameters.gas_key_host_fns])),
  p256_verify: (config) => config.parameters.p256_verify_host_fn,
  // imports.rs #[yield_with_id_host_fns] (85.yaml).
  promise_yield_create_with_id: (config) => config.parameters.yield_with_id_host_fns,
  promise_yield_resume_with_yield_id: (config) => config.parameters.yield_with_id_host_fns,
};

/** Linked and always failing with HostError::Deprecated, before any charge (logic.rs storage_iter_*). */
const DEPRECATED = ['storage_iter_prefix', 'storage_iter_range', 'storage_iter_next'];

/** neard's sandbox build logs sandbox_debug_log's text at debug level (target "sandbox"); RUST_LOG turns it on here too. */
const SANDBOX_DEBUG = /(^|,)\s*(sandbox\s*=\s*)?(debug|trace)\s*(,|$)/.test(process.env.RUST_LOG ?? '');

const CURVE_FUNCTIONS = [...ALT_BN128_FUNCTIONS, ...BLS12381_FUNCTIONS];

/** Host functions that do not charge `base` themselves (logic.rs): the hash and signature functions pay
 *  their own base cost only, as do the alt_bn128 and bls12381 ones; promise_create and promise_then are two batch
 *  functions, each paying it. */
const NO_BASE = new Set(['sha256', 'keccak256', 'keccak512', 'ripemd160', 'ecrecover', 'ed25519_verify', 'p256_verify', 'promise_create', 'promise_then', ...CURVE_FUNCTIONS]);

/** Values longer than this are read from disk separately (nearcore's INLINE_DISK_VALUE_THRESHOLD). */
const INLINE_DISK_VALUE_THRESHOLD = 4000;

const ACCOUNT_ID = /^(([a-z\d]+[-_])*[a-z\d]+\.)*([a-z\d]+[-_])*[a-z\d]+$/;
export function isValidAccountId(id: string): boolean {
  return id.length >= 2 && id.length <= LIMITS.maxLengthAccountId && ACCOUNT_ID.test(id);
}

export interface CallState {
  logs: string[];
  returnData: ReturnData;
  storageChanges: StorageChange[];
  storageUsage: bigint;
  balance: bigint;
  receipts: ReceiptManager;
}

export function hostFunctions(ctx: VMContext, storage: StorageReader, gas: GasCounter, state: CallState, memory: () => WebAssembly.Memory, config: RuntimeConfig): Record<string, (...args: bigint[]) => bigint | number | void> {
  const { extCosts: EXT_COSTS, fees: ACTION_FEES, limits: LIMITS, storage: STORAGE } = config;
  const registers = new Map<bigint, Uint8Array>();
  const overlay = new Map<string, Uint8Array | null>();
  let totalLogLength = 0n;
  const utf8 = new TextDecoder('utf-8', { fatal: true });

  const cost = (name: ExtCost, times = 1n) => gas.burn(EXT_COSTS[name] * times, name);

  const view = (ptr: bigint, len: bigint): Uint8Array => {
    const mem = new Uint8Array(memory().buffer);
    if (ptr + len > BigInt(mem.length) || len > BigInt(mem.length)) throw new HostFailure({ kind: 'MemoryAccessViolation' });
    return mem.subarray(Number(ptr), Number(ptr + len));
  };
  const readMemory = (ptr: bigint, len: bigint): Uint8Array => {
    cost('read_memory_base');
    cost('read_memory_byte', len);
    return view(ptr, len).slice();
  };
  const writeMemory = (ptr: bigint, data: Uint8Array) => {
    cost('write_memory_base');
    cost('write_memory_byte', BigInt(data.length));
    view(ptr, BigInt(data.length)).set(data);
  };
  const readU128 = (ptr: bigint): bigint => {
    const b = readMemory(ptr, 16n);
    const dv = new DataView(b.buffer, b.byteOffset, 16);
    return dv.getBigUint64(0, true) | (dv.getBigUint64(8, true) << 64n);
  };
  const writeU128 = (ptr: bigint, value: bigint) => {
    const b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, value & U64_MAX, true);
    dv.setBigUint64(8, value >> 64n, true);
    writeMemory(ptr, b);
  };
  const deterministicAccounts = hasFeature(config.protocolVersion, 'DeterministicAccountIds');
  /** `perByte` false: data the register shares rather than copies (input, promise results from protocol 82:
   *  logic.rs set_rc_data, whose charge_bytes_gas was `!deterministic_account_ids`). */
  const setRegister = (id: bigint, data: Uint8Array, perByte = true) => {
    cost('write_register_base');
    if (perByte) cost('write_register_byte', BigInt(data.length));
    if (BigInt(data.length) > LIMITS.maxRegisterSize) throw new HostFailure({ kind: 'MemoryAccessViolation' });
    registers.set(id, data);
  };
  /** Bytes given as (len, ptr), or a register when len is u64::MAX (nearcore's convention). */
  const readInput = (len: bigint, ptr: bigint): Uint8Array => {
    if (len === U64_MAX) {
      const r = registers.get(ptr);
      if (!r) throw new HostFailure({ kind: 'InvalidRegisterId', registerId: ptr });
      cost('read_register_base');
      cost('read_register_byte', BigInt(r.length));
      return r;
    }
    return readMemory(ptr, len);
  };
  const readUtf8 = (len: bigint, ptr: bigint): string => {
    let bytes: Uint8Array;
    cost('utf8_decoding_base');
    if (len === U64_MAX) {
      // Null-terminated: nearcore reads it one byte at a time, the terminator included.
      const mem = new Uint8Array(memory().buffer);
      let end = Number(ptr);
      while (end < mem.length && mem[end] !== 0) end++;
      if (end >= mem.length) throw new HostFailure({ kind: 'MemoryAccessViolation' });
      cost('read_memory_base', BigInt(end) - ptr + 1n);
      cost('read_memory_byte', BigInt(end) - ptr + 1n);
      bytes = view(ptr, BigInt(end) - ptr).slice();
    } else {
      bytes = readMemory(ptr, len);
    }
    cost('utf8_decoding_byte', BigInt(bytes.length));
    try {
      return utf8.decode(bytes);
    } catch {
      throw new HostFailure({ kind: 'BadUTF8' });
    }
  };
  /** UTF-16LE text as logic.rs get_utf16_string charges it (null-terminated: read 2 bytes at a time, free view). */
  const readUtf16 = (len: bigint, ptr: bigint): string => {
    cost('utf16_decoding_base');
    let bytes: Uint8Array;
    if (len === U64_MAX) {
      const mem = new Uint8Array(memory().buffer);
      let end = Number(ptr);
      while (end + 1 < mem.length && (mem[end] !== 0 || mem[end + 1] !== 0)) end += 2;
      if (end + 1 >= mem.length) throw new HostFailure({ kind: 'MemoryAccessViolation' });
      const units = BigInt(end - Number(ptr)) / 2n + 1n;
      cost('read_memory_base', units);
      cost('read_memory_byte', units * 2n);
      bytes = view(ptr, BigInt(end) - ptr).slice();
    } else {
      bytes = readMemory(ptr, len);
    }
    if (bytes.length % 2 !== 0) throw new HostFailure({ kind: 'BadUTF16' });
    cost('utf16_decoding_byte', BigInt(bytes.length));
    const units = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    let text = '';
    for (const unit of units) text += String.fromCharCode(unit);
    return text;
  };
  const readAccountId = (len: bigint, ptr: bigint): string => {
    const id = readUtf8(len, ptr);
    // logic.rs read_and_parse_account_id: parsed strictly from account_id_validity_rules_version 2 (83);
    // before, taken unvalidated (a bad one then fails the new receipt's validation).
    if (LIMITS.accountIdValidityRulesVersion >= 2 && !isValidAccountId(id)) throw new HostFailure({ kind: 'InvalidAccountId' });
    return id;
  };
  const readPublicKey = (len: bigint, ptr: bigint): PublicKeyBytes => {
    const key = readInput(len, ptr);
    // borsh PublicKey: ed25519 (0, 32 bytes), secp256k1 (1, 64), ML-DSA-65 (2, 1952; refused before 85 by the new
    // receipt's validation, PostQuantumSignatures).
    const ok = (key[0] === 0 && key.length === 33) || (key[0] === 1 && key.length === 65) || (key[0] === 2 && key.length === 1953);
    if (!ok) throw new HostFailure({ kind: 'InvalidPublicKey' });
    return key;
  };

  /** A storage key for read/remove: over nearcore's limit is KeyLengthExceeded. */
  const readStorageKey = (len: bigint, ptr: bigint): Uint8Array => {
    const key = readInput(len, ptr);
    if (BigInt(key.length) > LIMITS.maxLengthStorageKey) throw new HostFailure({ kind: 'KeyLengthExceeded', length: BigInt(key.length), limit: LIMITS.maxLengthStorageKey });
    return key;
  };

  // Trie nodes (nearcore's ext.rs): writes and removes look the key up through the trie, unless this
  // call already wrote it; reads go through flat storage (flat_storage_reads), which touches no node.
  const chargeTrieNodes = (key: Uint8Array, lookup: 'write' | 'read') => {
    const trie = storage.trie;
    if (!trie || overlay.has(hex(key)) || (lookup === 'read' && config.parameters.flat_storage_reads)) return;
    for (const node of trie.nodesOnPath(key)) {
      if (trie.touched.has(node)) {
        cost('read_cached_trie_node');
      } else {
        trie.touched.add(node);
        cost('touching_trie_node');
      }
    }
  };

  const storageGet = (key: Uint8Array): Uint8Array | undefined => {
    const k = hex(key);
    if (overlay.has(k)) return overlay.get(k) ?? undefined;
    return storage.get(key);
  };

  // Actions: nearcore charges the send fee (burnt) and execution fee (reserved) at creation.
  const sir = (index: bigint) => state.receipts.receiptFor(index).receiverId === ctx.currentAccountId;
  // `profiled`: the profile's ActionCosts, when logic.rs books the fee under another (an implicit account's
  // CreateAccount/AddKey fees are part of `transfer`: transfer_send_fee).
  const payFee = (index: bigint, name: ActionFee, times = 1n, profiled: ActionCost = ACTION_COST_OF[name]) => {
    const f = ACTION_FEES[name];
    gas.payAction((sir(index) ? f.sendSir : f.sendNotSir) * times, f.execution * times, profiled);
  };
  const newReceiptFee = (receiverId: string) => {
    const f = ACTION_FEES.action_receipt_creation;
    gas.payAction(receiverId === ctx.currentAccountId ? f.sendSir : f.sendNotSir, f.execution, 'new_action_receipt');
  };
  /** num_nonces is a u16 (NonceIndex): a larger one is IntegerOverflow. */
  const gasKeyNonceCount = (n: bigint): number => {
    if (n > 0xffffn) throw new HostFailure({ kind: 'IntegerOverflow' });
    return Number(n);
  };
  /** gas_counter.rs pay_gas_key_add_key_fees: per nonce gas_key_nonce_write_base (execution only), then gas_key_byte's
   *  send × borsh(GasKeyInfo) (18) burnt with its execution × (access key trie key + u16 + u64) × nonces. */
  const payGasKeyAddKeyFees = (index: bigint, pklen: bigint, nonces: number) => {
    const p = config.parameters;
    const n = BigInt(nonces);
    const receiver = BigInt(Buffer.byteLength(state.receipts.receiptFor(index).receiverId));
    gas.payAction(0n, p.action_gas_key_nonce_write_base.execution * n);
    const send = sir(index) ? p.action_gas_key_byte.send_sir : p.action_gas_key_byte.send_not_sir;
    gas.payAction(send * 18n, p.action_gas_key_byte.execution * (1n + receiver + 1n + pklen + 2n + 8n) * n);
  };
  const addAction = (index: bigint, action: Action, weight?: bigint) => {
    state.receipts.append(index, action, weight);
  };
  const attach = (deposit: bigint) => {
    if (deposit > state.balance) throw new HostFailure({ kind: 'BalanceExceeded' });
    state.balance -= deposit;
  };
  const functionCall = (index: bigint, method: Uint8Array, args: Uint8Array, deposit: bigint, attachedGas: bigint, weight?: bigint) => {
    payFee(index, 'function_call_base');
    payFee(index, 'function_call_per_byte', BigInt(method.length + args.length));
    gas.reserve(attachedGas);
    // one_yocto_on_promise (85, logic.rs): a contract with zero balance may attach exactly 1 yoctoNEAR
    // to a function call; it is not deducted (nearcore's subsidized_amount).
    if (!(deposit === 1n && config.parameters.one_yocto_on_promise && state.balance === 0n)) attach(deposit);
    addAction(index, { kind: 'FunctionCall', methodName: new TextDecoder().decode(method), args, deposit, gas: attachedGas }, weight);
  };
  // Each dependency's data receipt: base send (sir: the dependency's receiver is the new receipt's)
  // and execution are both burnt now (logic.rs pay_gas_for_new_receipt).
  const dependencies = (receipts: number[], receiverId: string) => {
    if (BigInt(receipts.length) > LIMITS.maxNumberInputDataDependencies) {
      throw new HostFailure({ kind: 'NumberInputDataDependenciesExceeded', numberOfInputDataDependencies: BigInt(receipts.length), limit: LIMITS.maxNumberInputDataDependencies });
    }
    const f = ACTION_FEES.data_receipt_creation_base;
    for (const r of receipts) {
      const same = state.receipts.receipts[r].receiverId === receiverId;
      // Booked under new_action_receipt, as pay_gas_for_new_receipt charges them with the receipt.
      gas.payAction((same ? f.sendSir : f.sendNotSir) + f.execution, 0n, 'new_action_receipt');
    }
    return receipts;
  };

  const curveHost = { extCosts: EXT_COSTS, burn: (g: bigint, name: ExtCost) => gas.burn(g, name), readInput, setRegister, blsNotInGroupFix: config.parameters.bls12381_not_in_group_fix };

  /** A function-call key's permission as logic.rs reads it (allowance, receiver, comma-separated method names),
   *  with its fees: the base and the names' bytes, each counted with a terminating null
   *  (null_terminated_method_names_len). A zero allowance is none. */
  function functionCallPermission(index: bigint, allowancePtr: bigint, rlen: bigint, rptr: bigint, mlen: bigint, mptr: bigint): AccessKeyPermission {
    const allowance = readU128(allowancePtr);
    const receiverId = readAccountId(rlen, rptr);
    const names = new TextDecoder().decode(readInput(mlen, mptr));
    const methodNames = names.length === 0 ? [] : names.split(',');
    payFee(index, 'add_key_function_call_base');
    payFee(index, 'add_key_function_call_per_byte', methodNames.reduce((n, m) => n + BigInt(Buffer.byteLength(m)) + 1n, 0n));
    return { kind: 'FunctionCall', allowance: allowance === 0n ? null : allowance, receiverId, methodNames };
  }

  const fns: Record<string, (...args: bigint[]) => bigint | number | void> = {
    // registers
    read_register: (id, ptr) => {
      const r = registers.get(id);
      if (!r) throw new HostFailure({ kind: 'InvalidRegisterId', registerId: id });
      cost('read_register_base');
      cost('read_register_byte', BigInt(r.length));
      writeMemory(ptr, r);
    },
    register_len: (id) => (registers.has(id) ? BigInt(registers.get(id)!.length) : U64_MAX),
    write_register: (id, len, ptr) => setRegister(id, readMemory(ptr, len)),
    // context
    current_account_id: (id) => setRegister(id, new TextEncoder().encode(ctx.currentAccountId)),
    chain_id: (id) => setRegister(id, new TextEncoder().encode(ctx.chainId ?? '')),
    signer_account_id: (id) => setRegister(id, new TextEncoder().encode(ctx.signerAccountId)),
    signer_account_pk: (id) => setRegister(id, ctx.signerAccountPk),
    predecessor_account_id: (id) => setRegister(id, new TextEncoder().encode(ctx.predecessorAccountId)),
    input: (id) => setRegister(id, ctx.input, !deterministicAccounts),
    block_index: () => ctx.blockHeight,
    block_timestamp: () => ctx.blockTimestamp,
    epoch_height: () => ctx.epochHeight,
    storage_usage: () => state.storageUsage,
    // economics
    account_balance: (ptr) => writeU128(ptr, state.balance),
    account_locked_balance: (ptr) => writeU128(ptr, ctx.accountLockedBalance),
    attached_deposit: (ptr) => writeU128(ptr, ctx.attachedDeposit),
    prepaid_gas: () => ctx.prepaidGas,
    used_gas: () => {
      gas.sync();
      return gas.used;
    },
    // math
    random_seed: (id) => setRegister(id, ctx.randomSeed),
    sha256: (len, ptr, id) => {
      const v = readInput(len, ptr);
      cost('sha256_base');
      cost('sha256_byte', BigInt(v.length));
      setRegister(id, sha256(v));
    },
    keccak256: (len, ptr, id) => {
      const v = readInput(len, ptr);
      cost('keccak256_base');
      cost('keccak256_byte', BigInt(v.length));
      setRegister(id, keccak_256(v));
    },
    keccak512: (len, ptr, id) => {
      const v = readInput(len, ptr);
      cost('keccak512_base');
      cost('keccak512_byte', BigInt(v.length));
      setRegister(id, keccak_512(v));
    },
    ripemd160: (len, ptr, id) => {
      const v = readInput(len, ptr);
      cost('ripemd160_base');
      cost('ripemd160_block', BigInt(Math.floor((v.length + 8) / 64) + 1));
      setRegister(id, ripemd160(v));
    },
    // Both read and check their inputs in logic.rs's order, so a bad input costs what it costs there.
    ecrecover: (hashLen, hashPtr, sigLen, sigPtr, v, malleabilityFlag, id) => {
      cost('ecrecover_base');
      const sig = readInput(sigLen, sigPtr);
      if (sig.length !== 64) throw new HostFailure({ kind: 'ECRecoverError', msg: `The length of the signature: ${sig.length}, exceeds the limit of 64 bytes` });
      if (v > 3n) throw new HostFailure({ kind: 'ECRecoverError', msg: `V recovery byte 0 through 3 are valid but was provided ${v}` });
      const hash = readInput(hashLen, hashPtr);
      if (hash.length !== 32) throw new HostFailure({ kind: 'ECRecoverError', msg: `The length of the hash: ${hash.length}, exceeds the limit of 32 bytes` });
      if (malleabilityFlag > 1n) throw new HostFailure({ kind: 'ECRecoverError', msg: `Malleability flag needs to be 0 or 1, but is instead ${malleabilityFlag}` });
      try {
        const signature = secp256k1.Signature.fromCompact(sig).addRecoveryBit(Number(v));
        if (malleabilityFlag !== 0n && signature.hasHighS()) return 0n;
        const point = signature.recoverPublicKey(hash);
        setRegister(id, point.toRawBytes(false).subarray(1));
        return 1n;
      } catch {
        return 0n;
      }
    },
    ed25519_verify: (sigLen, sigPtr, msgLen, msgPtr, pkLen, pkPtr) => {
      cost('ed25519_verify_base');
      const sig = readInput(sigLen, sigPtr);
      if (sig.length !== 64) throw new HostFailure({ kind: 'Ed25519VerifyInvalidInput', msg: 'invalid signature length' });
      // ed25519-dalek 1's sanity check, kept by nearcore: false before the message is read.
      if ((sig[63] & 0b1110_0000) !== 0) return 0n;
      const msg = readInput(msgLen, msgPtr);
      cost('ed25519_verify_byte', BigInt(msg.length));
      const pk = readInput(pkLen, pkPtr);
      if (pk.length !== 32) throw new HostFailure({ kind: 'Ed25519VerifyInvalidInput', msg: 'invalid public key length' });
      try {
        return ed25519.verify(sig, msg, pk) ? 1n : 0n;
      } catch {
        return 0n;
      }
    },
    // NEP-635 (logic.rs p256_verify): the message is the prehash; 64-byte r||s, 33-byte compressed key.
    p256_verify: (sigLen, sigPtr, msgLen, msgPtr, pkLen, pkPtr) => {
      cost('p256_verify_base');
      const sig = readInput(sigLen, sigPtr);
      if (sig.length !== 64) throw new HostFailure({ kind: 'P256VerifyInvalidInput', msg: 'invalid signature length' });
      try {
        p256.Signature.fromCompact(sig); // r and s in 1..n, or false before the message is read
      } catch {
        return 0n;
      }
      const msg = readInput(msgLen, msgPtr);
      cost('p256_verify_byte', BigInt(msg.length));
      const pk = readInput(pkLen, pkPtr);
      if (pk.length !== 33) throw new HostFailure({ kind: 'P256VerifyInvalidInput', msg: 'invalid public key length' });
      // RustCrypto's bits2field: a prehash shorter than half the field is an error (false), a longer one is truncated.
      if (msg.length < 16) return 0n;
      try {
        return p256.verify(sig, msg.subarray(0, 32), pk, { prehash: false, lowS: false, format: 'compact' }) ? 1n : 0n;
      } catch {
        return 0n;
      }
    },
    // miscellaneous
    value_return: (len, ptr) => {
      const v = readInput(len, ptr);
      if (BigInt(v.length) > LIMITS.maxLengthReturnedData) {
        throw new HostFailure({ kind: 'ReturnedValueLengthExceeded', length: BigInt(v.length), limit: LIMITS.maxLengthReturnedData });
      }
      // Data receipts to those waiting on this call: per byte, send and execution burnt now.
      const f = ACTION_FEES.data_receipt_creation_per_byte;
      for (const receiver of ctx.outputDataReceivers ?? []) {
        gas.payAction(((receiver === ctx.currentAccountId ? f.sendSir : f.sendNotSir) + f.execution) * BigInt(v.length), 0n, 'new_data_receipt_byte');
      }
      state.returnData = { kind: 'Value', value: v };
    },
    panic: () => {
      throw new HostFailure({ kind: 'GuestPanic', panicMsg: 'explicit guest panic' });
    },
    panic_utf8: (len, ptr) => {
      throw new HostFailure({ kind: 'GuestPanic', panicMsg: readUtf8(len, ptr) });
    },
    log_utf8: (len, ptr) => log(readUtf8(len, ptr)),
    log_utf16: (len, ptr) => log(readUtf16(len, ptr)),
    abort: (msgPtr, filenamePtr, line, col) => {
      if (msgPtr < 4n || filenamePtr < 4n) throw new HostFailure({ kind: 'BadUTF16' });
      const lengthAt = (p: bigint) => BigInt(new DataView(readMemory(p - 4n, 4n).buffer).getUint32(0, true));
      const msgLen = lengthAt(msgPtr);
      const fileLen = lengthAt(filenamePtr);
      const msg = `${readUtf16(msgLen, msgPtr)}, filename: "${readUtf16(fileLen, filenamePtr)}" line: ${line} col: ${col}`;
      // logic.rs logs the message (paying log_base and log_byte) before failing.
      log(msg, `ABORT: ${msg}`);
      throw new HostFailure({ kind: 'GuestPanic', panicMsg: msg });
    },
    // promises
    // These two are the batch functions they stand for, each charging `base`: so `base` twice.
    promise_create: (alen, aptr, mlen, mptr, arglen, argptr, amountPtr, attachedGas) => {
      const index = wrapped.promise_batch_create(alen, aptr) as bigint;
      wrapped.promise_batch_action_function_call(index, mlen, mptr, arglen, argptr, amountPtr, attachedGas);
      return index;
    },
    promise_then: (promiseIdx, alen, aptr, mlen, mptr, arglen, argptr, amountPtr, attachedGas) => {
      const index = wrapped.promise_batch_then(promiseIdx, alen, aptr) as bigint;
      wrapped.promise_batch_action_function_call(index, mlen, mptr, arglen, argptr, amountPtr, attachedGas);
      return index;
    },
    promise_and: (ptr, count) => {
      cost('promise_and_base');
      // Per byte of the index array (logic.rs: memory_len = count * 8).
      cost('promise_and_per_promise', count * 8n);
      const raw = readMemory(ptr, count * 8n);
      const dv = new DataView(raw.buffer);
      const indices = Array.from({ length: Number(count) }, (_, i) => dv.getBigUint64(i * 8, true));
      return state.receipts.join(indices);
    },
    promise_batch_create: (alen, aptr) => {
      const receiver = readAccountId(alen, aptr);
      newReceiptFee(receiver);
      return state.receipts.create(receiver, []);
    },
    promise_batch_then: (promiseIdx, alen, aptr) => {
      const receiver = readAccountId(alen, aptr);
      const deps = state.receipts.receiptsOf(promiseIdx);
      newReceiptFee(receiver);
      dependencies(deps, receiver);
      return state.receipts.create(receiver, deps);
    },
    promise_batch_action_create_account: (index) => {
      payFee(index, 'create_account');
      addAction(index, { kind: 'CreateAccount' });
    },
    promise_batch_action_deploy_contract: (index, len, ptr) => {
      const code = readInput(len, ptr);
      if (BigInt(code.length) > LIMITS.maxContractSize) throw new HostFailure({ kind: 'ContractSizeExceeded', size: BigInt(code.length), limit: LIMITS.maxContractSize });
      payFee(index, 'deploy_contract_base');
      payFee(index, 'deploy_contract_per_byte', BigInt(code.length));
      addAction(index, { kind: 'DeployContract', code });
    },
    promise_batch_action_function_call: (index, mlen, mptr, arglen, argptr, amountPtr, attachedGas) =>
      fns.promise_batch_action_function_call_weight(index, mlen, mptr, arglen, argptr, amountPtr, attachedGas, 0n),
    promise_batch_action_function_call_weight: (index, mlen, mptr, arglen, argptr, amountPtr, attachedGas, weight) => {
      const amount = readU128(amountPtr);
      // The method name is raw bytes (no utf8 decoding cost); per-byte fees count its bytes.
      const method = readInput(mlen, mptr);
      if (method.length === 0) throw new HostFailure({ kind: 'EmptyMethodName' });
      const args = readInput(arglen, argptr);
      functionCall(index, method, args, amount, attachedGas, weight);
    },
    promise_batch_action_transfer: (index, amountPtr) => {
      const amount = readU128(amountPtr);
      payFee(index, 'transfer');
      for (const fee of implicitTransferFees(state.receipts.receiptFor(index).receiverId, config)) payFee(index, fee, 1n, 'transfer');
      attach(amount);
      addAction(index, { kind: 'Transfer', deposit: amount });
    },
    promise_batch_action_stake: (index, amountPtr, pklen, pkptr) => {
      const stake = readU128(amountPtr);
      const publicKey = readPublicKey(pklen, pkptr);
      payFee(index, 'stake');
      addAction(index, { kind: 'Stake', stake, publicKey });
    },
    promise_batch_action_add_key_with_full_access: (index, pklen, pkptr, nonce) => {
      const publicKey = readPublicKey(pklen, pkptr);
      payFee(index, 'add_key_full_access');
      addAction(index, { kind: 'AddKey', publicKey, nonce, permission: { kind: 'FullAccess' } });
    },
    promise_batch_action_add_key_with_function_call: (index, pklen, pkptr, nonce, allowancePtr, rlen, rptr, mlen, mptr) => {
      const publicKey = readPublicKey(pklen, pkptr);
      const permission = functionCallPermission(index, allowancePtr, rlen, rptr, mlen, mptr);
      addAction(index, { kind: 'AddKey', publicKey, nonce, permission });
    },
    // GasKeys host functions (gas_key_host_fns, 85; logic.rs), with cost.rs's gas_key_* fees over the key's
    // length as given. There is no host function for WithdrawFromGasKey: only transactions may drain a key.
    promise_batch_action_transfer_to_gas_key: (index, pklen, pkptr, amountPtr) => {
      const publicKey = readPublicKey(pklen, pkptr);
      const amount = readU128(amountPtr);
      const p = config.parameters;
      const s = sir(index);
      const receiver = BigInt(Buffer.byteLength(state.receipts.receiptFor(index).receiverId));
      const send = (f: { send_sir: bigint; send_not_sir: bigint }) => (s ? f.send_sir : f.send_not_sir);
      gas.payAction(send(p.action_gas_key_transfer), p.action_gas_key_transfer.execution);
      // gas_key_transfer_exec_fee: the access key's trie key (column, id, separator, key) + the smallest gas key record (27).
      gas.payAction(send(p.action_gas_key_byte) * BigInt(pklen), p.action_gas_key_byte.execution * (1n + receiver + 1n + BigInt(pklen) + 27n));
      attach(amount);
      addAction(index, { kind: 'TransferToGasKey', publicKey, deposit: amount });
    },
    promise_batch_action_add_gas_key_with_full_access: (index, pklen, pkptr, numNonces) => {
      const publicKey = readPublicKey(pklen, pkptr);
      const nonces = gasKeyNonceCount(numNonces);
      payFee(index, 'add_key_full_access');
      payGasKeyAddKeyFees(index, pklen, nonces);
      addAction(index, { kind: 'AddKey', publicKey, nonce: 0n, permission: { kind: 'FullAccess' }, gasKey: { balance: 0n, numNonces: nonces } });
    },
    promise_batch_action_add_gas_key_with_function_call: (index, pklen, pkptr, numNonces, allowancePtr, rlen, rptr, mlen, mptr) => {
      const publicKey = readPublicKey(pklen, pkptr);
      const nonces = gasKeyNonceCount(numNonces);
      const permission = functionCallPermission(index, allowancePtr, rlen, rptr, mlen, mptr);
      payGasKeyAddKeyFees(index, pklen, nonces);
      // A nonzero allowance is kept, and the new receipt's validation refuses it (GasKeyFunctionCallAllowanceNotAllowed).
      addAction(index, { kind: 'AddKey', publicKey, nonce: 0n, permission, gasKey: { balance: 0n, numNonces: nonces } });
    },
    promise_batch_action_delete_key: (index, pklen, pkptr) => {
      const publicKey = readPublicKey(pklen, pkptr);
      payFee(index, 'delete_key');
      addAction(index, { kind: 'DeleteKey', publicKey });
    },
    promise_batch_action_delete_account: (index, blen, bptr) => {
      const beneficiaryId = readAccountId(blen, bptr);
      payFee(index, 'delete_account');
      addAction(index, { kind: 'DeleteAccount', beneficiaryId });
    },
    promise_batch_action_deploy_global_contract: (index, len, ptr) => deployGlobal(index, len, ptr, 'CodeHash'),
    promise_batch_action_deploy_global_contract_by_account_id: (index, len, ptr) => deployGlobal(index, len, ptr, 'AccountId'),
    promise_batch_action_use_global_contract: (index, len, ptr) => {
      const hash = readInput(len, ptr);
      if (hash.length !== 32) throw new HostFailure({ kind: 'ContractCodeHashMalformed' });
      payFee(index, 'use_global_contract_base');
      payFee(index, 'use_global_contract_per_identifier_byte', 32n);
      addAction(index, { kind: 'UseGlobalContract', contractIdentifier: { kind: 'CodeHash', hash } });
    },
    promise_batch_action_use_global_contract_by_account_id: (index, len, ptr) => {
      const accountId = readAccountId(len, ptr);
      payFee(index, 'use_global_contract_base');
      payFee(index, 'use_global_contract_per_identifier_byte', BigInt(accountId.length));
      addAction(index, { kind: 'UseGlobalContract', contractIdentifier: { kind: 'AccountId', accountId } });
    },
    // NEP-616 (logic.rs): refund_to, deterministic state init, the running contract's code.
    promise_set_refund_to: (index, len, ptr) => {
      const refundTo = readAccountId(len, ptr);
      state.receipts.setRefundTo(index, refundTo);
    },
    promise_batch_action_state_init: (index, len, ptr, amountPtr) => {
      const hash = readInput(len, ptr);
      if (hash.length !== 32) throw new HostFailure({ kind: 'ContractCodeHashMalformed' });
      return stateInit(index, { kind: 'CodeHash', hash }, amountPtr);
    },
    promise_batch_action_state_init_by_account_id: (index, len, ptr, amountPtr) => stateInit(index, { kind: 'AccountId', accountId: readAccountId(len, ptr) }, amountPtr),
    set_state_init_data_entry: (index, actionIndex, keyLen, keyPtr, valueLen, valuePtr) => {
      state.receipts.receiptIndexFor(index);
      const key = readInput(keyLen, keyPtr);
      const value = readInput(valueLen, valuePtr);
      payFee(index, 'deterministic_state_init_entry');
      payFee(index, 'deterministic_state_init_byte', BigInt(key.length + value.length));
      state.receipts.setStateInitEntry(index, actionIndex, key, value);
    },
    current_contract_code: (id) => {
      const contract = ctx.accountContract ?? { kind: 'None' };
      switch (contract.kind) {
        case 'None': return 0n;
        case 'Local': setRegister(id, contract.hash); return 1n;
        case 'Global': setRegister(id, contract.hash); return 2n;
        case 'GlobalByAccount': setRegister(id, new TextEncoder().encode(contract.accountId)); return 3n;
      }
    },
    refund_to_account_id: (id) => setRegister(id, new TextEncoder().encode(ctx.refundToAccountId ?? ctx.predecessorAccountId)),
    promise_results_count: () => BigInt(ctx.promiseResults.length),
    promise_result: (index, id) => {
      const r = ctx.promiseResults[Number(index)];
      if (index >= BigInt(ctx.promiseResults.length) || !r) throw new HostFailure({ kind: 'InvalidPromiseResultIndex', resultIdx: index });
      if (r.kind === 'NotReady') return 0n;
      if (r.kind === 'Failed') return 2n;
      setRegister(id, r.value, !deterministicAccounts);
      return 1n;
    },
    promise_return: (index) => {
      cost('promise_return');
      state.returnData = { kind: 'ReceiptIndex', index: state.receipts.singleReceipt(index) };
    },
    // storage
    storage_write: (klen, kptr, vlen, vptr, id) => {
      // logic.rs's order: the base cost, then each input read and checked, then the per-byte costs.
      cost('storage_write_base');
      const key = readStorageKey(klen, kptr);
      const value = readInput(vlen, vptr);
      if (BigInt(value.length) > LIMITS.maxLengthStorageValue) throw new HostFailure({ kind: 'ValueLengthExceeded', length: BigInt(value.length), limit: LIMITS.maxLengthStorageValue });
      cost('storage_write_key_byte', BigInt(key.length));
      cost('storage_write_value_byte', BigInt(value.length));
      chargeTrieNodes(key, 'write');
      const old = storageGet(key);
      overlay.set(hex(key), value);
      state.storageChanges.push({ key, value });
      if (old) {
        cost('storage_write_evicted_byte', BigInt(old.length));
        state.storageUsage += BigInt(value.length) - BigInt(old.length);
        setRegister(id, old);
        return 1n;
      }
      state.storageUsage += BigInt(key.length + value.length) + STORAGE.numExtraBytesRecord;
      return 0n;
    },
    storage_read: (klen, kptr, id) => {
      cost('storage_read_base');
      const key = readStorageKey(klen, kptr);
      cost('storage_read_key_byte', BigInt(key.length));
      chargeTrieNodes(key, 'read');
      const value = storageGet(key);
      if (!value) return 0n;
      cost('storage_read_value_byte', BigInt(value.length));
      if (value.length > INLINE_DISK_VALUE_THRESHOLD) {
        cost('storage_large_read_overhead_base');
        cost('storage_large_read_overhead_byte', BigInt(value.length));
      }
      setRegister(id, value);
      return 1n;
    },
    storage_remove: (klen, kptr, id) => {
      cost('storage_remove_base');
      const key = readStorageKey(klen, kptr);
      cost('storage_remove_key_byte', BigInt(key.length));
      chargeTrieNodes(key, 'write');
      const old = storageGet(key);
      if (!old) return 0n;
      cost('storage_remove_ret_value_byte', BigInt(old.length));
      overlay.set(hex(key), null);
      state.storageChanges.push({ key, value: null });
      state.storageUsage -= BigInt(key.length + old.length) + STORAGE.numExtraBytesRecord;
      setRegister(id, old);
      return 1n;
    },
    storage_has_key: (klen, kptr) => {
      cost('storage_has_key_base');
      const key = readStorageKey(klen, kptr);
      cost('storage_has_key_byte', BigInt(key.length));
      chargeTrieNodes(key, 'read');
      return storageGet(key) ? 1n : 0n;
    },
    // validators
    validator_stake: (alen, aptr, stakePtr) => {
      const id = readAccountId(alen, aptr);
      cost('validator_stake_base');
      writeU128(stakePtr, ctx.validators.get(id) ?? 0n);
    },
    validator_total_stake: (stakePtr) => {
      cost('validator_total_stake_base');
      writeU128(stakePtr, [...ctx.validators.values()].reduce((a, b) => a + b, 0n));
    },
    // alt_bn128 and bls12381 (logic.rs): in their own modules.
    ...altBn128HostFunctions(curveHost),
    ...bls12381HostFunctions(curveHost),
  };

  // NEP-519 (vm/yield.ts).
  Object.assign(fns, yieldFunctions({ ctx, gas, state, config, cost, readInput, readU128, setRegister }));

  /** Pays log_base and log_byte for `message`; records `entry` (the message itself, or abort's "ABORT: ..."). */
  function log(message: string, entry = message): void {
    cost('log_base');
    cost('log_byte', BigInt(Buffer.byteLength(message)));
    if (BigInt(state.logs.length) >= LIMITS.maxNumberLogs) throw new HostFailure({ kind: 'NumberOfLogsExceeded', limit: LIMITS.maxNumberLogs });
    totalLogLength += BigInt(Buffer.byteLength(entry));
    if (totalLogLength > LIMITS.maxTotalLogLength) throw new HostFailure({ kind: 'TotalLogLengthExceeded', length: totalLogLength, limit: LIMITS.maxTotalLogLength });
    state.logs.push(entry);
  }

  function deployGlobal(index: bigint, len: bigint, ptr: bigint, deployMode: 'CodeHash' | 'AccountId'): void {
    const code = readInput(len, ptr);
    if (BigInt(code.length) > LIMITS.maxContractSize) throw new HostFailure({ kind: 'ContractSizeExceeded', size: BigInt(code.length), limit: LIMITS.maxContractSize });
    payFee(index, 'deploy_global_contract_base');
    payFee(index, 'deploy_global_contract_per_byte', BigInt(code.length));
    addAction(index, { kind: 'DeployGlobalContract', code, deployMode });
  }

  /** logic.rs promise_batch_action_state_init_impl: identifier and amount read, then the promise, the base fee, the deposit. */
  function stateInit(index: bigint, code: GlobalContractIdentifier, amountPtr: bigint): bigint {
    const amount = readU128(amountPtr);
    state.receipts.receiptIndexFor(index);
    payFee(index, 'deterministic_state_init_base');
    attach(amount);
    return state.receipts.appendStateInit(index, code, amount);
  }

  // Wrap each: charge `base`, refuse in views. Functions of later protocols are not linked before them.
  const wrapped: Record<string, (...args: bigint[]) => bigint | number | void> = {};
  for (const [name, fn] of Object.entries(fns)) {
    if (GATES[name] && !GATES[name](config)) continue;
    wrapped[name] = (...raw: bigint[]) => {
      if (ctx.view && PROHIBITED_IN_VIEW.has(name)) throw new HostFailure({ kind: 'ProhibitedInView', methodName: name });
      if (!NO_BASE.has(name)) cost('base');
      // wasm passes i64 as signed BigInt; nearcore's arguments are u64 (u64::MAX: "use a register" / "null-terminated").
      // abort's u32 arguments arrive as numbers.
      const args = raw.map((a) => (typeof a === 'number' ? BigInt(a >>> 0) : a < 0n ? BigInt.asUintN(64, a) : a));
      return fn(...args);
    };
  }
  for (const name of DEPRECATED) {
    wrapped[name] = () => {
      throw new HostFailure({ kind: 'Deprecated', methodName: name });
    };
  }
  // #[cfg(feature = "sandbox")] sandbox_debug_log: costs nothing (view_for_free), BadUTF8 on invalid text,
  // not a log of the outcome.
  wrapped.sandbox_debug_log = (len: bigint, ptr: bigint) => {
    const bytes = view(BigInt.asUintN(64, ptr), BigInt.asUintN(64, len));
    let message: string;
    try {
      message = utf8.decode(bytes);
    } catch {
      throw new HostFailure({ kind: 'BadUTF8' });
    }
    if (SANDBOX_DEBUG) process.stderr.write(`DEBUG sandbox: ${message}\n`);
  };
  return wrapped;
}
