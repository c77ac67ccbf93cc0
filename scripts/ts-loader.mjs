// Runs the project's TypeScript on Node 20: `node --import ./scripts/ts-loader.mjs file.ts`.
// Only .ts files are transformed (types stripped by esbuild); JavaScript loads
// untouched. tsx was tried first: it rewrites large JS dependencies too
// (binaryen's 14 MB index.js took 20 s on every start).
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
