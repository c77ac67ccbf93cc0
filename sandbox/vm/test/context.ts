// Test helpers: a call context and an in-memory contract storage.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import binaryen from 'binaryen';
import type { ContractCode, StorageChange, StorageReader, VMContext, VMOutcome } from '../types.ts';

export const TGAS = 10n ** 12n;

export function contract(file: string): ContractCode {
  return code(fs.readFileSync(file));
}

export function code(bytes: Uint8Array): ContractCode {
  return { code: bytes, hash: createHash('sha256').update(bytes).digest() };
}

export function wat(text: string): ContractCode {
  const module = binaryen.parseText(text);
  const bytes = module.emitBinary();
  module.dispose();
  return code(bytes);
}

export class MemoryStorage implements StorageReader {
  private readonly map = new Map<string, Uint8Array>();
  get(key: Uint8Array): Uint8Array | undefined {
    return this.map.get(Buffer.from(key).toString('hex'));
  }
  apply(changes: StorageChange[]): void {
    for (const c of changes) {
      const k = Buffer.from(c.key).toString('hex');
      if (c.value) this.map.set(k, c.value);
      else this.map.delete(k);
    }
  }
}

export function context(args: unknown, extra: Partial<VMContext> = {}): VMContext {
  return {
    currentAccountId: 'contract.test.near',
    signerAccountId: 'bob.test.near',
    signerAccountPk: new Uint8Array([0, ...new Uint8Array(32).fill(7)]),
    predecessorAccountId: 'bob.test.near',
    input: new TextEncoder().encode(args === undefined ? '' : JSON.stringify(args)),
    promiseResults: [],
    blockHeight: 100n,
    blockTimestamp: 1_700_000_000_000_000_000n,
    epochHeight: 1n,
    accountBalance: 10n ** 25n,
    accountLockedBalance: 0n,
    storageUsage: 500n,
    attachedDeposit: 0n,
    prepaidGas: 300n * TGAS,
    randomSeed: new Uint8Array(32),
    validators: new Map([['validator.test.near', 10n ** 30n]]),
    ...extra,
  };
}

export function viewContext(args: unknown): VMContext {
  return context(args, { view: { maxGasBurnt: 300n * TGAS } });
}

export function returned(outcome: VMOutcome): unknown {
  if (outcome.returnData.kind !== 'Value') return undefined;
  return JSON.parse(Buffer.from(outcome.returnData.value).toString('utf8'));
}
