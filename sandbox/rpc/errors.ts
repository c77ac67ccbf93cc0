// JSON-RPC errors in neard's shape: `{ name, cause: { name, info }, code, message, data }`,
// so near-api-js recognises them (it reads `data` and `cause.name`).
export class RpcFailure extends Error {
  constructor(
    readonly code: number,
    readonly kind: 'REQUEST_VALIDATION_ERROR' | 'HANDLER_ERROR' | 'INTERNAL_ERROR',
    readonly causeName: string,
    readonly data: unknown,
    /** `null` for a unit variant (TimeoutError, UnknownEpoch): serde's adjacently tagged enum then writes no `info`. */
    readonly info: Record<string, unknown> | null = {},
    readonly rpcMessage = code === -32700 ? 'Parse error' : code === -32601 ? 'Method not found' : 'Server error',
  ) {
    super(typeof data === 'string' ? data : JSON.stringify(data));
  }

  toJSON() {
    const cause = this.info === null ? { name: this.causeName } : { name: this.causeName, info: this.info };
    return { name: this.kind, cause, code: this.code, message: this.rpcMessage, data: this.data };
  }
}

export const parseError = (detail: string) => new RpcFailure(-32700, 'REQUEST_VALIDATION_ERROR', 'PARSE_ERROR', detail, { error_message: detail });
export const methodNotFound = (method: string) => new RpcFailure(-32601, 'REQUEST_VALIDATION_ERROR', 'METHOD_NOT_FOUND', method, { method_name: method });
export const handlerError = (causeName: string, data: unknown, info: Record<string, unknown> = {}) => new RpcFailure(-32000, 'HANDLER_ERROR', causeName, data, info);
/** A handler error whose variant has no fields (`#[serde(tag = "name", content = "info")]` writes only the name). */
export const unitHandlerError = (causeName: string, data: unknown) => new RpcFailure(-32000, 'HANDLER_ERROR', causeName, data, null);
/** A handler error whose `data` is the serialized error enum itself, as receipts.rs and changes.rs
 *  `From<...Error> for RpcError` send it (`Some(error_data.clone())`): `{ name, info }`, or `{ name }` for a unit variant. */
export const structHandlerError = (causeName: string, info: Record<string, unknown> | null) =>
  new RpcFailure(-32000, 'HANDLER_ERROR', causeName, info === null ? { name: causeName } : { name: causeName, info }, info);
export const internalError = (detail: string) => new RpcFailure(-32000, 'INTERNAL_ERROR', 'INTERNAL_ERROR', detail, { error_message: detail });
/** An `InternalError { error_message }` variant sent as sandbox.rs's From impls send it
 *  (new_internal_or_handler_error): `data` the serialized variant, `cause.info` its error_message. */
export const structInternalError = (message: string) =>
  new RpcFailure(-32000, 'INTERNAL_ERROR', 'INTERNAL_ERROR', { name: 'INTERNAL_ERROR', info: { error_message: message } }, { error_message: message });
