// NEP-366 meta transactions: the Delegate action (nearcore's Action::Delegate, borsh
// discriminant 8, core/primitives/src/action/delegate.rs). A relayer sends a
// transaction to the sender's account carrying the sender's signed DelegateAction;
// applying it (runtime/runtime/src/actions.rs apply_delegate_action) checks the
// signature, expiry, sender and the sender's access key, then creates a receipt
// of the inner actions with the sender as predecessor, paid for by the relayer.
// The signature is ed25519, secp256k1 or (from 85) ML-DSA-65 (signatures.ts).
// DelegateV2 (action 14, from 85): a VersionedSignedDelegateAction whose payload
// (VersionedDelegateActionPayload::V2, DelegateActionV2) carries a TransactionNonce, so a
// gas key can sign with one of its nonces; signed under NEP-611's discriminant.
import { sha256 } from '@noble/hashes/sha256';
import { serialize, type Schema } from 'borsh';
import { SCHEMA } from '@near-js/transactions-v2';
import { hasFeature } from '../params/features.ts';
import type { RuntimeConfig } from '../params/runtime-config.ts';
import { actionsValidationError, type ValidationError } from './action-validation.ts';
import { isValidAccountId } from './account-rules.ts';
import type { ActionResult, BlockContext } from './actions.ts';
import { delegateReceiptGas, prepaidGas } from './fees.ts';
import { PUBLIC_KEY, SIGNATURE, withNearcoreTypes } from './key-schema.ts';
import { accessKeyId, publicKeyToString } from './keys.ts';
import { verifySignature } from './signatures.ts';
import { gasKeyActionError } from './gas-keys.ts';
import { stateInitError } from './state-init.ts';
import type { ChainState } from './state.ts';
import { ACCESS_KEY_NONCE_RANGE_MULTIPLIER } from './transactions.ts';
import type { Action, ActionReceipt, DelegateAction, ErrorJson, NonDelegateAction, PublicKeyBytes } from './types.ts';

type Variant = { struct: Record<string, Schema> };

/** The Action enum with Delegate (8) decoded as nearcore's SignedDelegateAction, whose inner actions are the
 *  same enum except that a nested delegate decodes under another name, for signedDelegateAction to refuse
 *  (NonDelegateAction: "DelegateAction mustn't contain a nested one"). `variants` is the full enum (with
 *  DeterministicStateInit, 11). */
export function withSignedDelegate(variants: Variant[]): { action: Schema; delegateAction: Schema; delegatePayloadV2: Schema } {
  // A local, not a module constant: transactions.ts calls this while the two modules load each other.
  const DELEGATE_INDEX = 8;
  // A nested SignedDelegateAction (8 or 14) still decodes, then conversion refuses it (NonDelegateAction).
  const innerVariants = variants.map((v, i) => (i === DELEGATE_INDEX ? { struct: { nestedDelegate: withNearcoreTypes(SCHEMA.SignedDelegate) } } : v));
  const inner: Schema = { enum: innerVariants };
  const nonce: Schema = { enum: [{ struct: { nonce: { struct: { nonce: 'u64' } } } }, { struct: { gasKeyNonce: { struct: { nonce: 'u64', nonceIndex: 'u16' } } } }] };
  const fields = (nonceSchema: Schema): Schema => ({
    struct: { senderId: 'string', receiverId: 'string', actions: { array: { type: inner } }, nonce: nonceSchema, maxBlockHeight: 'u64', publicKey: PUBLIC_KEY },
  });
  const delegateAction = fields('u64');
  const delegatePayloadV2: Schema = { enum: [{ struct: { V2: fields(nonce) } }] };
  // A nested DelegateV2 decodes with a payload whose own actions stop at one level (borsh schemas cannot recurse).
  const shallow: Schema = { enum: innerVariants.slice() };
  const shallowFields = { ...(fields(nonce) as { struct: Record<string, Schema> }).struct, actions: { array: { type: shallow } } };
  innerVariants.push({ struct: { nestedDelegateV2: { struct: { delegateAction: { enum: [{ struct: { V2: { struct: shallowFields } } }] }, signature: SIGNATURE } } } });
  const signedDelegate: Schema = { struct: { delegateAction, signature: SIGNATURE } };
  const signedDelegateV2: Schema = { struct: { delegateAction: delegatePayloadV2, signature: SIGNATURE } };
  const outer = variants.map((v, i) => (i === DELEGATE_INDEX ? { struct: { signedDelegate } } : v));
  return { action: { enum: [...outer, { struct: { signedDelegateV2 } }] }, delegateAction, delegatePayloadV2 };
}

