// Accounts a lone Transfer creates (nearcore runtime/runtime/src/actions.rs
// action_implicit_account_creation_transfer): a NEAR-implicit id (64 hex) gets a
// full access key of the ed25519 key the id spells; an ETH-implicit id (0x + 40
// hex) runs the chain's ETH wallet global contract, referenced by hash whether or
// not that contract was deployed on the chain; a `0s…` id (82, NEP-616) gets no
// code. EthImplicitGlobalContract (83) is deprecated in nearcore's master, which
// does this at every protocol version, so the node does too.
import { base58 } from '@scure/base';
import { STORAGE } from '../params/runtime-config.ts';
import type { AccountType } from '../vm/account-type.ts';
import { newAccount } from './account-rules.ts';
import { publicKeyToString } from './keys.ts';
import type { ChainState } from './state.ts';

/** near-wallet-contract's eth_wallet_global_contract_hash(chain_id) (runtime/near-wallet-contract/src/lib.rs):
 *  mainnet and mocknet, testnet, and for any other chain the sha256 of nearcore's embedded localnet wallet
 *  contract (res/wallet_contract_localnet.wasm, 331,061 bytes). */
const ETH_WALLET_GLOBAL_CONTRACT = {
  mainnet: '2zodJZK2e4nnv5AqwCRnenNSmkikXhEd7PPY6BmfTmW4',
  testnet: '3PpYvRxBfC5BkZxTw8ZFG3D52w1ZRhvDDWirKoxphMDn',
  other: Buffer.from('d2884a900d4fa370e48f1e3d4865d4dc0dbd093c89f0e7baef2eddc142c49e8d', 'hex'),
};

export function ethWalletGlobalContractHash(chainId: string): Uint8Array {
  if (chainId === 'mainnet' || chainId === 'mocknet') return base58.decode(ETH_WALLET_GLOBAL_CONTRACT.mainnet);
  if (chainId === 'testnet') return base58.decode(ETH_WALLET_GLOBAL_CONTRACT.testnet);
  return new Uint8Array(ETH_WALLET_GLOBAL_CONTRACT.other);
}

/** Creates the missing implicit account `accountId` with `deposit`, as its creating Transfer does. */
export function createImplicitAccount(state: ChainState, accountId: string, type: Exclude<AccountType, 'NamedAccount'>, deposit: bigint, blockHeight: bigint, chainId: string): void {
  switch (type) {
    case 'NearImplicitAccount': {
      state.accounts.set(accountId, { ...newAccount(), amount: deposit });
      // The key's nonce starts at access_keys.rs initial_nonce_value(block_height); setAccessKey counts its storage
      // (public key, borsh(AccessKey), num_extra_bytes_record) on top of num_bytes_account.
      const publicKey = publicKeyToString(new Uint8Array([0, ...Buffer.from(accountId, 'hex')]));
      state.setAccessKey(accountId, publicKey, { nonce: (blockHeight - 1n) * 1_000_000n, permission: { kind: 'FullAccess' } });
      return;
    }
    case 'EthImplicitAccount':
      // num_bytes_account plus the 32-byte hash; no access key (the wallet contract checks signatures itself).
      state.accounts.set(accountId, { amount: deposit, locked: 0n, storageUsage: STORAGE.numBytesAccount + 32n, contract: { kind: 'Global', hash: ethWalletGlobalContractHash(chainId) } });
      return;
    case 'NearDeterministicAccount':
      state.accounts.set(accountId, { ...newAccount(), amount: deposit });
  }
}
