// The node's home folder, laid out as neard's: config.json, genesis.json,
// node_key.json, validator_key.json (the root account's key, which
// near-workspaces reads) and data/ (the node's store, sandbox/store).
import fs from 'node:fs';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519';
import { base58 } from '@scure/base';
import { blockProductionDelays, DEFAULT_BLOCK_PRODUCTION, type BlockProductionDelays } from '../chain/block-production.ts';
import { ROOT_ACCOUNT, sandboxGenesis, type GenesisConfig } from '../chain/genesis.ts';

export interface KeyFile {
  account_id: string;
  public_key: string;
  secret_key: string;
}

export interface Home {
  dir: string;
  genesis: GenesisConfig;
  validatorKey: KeyFile;
  rpcAddr: string;
  /** config.json's consensus.min/max_block_production_delay. */
  delays: BlockProductionDelays;
}

/** nearcore writes a Duration in config.json as std's serde form: `{ secs, nanos }`. */
type StdDuration = { secs: number; nanos: number };
const durationMs = (d: StdDuration | undefined, fallback: number) =>
  d && Number.isFinite(d.secs) && Number.isFinite(d.nanos) && d.secs >= 0 && d.nanos >= 0 ? d.secs * 1000 + d.nanos / 1e6 : fallback;
const stdDuration = (ms: number): StdDuration => ({ secs: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 });

const DEFAULT_RPC_ADDR = '0.0.0.0:3030';

/** A new ed25519 key in neard's key-file form (the secret key is seed + public key, base58). */
function newKey(accountId: string): KeyFile {
  const seed = ed25519.utils.randomPrivateKey();
  const publicKey = ed25519.getPublicKey(seed);
  return { account_id: accountId, public_key: `ed25519:${base58.encode(publicKey)}`, secret_key: `ed25519:${base58.encode(new Uint8Array([...seed, ...publicKey]))}` };
}

const write = (file: string, value: unknown) => fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

export function isInitialized(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'genesis.json')) && fs.existsSync(path.join(dir, 'validator_key.json'));
}

/** `init`: a fresh home folder; an existing one is left as it is. */
export function initHome(dir: string): { created: boolean } {
  if (isInitialized(dir)) return { created: false };
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const validatorKey = newKey(ROOT_ACCOUNT);
  write(path.join(dir, 'validator_key.json'), validatorKey);
  write(path.join(dir, 'node_key.json'), newKey(''));
  write(path.join(dir, 'genesis.json'), sandboxGenesis(validatorKey.public_key));
  write(path.join(dir, 'config.json'), {
    genesis_file: 'genesis.json',
    rpc: { addr: DEFAULT_RPC_ADDR },
    network: { addr: '0.0.0.0:24567' },
    consensus: { min_block_production_delay: stdDuration(DEFAULT_BLOCK_PRODUCTION.minMs), max_block_production_delay: stdDuration(DEFAULT_BLOCK_PRODUCTION.maxMs) },
    note: 'Local NEAR node of near-global-factory-ts: a TypeScript node that answers neard\'s JSON-RPC.',
  });
  return { created: true };
}

export function loadHome(dir: string): Home {
  const config = read<{ rpc?: { addr?: string }; consensus?: { min_block_production_delay?: StdDuration; max_block_production_delay?: StdDuration } }>(path.join(dir, 'config.json'));
  return {
    dir,
    genesis: read<GenesisConfig>(path.join(dir, 'genesis.json')),
    validatorKey: read<KeyFile>(path.join(dir, 'validator_key.json')),
    rpcAddr: config.rpc?.addr ?? DEFAULT_RPC_ADDR,
    delays: blockProductionDelays(
      durationMs(config.consensus?.min_block_production_delay, DEFAULT_BLOCK_PRODUCTION.minMs),
      durationMs(config.consensus?.max_block_production_delay, DEFAULT_BLOCK_PRODUCTION.maxMs),
    ),
  };
}
