// Worker side of clang.ts: one LLVM instance per thread, reused across jobs.
import { parentPort } from 'node:worker_threads';
import { commands, runLLVM } from '@yowasp/clang';
import type { ClangJob, FileTree } from './clang.ts';

type Tree = { [name: string]: Tree | string | Uint8Array };

/** Turn {"a/b.c": data} into yowasp's nested directory tree. */
function toTree(files: FileTree): Tree {
  const root: Tree = {};
  for (const [path, data] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) dir = (dir[part] ??= {}) as Tree;
    dir[parts[parts.length - 1]] = data;
  }
  return root;
}

function lookup(tree: Tree, path: string): Uint8Array | undefined {
  let node: Tree | string | Uint8Array | undefined = tree;
  for (const part of path.split('/')) {
    if (node === undefined || typeof node === 'string' || node instanceof Uint8Array) return undefined;
    node = node[part];
  }
  return node instanceof Uint8Array ? node : undefined;
}

// Load LLVM's resources up front with a silent progress callback: the clang
// driver's internal `-###` run would otherwise log its own progress lines.
const ready = Promise.resolve(runLLVM(['clang', '--version'], {}, { stdout: null, stderr: null, fetchProgress: () => {} }));

parentPort!.on('message', async ({ id, job }: { id: number; job: ClangJob }) => {
  await ready;
  const chunks: Uint8Array[] = [];
  const collect = (bytes: Uint8Array | null) => { if (bytes) chunks.push(bytes); };
  const command = commands[job.tool];
  let ok = true;
  const outputs: Record<string, Uint8Array> = {};
  try {
    const result = (await command(job.args, toTree(job.files), {
      stdout: collect,
      stderr: collect,
      fetchProgress: () => {},
    })) as Tree | undefined;
    for (const out of job.outputs) {
      const data = result && lookup(result, out);
      if (!data) { ok = false; chunks.push(new TextEncoder().encode(`missing output ${out}\n`)); }
      else outputs[out] = data;
    }
  } catch (error) {
    ok = false;
    if (!(error instanceof Error && 'code' in error)) chunks.push(new TextEncoder().encode(String(error)));
  }
  parentPort!.postMessage({ id, ok, stderr: Buffer.concat(chunks).toString('utf8'), outputs });
});
