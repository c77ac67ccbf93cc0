// The package ships types, but its "exports" map hides them from NodeNext resolution.
declare module '@rollup/plugin-node-resolve' {
  import type { Plugin } from 'rollup';
  export function nodeResolve(options?: { extensions?: string[] }): Plugin;
}
