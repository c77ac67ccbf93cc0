// The chain's records in neard's JSON views (AccountView, AccessKeyView,
// BlockView, ExecutionOutcomeView, FinalExecutionOutcomeView, ...).
// u64 values are bigints here and become JSON numbers (see json.ts).
import { sha256 } from '@noble/hashes/sha256';
import { base58 } from '@scure/base';
import type { Chain } from '../chain/chain.ts';
import { publicKeyToString } from '../chain/keys.ts';
import { latestProtocolVersion } from '../params/runtime-config.ts';
import type { MerklePath } from '../chain/merkle.ts';
import { balanceBurnt } from './block-contents.ts';
import { gasProfileView } from './gas-profile.ts';
import type { AccessKey, Account, AccountContract, Action, ActionReceipt, NonDelegateAction, Block, ExecutionOutcome, ExecutionStatus, Receipt, TransactionRecord } from '../chain/types.ts';

export const b58 = (b: Uint8Array) => base58.encode(b);
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const DEFAULT_HASH = b58(new Uint8Array(32));

export function blockRef(block: Block) {
  return { block_height: block.height, block_hash: b58(block.hash) };
}

export function accountView(chain: Chain, account: Account, at: Block = chain.latest) {
  const c = account.contract;
  const view: Record<string, unknown> = {
    amount: account.amount.toString(),
    locked: account.locked.toString(),
    code_hash: c.kind === 'Local' ? b58(c.hash) : DEFAULT_HASH,
    storage_usage: account.storageUsage,
    storage_paid_at: 0n,
  };
  if (c.kind === 'Global') view.global_contract_hash = b58(c.hash);
  if (c.kind === 'GlobalByAccount') view.global_contract_account_id = c.accountId;
  return { ...view, ...blockRef(at) };
}

/** AccessKeyPermissionView; a gas key's (GasKeys, 85) is GasKeyFullAccess / GasKeyFunctionCall with its balance and nonce count. */
export function permissionView(key: AccessKey, gasKey = key.gasKey && { balance: key.gasKey.balance, numNonces: key.gasKey.nonces.length }) {
  const p = key.permission;
  const info = gasKey && { balance: gasKey.balance.toString(), num_nonces: gasKey.numNonces };
  if (p.kind === 'FullAccess') return info ? { GasKeyFullAccess: info } : 'FullAccess';
  const call = { allowance: p.allowance === null ? null : p.allowance.toString(), receiver_id: p.receiverId, method_names: p.methodNames };
  return info ? { GasKeyFunctionCall: { ...info, ...call } } : { FunctionCall: call };
}

export function accessKeyView(key: AccessKey) {
  return { nonce: key.nonce, permission: permissionView(key) };
}

/** AddKey's access key as ActionView / Action JSON give it. */
function addedKeyView(action: Extract<Action, { kind: 'AddKey' }>) {
  return { nonce: action.nonce, permission: permissionView({ nonce: action.nonce, permission: action.permission }, action.gasKey) };
}

