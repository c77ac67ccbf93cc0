// The sandbox genesis as `neard --home DIR init` writes it (nearcore/src/config.rs
// init_configs, the branch for a chain that is neither mainnet nor testnet): the
// validator `test.near` with TESTING_INIT_BALANCE and TESTING_INIT_STAKE, the
// protocol treasury account `near` (add_protocol_account), and the genesis
// constants of core/chain-configs/src/lib.rs. Stored as genesis.json in the home
// folder, in neard's format (records of accounts and access keys).
import { ed25519 } from '@noble/curves/ed25519';
import { base58 } from '@scure/base';
import { MIN_GAS_PRICE, PROTOCOL_VERSION, STORAGE } from '../params/runtime-config.ts';
import { accessKeyStorage } from './state.ts';
import { ChainState } from './state.ts';

export const ROOT_ACCOUNT = 'test.near';
export const CHAIN_ID = 'localnet';
/** EXPECTED_EPOCH_LENGTH: (5 * 60 * 1000) / MIN_BLOCK_PRODUCTION_DELAY (600 ms). */
export const EPOCH_LENGTH = 500n;
export const TRANSACTION_VALIDITY_PERIOD = 100n;
const NEAR = 10n ** 24n;
/** core/chain-configs/src/test_utils.rs. */
const TESTING_INIT_BALANCE = 1_000_000_000n * NEAR;
const TESTING_INIT_STAKE = 50_000_000n * NEAR;
/** core/chain-configs/src/lib.rs. */
const NUM_BLOCK_PRODUCER_SEATS = 50;
const INITIAL_GAS_LIMIT = 1_000_000_000_000_000;
/** genesis_config.rs MAX_GAS_PRICE (10 millinear), the default init leaves in place. */
const MAX_GAS_PRICE = 10n ** 22n;
/** PROTOCOL_TREASURY_ACCOUNT, which add_protocol_account creates. */
export const PROTOCOL_TREASURY_ACCOUNT = 'near';

/** InMemorySigner::test_signer's key: the seed string padded with spaces to 32 bytes (core/crypto/src/test_utils.rs). */
export function testSignerPublicKey(seed: string): string {
  const bytes = Buffer.alloc(32, ' ');
  Buffer.from(seed).copy(bytes, 0, 0, 32);
  return `ed25519:${base58.encode(ed25519.getPublicKey(bytes))}`;
}

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
  /** neard's init names the validator (config.rs init_configs). */
  protocol_treasury_account?: string;
  records: GenesisRecord[];
}

/** A genesis with the root account owning `publicKey`. */
export function sandboxGenesis(publicKey: string, now = new Date()): GenesisConfig {
  const treasuryKey = testSignerPublicKey(PROTOCOL_TREASURY_ACCOUNT);
  const usage = (key: string) => Number(STORAGE.numBytesAccount + accessKeyStorage(key, { nonce: 0n, permission: { kind: 'FullAccess' } }));
  const account = (accountId: string, key: string, locked: bigint): GenesisRecord[] => [
    { Account: { account_id: accountId, account: { amount: TESTING_INIT_BALANCE.toString(), locked: locked.toString(), code_hash: '11111111111111111111111111111111', storage_usage: usage(key) } } },
    { AccessKey: { account_id: accountId, public_key: key, access_key: { nonce: 0, permission: 'FullAccess' } } },
  ];
  return {
    protocol_version: PROTOCOL_VERSION,
    genesis_time: now.toISOString(),
    chain_id: CHAIN_ID,
    genesis_height: 0,
    num_block_producer_seats: NUM_BLOCK_PRODUCER_SEATS,
    epoch_length: Number(EPOCH_LENGTH),
    gas_limit: INITIAL_GAS_LIMIT,
    min_gas_price: MIN_GAS_PRICE.toString(),
    max_gas_price: MAX_GAS_PRICE.toString(),
    // get_initial_supply: the sum of the records' amount and locked.
    total_supply: (2n * TESTING_INIT_BALANCE + TESTING_INIT_STAKE).toString(),
    transaction_validity_period: Number(TRANSACTION_VALIDITY_PERIOD),
    validators: [{ account_id: ROOT_ACCOUNT, public_key: publicKey, amount: TESTING_INIT_STAKE.toString() }],
    protocol_treasury_account: ROOT_ACCOUNT,
    records: [...account(ROOT_ACCOUNT, publicKey, TESTING_INIT_STAKE), ...account(PROTOCOL_TREASURY_ACCOUNT, treasuryKey, 0n)],
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