type Bytes = ArrayLike<number>;
type DelegateNonceJs = bigint | number | { nonce?: { nonce: bigint | number }; gasKeyNonce?: { nonce: bigint | number; nonceIndex: number } };
interface DelegateJs {
  delegateAction: { senderId: string; receiverId: string; actions: Array<Record<string, unknown>>; nonce: DelegateNonceJs; maxBlockHeight: bigint | number; publicKey: object };
  signature: { ed25519Signature?: { data: Bytes }; secp256k1Signature?: { data: Bytes }; mlDsa65Signature?: { data: Bytes } };
}

/** A decoded VersionedSignedDelegateAction (DelegateV2) as the chain's action: its V2 payload is a delegate action
 *  with a TransactionNonce; the signed bytes are borsh(VersionedDelegateActionPayload), its tag included. */
export function signedDelegateActionV2(js: { delegateAction: { V2: DelegateJs['delegateAction'] }; signature: DelegateJs['signature'] }, payloadSchema: Schema, convert: (a: Record<string, unknown>) => Action, keyBytes: (k: object) => PublicKeyBytes): Action {
  const action = signedDelegateAction({ delegateAction: js.delegateAction.V2, signature: js.signature }, undefined, convert, keyBytes);
  return { ...(action as Extract<Action, { kind: 'Delegate' }>), v2: true, signedBytes: serialize(payloadSchema, js.delegateAction) };
}

/** A decoded SignedDelegateAction as the chain's action; `convert` turns each inner action, `keyBytes` the key. */
export function signedDelegateAction(js: DelegateJs, delegateSchema: Schema | undefined, convert: (a: Record<string, unknown>) => Action, keyBytes: (k: object) => PublicKeyBytes): Action {
  const d = js.delegateAction;
  // DelegateAction's ids are AccountIds in nearcore: an invalid one fails borsh decoding.
  for (const id of [d.senderId, d.receiverId]) if (!isValidAccountId(id)) throw new Error(`invalid account id ${JSON.stringify(id)} in a delegate action`);
  const actions = d.actions.map((a): NonDelegateAction => {
    if ('nestedDelegate' in a || 'nestedDelegateV2' in a) throw new Error("DelegateAction mustn't contain a nested one");
    return convert(a) as NonDelegateAction;
  });
  const s = js.signature;
  const [signatureType, sig] = s.ed25519Signature ? [0, s.ed25519Signature] : s.secp256k1Signature ? [1, s.secp256k1Signature] : [2, s.mlDsa65Signature!];
  if (signatureType === 0 && (sig.data[63] & 0b1110_0000) !== 0) throw new Error('signature error');
  const n = d.nonce;
  const gasKeyNonce = typeof n === 'object' ? n.gasKeyNonce : undefined;
  return {
    kind: 'Delegate',
    delegateAction: {
      senderId: d.senderId, receiverId: d.receiverId, actions, nonce: BigInt(typeof n === 'object' ? (n.nonce?.nonce ?? gasKeyNonce!.nonce) : n),
      maxBlockHeight: BigInt(d.maxBlockHeight), publicKey: keyBytes(d.publicKey), ...(gasKeyNonce ? { nonceIndex: gasKeyNonce.nonceIndex } : {}),
    },
    signature: new Uint8Array(Array.from(sig.data)),
    signatureType,
    // Borsh is canonical, so re-encoding what was decoded gives the bytes that were signed.
    signedBytes: delegateSchema ? serialize(delegateSchema, d) : new Uint8Array(),
  };
}