export function actionView(action: Action): unknown {
  switch (action.kind) {
    case 'CreateAccount': return 'CreateAccount';
    case 'DeployContract': return { DeployContract: { code: b64(sha256(action.code)) } };
    case 'FunctionCall': return { FunctionCall: { method_name: action.methodName, args: b64(action.args), gas: action.gas, deposit: action.deposit.toString() } };
    case 'Transfer': return { Transfer: { deposit: action.deposit.toString() } };
    case 'Stake': return { Stake: { stake: action.stake.toString(), public_key: publicKeyToString(action.publicKey) } };
    case 'AddKey': return { AddKey: { public_key: publicKeyToString(action.publicKey), access_key: addedKeyView(action) } };
    case 'DeleteKey': return { DeleteKey: { public_key: publicKeyToString(action.publicKey) } };
    case 'TransferToGasKey': return { TransferToGasKey: { public_key: publicKeyToString(action.publicKey), deposit: action.deposit.toString() } };
    case 'WithdrawFromGasKey': return { WithdrawFromGasKey: { public_key: publicKeyToString(action.publicKey), amount: action.amount.toString() } };
    case 'DeleteAccount': return { DeleteAccount: { beneficiary_id: action.beneficiaryId } };
    case 'DeployGlobalContract':
      return action.deployMode === 'CodeHash' ? { DeployGlobalContract: { code: b64(sha256(action.code)) } } : { DeployGlobalContractByAccountId: { code: b64(sha256(action.code)) } };
    case 'UseGlobalContract': {
      const id = action.contractIdentifier;
      return id.kind === 'CodeHash' ? { UseGlobalContract: { code_hash: b58(id.hash) } } : { UseGlobalContractByAccountId: { account_id: id.accountId } };
    }
    case 'DeterministicStateInit': {
      // ActionView::DeterministicStateInit: code as GlobalContractIdentifierView (snake_case), data as a base64 map.
      const id = action.stateInit.code;
      const code = id.kind === 'CodeHash' ? { hash: b58(id.hash) } : { account_id: id.accountId };
      const data = Object.fromEntries(action.stateInit.data.map(([k, v]) => [b64(k), b64(v)]));
      return { DeterministicStateInit: { code, data, deposit: action.deposit.toString() } };
    }
    case 'Delegate': {
      // ActionView::Delegate carries the DelegateAction itself: its inner actions in Action's serde JSON.
      const d = action.delegateAction;
      const signature = `${['ed25519', 'secp256k1', 'ml-dsa-65'][action.signatureType]}:${b58(action.signature)}`;
      // DelegateV2's payload is VersionedDelegateActionPayload::V2 with a TransactionNonce (serde: { Nonce: { nonce } }
      // or { GasKeyNonce: { nonce, nonce_index } }).
      const nonce = !action.v2 ? d.nonce : d.nonceIndex === undefined ? { Nonce: { nonce: d.nonce } } : { GasKeyNonce: { nonce: d.nonce, nonce_index: d.nonceIndex } };
      const delegate_action = {
        sender_id: d.senderId, receiver_id: d.receiverId, actions: d.actions.map(actionJson), nonce,
        max_block_height: d.maxBlockHeight, public_key: publicKeyToString(d.publicKey),
      };
      return action.v2 ? { DelegateV2: { delegate_action: { V2: delegate_action }, signature } } : { Delegate: { delegate_action, signature } };
    }
  }
}

/** An action as nearcore's Action serializes (serde, core/primitives/src/action/mod.rs): code and args in
 *  base64 in full, global contract identifiers as `{ hash }` / `{ account_id }`, deposits as strings. */
function actionJson(action: NonDelegateAction): unknown {
  switch (action.kind) {
    case 'CreateAccount': return { CreateAccount: {} };
    case 'DeployContract': return { DeployContract: { code: b64(action.code) } };
    case 'AddKey': return { AddKey: { public_key: publicKeyToString(action.publicKey), access_key: addedKeyView(action) } };
    case 'DeployGlobalContract': return { DeployGlobalContract: { code: b64(action.code), deploy_mode: action.deployMode } };
    case 'UseGlobalContract': {
      const id = action.contractIdentifier;
      return { UseGlobalContract: { contract_identifier: id.kind === 'CodeHash' ? { hash: b58(id.hash) } : { account_id: id.accountId } } };
    }
    case 'DeterministicStateInit': {
      const id = action.stateInit.code;
      const code = id.kind === 'CodeHash' ? { hash: b58(id.hash) } : { account_id: id.accountId };
      const data = Object.fromEntries(action.stateInit.data.map(([k, v]) => [b64(k), b64(v)]));
      return { DeterministicStateInit: { state_init: { V1: { code, data } }, deposit: action.deposit.toString() } };
    }
    // FunctionCall, Transfer, Stake, DeleteKey and DeleteAccount serialize as their views do.
    default: return actionView(action);
  }
}

export function statusView(status: ExecutionStatus): unknown {
  switch (status.kind) {
    case 'SuccessValue': return { SuccessValue: b64(status.value) };
    case 'SuccessReceiptId': return { SuccessReceiptId: b58(status.receiptId) };
    case 'Failure': return { Failure: status.error };
  }
}

/** core/primitives/src/views.rs AccountContractView (snake_case tags); no contract is null. */
function contractView(contract: AccountContract) {
  switch (contract.kind) {
    case 'None': return null;
    case 'Local': return { local: b58(contract.hash) };
    case 'Global': return { global_hash: b58(contract.hash) };
    case 'GlobalByAccount': return { global_account_id: contract.accountId };
  }
}

/** MerklePath as serde gives it: `{ hash, direction: "Left" | "Right" }` from the leaf up. */
export function merklePathView(path: MerklePath) {
  return path.map((item) => ({ hash: b58(item.hash), direction: item.direction }));
}

/** An outcome's path to the outcome root of the chunk it ran in. */
export function outcomeProof(chain: Chain, outcome: ExecutionOutcome): MerklePath {
  return chain.headers.outcomeProof(chain.blocksByHash.get(Buffer.from(outcome.blockHash).toString('hex')), outcome);
}

