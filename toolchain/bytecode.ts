// JS -> QuickJS bytecode, with our js-compiler.c linked against the engine objects
// the contract runs on (bytecode embeds atom numbers, so compiler and runtime must
// be one build), executed as a WASI command under node:wasi. The compiler is built
// on the lean engine for both engines (a cold build then compiles only that one):
// the lean patches (quickjs-sources.ts) only leave out functions the context
// installs, not atoms, opcodes or the bytecode format.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WASI } from 'node:wasi';
import { runClang } from './clang.ts';
import { cached, hashOf } from './cache.ts';
import { CFLAGS, compileUnit, engineKey, engineObjects } from './engine.ts';
import { engineSources } from './quickjs-sources.ts';
import { BuildError } from './errors.ts';

let compilerModule: Promise<WebAssembly.Module> | undefined;

async function buildCompiler(): Promise<Uint8Array> {
  return cached(hashOf(engineKey('lean'), 'js-compiler'), 'js-compiler.wasm', async () => {
    const objects = await engineObjects('lean');
    const main = await compileUnit('js-compiler.c', engineSources('lean'));
    const files = { ...objects, 'js-compiler.o': main };
    const out = await runClang({
      tool: 'clang',
      args: [...CFLAGS.filter((f) => f.startsWith('--target')), '-Wl,-z,stack-size=1048576', '-o', 'js-compiler.wasm', 'js-compiler.o', ...Object.keys(objects), '-lm'],
      files,
      outputs: ['js-compiler.wasm'],
    }, 'linking js-compiler');
    return out['js-compiler.wasm'];
  });
}

/** Compiles an ES module to QuickJS bytecode; a syntax error becomes a BuildError naming the module.
 *  Stripped by default: QuickJS's "use strip" directive drops line tables and the names of
 *  arguments and locals (32 KB less wasm on the factory, and every call loads less). Panics
 *  keep their message and function names, without line numbers (toolchain/README.md). */
export async function compileToBytecode(moduleSource: string, moduleName: string, { strip = true }: { strip?: boolean } = {}): Promise<Uint8Array> {
  const source = strip ? `"use strip";\n${moduleSource}` : moduleSource;
  compilerModule ??= buildCompiler().then((bytes) => WebAssembly.compile(new Uint8Array(bytes)));
  const module = await compilerModule;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'js-compiler-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.js'), source);
    const stderrPath = path.join(dir, 'stderr');
    const stderrFd = fs.openSync(stderrPath, 'w');
    const wasi = new WASI({
      version: 'preview1',
      args: ['js-compiler', '/work/in.js', moduleName, '/work/out.bin'],
      preopens: { '/work': dir },
      stdout: stderrFd,
      stderr: stderrFd,
      returnOnExit: true,
    });
    const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
    const code = wasi.start(instance);
    fs.closeSync(stderrFd);
    if (code !== 0) {
      throw new BuildError(`QuickJS could not compile ${moduleName}:\n${fs.readFileSync(stderrPath, 'utf8').trim()}`);
    }
    return fs.readFileSync(path.join(dir, 'out.bin'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
