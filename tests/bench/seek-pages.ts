// Issue 18's reading targets, measured the way the grid now reads (one run, one table):
// - pages by seeking (keyset on the sort column + id, as src/modules/registers/grid/seek.ts asks
//   PostgREST) at depths spread over each view, sorted and filtered as a clerk would: through the
//   gateway as the clerk (RLS on), as service_role (RLS off), and the floor: the same query straight
//   in Postgres as the clerk (role authenticated, the clerk's claims), interleaved;
// - a jump: the sampled sort-key value near the position, then the page from it (and how far from
//   the position it landed);
// - the row count: exact as the clerk and as service_role, the sample's "≈" (time and error), and
//   PostgREST's planner estimate for comparison;
// - register_metadata() as the clerk.
import pg from 'pg';
import { demoAccounts, demoPassword } from '../../supabase/local/demo-accounts.ts';
import { departmentIds, operatorIds } from '../support/ids.ts';
import { median, percentile } from './stats.ts';

type Timings = { p50Ms: number; p95Ms: number; maxMs: number };
const summary = (ms: number[]): Timings => ({ p50Ms: percentile(ms, 50), p95Ms: percentile(ms, 95), maxMs: Math.max(...ms) });

export type SeekScenarioFigures = {
  name: string;
  rows: number;
  depths: number;
  gateway: Timings;
  serviceRole: Timings;
  floor: Timings;
  /** The statement as PostgREST sends it (its settings, the page as one JSON value), straight in Postgres. */
  postgrestSql: Timings;
  /** Gateway p95 minus floor p95 (target ≤ 10 ms). */
  gatewayOverFloorP95Ms: number;
  rlsOverServiceP95: number;
};

export type SeekFigures = {
  note: string;
  scenarios: SeekScenarioFigures[];
  /** Over every scenario's requests. */
  all: { gateway: Timings; floor: Timings; postgrestSql: Timings; serviceRole: Timings; gatewayOverFloorP95Ms: number; target: string };
  jump: { target: number; runs: number; sampleMs: number; pageMs: number; totalMs: number; landedAt: number; offByRows: number; target_: string };
  count: {
    filter: string;
    truth: number;
    clerkExactMs: number;
    serviceRoleExactMs: number;
    clerkOverService: number;
    estimate: number;
    estimateErrorPct: number;
    estimateMs: number;
    plannerEstimate: number;
    plannerErrorPct: number;
    unfilteredTruth: number;
    unfilteredClerkExactMs: number;
    unfilteredServiceRoleExactMs: number;
    unfilteredEstimate: number;
    unfilteredEstimateErrorPct: number;
    target: string;
  };
  metadata: { clerkMs: number; runs: number[]; registers: number; target: string };
};

type Scenario = { name: string; column: string; asc: boolean; rest: [string, string][]; where: string; args: unknown[] };

const from2025 = '2025-01-01T00:00:00+08:00';
const to2026 = '2026-01-01T00:00:00+08:00';
const scenarios: Scenario[] = [
  { name: 'received_at desc', column: 'received_at', asc: false, rest: [], where: 'true', args: [] },
  { name: 'received_at desc, kind = 报修', column: 'received_at', asc: false, rest: [['kind', 'eq.报修']], where: `kind = '报修'`, args: [] },
  { name: 'received_at desc, status = 处理中', column: 'received_at', asc: false, rest: [['status', 'eq.处理中']], where: `status = '处理中'`, args: [] },
  { name: 'received_at desc, department = 客服一部', column: 'received_at', asc: false, rest: [['department_id', `eq.${departmentIds.KF1}`]], where: `department_id = '${departmentIds.KF1}'`, args: [] },
  {
    name: 'received_at desc, received in 2025',
    column: 'received_at',
    asc: false,
    rest: [['received_at', `gte.${from2025}`], ['received_at', `lt.${to2026}`]],
    where: `received_at >= '${from2025}' and received_at < '${to2026}'`,
    args: [],
  },
  { name: 'code asc', column: 'code', asc: true, rest: [], where: 'true', args: [] },
  { name: 'code asc, kind = 投诉', column: 'code', asc: true, rest: [['kind', 'eq.投诉']], where: `kind = '投诉'`, args: [] },
];