/** `of`: a transaction's conversion outcome carries nearcore's ExecutionMetadata::V1 (lib.rs), a receipt's V3, or V4 from 85. */
export function outcomeView(outcome: ExecutionOutcome, of: 'receipt' | 'transaction' = 'receipt', proof: MerklePath = []) {
  return {
    proof: merklePathView(proof),
    block_hash: b58(outcome.blockHash),
    id: b58(outcome.id),
    outcome: {
      logs: outcome.logs,
      receipt_ids: outcome.receiptIds.map(b58),
      gas_burnt: outcome.gasBurnt,
      tokens_burnt: outcome.tokensBurnt.toString(),
      executor_id: outcome.executorId,
      status: statusView(outcome.status),
      metadata: of === 'transaction' ? { version: 1, gas_profile: null }
        : outcome.contracts ? { version: 4, gas_profile: gasProfileView(outcome.profile), contracts: outcome.contracts.map(contractView) }
        : { version: 3, gas_profile: gasProfileView(outcome.profile) },
    },
  };
}

export function transactionView(tx: TransactionRecord) {
  return {
    signer_id: tx.signerId, public_key: tx.publicKey, nonce: tx.nonce, receiver_id: tx.receiverId,
    actions: tx.actions.map(actionView), priority_fee: 0n, signature: tx.signature, hash: b58(tx.hash),
    // SignedTransactionView: a gas-key nonce's index and a strict nonce mode, left out otherwise.
    ...(tx.nonceIndex !== undefined ? { nonce_index: tx.nonceIndex } : {}), ...(tx.nonceMode === 'Strict' ? { nonce_mode: 'strict' } : {}),
  };
}

/** Whether a receipt of the transaction has not run yet (a yielded callback, NEP-519): every other
 *  receipt runs before the RPC answers. */
export function awaitingReceipts(tx: TransactionRecord): boolean {
  const done = new Set(tx.receiptOutcomes.map((o) => b58(o.id)));
  return [tx.outcome, ...tx.receiptOutcomes].some((o) => o.receiptIds.some((id) => !done.has(b58(id))));
}

/** FinalExecutionOutcomeView: the status follows the receipt chain, as neard's does; while a receipt
 *  waits, the outcomes so far, `Started` if the chain reaches it, and INCLUDED_FINAL (view_client_actor.rs
 *  get_tx_execution_status; blocks here are final at once). */
export function finalOutcomeView(chain: Chain, tx: TransactionRecord) {
  const last = chain.finalOutcome(tx);
  const status = last.status.kind === 'Failure' ? { Failure: last.status.error }
    : last.status.kind === 'SuccessValue' ? { SuccessValue: b64(last.status.value) }
    : awaitingReceipts(tx) ? 'Started' : { SuccessValue: '' };
  return {
    final_execution_status: awaitingReceipts(tx) ? 'INCLUDED_FINAL' : 'FINAL',
    status,
    transaction: transactionView(tx),
    transaction_outcome: outcomeView(tx.outcome, 'transaction', outcomeProof(chain, tx.outcome)),
    receipts_outcome: depthFirst(tx).map((o) => outcomeView(o, 'receipt', outcomeProof(chain, o))),
  };
}

/** Receipt outcomes in neard's order: depth-first from the transaction through each
 *  outcome's receipt_ids (nearcore chain.rs get_recursive_transaction_results). */
export function depthFirst(tx: TransactionRecord): ExecutionOutcome[] {
  const byId = new Map(tx.receiptOutcomes.map((o) => [b58(o.id), o]));
  const ordered: ExecutionOutcome[] = [];
  const visit = (ids: Uint8Array[]) => {
    for (const id of ids) {
      const outcome = byId.get(b58(id));
      if (!outcome) continue;
      byId.delete(b58(id));
      ordered.push(outcome);
      visit(outcome.receiptIds);
    }
  };
  visit(tx.outcome.receiptIds);
  return [...ordered, ...byId.values()];
}

export function receiptView(receipt: Receipt) {
  const base = { predecessor_id: receipt.predecessorId, receiver_id: receipt.receiverId, receipt_id: b58(receipt.id), priority: 0 };
  if (receipt.kind === 'Data') return { ...base, receipt: { Data: { data_id: b58(receipt.dataId), data: receipt.data === null ? null : b64(receipt.data), is_promise_resume: receipt.promiseResume === true } } };
  const r: ActionReceipt = receipt;
  return {
    ...base,
    receipt: {
      Action: {
        signer_id: r.signerId, signer_public_key: publicKeyToString(r.signerPublicKey), gas_price: r.gasPrice.toString(),
        output_data_receivers: r.outputDataReceivers.map((o) => ({ data_id: b58(o.dataId), receiver_id: o.receiverId })),
        input_data_ids: r.inputDataIds.map(b58), actions: r.actions.map(actionView), is_promise_yield: r.promiseYield === true,
        ...(r.refundTo === undefined ? {} : { refund_to: r.refundTo }),
      },
    },
  };
}

