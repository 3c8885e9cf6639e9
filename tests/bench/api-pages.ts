// Sorted, filtered 100-row pages straight from PostgREST, as the clerk (RLS on) and with the
// service_role key (RLS bypassed), at the same spread of offsets, interleaved so both see the same cache.
import { demoAccounts, demoPassword } from '../../supabase/local/demo-accounts.ts';
import { percentile, median } from './stats.ts';

export type PageTimings = { p50Ms: number; p95Ms: number; maxMs: number; meanMs: number };

export type ApiFigures = {
  query: string;
  requests: number;
  filteredRows: number;
  offsets: { min: number; max: number };
  clerk: PageTimings;
  serviceRole: PageTimings;
  clerkOverServiceP50: number;
  clerkOverServiceP95: number;
  /** The grid's own query (no filter) at offset 499,900: what a jump to row 500,000 asks the server. */
  deepPage: { offset: number; clerkMs: number; serviceRoleMs: number };
  firstPageCount: {
    clerkEstimated: { total: number; ms: number };
    clerkExact: { total: number; ms: number };
    serviceRoleEstimated: { total: number; ms: number };
  };
};

const filter = { column: 'kind', value: '报修' };
const order = 'received_at.desc,id.desc';
const limit = 100;

function summary(ms: number[]): PageTimings {
  return { p50Ms: percentile(ms, 50), p95Ms: percentile(ms, 95), maxMs: Math.max(...ms), meanMs: ms.reduce((a, b) => a + b, 0) / ms.length };
}

/** Offsets spread evenly over the filtered rows, in a shuffled (but fixed) order. */
function spreadOffsets(rows: number, count: number): number[] {
  const last = Math.max(0, rows - limit);
  const offsets = Array.from({ length: count }, (_, k) => Math.round((k * last) / Math.max(1, count - 1)));
  let seed = 20261123;
  for (let i = offsets.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [offsets[i], offsets[j]] = [offsets[j], offsets[i]];
  }
  return offsets;
}

export async function measureApiPages(stack: { apiUrl: string; anonKey: string; serviceRoleKey: string }, requests: number): Promise<ApiFigures> {
  const clerk = demoAccounts.find((a) => a.key === 'clerk')!;
  // The same password grant supabase-js's signInWithPassword sends.
  const signIn = await fetch(`${stack.apiUrl}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email: clerk.email, password: demoPassword }),
  });
  const session = (await signIn.json()) as { access_token?: string; msg?: string };
  if (!signIn.ok || !session.access_token) throw new Error(`sign-in as the clerk failed: HTTP ${signIn.status} ${session.msg ?? ''}`);
  const tokens = { clerk: session.access_token, serviceRole: stack.serviceRoleKey };

  const query = `select=*&${filter.column}=eq.${encodeURIComponent(filter.value)}&order=${order}&limit=${limit}`;
  /** One page; resolves to its time in ms and the total of its Content-Range. */
  const fetchPage = async (who: keyof typeof tokens, search: string, prefer?: string) => {
    const started = performance.now();
    const response = await fetch(`${stack.apiUrl}/rest/v1/service_requests?${search}`, {
      headers: { apikey: stack.anonKey, authorization: `Bearer ${tokens[who]}`, ...(prefer ? { prefer } : {}) },
    });
    const rows = (await response.json()) as unknown[];
    const ms = performance.now() - started;
    if (!response.ok || !Array.isArray(rows)) throw new Error(`${who} ${search}: HTTP ${response.status} ${JSON.stringify(rows).slice(0, 200)}`);
    const total = Number(response.headers.get('content-range')?.split('/')[1]);
    return { ms, rows: rows.length, total };
  };

  // Offsets stay within what the clerk sees (the service key sees a few more rows of other departments).
  const filteredRows = (await fetchPage('clerk', `select=id&${filter.column}=eq.${encodeURIComponent(filter.value)}&limit=1`, 'count=exact')).total;

  // Warm the connection pools and the plan caches; not counted.
  for (let i = 0; i < 5; i++) for (const who of ['clerk', 'serviceRole'] as const) await fetchPage(who, `${query}&offset=${i * 1000}`);

  const offsets = spreadOffsets(filteredRows, requests);
  const ms = { clerk: [] as number[], serviceRole: [] as number[] };
  for (const offset of offsets) {
    for (const who of ['clerk', 'serviceRole'] as const) {
      const page = await fetchPage(who, `${query}&offset=${offset}`);
      if (page.rows !== Math.min(limit, filteredRows - offset)) throw new Error(`${who} got ${page.rows} rows at offset ${offset}`);
      ms[who].push(page.ms);
    }
  }

  // The grid's first page asks for an estimated count; an exact one is shown for comparison.
  const firstPage = `select=*&order=${order}&limit=${limit}&offset=0`;
  const counted = async (who: keyof typeof tokens, count: 'estimated' | 'exact') => {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await fetchPage(who, firstPage, `count=${count}`));
    return { total: runs[0].total, ms: median(runs.map((r) => r.ms)) };
  };

  const deepOffset = 499_900;
  const deep = async (who: keyof typeof tokens) => {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push((await fetchPage(who, `select=*&order=${order}&limit=${limit}&offset=${deepOffset}`)).ms);
    return median(runs);
  };

  const clerkTimings = summary(ms.clerk);
  const serviceTimings = summary(ms.serviceRole);
  return {
    query: `GET /rest/v1/service_requests?${query}&offset=…`,
    requests,
    filteredRows,
    offsets: { min: Math.min(...offsets), max: Math.max(...offsets) },
    clerk: clerkTimings,
    serviceRole: serviceTimings,
    clerkOverServiceP50: clerkTimings.p50Ms / serviceTimings.p50Ms,
    clerkOverServiceP95: clerkTimings.p95Ms / serviceTimings.p95Ms,
    deepPage: { offset: deepOffset, clerkMs: await deep('clerk'), serviceRoleMs: await deep('serviceRole') },
    firstPageCount: {
      clerkEstimated: await counted('clerk', 'estimated'),
      clerkExact: await counted('clerk', 'exact'),
      serviceRoleEstimated: await counted('serviceRole', 'estimated'),
    },
  };
}
