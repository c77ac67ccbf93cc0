// A small typed JSON-RPC client for a NEAR node (neard or our local node).
export class RpcError extends Error {
  constructor(readonly method: string, readonly error: unknown) {
    super(`${method}: ${JSON.stringify(error)}`);
    this.name = 'RpcError';
  }
}

let nextId = 1;

export async function rpc<T>(url: string, method: string, params: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: unknown };
  if (body.error !== undefined) throw new RpcError(method, body.error);
  return body.result as T;
}