export function chunkHeaderView(chain: Chain, block: Block) {
  const h = block.header;
  // A chunk is signed by its producer, the one validator, as the block is.
  const signature = h && chain.headers.signer ? chain.headers.signer.sign(block.chunkHash) : new Uint8Array(64);
  return {
    chunk_hash: b58(block.chunkHash), prev_block_hash: b58(block.prevHash), outcome_root: h ? b58(h.chunkPrevOutcomeRoot) : DEFAULT_HASH, prev_state_root: DEFAULT_HASH,
    encoded_merkle_root: DEFAULT_HASH, encoded_length: 0n, height_created: block.height, height_included: block.height, shard_id: 0n,
    gas_used: block.gasBurnt, gas_limit: 1_000_000_000_000_000n, rent_paid: '0', validator_reward: '0', balance_burnt: balanceBurnt(chain, block).toString(),
    outgoing_receipts_root: DEFAULT_HASH, tx_root: DEFAULT_HASH, validator_proposals: [], congestion_info: null, bandwidth_requests: null,
    signature: `ed25519:${b58(signature)}`,
  };
}

/** The id of the epoch a block is in (nearcore's: the hash of the last block of the epoch two before;
 *  blocks stored before headers were hashed as nearcore's name it by its start height). */
export function epochIdOf(chain: Chain, block: Block): string {
  if (block.header) return b58(block.header.epochId);
  const epochStart = block.height - (block.height % BigInt(chain.genesis.epoch_length));
  return b58(sha256(Buffer.from(`epoch:${epochStart}`)));
}

export function blockView(chain: Chain, block: Block) {
  const h = block.header;
  const epochStart = block.height - (block.height % BigInt(chain.genesis.epoch_length));
  const hash = (value: Uint8Array | undefined) => (value ? b58(value) : DEFAULT_HASH);
  return {
    author: chain.rootAccount(),
    header: {
      height: block.height, prev_height: h ? (h.blockOrdinal === 1n ? null : h.prevHeight) : block.height === 0n ? null : chain.blocksByHash.get(Buffer.from(block.prevHash).toString('hex'))?.height ?? null,
      epoch_id: epochIdOf(chain, block), next_epoch_id: h ? b58(h.nextEpochId) : b58(sha256(Buffer.from(`epoch:${epochStart + BigInt(chain.genesis.epoch_length)}`))),
      hash: b58(block.hash), prev_hash: b58(block.prevHash), prev_state_root: hash(h?.prevStateRoot), block_body_hash: hash(h?.blockBodyHash),
      chunk_receipts_root: hash(h?.prevChunkOutgoingReceiptsRoot), chunk_headers_root: hash(h?.chunkHeadersRoot), chunk_tx_root: hash(h?.chunkTxRoot), outcome_root: hash(h?.prevOutcomeRoot),
      chunks_included: BigInt(h ? h.chunkMask.filter(Boolean).length : 1), challenges_root: DEFAULT_HASH, timestamp: block.timestamp, timestamp_nanosec: block.timestamp.toString(),
      random_value: h ? b58(h.randomValue) : b58(sha256(block.hash)), validator_proposals: [], chunk_mask: h ? h.chunkMask : [true], gas_price: block.gasPrice.toString(),
      block_ordinal: h ? h.blockOrdinal : block.height + 1n, rent_paid: '0', validator_reward: '0', total_supply: (h ? h.totalSupply : chain.totalSupply()).toString(), challenges_result: [],
      last_final_block: b58(block.lastFinal ?? block.hash), last_ds_final_block: b58(block.lastDsFinal ?? block.hash), next_bp_hash: hash(h?.nextBpHash), block_merkle_root: hash(h?.blockMerkleRoot),
      epoch_sync_data_hash: null, approvals: h ? h.approvals.map((a) => (a ? `ed25519:${b58(a)}` : null)) : [], signature: `ed25519:${b58(h ? h.signature : new Uint8Array(64))}`,
      latest_protocol_version: h ? h.latestProtocolVersion : latestProtocolVersion(chain.genesis.protocol_version),
      chunk_endorsements: h ? h.chunkEndorsements.map((bits) => [...bits]) : null, shard_split: null,
    },
    chunks: [chunkHeaderView(chain, block)],
  };
}
