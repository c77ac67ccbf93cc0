// Points near-workspaces at the local node unless the user chose a sandbox binary.
// near-sandbox (near-workspaces 5's binary finder) uses $NEAR_SANDBOX_BINARY_PATH/near-sandbox
// only when NEAR_SANDBOX_BIN_PATH is also set; otherwise it downloads neard 2.6.2.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOCAL_NODE_BIN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bin');

export function useLocalNodeByDefault(): string {
  process.env.NEAR_SANDBOX_BINARY_PATH ||= LOCAL_NODE_BIN_DIR;
  process.env.NEAR_SANDBOX_BIN_PATH ||= process.env.NEAR_SANDBOX_BINARY_PATH;
  return path.join(process.env.NEAR_SANDBOX_BINARY_PATH, 'near-sandbox');
}
