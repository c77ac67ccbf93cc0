// The sandbox genesis: one validator account, `test.near`, holding nearly all
// the supply, as neard's sandbox `init` creates it. Stored as genesis.json in
// the home folder, in neard's format (records of accounts and access keys).
import { MIN_GAS_PRICE, PROTOCOL_VERSION, STORAGE } from '../params/runtime-config.ts';
import { accessKeyStorage } from './state.ts';
import { ChainState } from './state.ts';

export const ROOT_ACCOUNT = 'test.near';
export const CHAIN_ID = 'localnet';
export const EPOCH_LENGTH = 60n;
export const TRANSACTION_VALIDITY_PERIOD = 100n;
const NEAR = 10n ** 24n;

export interface GenesisRecordAccount {
  Account: { account_id: string; account: { amount: string; locked: string; code_hash: string; storage_usage: number; version?: string } };
}
export interface GenesisRecordAccessKey {
  AccessKey: { account_id: string; public_key: string; access_key: { nonce: number; permission: 'FullAccess' } };
}
export type GenesisRecord = GenesisRecordAccount | GenesisRecordAccessKey;

export interface GenesisConfig {
  protocol_version: number;
  genesis_time: string;
  chain_id: string;
  genesis_height: number;
  num_block_producer_seats: number;
  epoch_length: number;
  gas_limit: number;
  min_gas_price: string;
  max_gas_price: string;
  total_supply: string;
  transaction_validity_period: number;
  validators: Array<{ account_id: string; public_key: string; amount: string }>;
  records: GenesisRecord[];
}

/** A genesis with the root account owning `publicKey`. */
export function sandboxGenesis(publicKey: string, now = new Date()): GenesisConfig {
  const locked = 50_000n * NEAR;
  const amount = 1_000_000_000n * NEAR;
  const usage = STORAGE.numBytesAccount + accessKeyStorage(publicKey, { nonce: 0n, permission: { kind: 'FullAccess' } });
  return {
    protocol_version: PROTOCOL_VERSION,
    genesis_time: now.toISOString(),
    chain_id: CHAIN_ID,
    genesis_height: 0,
    num_block_producer_seats: 1,
    epoch_length: Number(EPOCH_LENGTH),
    gas_limit: 1_000_000_000_000_000,
    min_gas_price: MIN_GAS_PRICE.toString(),
    max_gas_price: (MIN_GAS_PRICE * 100n).toString(),
    total_supply: (amount + locked).toString(),
    transaction_validity_period: Number(TRANSACTION_VALIDITY_PERIOD),
    validators: [{ account_id: ROOT_ACCOUNT, public_key: publicKey, amount: locked.toString() }],
    records: [
      { Account: { account_id: ROOT_ACCOUNT, account: { amount: amount.toString(), locked: locked.toString(), code_hash: '11111111111111111111111111111111', storage_usage: Number(usage) } } },
      { AccessKey: { account_id: ROOT_ACCOUNT, public_key: publicKey, access_key: { nonce: 0, permission: 'FullAccess' } } },
    ],
  };
}

/** The state genesis records describe. */
export function genesisState(genesis: GenesisConfig): ChainState {
  const state = new ChainState();
  for (const record of genesis.records) {
    if ('Account' in record) {
      const a = record.Account.account;
      state.accounts.set(record.Account.account_id, { amount: BigInt(a.amount), locked: BigInt(a.locked), storageUsage: STORAGE.numBytesAccount, contract: { kind: 'None' } });
    }
  }
  for (const record of genesis.records) {
    if ('AccessKey' in record) state.setAccessKey(record.AccessKey.account_id, record.AccessKey.public_key, { nonce: BigInt(record.AccessKey.access_key.nonce), permission: { kind: 'FullAccess' } });
  }
  return state;
}
