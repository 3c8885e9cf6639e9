// The embedded stack's stand-in for pg_cron + pg_net (cron in UTC, as pg_cron): reads public.scheduled_jobs (the same
// table a Supabase project's cron registration reads) and calls each due job's Edge Function.
import { Cron } from 'croner';
import pg from 'pg';
import { apiUrl, dbUrl, type StackConfig } from './config.ts';
import type { ApiKeys } from './keys.ts';
import { startDailyBackups } from './daily-backup.ts';

type JobRow = { name: string; function_name: string; schedule: string; enabled: boolean; run_requested_at: Date | null };

/** `since`: a scheduler started again after it died fires what fell due while it was down (supervisor.ts). */
export function startScheduler(c: StackConfig, keys: ApiKeys, log: (line: string) => void, since?: Date): { stop(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: dbUrl(c), max: 2 });
  pool.on('error', (e) => log(`[scheduler] database: ${e.message}`));
  // When each job last fired in this process; a job fires when its next cron time after that has come.
  const lastFired = new Map<string, Date>();
  const running = new Set<string>();
  const startedAt = since ?? new Date();
  let stopped = false;

  async function invoke(job: JobRow, dueAt: Date, trigger: 'schedule' | 'manual' = 'schedule'): Promise<void> {
    running.add(job.name);
    try {
      const response = await fetch(`${apiUrl(c)}/functions/v1/${job.function_name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.serviceRoleKey}`, apikey: keys.serviceRoleKey, 'content-type': 'application/json' },
        body: JSON.stringify({ as_of: dueAt.toISOString(), trigger }),
        signal: AbortSignal.timeout(10 * 60_000),
      });
      if (!response.ok) log(`[scheduler] ${job.name}: HTTP ${response.status} ${await response.text()}`);
    } catch (e) {
      log(`[scheduler] ${job.name}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      running.delete(job.name);
    }
  }

  async function tick(): Promise<void> {
    const now = new Date();
    let jobs: JobRow[];
    try {
      jobs = (await pool.query<JobRow>('select name, function_name, schedule, enabled, run_requested_at from public.scheduled_jobs')).rows;
    } catch (e) {
      log(`[scheduler] cannot read the schedule: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    for (const job of jobs) {
      if (running.has(job.name)) continue;
      if (job.run_requested_at) {
        // An admin asked for a run (public.request_job_run): claim the request, then run it now.
        const claimed = await pool.query('update public.scheduled_jobs set run_requested_at = null where name = $1 and run_requested_at is not null', [job.name]);
        if (claimed.rowCount) void invoke(job, now, 'manual');
        continue;
      }
      if (!job.enabled) continue;
      let next: Date | null;
      try {
        next = new Cron(job.schedule, { paused: true, timezone: 'Etc/UTC' }).nextRun(lastFired.get(job.name) ?? startedAt);
      } catch {
        log(`[scheduler] ${job.name}: invalid cron expression "${job.schedule}"`);
        continue;
      }
      if (next && next <= now) {
        lastFired.set(job.name, now);
        void invoke(job, next);
      }
    }
  }

  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, c.schedulerTickSeconds * 1000);
  // The local stack's own daily backup (settings backup.*), which pg_cron on a hosted project does not run.
  const backups = startDailyBackups(c, log);
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await backups.stop();
      await pool.end();
    },
  };
}
