// `npm run stack -- <start|stop|status|reset>` and `npm start` (stack + app), driven like the Supabase CLI.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot, readStackConfig, type StackConfig } from './config.ts';
import { demoAccounts, demoPassword } from './demo-accounts.ts';
import { readRunningState, type StackState } from './state.ts';
import { resetStack, startStack, stopStack } from './stack-control.ts';
import { dataCommand } from './backup-cli.ts';
import { StackError } from './stack-error.ts';
import { buildDigest, buildFolder, hasBuild, removeOtherBuilds } from './app-build.ts';

function printStatus(state: StackState, format: string | undefined): void {
  const values = {
    API_URL: state.apiUrl,
    DB_URL: state.dbUrl,
    ANON_KEY: state.anonKey,
    SERVICE_ROLE_KEY: state.serviceRoleKey,
    JWT_SECRET: state.jwtSecret,
  };
  const parts = partRows(state);
  if (format === 'env') {
    for (const [k, v] of Object.entries(values)) console.log(`${k}="${v}"`);
    for (const p of parts) {
      const key = `PART_${p.name.toUpperCase()}`;
      console.log(`${key}_STATE="${p.state}"\n${key}_PID="${p.pid ?? ''}"\n${key}_UPTIME_SECONDS="${p.uptimeSeconds ?? ''}"\n${key}_RESTARTS="${p.restarts}"`);
    }
  } else if (format === 'json') {
    console.log(JSON.stringify({ ...values, PARTS: Object.fromEntries(parts.map(({ name, ...rest }) => [name, rest])) }, null, 2));
  } else {
    console.log(`         API URL: ${values.API_URL}`);
    console.log(`          DB URL: ${values.DB_URL}`);
    console.log(`        anon key: ${values.ANON_KEY}`);
    console.log(`service_role key: ${values.SERVICE_ROLE_KEY}`);
    console.log(`      JWT secret: ${values.JWT_SECRET}`);
    if (parts.length) console.log('\n  part        state        pid      uptime      restarts  last exit');
    for (const p of parts) {
      const uptime = p.uptimeSeconds === null ? '-' : formatDuration(p.uptimeSeconds);
      console.log(`  ${p.name.padEnd(11)} ${p.state.padEnd(12)} ${String(p.pid ?? '-').padEnd(8)} ${uptime.padEnd(11)} ${String(p.restarts).padEnd(9)} ${p.lastExit ?? ''}`);
    }
  }
}

/** Each supervised part as `status` shows it: state, pid, uptime (seconds, while up), restarts. */
function partRows(state: StackState) {
  return Object.entries(state.parts ?? {}).map(([name, p]) => ({
    name,
    state: p.state,
    pid: p.pid,
    uptimeSeconds: p.upSince ? Math.max(0, Math.round((Date.now() - Date.parse(p.upSince)) / 1000)) : null,
    restarts: p.restarts,
    lastExit: p.lastExit,
  }));
}

function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
}

function printDemoAccounts(): void {
  console.log(`\n演示账号 Demo accounts (密码 password: ${demoPassword})`);
  for (const a of demoAccounts) console.log(`  ${a.email.padEnd(28)} ${a.name}  ${a.role}  ${a.department}`);
}

/**
 * `npm start` (production: the app built once and served as built) and `npm run dev` (Vite's
 * development server, for developers): the stack, then the app on APP_PORT, until Ctrl-C.
 */
async function runApp(c: StackConfig, mode: 'production' | 'development'): Promise<void> {
  const alreadyRunning = readRunningState(c) !== null;
  const started = Date.now();
  console.log(alreadyRunning ? 'Using the stack that is already running.' : 'Starting the local Supabase stack…');
  const state = await startStack(c);
  if (!alreadyRunning) console.log(`Stack ready in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
  printStatus(state, undefined);

  const appPort = process.env.APP_PORT ?? '5173';
  const appEnv = { VITE_SUPABASE_URL: state.apiUrl, VITE_SUPABASE_ANON_KEY: state.anonKey };
  const vite = path.join(projectRoot, 'node_modules/.bin/vite');
  const listen = ['--port', appPort, '--strictPort', '--host', '127.0.0.1'];
  let args = listen;
  if (mode === 'production') {
    const digest = await buildDigest(appEnv);
    const outDir = buildFolder(digest);
    if (await hasBuild(outDir)) {
      console.log('App: the production build is up to date.');
    } else {
      const began = Date.now();
      console.log('App: building for production (once; again only when the sources change)…');
      await runToEnd(vite, ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { ...process.env, ...appEnv, NODE_ENV: 'production' });
      console.log(`App built in ${((Date.now() - began) / 1000).toFixed(1)}s.`);
      await removeOtherBuilds(digest);
    }
    args = ['preview', '--outDir', outDir, ...listen];
  }
  const app = spawn(vite, args, { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, ...appEnv, APP_PORT: appPort } });
  printDemoAccounts();
  console.log(`\n应用 App: http://127.0.0.1:${appPort}/   (Ctrl-C stops everything this command started)\n`);

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (app.exitCode === null) app.kill('SIGTERM');
    if (!alreadyRunning) {
      console.log('Stopping the stack…');
      await stopStack(c);
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  app.on('exit', (code) => void stopAll(code ?? 0));
}

/** Runs a command to its end with the output shown; a failure stops `npm start` with its code. */
function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: projectRoot, stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new StackError(`vite ${args[0]} exited with code ${code}`))));
  });
}

// Piping into `head` closes stdout early; that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const format = rest.includes('-o') ? rest[rest.indexOf('-o') + 1] : rest.find((a) => a.startsWith('--output='))?.slice(9);
  const c = readStackConfig();
  switch (command) {
    case 'start': {
      const began = Date.now();
      const state = await startStack(c);
      console.log(`Stack ready in ${((Date.now() - began) / 1000).toFixed(1)}s.`);
      printStatus(state, format);
      break;
    }
    case 'stop':
      console.log((await stopStack(c)) ? 'Stopped the local stack.' : 'The local stack is not running.');
      break;
    case 'status': {
      const state = readRunningState(c);
      if (!state) throw new StackError('the local stack is not running (npm run stack -- start)');
      printStatus(state, format);
      break;
    }
    case 'reset':
      printStatus(await resetStack(c), format);
      break;
    case 'serve':
      await runApp(c, 'production');
      break;
    case 'dev':
      // Against another Supabase (`npx supabase start` with Docker): only the development server.
      if (process.env.VITE_SUPABASE_URL) {
        spawn(path.join(projectRoot, 'node_modules/.bin/vite'), [], { cwd: projectRoot, stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
      } else {
        await runApp(c, 'development');
      }
      break;
    case 'backup':
    case 'restore':
    case 'export-data':
      await dataCommand(command, rest, c);
      break;
    default:
      console.log('usage: npm run stack -- <start|stop|status [-o env|json]|reset|backup [file]|restore <file>|export-data <file>>   ·   npm start (stack + built app)   ·   npm run dev (stack + development server)');
      process.exitCode = command ? 1 : 0;
  }
}

main().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error && e instanceof StackError ? e.message : e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
