// The stack's background process: starts every part in order, writes the state file once all
// are healthy, and on SIGTERM/SIGINT stops them in reverse order. `cli.ts start` spawns it.
import fs from 'node:fs/promises';
import { apiUrl, dbUrl, readStackConfig } from './config.ts';
import { deriveApiKeys } from './keys.ts';
import { assertPortsFree } from './ports.ts';
import { startPostgres } from './postgres.ts';
import { applyBootstrap, pushMigrations } from './migrate.ts';
import { startPostgrest } from './postgrest.ts';
import { startAuthServer } from './gotrue/server.ts';
import { readProjectConfig } from './project-config.ts';
import { startEdgeRuntime } from './edge-runtime.ts';
import { startGateway } from './gateway.ts';
import { startScheduler } from './scheduler.ts';
import { logFile, removeState, writeState } from './state.ts';
import { StackError } from './stack-error.ts';

const config = readStackConfig();
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
const stops: { name: string; stop: () => Promise<void> }[] = [];
let shuttingDown = false;

async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    await removeState(config).catch(() => undefined);
    for (const part of stops.reverse()) {
      await part.stop().catch((e: unknown) => log(`[stack] stopping ${part.name}: ${String(e)}`));
    }
    log('[stack] stopped');
  }
  process.exit(code);
}

process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));

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

  const postgres = await startPostgres(config, log);
  stops.push({ name: 'postgres', stop: postgres.stop });
  log(`[stack] postgres ready on ${config.dbPort}${postgres.freshlyInitialised ? ' (new database)' : ''}`);
  await applyBootstrap(config);
  await pushMigrations(config, log);

  const rest = await startPostgrest(config, project, log);
  stops.push({ name: 'postgrest', stop: rest.stop });
  const auth = await startAuthServer({
    port: config.authPort,
    dbUrl: dbUrl(config),
    jwtSecret: config.jwtSecret,
    jwtExpirySeconds: project.auth.jwtExpiry,
    apiExternalUrl: apiUrl(config),
    refreshTokenReuseIntervalSeconds: project.auth.refreshTokenReuseInterval,
    minimumPasswordLength: project.auth.minimumPasswordLength,
    passwordRequirements: project.auth.passwordRequirements,
    rateLimits: project.auth.rateLimits,
    passwordVerificationHook: project.auth.passwordVerificationHook,
  });
  stops.push({ name: 'auth', stop: auth.close });
  const functions = await startEdgeRuntime(config, keys, log);
  stops.push({ name: 'functions', stop: functions.stop });
  const gateway = await startGateway(config, keys, project, log);
  stops.push({ name: 'gateway', stop: gateway.close });
  const scheduler = startScheduler(config, keys, log);
  stops.push({ name: 'scheduler', stop: scheduler.stop });

  await writeState(config, {
    pid: process.pid,
    apiUrl: apiUrl(config),
    dbUrl: dbUrl(config),
    anonKey: keys.anonKey,
    serviceRoleKey: keys.serviceRoleKey,
    jwtSecret: config.jwtSecret,
    startedAt: new Date().toISOString(),
    logFile: logFile(config),
  });
  log(`[stack] ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main().catch(async (e: unknown) => {
  const message = e instanceof StackError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
  log(`ERROR: ${message}`);
  await shutdown(1);
});
