// Content-addressed cache for build artifacts that depend only on their inputs
// (engine objects, the bytecode compiler): a key change means a rebuild.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

export const CACHE_DIR = path.resolve(process.env.NEAR_TS_BUILD_CACHE ?? '.cache/toolchain');

export function hashOf(...parts: Array<string | Uint8Array>): string {
  const h = createHash('sha256');
  for (const part of parts) {
    h.update(String(typeof part === 'string' ? part.length : part.byteLength));
    h.update(':');
    h.update(part);
  }
  return h.digest('hex').slice(0, 24);
}

/** Returns the cached bytes for `key`, producing and storing them on a miss. */
export async function cached(key: string, name: string, produce: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const file = path.join(CACHE_DIR, key, name);
  if (fs.existsSync(file)) return fs.readFileSync(file);
  const data = await produce();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
  return data;
}
