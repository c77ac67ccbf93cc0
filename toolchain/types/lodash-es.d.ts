// lodash-es ships no types; the one function toolchain/test/clone-deep.test.ts compares ours with.
declare module 'lodash-es' {
  export function cloneDeep<T>(value: T): T;
}
