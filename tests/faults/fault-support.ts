// What the fault tests share: a stack of their own (like tests/support/global-setup.ts, but one
// per file, since they kill its parts), the clerk's token, and a write load through the REST API
// that records which writes were acknowledged, to count them in SQL afterwards.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { readStackConfig, type StackConfig } from '../../supabase/local/config.ts';
import { demoAccounts, demoPassword } from '../../supabase/local/demo-accounts.ts';
import { startStack, stopStack } from '../../supabase/local/stack-control.ts';
import { readStateFile, type StackState } from '../../supabase/local/state.ts';
import type { PartStatus } from '../../supabase/local/supervisor.ts';
import { isolatedEnv } from '../support/isolated-env.ts';
import { departmentIds, operatorIds, uniquePhone } from '../support/ids.ts';

export type OwnStack = { env: NodeJS.ProcessEnv; config: StackConfig; state: StackState; dataDir: string; remove(): Promise<void> };

export async function startOwnStack(settings: NodeJS.ProcessEnv = {}): Promise<OwnStack> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-faults-'));
  await fs.chmod(dataDir, 0o755);
  const env = await isolatedEnv(dataDir, settings);
  const config = readStackConfig(env);
  const state = await startStack(config, env);
  return {
    env,
    config,
    state,
    dataDir,
    remove: async () => {
      await stopStack(config);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function parts(config: StackConfig): Record<string, PartStatus> {
  return readStateFile(config)?.parts ?? {};
}

export async function sql<T extends pg.QueryResultRow>(dbUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The demo clerk's access token, signed in through the gateway as the app does. */
export async function clerkToken(state: StackState): Promise<string> {
  const email = demoAccounts.find((a) => a.key === 'clerk')?.email;
  const response = await fetch(`${state.apiUrl}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: state.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: demoPassword }),
  });
  if (!response.ok) throw new Error(`sign-in as the clerk failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A customer of the clerk's that the load records contacts on. */
export async function clerkCustomer(state: StackState): Promise<string> {
  const [row] = await sql<{ id: string }>(
    state.dbUrl,
    'insert into public.customers (name, phone, department_id, owner_id) values ($1, $2, $3, $4) returning id',
    [`故障演练客户 ${Date.now()}`, uniquePhone(), departmentIds.KF1, operatorIds.clerk],
  );
  return row.id;
}

/**
 * A few writers inserting contacts as the clerk, each with a marker of its own in the summary,
 * one after another; a marker is never sent twice, so "present exactly once" is a real check.
 */
export class WriteLoad {
  readonly acknowledged = new Set<string>();
  readonly attempted = new Set<string>();
  readonly outcomes = new Map<string, number>();
  lastAckAt = 0;
  private running = false;
  private loops: Promise<void>[] = [];
  private seq = 0;

  constructor(
    private readonly apiUrl: string,
    private readonly anonKey: string,
    private readonly token: () => string,
    private readonly customerId: string,
    readonly prefix = `fault-${process.pid}-${Date.now()}-`,
  ) {}

  start(writers = 3): void {
    this.running = true;
    for (let w = 0; w < writers; w += 1) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  private count(outcome: string): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const marker = `${this.prefix}${(this.seq += 1)}`;
      this.attempted.add(marker);
      try {
        const response = await fetch(`${this.apiUrl}/rest/v1/contacts`, {
          method: 'POST',
          headers: {
            apikey: this.anonKey,
            authorization: `Bearer ${this.token()}`,
            'content-type': 'application/json',
            prefer: 'return=minimal',
          },
          body: JSON.stringify({ customer_id: this.customerId, kind: '电话', summary: marker }),
          signal: AbortSignal.timeout(20_000),
        });
        const body = await response.text();
        if (response.status >= 200 && response.status < 300) {
          this.acknowledged.add(marker);
          this.lastAckAt = Date.now();
          this.count(String(response.status));
        } else {
          const code = /"code":"([^"]+)"/.exec(body)?.[1];
          this.count(`${response.status}${code ? ` ${code}` : ''}`);
        }
      } catch (e) {
        this.count(`no answer (${(e as Error).cause instanceof Error ? ((e as Error).cause as NodeJS.ErrnoException).code : (e as Error).name})`);
      }
      // Like a person at work: at once after an answer, a little later when none came.
      await new Promise((r) => setTimeout(r, this.lastAckAt > Date.now() - 50 ? 20 : 100));
    }
  }

  /** How many rows carry each marker of this load. */
  async rowsPerMarker(dbUrl: string): Promise<Map<string, number>> {
    const rows = await sql<{ summary: string; n: number }>(
      dbUrl,
      `select summary, count(*)::int as n from public.contacts where summary like $1 group by summary`,
      [`${this.prefix}%`],
    );
    return new Map(rows.map((r) => [r.summary, r.n]));
  }
}

/**
 * Checks every 200 ms (a timer loop with a deadline, not one long sleep) until `ready` holds;
 * resolves with the milliseconds it took, or null when the deadline passed.
 */
export async function msUntil(ready: () => Promise<boolean> | boolean, deadlineMs: number, since = Date.now()): Promise<number | null> {
  while (Date.now() - since < deadlineMs) {
    if (await Promise.resolve(ready()).catch(() => false)) return Date.now() - since;
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

export async function answers(url: string, init: RequestInit, ok: (status: number) => boolean): Promise<boolean> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    return ok(response.status);
  } catch {
    return false;
  }
}
