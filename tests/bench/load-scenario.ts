// Many clerks at once: each signed in as a person of their own (operators with the clerk role in
// several departments), reading the first page of service requests every 2 s and recording one
// request every 10 s through apply_rows, for a minute, all through the gateway with RLS on.
// Afterwards the database is asked for every request the clerks recorded: none lost, none twice.
//
// The bench seeds every row into 客服一部 (KF1). A clerk of a department that holds none of them
// reads a page by walking the whole received_at index and refusing every row (RLS), about 1 µs a
// row: 45 ms at 50,000 rows, a second at a million, against ~3 ms where the rows are. 150 such
// clerks at once needed ~11 CPU-seconds a second on 2 cores until their own writes filled a page:
// the queue, the pool timeouts (PGRST003) and the failed fetches of earlier runs. That cost is the
// page target's (a clerk of an empty department, at depth), not the crowd's, so it is measured
// apart (`emptyDepartmentPage`), and the crowd meets a table whose recent history is spread over
// its four departments: the newest rows' handling department (department_id) is dealt round them.
import { SignJWT } from 'jose';
import pg from 'pg';
import { cpuAccount } from './part-cpu.ts';
import { percentile } from './stats.ts';

export type LoadSettings = { clerks: number; seconds: number; readEveryMs: number; writeEveryMs: number };

type Timings = { calls: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };

export type LoadFigures = LoadSettings & {
  departments: string[];
  /** Newest seeded rows whose handling department was dealt round the clerks' departments. */
  spreadRecentRows: number;
  setupSeconds: number;
  /** First page as a clerk of a department that holds none of the rows, one at a time (RLS walks the table). */
  emptyDepartmentPage: Timings & { department: string };
  reads: Timings;
  writes: Timings;
  all: Timings;
  errors: number;
  firstErrors: string[];
  /** CPU seconds during the crowd's minute: each part of the stack, the bench's own clerks, other processes, idle (2 cores: 120 s in all). */
  cpuSeconds: Record<string, number>;
  /** Writes the server confirmed vs. rows found afterwards, by the tag each write carries. */
  verify: { confirmed: number; found: number; lost: number; doubled: number; unconfirmedFound: number };
};

type Stack = { apiUrl: string; dbUrl: string; anonKey: string; serviceRoleKey: string; jwtSecret: string; dataDir: string };
type Clerk = { email: string; token: string; departmentId: string };

const departmentCodes = ['KF1', 'KF2', 'GCB', 'AQB'];
/** A department none of the seeded rows belong to, for `emptyDepartmentPage`. */
const emptyDepartmentCode = 'XXB';
const spreadRows = 4000;
const pageQuery = 'select=id,code,kind,status,received_at,caller_name,phone,content,department_id&order=received_at.desc,id.desc&limit=100';

const timings = (ms: number[]): Timings => ({
  calls: ms.length,
  p50Ms: percentile(ms, 50),
  p95Ms: percentile(ms, 95),
  p99Ms: percentile(ms, 99),
  maxMs: ms.length ? Math.max(...ms) : Number.NaN,
});

/** Runs `task` over `items`, `width` at a time. */
async function pool<T, R>(items: readonly T[], width: number, task: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await task(items[i], i);
      }
    }),
  );
  return out;
}

/**
 * Operators with the clerk role, spread over the departments, each with an account of its own.
 * The accounts have no password (hashing 200 of them would take the minute the scenario is about);
 * each clerk's access token is signed with the stack's secret, as the auth server signs it.
 */
