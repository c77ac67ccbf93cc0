// The registry of instances: one entry per instance account, in creation order,
// with who created it and when. Recreating an account (after its owner deleted
// it) updates its entry instead of adding a second one.
import { LookupMap, Vector } from 'near-sdk-js';

export interface InstanceRecord {
  creator: string;
  /** The block in which the factory registered the instance (its callback's block). */
  block_height: number;
}

export interface InstanceView extends InstanceRecord {
  account_id: string;
}

export const MAX_PAGE = 100;

/**
 * Storage an entry can take at most, in bytes: the order entry (key "i" + u32 index,
 * value the quoted account id, at most 64 characters) and the record (key "r" + account
 * id, value its JSON), each plus nearcore's 40 bytes per record
 * (storage_num_extra_bytes_record), and room for the count in the factory's STATE to
 * gain a digit. Measured entries are smaller (sandbox-test/factory/registry.test.ts).
 */
export const REGISTRY_ENTRY_MAX_BYTES = 400n;
/** nearcore's storage_amount_per_byte (10^19 yoctoNEAR, parameters.yaml). */
export const STORAGE_PRICE_PER_BYTE = 10n ** 19n;
/** What the factory keeps from each deposit to stake the storage of its registry entry. */
export const REGISTRY_FEE = REGISTRY_ENTRY_MAX_BYTES * STORAGE_PRICE_PER_BYTE;

export class Registry {
  constructor(
    private readonly order: Vector<string>,
    private readonly records: LookupMap<InstanceRecord>,
  ) {}

  /** Adds or refreshes the entry of `accountId`; returns whether it was new. */
  register(accountId: string, record: InstanceRecord): boolean {
    const isNew = !this.records.containsKey(accountId);
    if (isNew) this.order.push(accountId);
    this.records.set(accountId, record);
    return isNew;
  }

  get(accountId: string): InstanceView | null {
    const record = this.records.get(accountId);
    return record ? { account_id: accountId, creator: record.creator, block_height: record.block_height } : null;
  }

  count(): number {
    return this.order.length;
  }

  page(fromIndex: unknown, limit: unknown): string[] {
    if (!Number.isInteger(fromIndex) || (fromIndex as number) < 0) throw new Error('from_index: expected a non-negative integer');
    if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_PAGE) throw new Error(`limit: expected an integer from 1 to ${MAX_PAGE}`);
    const end = Math.min(this.order.length, (fromIndex as number) + (limit as number));
    const page: string[] = [];
    for (let i = fromIndex as number; i < end; i++) page.push(this.order.get(i) as string);
    return page;
  }
}
