// The JSON-RPC endpoint: POST / with a JSON-RPC 2.0 request, as neard serves
// it (plus GET /status). A bad request gets a JSON-RPC error; nothing a client
// sends stops the server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Chain } from '../chain/chain.ts';
import { internalError, methodNotFound, parseError, RpcFailure } from './errors.ts';
import { stringify } from './json.ts';
import { createMethods, type Params } from './methods.ts';

const MAX_BODY = 16 * 1024 * 1024;
/** GET paths neard serves besides POST / (lib.rs: .route("/status"), "/health", "/network_info"). */
const GET_ROUTES = new Map([['/status', 'status'], ['/health', 'health'], ['/network_info', 'network_info']]);

export interface RpcServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function reply(res: http.ServerResponse, id: unknown, body: { result: unknown } | { error: RpcFailure }): void {
  const payload = 'result' in body ? { jsonrpc: '2.0', result: body.result, id } : { jsonrpc: '2.0', error: body.error.toJSON(), id };
  const text = stringify(payload);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function handle(methods: ReturnType<typeof createMethods>, text: string): Promise<{ id: unknown; body: { result: unknown } | { error: RpcFailure } }> {
  let request: { id?: unknown; method?: unknown; params?: unknown };
  try {
    // Only own properties are read below; a "__proto__" key stays an ordinary key of the parsed object.
    request = JSON.parse(text) as typeof request;
  } catch (error) {
    return { id: null, body: { error: parseError(`Invalid JSON: ${(error as Error).message}`) } };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return { id: null, body: { error: parseError('a JSON-RPC request must be an object') } };
  const id = request.id ?? null;
  if (typeof request.method !== 'string') return { id, body: { error: parseError('missing field `method`') } };
  const method = methods.get(request.method);
  if (!method) return { id, body: { error: methodNotFound(request.method) } };
  const params = request.params;
  if (params !== undefined && params !== null && typeof params !== 'object') return { id, body: { error: parseError('params must be an object or an array') } };
  try {
    // A method answers at once or, for a transaction waiting in the pool, with a promise.
    return { id, body: { result: await method((params ?? undefined) as Params) } };
  } catch (error) {
    if (error instanceof RpcFailure) return { id, body: { error } };
    return { id, body: { error: internalError(`${request.method} failed: ${(error as Error).message}`) } };
  }
}

export function startRpcServer(chain: Chain, host: string, port: number, changed: () => void = () => {}, configRpcAddr?: string): Promise<RpcServer> {
  const methods = createMethods(chain, changed, configRpcAddr);
  const server = http.createServer((req, res) => {
    // neard's GET routes (jsonrpc/src/lib.rs): /status and /health also answer HEAD; a failed health is 503.
    const route = req.url === undefined ? undefined : GET_ROUTES.get(req.url);
    if (route && (req.method === 'GET' || (req.method === 'HEAD' && route !== 'network_info'))) {
      void handle(methods, JSON.stringify({ jsonrpc: '2.0', id: route, method: route, params: [] })).then(({ body }) => {
        const failed = !('result' in body);
        const text = stringify('result' in body ? body.result : body.error.toJSON());
        res.writeHead(failed && route !== 'status' ? 503 : 200, { 'content-type': 'application/json' }).end(req.method === 'HEAD' ? undefined : text);
      });
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reply(res, null, { error: parseError(`request body over ${MAX_BODY} bytes`) });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      void handle(methods, Buffer.concat(chunks).toString('utf8')).then(({ id, body }) => {
        if (!res.writableEnded && !res.destroyed) reply(res, id, body);
      });
    });
    req.on('error', () => res.destroy());
  });
  // Idle keep-alive sockets stay open longer than clients keep them (undici: 4 s), so the client
  // always closes first: a server closing a socket while a transaction blocks the event loop
  // raced with requests already sent on it ("fetch failed" under load).
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({
        url: `http://${shownHost}:${address.port}`,
        port: address.port,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
