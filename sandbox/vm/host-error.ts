import type { HostError } from './types.ts';

/** Thrown by host functions; unwinds the wasm call and becomes the outcome's error. */
export class HostFailure extends Error {
  constructor(readonly error: HostError) {
    super(error.kind);
  }
}
