// lodash-es ships no types; the one module toolchain/test/fixtures/clone-deep-quickjs.ts bundles.
declare module 'lodash-es/cloneDeep.js' {
  export default function cloneDeep<T>(value: T): T;
}
