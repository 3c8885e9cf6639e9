// One in-Node part of the stack in a process of its own, so the daemon can supervise it like the
// binaries (restart it when it dies, show its pid): `node --import tsx part.ts auth|scheduler|realtime`.
// The configuration comes from the same environment the daemon read.
import { apiUrl, dbUrl, readStackConfig } from './config.ts';
import { startAuthServer } from './gotrue/server.ts';
import { deriveApiKeys } from './keys.ts';
import { readProjectConfig } from './project-config.ts';
import { startRealtime } from './realtime/server.ts';
import { startScheduler } from './scheduler.ts';

const log = (line: string) => process.stdout.write(`${line.replace(/^\[[a-z]+\] /, '')}\n`);

async function main(part: string | undefined): Promise<() => Promise<void>> {
  const config = readStackConfig();
  if (part === 'auth') {
    const project = await readProjectConfig();
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
    return auth.close;
  }
  if (part === 'scheduler') {
    // Started again after it died: what fell due meanwhile still fires (once).
    const since = process.env.TAIZHANG_SCHEDULER_DOWN_SINCE ? new Date(process.env.TAIZHANG_SCHEDULER_DOWN_SINCE) : undefined;
    const scheduler = startScheduler(config, await deriveApiKeys(config.jwtSecret), log, since);
    return scheduler.stop;
  }
  if (part === 'realtime') {
    // Started again after it died: the changes made meanwhile (kept by the replication slot) are
    // read at once and kept a while, and a channel that rejoins in that while receives them too.
    const restarted = Boolean(process.env.TAIZHANG_REALTIME_DOWN_SINCE);
    const realtime = await startRealtime({
      port: config.realtimePort,
      dbUrl: dbUrl(config),
      jwtSecret: config.jwtSecret,
      log,
      catchUpMs: restarted ? Number(process.env.TAIZHANG_REALTIME_CATCH_UP_SECONDS ?? 30) * 1000 : 0,
      onFatal: (why) => {
        log(`[realtime] ${why}; exiting to be restarted`);
        process.exit(1);
      },
    });
    return realtime.stop;
  }
  throw new Error(`unknown part ${part ?? '(none)'}`);
}

main(process.argv[2]).then(
  (stop) => {
    // The daemon waits for this line before it counts the part as up.
    log('part ready');
    let stopping = false;
    const end = () => {
      if (stopping) return;
      stopping = true;
      const force = setTimeout(() => process.exit(0), 3000);
      force.unref();
      void stop().finally(() => process.exit(0));
    };
    process.on('SIGTERM', end);
    process.on('SIGINT', end);
    // The daemon holds the other end of stdin and stdout: when it is gone, so is this part.
    process.stdout.on('error', () => process.exit(0));
    process.stdin.on('close', () => process.exit(0));
    process.stdin.on('end', () => process.exit(0));
    process.stdin.resume();
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
