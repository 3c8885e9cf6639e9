// One port in front of the stack, routing like Supabase's API gateway (Kong): /rest/v1 and
// /auth/v1 need a valid apikey; /functions/v1 verifies the caller's JWT unless a function opts out;
// /realtime/v1/websocket is a WebSocket upgrade (apikey checked like /rest/v1) to the Realtime part.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';
import { jwtVerify } from 'jose';
import type { StackConfig } from './config.ts';
import type { ApiKeys } from './keys.ts';
import type { ProjectConfig } from './project-config.ts';
import { StackError } from './stack-error.ts';

type Route = { prefix: string; port: number; needsApiKey: boolean; parts: string[] };

/** The first of the named parts that is not up (supervisor.ts), or null when all are. */
export type DownPart = (parts: string[]) => string | null;

// While a part is down (the supervisor restarts it), requests that need it get this instead of a
// 502: the app shows "服务正在恢复…" and retries (src/data/stack-recovery.ts).
function recovering(res: http.ServerResponse, part: string): void {
  reply(res, 503, { code: 'stack_recovering', message: '服务正在恢复，请稍候… | The service is recovering, please wait…', part });
}

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD',
  'access-control-allow-headers':
    'authorization, x-client-info, apikey, content-type, content-profile, accept-profile, prefer, range, x-supabase-api-version, x-upsert',
  'access-control-expose-headers': 'content-range, content-location, x-total-count, link, x-supabase-api-version',
  'access-control-max-age': '3600',
};

function reply(res: http.ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json', ...corsHeaders });
  res.end(JSON.stringify(body));
}

function bearer(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = header ? /^bearer\s+(.+)$/i.exec(header) : null;
  return match ? match[1].trim() : null;
}

export async function startGateway(
  c: StackConfig,
  keys: ApiKeys,
  project: ProjectConfig,
  log: (line: string) => void,
  downPart: DownPart = () => null,
): Promise<{ close(): Promise<void> }> {
  const secret = new TextEncoder().encode(c.jwtSecret);
  const validKeys = new Set([keys.anonKey, keys.serviceRoleKey]);
  const routes: Route[] = [
    { prefix: '/rest/v1', port: c.restPort, needsApiKey: true, parts: ['postgres', 'postgrest'] },
    { prefix: '/auth/v1', port: c.authPort, needsApiKey: true, parts: ['postgres', 'auth'] },
    { prefix: '/functions/v1', port: c.functionsPort, needsApiKey: false, parts: ['postgres', 'functions'] },
  ];
  const proxy = createProxyServer({ xfwd: true, proxyTimeout: 120_000 });
  // Connections to the parts are kept and reused, as Kong keeps its upstream connections: without
  // an agent every request opened a new one to PostgREST and sent `connection: close`. An idle one
  // is dropped after 15 s, before PostgREST's own 30 s, so a request never lands on a socket the
  // part is closing.
  const upstream = new http.Agent({ keepAlive: true, timeout: 15_000 });
  proxy.on('proxyRes', (proxyRes) => {
    for (const [name, value] of Object.entries(corsHeaders)) proxyRes.headers[name] = value;
  });
  const routeParts = new WeakMap<http.IncomingMessage, string[]>();
  proxy.on('error', (err, req, res) => {
    log(`[gateway] upstream error: ${err.message}`);
    if (res instanceof http.ServerResponse && !res.headersSent) {
      // The part went away under the request (killed, restarting): the supervisor brings it back.
      const parts = routeParts.get(req) ?? [];
      recovering(res, downPart(parts) ?? parts.at(-1) ?? 'gateway');
    }
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders);
      res.end();
      return;
    }
    const route = routes.find((r) => url.pathname === r.prefix || url.pathname.startsWith(`${r.prefix}/`));
    if (!route) return reply(res, 404, { message: 'no Route matched with those values' });

    if (route.needsApiKey) {
      const apiKey = (req.headers.apikey as string | undefined) ?? url.searchParams.get('apikey');
      if (!apiKey) return reply(res, 401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' });
      if (!validKeys.has(apiKey)) return reply(res, 401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' });
      // Like Supabase's gateway: a request with only an apikey is made as that key's role.
      if (!req.headers.authorization) req.headers.authorization = `Bearer ${apiKey}`;
    } else {
      const name = url.pathname.slice(route.prefix.length + 1).split('/')[0];
      if (project.verifyJwt(name)) {
        const token = bearer(req);
        if (!token) return reply(res, 401, { code: 'UNAUTHORIZED_NO_AUTH_HEADER', message: 'Missing authorization header' });
        try {
          await jwtVerify(token, secret);
        } catch {
          return reply(res, 401, { code: 'UNAUTHORIZED_INVALID_JWT_FORMAT', message: 'Invalid JWT' });
        }
      }
    }
    const down = downPart(route.parts);
    if (down) return recovering(res, down);
    routeParts.set(req, route.parts);
    req.url = url.pathname.slice(route.prefix.length) + url.search || '/';
    if (!req.url.startsWith('/')) req.url = `/${req.url}`;
    proxy.web(req, res, { target: `http://127.0.0.1:${route.port}`, agent: upstream });
  };
  // Realtime: the WebSocket upgrade is refused with a plain HTTP answer when the apikey is missing
  // or wrong, or the part is restarting (realtime-js then reconnects with backoff).
  const refuseUpgrade = (socket: Duplex, status: number, body: object): void => {
    const text = JSON.stringify(body);
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
  };
  const upgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (!url.pathname.startsWith('/realtime/v1/')) return refuseUpgrade(socket, 404, { message: 'no Route matched with those values' });
    const apiKey = (req.headers.apikey as string | undefined) ?? url.searchParams.get('apikey');
    if (!apiKey) return refuseUpgrade(socket, 401, { message: 'No API key found in request' });
    if (!validKeys.has(apiKey)) return refuseUpgrade(socket, 401, { message: 'Invalid API key' });
    const down = downPart(['postgres', 'realtime']);
    if (down) return refuseUpgrade(socket, 503, { code: 'stack_recovering', message: '服务正在恢复，请稍候… | The service is recovering, please wait…', part: down });
    req.url = url.pathname.slice('/realtime/v1'.length) + url.search;
    proxy.ws(req, socket, head, { target: `ws://127.0.0.1:${c.realtimePort}` }, (err) => {
      log(`[gateway] realtime upstream error: ${err.message}`);
      socket.destroy();
    });
  };

  // A request the handler fails on gets a 500 and a log line; unhandled, the rejection would end
  // the stack's process.
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`[gateway] ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) reply(res, 500, { message: 'An unexpected error occurred' });
    });
  });
  server.on('upgrade', upgrade);
  // A client keeps its connection between requests (a clerk's page every few seconds). Node closes
  // an idle one after 5 s, and a request sent as it closes fails ("other side closed": 15 of 3,600
  // calls with 200 clerks on a loaded machine); 65 s, as behind a load balancer, leaves that race
  // to clients idle for over a minute, which browsers retry.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new StackError(`API port ${c.apiPort} is already in use (set TAIZHANG_API_PORT to use another)`) : e),
    );
    server.listen(c.apiPort, '127.0.0.1', () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        proxy.close();
        upstream.destroy();
      }),
  };
}