/**
 * A page as PostgREST 12 asks Postgres for it: one read-only transaction that sets the request's
 * settings, then the SELECT wrapped so that the page comes back as one JSON value. Timed straight in
 * Postgres, it splits the gateway's lead over the floor into the JSON built in Postgres and what
 * the HTTP layers (gateway, PostgREST) add.
 */
async function asPostgrestSends(db: pg.Client, claims: string, sql: string, args: unknown[]): Promise<number> {
  const started = performance.now();
  await db.query('begin isolation level read committed read only');
  try {
    await db.query(
      `select set_config('search_path', '"public", "extensions"', true), set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true),
              set_config('request.method', 'GET', true), set_config('request.path', '/service_requests', true), set_config('request.headers', '{}', true), set_config('request.cookies', '{}', true)`,
      [claims],
    );
    await db.query(
      `with pgrst_source as (${sql})
       select null::bigint as total_result_set, pg_catalog.count(_postgrest_t) as page_total, coalesce(json_agg(_postgrest_t), '[]')::text as body,
              nullif(current_setting('response.headers', true), '') as response_headers, nullif(current_setting('response.status', true), '') as response_status
       from (select * from pgrst_source) _postgrest_t`,
      args,
    );
  } finally {
    await db.query('commit');
  }
  return performance.now() - started;
}

const quoted = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