/** validate_action_with_mode's Delegate rule, for actionsValidationError's per-action hook (in action order):
 *  a second delegate is DelegateActionMustBeOnlyOne; the inner actions are validated as a receipt's, state
 *  inits against the inner receiver from 85 (FixDelegatedDeterministicStateInit), before against the outer. */
export function delegateActionCheck(receiverId: string, config: RuntimeConfig): (action: Action) => ValidationError | undefined {
  let seen = 0;
  return (action) => {
    if (action.kind !== 'Delegate') return undefined;
    if (++seen > 1) return 'DelegateActionMustBeOnlyOne';
    if (action.v2 && !hasFeature(config.protocolVersion, 'DelegateV2')) return { UnsupportedProtocolFeature: { protocol_feature: 'DelegateV2', version: config.protocolVersion } };
    const inner = action.delegateAction;
    const stateInitReceiver = hasFeature(config.protocolVersion, 'FixDelegatedDeterministicStateInit') ? inner.receiverId : receiverId;
    return actionsValidationError(inner.actions, config.limits,
      (a) => (a.kind === 'DeterministicStateInit' ? stateInitError(a, stateInitReceiver, config) as ValidationError | undefined : gasKeyActionError(a, config)));
  };
}

/** validate_actions' total prepaid gas counts a delegate's inner function calls too (total_prepaid_gas). */
export function delegatedGasError(actions: Action[], config: RuntimeConfig): ValidationError | undefined {
  const gas = prepaidGas(actions);
  if (!actions.some((a) => a.kind === 'Delegate') || gas <= config.limits.maxTotalPrepaidGas) return undefined;
  return { TotalPrepaidGasExceeded: { total_prepaid_gas: Number(gas), limit: Number(config.limits.maxTotalPrepaidGas) } };
}

/** NEP-461: what a delegate action's signature covers, sha256(borsh(u32 2^30 + NEP) ++ borsh(payload)), NEP-366
 *  for a Delegate, NEP-611 (signable_message.rs NEP_611_GAS_KEYS) for a DelegateV2. */
function nep461Hash(signedBytes: Uint8Array, nep: number): Uint8Array {
  const prefix = new Uint8Array(4);
  new DataView(prefix.buffer).setUint32(0, 2 ** 30 + nep, true);
  return sha256(new Uint8Array([...prefix, ...signedBytes]));
}

/** SignedDelegateAction::verify: the signature over the NEP-461 hash, by the delegate's own key. */
function signatureValid(action: Extract<Action, { kind: 'Delegate' }>): boolean {
  return verifySignature(action.signatureType, action.signature, nep461Hash(action.signedBytes, action.v2 ? 611 : 366), action.delegateAction.publicKey);
}

/** apply_delegate_action: on success the inner receipt goes to result.newReceipts and the gas it needs is
 *  used (its send fees also burnt); a refused delegate action returns nearcore's ActionErrorKind. */
export function applyDelegate(state: ChainState, block: BlockContext, receipt: ActionReceipt, action: Extract<Action, { kind: 'Delegate' }>, result: ActionResult, config: RuntimeConfig): ValidationError | undefined {
  const delegate = action.delegateAction;
  // Unit variants are bare strings in nearcore's JSON.
  if (!signatureValid(action)) return 'DelegateActionInvalidSignature';
  if (block.height > delegate.maxBlockHeight) return 'DelegateActionExpired';
  if (delegate.senderId !== receipt.receiverId) {
    return { DelegateActionSenderDoesNotMatchTxReceiver: { sender_id: delegate.senderId, receiver_id: receipt.receiverId } };
  }
  const refused = keyError(state, block, delegate, config);
  if (refused) return refused;

  // The relayer prepaid the new receipt's gas: all of it counts as used here (so none is refunded), and its
  // send fees are burnt now, as for any receipt sent.
  const gas = delegateReceiptGas(config, delegate);
  result.gasUsed += gas.send + gas.exec + prepaidGas(delegate.actions);
  result.gasBurnt += gas.send;
  // Its id is the next of the receipt's outgoing receipts' (lib.rs "Generating receipt IDs").
  result.newReceipts.push({ receiverId: delegate.receiverId, dependsOn: [], actions: delegate.actions, slot: result.sent++, dataIds: [] });
  return undefined;
}

