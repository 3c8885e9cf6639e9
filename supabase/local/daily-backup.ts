// The local stack's daily backup (issue 13 §2), run by its scheduler only (a hosted project has
// Supabase's own backups, so pg_cron does not register it). Settings rows (migration
// 20261125009000_local_backups.sql): backup.daily_hour — the hour of this machine's day from which
// the day's backup is taken; backup.keep_count — how many daily backups are kept (0 = none taken).
// One file a day, <stack dir>/backups/daily-YYYYMMDD-HHMMSS.tar.gz; a day whose file exists is
// done, so a restart does not take a second one. Backups taken by hand (taizhang-…) are never
// deleted here. TAIZHANG_DAILY_BACKUP=off turns it off (the test stacks do).
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { dbUrl, type StackConfig } from './config.ts';
import { backupStack, backupsDir, pruneBackups } from './backup.ts';

const prefix = 'daily';
const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (d: Date) => `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
const localTime = (d: Date) => `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;

export type DailyOutcome = { taken: string | null; pruned: string[]; reason: string };

async function settings(c: StackConfig): Promise<{ hour: number; keep: number }> {
  const client = new pg.Client({ connectionString: dbUrl(c), application_name: 'taizhang daily backup' });
  await client.connect();
  try {
    const r = await client.query<{ hour: number; keep: number }>(
      `select private.setting_int('backup.daily_hour', 2) as hour, private.setting_int('backup.keep_count', 7) as keep`,
    );
    return r.rows[0];
  } finally {
    await client.end();
  }
}

/** Takes today's backup when its hour has come and it is not there yet, then keeps the newest `keep`. */
export async function dailyBackupIfDue(c: StackConfig, now: Date, log: (line: string) => void): Promise<DailyOutcome> {
  const { hour, keep } = await settings(c);
  if (keep <= 0) return { taken: null, pruned: [], reason: 'backup.keep_count is 0: no daily backups' };
  if (now.getHours() < hour) return { taken: null, pruned: [], reason: `before ${hour}:00` };
  const dir = backupsDir(c);
  const today = localDay(now);
  if (existsSync(dir) && (await fs.readdir(dir)).some((n) => n.startsWith(`${prefix}-${today}-`) && n.endsWith('.tar.gz'))) {
    return { taken: null, pruned: [], reason: `today's backup (${today}) exists` };
  }
  // Leftovers of a backup interrupted (its process killed) more than an hour ago.
  if (existsSync(dir)) {
    for (const name of await fs.readdir(dir)) {
      if (!name.startsWith('.backup-') && !name.endsWith('.partial')) continue;
      const stat = await fs.stat(path.join(dir, name)).catch(() => null);
      if (stat && now.getTime() - stat.mtimeMs > 3_600_000) await fs.rm(path.join(dir, name), { recursive: true, force: true });
    }
  }
  const result = await backupStack(c, { file: path.join(dir, `${prefix}-${today}-${localTime(now)}.tar.gz`) });
  log(`[backup] daily backup ${path.basename(result.file)}: ${result.rows} rows, ${(result.bytes / 1048576).toFixed(1)} MB, ${result.seconds.toFixed(1)} s`);
  const pruned = await pruneBackups(c, prefix, keep);
  for (const name of pruned) log(`[backup] removed ${name} (backup.keep_count = ${keep})`);
  return { taken: result.file, pruned, reason: 'taken' };
}

/** Checks once a minute (or each scheduler tick, if shorter) whether the day's backup is due. */
export function startDailyBackups(c: StackConfig, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): { stop(): Promise<void> } {
  if (env.TAIZHANG_DAILY_BACKUP === 'off') return { stop: async () => undefined };
  let busy: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (busy) return;
    busy = dailyBackupIfDue(c, new Date(), log)
      .catch((e: unknown) => log(`[backup] daily backup failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (busy = null));
  }, Math.min(c.schedulerTickSeconds, 60) * 1000);
  return {
    stop: async () => {
      clearInterval(timer);
      await busy;
    },
  };
}
