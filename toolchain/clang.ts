// Runs clang/wasm-ld from @yowasp/clang (LLVM compiled to wasm, running on Node)
// in worker threads: each invocation is CPU-bound for seconds, and a worker per
// core lets the engine's C files compile side by side.
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import { BuildError } from './errors.ts';

export type FileTree = Record<string, Uint8Array | string>;

export interface ClangJob {
  /** argv without the leading program name, e.g. ['-c', 'a.c', '-o', 'a.o'] */
  args: string[];
  tool: 'clang' | 'wasm-ld';
  files: FileTree;
  /** Output paths to return. */
  outputs: string[];
}

// Workers do not inherit the main thread's module hooks on Node 20: load the
// TypeScript loader first, then the worker module.
const WORKER_BOOTSTRAP = `import(${JSON.stringify(new URL('../scripts/ts-loader.mjs', import.meta.url).href)})
  .then(() => import(${JSON.stringify(new URL('./clang-worker.ts', import.meta.url).href)}));`;

interface WorkerReply {
  id: number;
  ok: boolean;
  stderr: string;
  outputs: Record<string, Uint8Array>;
}

interface Pending {
  resolve: (outputs: Record<string, Uint8Array>) => void;
  reject: (error: Error) => void;
  label: string;
}

class ClangPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ id: number; job: ClangJob }> = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_BOOTSTRAP, { eval: true });
      worker.unref();
      worker.on('message', (reply: WorkerReply) => this.settle(worker, reply));
      worker.on('error', (error: unknown) => this.failAll(error instanceof Error ? error : new Error(String(error))));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  run(job: ClangJob, label: string): Promise<Record<string, Uint8Array>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, label });
      this.queue.push({ id, job });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const next = this.queue.shift()!;
      worker.ref();
      worker.postMessage(next);
    }
  }

  private settle(worker: Worker, reply: WorkerReply): void {
    worker.unref();
    this.idle.push(worker);
    const p = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (p) {
      if (reply.ok) p.resolve(reply.outputs);
      else p.reject(new BuildError(`${p.label} failed:\n${reply.stderr.trim()}`));
    }
    this.dispatch();
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}

let pool: ClangPool | undefined;

export function runClang(job: ClangJob, label: string): Promise<Record<string, Uint8Array>> {
  pool ??= new ClangPool(Math.max(1, Math.min(2, os.availableParallelism())));
  return pool.run(job, label);
}

export async function closeClang(): Promise<void> {
  await pool?.close();
  pool = undefined;
}