async function createClerks(stack: Stack, count: number, tag: string, codes: readonly string[] = departmentCodes): Promise<Clerk[]> {
  const db = new pg.Client({ connectionString: stack.dbUrl });
  await db.connect();
  try {
    const departments = new Map(
      (await db.query<{ code: string; id: string }>('select code, id from public.departments where code = any($1)', [codes])).rows.map((r) => [r.code, r.id]),
    );
    const admin = { apikey: stack.serviceRoleKey, authorization: `Bearer ${stack.serviceRoleKey}`, 'content-type': 'application/json' };
    const secret = new TextEncoder().encode(stack.jwtSecret);
    return await pool(
      Array.from({ length: count }, (_, i) => i),
      4,
      async (i) => {
        const email = `load-${tag}-${i}@bench.taizhang.cn`;
        const created = await fetch(`${stack.apiUrl}/auth/v1/admin/users`, { method: 'POST', headers: admin, body: JSON.stringify({ email, email_confirm: true }) });
        if (!created.ok) throw new Error(`creating ${email}: ${created.status} ${await created.text()}`);
        const user = (await created.json()) as { id: string };
        const code = codes[i % codes.length];
        const departmentId = departments.get(code);
        if (!departmentId) throw new Error(`no department ${code}`);
        await db.query(`insert into public.operators (user_id, code, name, department_id, role, email) values ($1, $2, $3, $4, 'clerk', $5)`, [
          user.id,
          `L${tag}${i}`.slice(0, 20),
          `压测专员${i}`,
          departmentId,
          email,
        ]);
        const token = await new SignJWT({ sub: user.id, role: 'authenticated', aud: 'authenticated', email })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setIssuedAt()
          .setExpirationTime('2h')
          .sign(secret);
        return { email, token, departmentId };
      },
    );
  } finally {
    await db.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first page, `times` times one after another, as one clerk. */
async function pagesInTurn(stack: Stack, clerk: Clerk, times: number): Promise<number[]> {
  const headers = { apikey: stack.anonKey, authorization: `Bearer ${clerk.token}` };
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const response = await fetch(`${stack.apiUrl}/rest/v1/service_requests?${pageQuery}`, { headers });
    await response.text();
    if (!response.ok) throw new Error(`empty-department page: HTTP ${response.status}`);
    ms.push(performance.now() - started);
  }
  return ms;
}

/**
 * Deals the newest `rows` requests' handling department round the clerks' departments, as the
 * database owner with triggers off (as the seed wrote them): the receiver stays the demo clerk.
 */
async function spreadRecentHistory(stack: Stack, rows: number): Promise<void> {
  const db = new pg.Client({ connectionString: stack.dbUrl });
  await db.connect();
  try {
    await db.query('begin');
    await db.query('set local session_replication_role = replica');
    await db.query(
      `with d as (select array_agg(id order by array_position($1::text[], code)) as ids from public.departments where code = any($1)),
            recent as (select id, row_number() over (order by received_at desc, id desc) as n from public.service_requests order by received_at desc, id desc limit $2)
       update public.service_requests s set department_id = d.ids[1 + recent.n % array_length(d.ids, 1)]
       from recent, d where s.id = recent.id`,
      [departmentCodes, rows],
    );
    await db.query('commit');
  } finally {
    await db.end();
  }
}

export async function runLoadScenario(stack: Stack, settings: LoadSettings): Promise<LoadFigures> {
  const tag = Date.now().toString(36);
  const setupStarted = performance.now();
  const [probe] = await createClerks(stack, 1, `${tag}e`, [emptyDepartmentCode]);
  await pagesInTurn(stack, probe, 1);
  const emptyDepartmentPage = { ...timings(await pagesInTurn(stack, probe, 5)), department: emptyDepartmentCode };
  await spreadRecentHistory(stack, spreadRows);
  const clerks = await createClerks(stack, settings.clerks, tag);
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  const reads: number[] = [];
  const writes: number[] = [];
  const errors: string[] = [];
  const confirmed = new Set<string>();
  const attempted: string[] = [];
  const endAt = performance.now() + settings.seconds * 1000;

  const timed = async (list: number[], what: string, call: () => Promise<Response>): Promise<Response | null> => {
    const started = performance.now();
    try {
      const response = await call();
      const body = await response.text();
      list.push(performance.now() - started);
      if (!response.ok) {
        errors.push(`${what}: HTTP ${response.status} ${body.slice(0, 200)}`);
        return null;
      }
      return new Response(body, { status: response.status });
    } catch (error) {
      list.push(performance.now() - started);
      // Node's fetch says only "fetch failed"; the reason (reset, refused, timeout) is its cause.
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message})` : '';
      errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}${cause}`);
      return null;
    }
  };

  const clerkLoop = async (clerk: Clerk, i: number) => {
    const headers = { apikey: stack.anonKey, authorization: `Bearer ${clerk.token}`, 'content-type': 'application/json' };
    // Spread the clerks over the first period so they do not all ask in the same millisecond.
    let nextRead = performance.now() + Math.random() * settings.readEveryMs;
    let nextWrite = performance.now() + Math.random() * settings.writeEveryMs;
    let written = 0;
    while (true) {
      const now = performance.now();
      const due = Math.min(nextRead, nextWrite);
      if (due >= endAt) return;
      if (due > now) await sleep(due - now);
      if (nextWrite <= nextRead) {
        nextWrite += settings.writeEveryMs;
        const content = `压测工单 ${tag} ${i} ${written++}`;
        attempted.push(content);
        const row = { key: null, version: null, values: { kind: '咨询', channel: '电话', caller_name: `压测来电人${i}`, phone: '13900000000', content, department_id: clerk.departmentId } };
        const response = await timed(writes, 'write', () =>
          fetch(`${stack.apiUrl}/rest/v1/rpc/apply_rows`, { method: 'POST', headers, body: JSON.stringify({ register: 'service_requests', rows: [row], dry_run: false }) }),
        );
        if (response) {
          const result = (await response.json()) as { applied: number; rows: { ok: boolean; message?: string }[] };
          if (result.applied === 1) confirmed.add(content);
          else errors.push(`write refused: ${result.rows[0]?.message ?? JSON.stringify(result).slice(0, 200)}`);
        }
      } else {
        nextRead += settings.readEveryMs;
        await timed(reads, 'read', () => fetch(`${stack.apiUrl}/rest/v1/service_requests?${pageQuery}`, { headers }));
      }
    }
  };
  const cpuSince = await cpuAccount(stack.dataDir, ['postgres', 'postgrest', 'gateway', 'realtime', 'auth', 'functions', 'scheduler']);
  await Promise.all(clerks.map(clerkLoop));
  const cpuSeconds = await cpuSince();

  // Every write the clerks sent, looked up by its tag: a confirmed one must be there exactly once.
  const db = new pg.Client({ connectionString: stack.dbUrl });
  await db.connect();
  let found: Map<string, number>;
  try {
    const rows = (await db.query<{ content: string; n: number }>('select content, count(*)::integer as n from public.service_requests where content like $1 group by content', [`压测工单 ${tag} %`]))
      .rows;
    found = new Map(rows.map((r) => [r.content, r.n]));
  } finally {
    await db.end();
  }
  const lost = [...confirmed].filter((c) => !found.has(c)).length;
  const doubled = [...found.values()].filter((n) => n > 1).length;
  const unconfirmedFound = attempted.filter((c) => !confirmed.has(c) && found.has(c)).length;

  return {
    ...settings,
    departments: departmentCodes,
    spreadRecentRows: spreadRows,
    setupSeconds,
    emptyDepartmentPage,
    reads: timings(reads),
    writes: timings(writes),
    all: timings([...reads, ...writes]),
    errors: errors.length,
    firstErrors: errors.slice(0, 5),
    cpuSeconds,
    verify: { confirmed: confirmed.size, found: [...found.values()].reduce((a, b) => a + b, 0), lost, doubled, unconfirmedFound },
  };
}
