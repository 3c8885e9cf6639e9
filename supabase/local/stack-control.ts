// Starting and stopping the background stack from another process (the CLI, the test setup).
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { projectRoot, type StackConfig } from './config.ts';
import { isAlive, logFile, readRunningState, readStateFile, removeState, type StackState } from './state.ts';
import { StackError } from './stack-error.ts';

const startTimeoutMs = 10 * 60_000;

function failureFromLog(c: StackConfig): string {
  const lines = existsSync(logFile(c)) ? readFileSync(logFile(c), 'utf8').split('\n').filter(Boolean) : [];
  // A migration that fails says why in the CLI's own ERROR line (and the key or detail on the next);
  // Postgres logs ERROR lines of its own on the way (the CLI probing its tables), which mislead.
  const push = lines.findIndex((l) => l.includes('[supabase db push] ERROR: '));
  if (push >= 0) {
    const detail = lines[push + 1]?.includes('[supabase db push] ') ? ` ${lines[push + 1].slice(lines[push + 1].indexOf('[supabase db push] ') + 19)}` : '';
    const migration = lines.slice(0, push).reverse().find((l) => l.includes('Applying migration '));
    const which = migration ? ` (while ${migration.slice(migration.indexOf('Applying migration ')).replace(/\.\.\.$/, '')})` : '';
    return `${lines[push].slice(lines[push].indexOf('ERROR: ') + 7)}${detail}${which}`;
  }
  const error = lines.find((l) => l.includes('ERROR: '));
  if (error) return error.slice(error.indexOf('ERROR: ') + 7);
  return `the stack exited during start-up; last lines of ${logFile(c)}:\n${lines.slice(-15).join('\n')}`;
}

/** Whether a pid is still the part the state file says (a pid can be reused once that process is gone). */
function isPartProcess(pid: number, name: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const binary = { postgres: 'postgres', postgrest: 'postgrest', functions: 'deno', auth: 'part.ts', scheduler: 'part.ts', realtime: 'part.ts' }[name];
    return binary ? command.includes(binary) : false;
  } catch {
    return process.platform !== 'linux';
  }
}

/**
 * Ends the parts a stack left behind when its daemon was killed (SIGKILL, power cut of the
 * terminal): their pids are in the state file. Postgres gets a fast shutdown, the others SIGTERM.
 */
export async function endLeftoverParts(c: StackConfig): Promise<string[]> {
  const state = readStateFile(c);
  if (!state?.parts || isAlive(state.pid)) return [];
  const left = Object.entries(state.parts).flatMap(([name, p]) => (p.pid && p.pid !== state.pid && isPartProcess(p.pid, name) ? [{ name, pid: p.pid }] : []));
  for (const { name, pid } of left) process.kill(pid, name === 'postgres' ? 'SIGINT' : 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (left.some((p) => isAlive(p.pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const { pid } of left) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return left.map((p) => p.name);
}

/** Starts the stack in the background and resolves once every part is healthy. */
export async function startStack(c: StackConfig, env: NodeJS.ProcessEnv = process.env): Promise<StackState> {
  const running = readRunningState(c);
  if (running) return running;
  try {
    await fs.mkdir(c.dataDir, { recursive: true });
  } catch {
    throw new StackError(`cannot create the data folder ${c.dataDir} (set TAIZHANG_STACK_DIR to another folder)`);
  }
  const leftover = await endLeftoverParts(c);
  await removeState(c);
  const out = openSync(logFile(c), 'w');
  if (leftover.length) writeSync(out, `${new Date().toISOString()} [stack] ended parts the last stack left running: ${leftover.join(', ')}\n`);
  const daemon = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'supabase/local/daemon.ts')], {
    cwd: projectRoot,
    env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  daemon.unref();
  const pid = daemon.pid ?? 0;
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    const state = readRunningState(c);
    if (state && state.pid === pid) return state;
    if (!isAlive(pid)) throw new StackError(failureFromLog(c));
    await new Promise((r) => setTimeout(r, 250));
  }
  process.kill(pid, 'SIGTERM');
  throw new StackError(`the stack did not become ready within ${startTimeoutMs / 60_000} minutes (see ${logFile(c)})`);
}

/** Stops the stack if it runs; resolves once its daemon (and so every part) has exited. */
export async function stopStack(c: StackConfig): Promise<boolean> {
  const state = readRunningState(c);
  if (!state) return false;
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (isAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(state.pid)) {
    process.kill(state.pid, 'SIGKILL');
    const killed = Date.now() + 2000;
    while (isAlive(state.pid) && Date.now() < killed) await new Promise((r) => setTimeout(r, 50));
    await endLeftoverParts(c);
  }
  await removeState(c);
  return true;
}

export async function resetStack(c: StackConfig): Promise<StackState> {
  await stopStack(c);
  await fs.rm(path.join(c.dataDir, 'db'), { recursive: true, force: true });
  return startStack(c);
}
