// Reading a request's params as neard's serde types do, with neard's errors:
// anything that does not parse is a PARSE_ERROR ("Failed parsing args: ..."),
// never a lookup on an object's prototype.
import { base58 } from '@scure/base';
import { publicKeyFromString } from '../chain/keys.ts';
import { isValidAccountId } from '../vm/host-functions.ts';
import { parseError } from './errors.ts';

export type Params = Record<string, unknown> | unknown[] | undefined;

export const parseFailure = (detail: string) => parseError(`Failed parsing args: ${detail}`);

/** An own property of an object param (never `constructor`, `__proto__` or anything inherited). */
export function own(params: Params, name: string): unknown {
  if (params === undefined || Array.isArray(params)) return undefined;
  return Object.hasOwn(params, name) ? params[name] : undefined;
}

/** A field by name (object params) or by position (array params). */
export function field<T>(params: Params, name: string, index: number, check: (v: unknown) => v is T, required = true): T | undefined {
  const value = Array.isArray(params) ? params[index] : own(params, name);
  if (value === undefined || value === null) {
    if (required) throw parseFailure(`missing field \`${name}\``);
    return undefined;
  }
  if (!check(value)) throw parseFailure(`invalid type for field \`${name}\``);
  return value;
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isU64 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 64;

/** A CryptoHash: base58 of exactly 32 bytes. */
export function decodeHash(text: unknown, what: string): Uint8Array {
  if (typeof text === 'string') {
    try {
      const bytes = base58.decode(text);
      if (bytes.length === 32) return bytes;
    } catch { /* reported below */ }
  }
  throw parseFailure(`invalid ${what}: ${JSON.stringify(text)}`);
}

/** Strict base64 (standard alphabet, padded), as nearcore's from_base64 reads it. */
export function decodeBase64(text: string, what: string): Uint8Array {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) throw parseFailure(`invalid base64 in ${what}`);
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export type BlockId = { height: bigint } | { hash: Uint8Array };
/** nearcore's BlockReference: a block id, a finality, or a sync checkpoint. */
export type BlockReference = { blockId: BlockId } | { finality: 'optimistic' | 'near-final' | 'final' } | { syncCheckpoint: 'genesis' | 'earliest_available' };

/** nearcore's untagged BlockId: a u64 height or a base58 hash. */
export function parseBlockId(value: unknown): BlockId {
  if (isU64(value)) return { height: BigInt(value) };
  if (typeof value === 'string') {
    try {
      return { hash: decodeHash(value, 'block hash') };
    } catch { /* reported below */ }
  }
  throw parseFailure('data did not match any variant of untagged enum BlockId');
}

const FINALITIES = ['optimistic', 'near-final', 'final'] as const;
const CHECKPOINTS = ['genesis', 'earliest_available'] as const;

/** `block_id` / `finality` / `sync_checkpoint` of an object param; undefined when none is given. */
export function blockReference(params: Params): BlockReference | undefined {
  const blockId = own(params, 'block_id');
  if (blockId !== undefined && blockId !== null) return { blockId: parseBlockId(blockId) };
  const finality = own(params, 'finality');
  if (finality !== undefined && finality !== null) {
    if (!FINALITIES.includes(finality as never)) throw parseFailure(`unknown variant \`${String(finality)}\`, expected one of \`optimistic\`, \`near-final\`, \`final\``);
    return { finality: finality as (typeof FINALITIES)[number] };
  }
  const checkpoint = own(params, 'sync_checkpoint');
  if (checkpoint !== undefined && checkpoint !== null) {
    if (!CHECKPOINTS.includes(checkpoint as never)) throw parseFailure(`unknown variant \`${String(checkpoint)}\`, expected \`genesis\` or \`earliest_available\``);
    return { syncCheckpoint: checkpoint as (typeof CHECKPOINTS)[number] };
  }
  return undefined;
}

/** An AccountId field: nearcore parses it, so an invalid id is a parse error, not an unknown account. */
export function accountIdField(params: Params, name = 'account_id'): string {
  const id = field(params, name, 0, isString)!;
  if (!isValidAccountId(id)) throw parseFailure(`invalid value: ${JSON.stringify(id)}, expected a valid NEAR account id`);
  return id;
}

/** A PublicKey field ("ed25519:<base58>"), parsed as nearcore does. */
export function publicKeyField(params: Params, name = 'public_key'): string {
  const text = field(params, name, 0, isString)!;
  try {
    publicKeyFromString(text);
  } catch (error) {
    throw parseFailure(`invalid value: ${JSON.stringify(text)}, ${(error as Error).message}`);
  }
  return text;
}
