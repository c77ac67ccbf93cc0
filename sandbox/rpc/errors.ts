// JSON-RPC errors in neard's shape: `{ name, cause: { name, info }, code, message, data }`,
// so near-api-js recognises them (it reads `data` and `cause.name`).
export class RpcFailure extends Error {
  constructor(
    readonly code: number,
    readonly kind: 'REQUEST_VALIDATION_ERROR' | 'HANDLER_ERROR' | 'INTERNAL_ERROR',
    readonly causeName: string,
    readonly data: unknown,
    readonly info: Record<string, unknown> = {},
    readonly rpcMessage = code === -32700 ? 'Parse error' : code === -32601 ? 'Method not found' : 'Server error',
  ) {
    super(typeof data === 'string' ? data : JSON.stringify(data));
  }

  toJSON() {
    return { name: this.kind, cause: { name: this.causeName, info: this.info }, code: this.code, message: this.rpcMessage, data: this.data };
  }
}

export const parseError = (detail: string) => new RpcFailure(-32700, 'REQUEST_VALIDATION_ERROR', 'PARSE_ERROR', detail, { error_message: detail });
export const methodNotFound = (method: string) => new RpcFailure(-32601, 'REQUEST_VALIDATION_ERROR', 'METHOD_NOT_FOUND', method, { method_name: method });
export const handlerError = (causeName: string, data: unknown, info: Record<string, unknown> = {}) => new RpcFailure(-32000, 'HANDLER_ERROR', causeName, data, info);
export const internalError = (detail: string) => new RpcFailure(-32000, 'INTERNAL_ERROR', 'INTERNAL_ERROR', detail, { error_message: detail });
