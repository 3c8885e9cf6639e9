// Deno entry of the embedded edge runtime: loads every supabase/functions/<name>/index.ts
// unchanged and routes /<name>/... to it. Each function calls Deno.serve as on Supabase; here
// that call registers its handler with this router instead of opening a port of its own.
// Run as: deno run --allow-all main.ts <functions dir> <port>

type Handler = (request: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>;

const [functionsDir, portArg] = Deno.args;
const handlers = new Map<string, Handler>();
const loadErrors = new Map<string, string>();
let loading: string | null = null;

const realServe = Deno.serve.bind(Deno);

function handlerFrom(args: unknown[]): Handler | undefined {
  for (const arg of args) {
    if (typeof arg === 'function') return arg as Handler;
    if (arg && typeof arg === 'object' && 'handler' in arg && typeof arg.handler === 'function') {
      return arg.handler as Handler;
    }
  }
  return undefined;
}

// deno-lint-ignore no-explicit-any
(Deno as any).serve = (...args: unknown[]) => {
  const handler = handlerFrom(args);
  if (!loading || !handler) throw new Error('Deno.serve called outside a function module');
  handlers.set(loading, handler);
  const finished = new Promise<void>(() => {});
  return { finished, shutdown: async () => {}, ref() {}, unref() {}, addr: { transport: 'tcp', hostname: '127.0.0.1', port: Number(portArg) } };
};

for await (const entry of Deno.readDir(functionsDir)) {
  if (!entry.isDirectory || entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
  const file = `${functionsDir}/${entry.name}/index.ts`;
  try {
    await Deno.stat(file);
  } catch {
    continue;
  }
  loading = entry.name;
  try {
    await import(new URL(`file://${file}`).href);
    if (!handlers.has(entry.name)) loadErrors.set(entry.name, 'the function never called Deno.serve');
  } catch (e) {
    loadErrors.set(entry.name, e instanceof Error ? e.message : String(e));
    console.error(`[${entry.name}] failed to load: ${loadErrors.get(entry.name)}`);
  }
  loading = null;
}
console.log(`edge runtime: serving ${[...handlers.keys()].join(', ') || 'no functions'}`);

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

realServe({ hostname: '127.0.0.1', port: Number(portArg), onListen: () => {} }, async (request, info) => {
  const url = new URL(request.url);
  if (url.pathname === '/_internal/health') return json(200, { functions: [...handlers.keys()] });
  const name = url.pathname.split('/')[1] ?? '';
  const handler = handlers.get(name);
  if (!handler) {
    const error = loadErrors.get(name);
    return error
      ? json(500, { code: 'BOOT_ERROR', message: `Function failed to start: ${error}` })
      : json(404, { code: 'NOT_FOUND', message: 'Requested function was not found' });
  }
  try {
    return await handler(request, info);
  } catch (e) {
    console.error(`[${name}] ${e instanceof Error ? e.stack : String(e)}`);
    return json(500, { code: 'WORKER_ERROR', message: 'Function exited due to an error (please check logs)' });
  }
});