/** validate_delegate_action_key: the sender's key must exist, the nonce must be above the key's and below
 *  block height × 1e6, and a function-call key allows one FunctionCall without deposit to its receiver and
 *  methods. From 85 (FixDelegateActionDepositWithFunctionCallError) a deposit stops the checks; before, the
 *  receiver and method checks ran on and their error replaced it. On success the key takes the nonce. */
function keyError(state: ChainState, block: BlockContext, delegate: DelegateAction, config: RuntimeConfig): ErrorJson | undefined {
  const publicKey = publicKeyToString(delegate.publicKey);
  const keyId = accessKeyId(delegate.publicKey);
  const key = state.keysOf(delegate.senderId).get(keyId);
  const keyFailure = (error: unknown): ErrorJson => ({ DelegateActionAccessKeyError: error });
  if (!key) return keyFailure({ AccessKeyNotFound: { account_id: delegate.senderId, public_key: publicKey } });
  // A plain nonce forbids gas keys; a gas-key nonce (DelegateV2) needs one and an index below its nonce count.
  const gasKey = key.gasKey;
  if (delegate.nonceIndex === undefined && gasKey) return keyFailure('DelegateActionRequiresNonGasKey');
  if (delegate.nonceIndex !== undefined && !gasKey) return keyFailure('DelegateActionRequiresGasKey');
  if (gasKey && delegate.nonceIndex! >= gasKey.nonces.length) return { DelegateActionInvalidNonceIndex: { nonce_index: delegate.nonceIndex, num_nonces: gasKey.nonces.length } };
  const current = gasKey ? gasKey.nonces[delegate.nonceIndex!] : key.nonce;
  if (delegate.nonce <= current) return { DelegateActionInvalidNonce: { delegate_nonce: Number(delegate.nonce), ak_nonce: Number(current) } };
  const upperBound = block.height * ACCESS_KEY_NONCE_RANGE_MULTIPLIER;
  if (delegate.nonce >= upperBound) return { DelegateActionNonceTooLarge: { delegate_nonce: Number(delegate.nonce), upper_bound: Number(upperBound) } };

  const permission = key.permission;
  if (permission.kind === 'FunctionCall') {
    const call = delegate.actions[0];
    if (delegate.actions.length !== 1 || call.kind !== 'FunctionCall') return keyFailure('RequiresFullAccess');
    let error: ErrorJson | undefined;
    if (call.deposit > 0n) {
      error = keyFailure('DepositWithFunctionCall');
      if (hasFeature(config.protocolVersion, 'FixDelegateActionDepositWithFunctionCallError')) return error;
    }
    if (delegate.receiverId !== permission.receiverId) {
      return keyFailure({ ReceiverMismatch: { tx_receiver: delegate.receiverId, ak_receiver: permission.receiverId } });
    }
    if (permission.methodNames.length > 0 && !permission.methodNames.includes(call.methodName)) {
      return keyFailure({ MethodNameMismatch: { method_name: call.methodName } });
    }
    // Before 85 a deposit's error stands when nothing replaced it (the receipt fails, so the nonce is not kept).
    if (error) return error;
  }
  if (gasKey) {
    const nonces = [...gasKey.nonces];
    nonces[delegate.nonceIndex!] = delegate.nonce;
    state.setAccessKey(delegate.senderId, keyId, { ...key, gasKey: { ...gasKey, nonces } });
  } else {
    state.setAccessKey(delegate.senderId, keyId, { ...key, nonce: delegate.nonce });
  }
  return undefined;
}
