// One node per home folder. The running node's pid (and, on Linux, its start
// time, so a reused pid is not mistaken for it) is kept in the store itself and
// claimed inside a write transaction, which LMDB serializes across processes: of
// two nodes starting at once exactly one wins. A node killed with `kill -9`
// leaves its record behind, but its process is gone, so the next start takes over.
import fs from 'node:fs';
import type { Database } from 'lmdb';

export interface Owner {
  pid: number;
  /** Start time in clock ticks since boot (/proc/PID/stat), or null where /proc is missing. */
  started: string | null;
}

export class HomeInUse extends Error {
  constructor(readonly home: string, readonly owner: Owner) {
    super(`home folder ${home} is in use by another local node (pid ${owner.pid}); stop that node first or start this one with another --home`);
    this.name = 'HomeInUse';
  }
}

const OWNER_KEY = 'owner';

/** Start time of a live process, 'zombie' for one that has exited, null where /proc cannot tell. */
function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on: state, ppid, ...
    return fields[0] === 'Z' ? 'zombie' : fields[19]; // the 22nd field: starttime
  } catch {
    return null;
  }
}

function isRunning(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false; // EPERM: alive, someone else's
  }
  const started = processStart(owner.pid);
  if (started === 'zombie') return false;
  return started === null || owner.started === null || started === owner.started;
}

/** Records this process as the node of `home`; call inside a write transaction. */
export function claimHome(meta: Database<string, string>, home: string): Owner {
  const text = meta.get(OWNER_KEY);
  const previous = text === undefined ? undefined : (JSON.parse(text) as Owner);
  if (previous && isRunning(previous)) throw new HomeInUse(home, previous);
  const owner: Owner = { pid: process.pid, started: processStart(process.pid) };
  meta.put(OWNER_KEY, JSON.stringify(owner));
  return owner;
}

/** Removes this process's record, if it is still the one there; call inside a write transaction. */
export function releaseHome(meta: Database<string, string>, owner: Owner): void {
  const text = meta.get(OWNER_KEY);
  if (text !== undefined && (JSON.parse(text) as Owner).pid === owner.pid) meta.remove(OWNER_KEY);
}