async function clerkToken(apiUrl: string, anonKey: string): Promise<string> {
  const clerk = demoAccounts.find((a) => a.key === 'clerk')!;
  const response = await fetch(`${apiUrl}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email: clerk.email, password: demoPassword }),
  });
  const session = (await response.json()) as { access_token?: string };
  if (!session.access_token) throw new Error(`sign-in as the clerk failed: HTTP ${response.status}`);
  return session.access_token;
}

export async function measureSeekPages(stack: { apiUrl: string; anonKey: string; serviceRoleKey: string; dbUrl: string }, depthsPerScenario = 20, jumpTo = 500_000): Promise<SeekFigures> {
  const token = await clerkToken(stack.apiUrl, stack.anonKey);
  const bearer = { clerk: token, serviceRole: stack.serviceRoleKey };
  const owner = new pg.Client({ connectionString: stack.dbUrl });
  const floor = new pg.Client({ connectionString: stack.dbUrl });
  await owner.connect();
  await floor.connect();
  try {
    // The floor: the clerk's session straight in Postgres (what PostgREST sets per request, set once).
    const claims = JSON.stringify({ sub: (await owner.query<{ user_id: string }>('select user_id from public.operators where id = $1', [operatorIds.clerk])).rows[0].user_id, role: 'authenticated' });
    await floor.query(`select set_config('request.jwt.claims', $1, false)`, [claims]);
    await floor.query('set role authenticated');

    const get = async (who: keyof typeof bearer, path: string, params: [string, string][], prefer?: string, method = 'GET') => {
      const search = new URLSearchParams(params);
      const started = performance.now();
      const response = await fetch(`${stack.apiUrl}/rest/v1/${path}?${search}`, {
        method,
        headers: { apikey: stack.anonKey, authorization: `Bearer ${bearer[who]}`, ...(prefer ? { prefer } : {}), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      const body = method === 'HEAD' ? null : ((await response.json()) as Record<string, unknown>[]);
      const ms = performance.now() - started;
      if (!response.ok) throw new Error(`${who} ${path}?${search}: HTTP ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
      return { ms, rows: body ?? [], total: Number(response.headers.get('content-range')?.split('/')[1]) };
    };

    const results: SeekScenarioFigures[] = [];
    const all = { gateway: [] as number[], floor: [] as number[], postgrestSql: [] as number[], serviceRole: [] as number[] };
    for (const s of scenarios) {
      const dir = s.asc ? 'asc' : 'desc';
      const rows = Number((await owner.query<{ n: string }>(`select count(*) as n from public.service_requests where ${s.where}`)).rows[0].n);
      const step = Math.max(1, Math.floor((rows - 100) / depthsPerScenario));
      // The row just before each depth: where a page that follows a loaded one seeks from.
      const cursors = (
        await owner.query<{ x: string; id: string; rn: string }>(
          `select x::text as x, id::text as id, rn from (
             select ${s.column} as x, id, row_number() over (order by ${s.column} ${dir}, id ${dir}) as rn
             from public.service_requests where ${s.where}) t
           where rn % ${step} = 0 and rn <= ${rows - 100} order by rn limit ${depthsPerScenario}`,
        )
      ).rows;
      // The value as PostgREST returns it: timestamps in ISO form (the grid sends back what it read).
      const asSent = async (x: string) => (s.column === 'received_at' ? ((await owner.query<{ v: string }>(`select to_json($1::timestamptz)#>>'{}' as v`, [x])).rows[0].v) : x);
      const ms = { gateway: [] as number[], floor: [] as number[], postgrestSql: [] as number[], serviceRole: [] as number[] };
      for (const c of cursors) {
        const x = await asSent(c.x);
        const past = s.asc ? 'gt' : 'lt';
        const params: [string, string][] = [
          ['select', '*'],
          ...s.rest,
          [s.column, `${s.asc ? 'gte' : 'lte'}.${x}`],
          ['or', `(${s.column}.${past}.${quoted(x)},and(${s.column}.eq.${quoted(x)},id.${past}.${quoted(c.id)}))`],
          ['order', `${s.column}.${dir},id.${dir}`],
          ['limit', '100'],
        ];
        const sql = `select * from public.service_requests where ${s.where} and ${s.column} ${s.asc ? '>=' : '<='} $1 and (${s.column} ${s.asc ? '>' : '<'} $1 or (${s.column} = $1 and id ${s.asc ? '>' : '<'} $2)) order by ${s.column} ${dir}, id ${dir} limit 100`;
        const page = await get('clerk', 'service_requests', params);
        if (page.rows.length !== 100) throw new Error(`${s.name}: ${page.rows.length} rows after row ${c.rn}`);
        if (String(page.rows[0].id) === c.id) throw new Error(`${s.name}: the seek repeated its cursor row`);
        ms.gateway.push(page.ms);
        const started = performance.now();
        const direct = await floor.query(sql, [x, c.id]);
        ms.floor.push(performance.now() - started);
        if (direct.rows[0].id !== page.rows[0].id) throw new Error(`${s.name}: the floor query read another page than the gateway`);
        ms.postgrestSql.push(await asPostgrestSends(floor, claims, sql, [x, c.id]));
        ms.serviceRole.push((await get('serviceRole', 'service_requests', params)).ms);
      }
      const g = summary(ms.gateway);
      const f = summary(ms.floor);
      const r = summary(ms.serviceRole);
      results.push({ name: s.name, rows, depths: cursors.length, gateway: g, floor: f, postgrestSql: summary(ms.postgrestSql), serviceRole: r, gatewayOverFloorP95Ms: g.p95Ms - f.p95Ms, rlsOverServiceP95: g.p95Ms / r.p95Ms });
      all.gateway.push(...ms.gateway);
      all.floor.push(...ms.floor);
      all.postgrestSql.push(...ms.postgrestSql);
      all.serviceRole.push(...ms.serviceRole);
    }

    // A jump to row `jumpTo` of the default view: the sampled value there, then the page from it.
    const total = Number((await owner.query<{ n: string }>('select count(*) as n from public.service_requests')).rows[0].n);
    const jumpRuns: { sample: number; page: number; landed: number }[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const plan = (await get('clerk', 'rpc/register_sample_plan', [['p_register', 'service_requests']])).rows[0] as { percent: number; sampled: number; total_rows: number };
      const seen = await get('clerk', 'sample_service_requests', [['select', 'id'], ['limit', '1']], 'count=exact', 'HEAD');
      const at = Math.min(seen.total - 1, Math.floor((Math.min(jumpTo, total) / total) * seen.total));
      const value = (await get('clerk', 'sample_service_requests', [['select', 'received_at'], ['order', 'received_at.desc,id.desc'], ['offset', String(at)], ['limit', '1']])).rows[0].received_at as string;
      const sampled = performance.now() - started;
      const page = await get('clerk', 'service_requests', [['select', '*'], ['received_at', `lte.${value}`], ['order', 'received_at.desc,id.desc'], ['limit', '100']]);
      const landed = Number((await owner.query<{ n: string }>('select count(*) as n from public.service_requests where received_at > $1', [value])).rows[0].n);
      jumpRuns.push({ sample: sampled, page: page.ms, landed });
      void plan;
    }
    const landedAt = median(jumpRuns.map((r) => r.landed));

    // Counts: the kind filter and the whole register.
    const countOf = async (who: keyof typeof bearer, params: [string, string][], prefer = 'count=exact') => {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await get(who, 'service_requests', [['select', 'id'], ...params, ['limit', '1']], prefer));
      return { total: runs[0].total, ms: median(runs.map((r) => r.ms)) };
    };
    const estimateOf = async (params: [string, string][]) => {
      const runs = [];
      let estimate = 0;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const plan = (await get('clerk', 'rpc/register_sample_plan', [['p_register', 'service_requests']])).rows[0] as { percent: number; sampled: number; total_rows: number };
        const seen = await get('clerk', 'sample_service_requests', [['select', 'id'], ...params, ['limit', '1']], 'count=exact');
        estimate = plan.percent >= 100 ? seen.total : Math.round((seen.total / plan.sampled) * plan.total_rows);
        runs.push(performance.now() - started);
      }
      return { estimate, ms: median(runs) };
    };
    const kind: [string, string][] = [['kind', 'eq.报修']];
    const exactClerk = await countOf('clerk', kind);
    const exactService = await countOf('serviceRole', kind);
    const estimated = await estimateOf(kind);
    const planner = await countOf('clerk', kind, 'count=estimated');
    const wholeClerk = await countOf('clerk', []);
    const wholeService = await countOf('serviceRole', []);
    const wholeEstimate = await estimateOf([]);

    const metadataRuns: number[] = [];
    let registers = 0;
    for (let i = 0; i < 5; i++) {
      // POST, as the app calls it (it fills its cache, so it is not read-only)
      const m = await get('clerk', 'rpc/register_metadata', [], undefined, 'POST');
      metadataRuns.push(m.ms);
      registers = m.rows.length;
    }

    const errorPct = (estimate: number, truth: number) => (100 * (estimate - truth)) / Math.max(truth, 1);
    const g = summary(all.gateway);
    const f = summary(all.floor);
    return {
      note: 'pages of 100 by seeking (keyset): the sort column bound + or=(col.lt.x,and(col.eq.x,id.lt.y)), as the grid asks; floor = the same SELECT as the clerk straight in Postgres (node-postgres, one connection)',
      scenarios: results,
      all: { gateway: g, floor: f, postgrestSql: summary(all.postgrestSql), serviceRole: summary(all.serviceRole), gatewayOverFloorP95Ms: g.p95Ms - f.p95Ms, target: 'gateway p95 ≤ 50 ms and ≤ floor p95 + 10 ms' },
      jump: {
        target: jumpTo,
        runs: jumpRuns.length,
        sampleMs: median(jumpRuns.map((r) => r.sample)),
        pageMs: median(jumpRuns.map((r) => r.page)),
        totalMs: median(jumpRuns.map((r) => r.sample + r.page)),
        landedAt,
        offByRows: landedAt - jumpTo,
        target_: 'rows visible ≤ 300 ms (API part here; the grid figure is in grid)',
      },
      count: {
        filter: 'kind=eq.报修',
        truth: exactClerk.total,
        clerkExactMs: exactClerk.ms,
        serviceRoleExactMs: exactService.ms,
        clerkOverService: exactClerk.ms / exactService.ms,
        estimate: estimated.estimate,
        estimateErrorPct: errorPct(estimated.estimate, exactClerk.total),
        estimateMs: estimated.ms,
        plannerEstimate: planner.total,
        plannerErrorPct: errorPct(planner.total, exactClerk.total),
        unfilteredTruth: wholeClerk.total,
        unfilteredClerkExactMs: wholeClerk.ms,
        unfilteredServiceRoleExactMs: wholeService.ms,
        unfilteredEstimate: wholeEstimate.estimate,
        unfilteredEstimateErrorPct: errorPct(wholeEstimate.estimate, wholeClerk.total),
        target: 'exact ≤ 1.5× service_role, or "≈" within 5% while the exact count arrives',
      },
      metadata: { clerkMs: median(metadataRuns), runs: metadataRuns, registers, target: 'cheap (was 370–430 ms per call)' },
    };
  } finally {
    await owner.end();
    await floor.end();
  }
}
