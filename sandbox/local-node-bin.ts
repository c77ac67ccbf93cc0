// Where the local node's executable is (bin/near-sandbox). Kept apart from workspaces.ts,
// which imports near-workspaces: importing that sets NEAR_NO_LOGS for the whole process
// (near-workspaces' index.js), which child processes such as the near CLI then inherit.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOCAL_NODE_BIN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bin');
