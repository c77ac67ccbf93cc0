// The local node's command line, the same as neard's sandbox binary where
// near-workspaces uses it:
//   near-sandbox --home DIR init
//   near-sandbox --home DIR run [--rpc-addr HOST:PORT] [--network-addr ...]
// `run` initializes the home folder if needed and keeps state in it between runs.
import { initHome, isInitialized, loadHome } from './home.ts';

const USAGE = `usage: near-sandbox --home DIR init
       near-sandbox --home DIR run [--rpc-addr HOST:PORT]`;

interface Options {
  home: string;
  command: string;
  rpcAddr?: string;
}

function parse(argv: string[]): Options {
  let home: string | undefined;
  let command: string | undefined;
  let rpcAddr: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--home') home = value();
    else if (arg === '--rpc-addr') rpcAddr = value();
    else if (arg.startsWith('--home=')) home = arg.slice(7);
    else if (arg.startsWith('--rpc-addr=')) rpcAddr = arg.slice(11);
    else if (arg.startsWith('--')) { if (!arg.includes('=') && argv[i + 1] && !argv[i + 1].startsWith('--')) i++; } // neard options we do not need (--network-addr, --chain-id ...)
    else if (!command) command = arg;
  }
  if (!home || !command) throw new Error(USAGE);
  return { home, command, rpcAddr };
}

function hostPort(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  const port = Number(addr.slice(i + 1));
  if (i < 0 || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--rpc-addr must be HOST:PORT, got ${addr}`);
  return { host: addr.slice(0, i) || '0.0.0.0', port };
}

async function run(options: Options): Promise<void> {
  // Loaded here so `init` does not pay for the chain, the VM and the store.
  const [{ claimStore, openChain }, { startRpcServer }, { startBlockTimer }] = await Promise.all([import('../store/open-chain.ts'), import('../rpc/server.ts'), import('../chain/block-production.ts')]);
  const store = await claimStore(options.home);
  if (!isInitialized(options.home)) initHome(options.home);
  const home = loadHome(options.home);
  // Each transaction, state patch and fast forward is committed to the store before the RPC answers.
  const chain = openChain(store, home.dir, home.genesis);
  chain.setValidatorKey(home.validatorKey.account_id, home.validatorKey.secret_key);
  chain.delays = home.delays;
  const blockTimer = startBlockTimer(chain);

  const { host, port } = hostPort(options.rpcAddr ?? home.rpcAddr);
  const server = await startRpcServer(chain, host, port, undefined, home.rpcAddr);
  console.log(`local NEAR node: JSON-RPC at ${server.url}, root account ${home.validatorKey.account_id}, home ${home.dir}`);

  const stop = () => {
    blockTimer.stop();
    void server.close().then(() => store.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  if (options.command === 'init') {
    const { created } = initHome(options.home);
    console.log(created ? `initialized ${options.home}` : `${options.home} is already initialized; left as it is`);
  } else if (options.command === 'run') {
    await run(options);
  } else {
    throw new Error(`unknown command ${options.command}\n${USAGE}`);
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
