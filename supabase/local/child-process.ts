// Long-running helper processes of the stack: logged line by line, stopped gracefully.
import { spawn, type ChildProcess } from 'node:child_process';
import { StackError } from './stack-error.ts';
import { describeExit, type PartHandle } from './supervisor.ts';

export type RunningChild = PartHandle & { process: ChildProcess; lastLines(): string[]; saidLine(text: string): boolean };

export function startChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): RunningChild {
  // stdin stays open: a Node part (part.ts) ends when it closes, i.e. when the daemon is gone.
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin?.on('error', () => undefined);
  const recent: string[] = [];
  const said = new Set<string>();
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 10) recent.shift();
      if (said.size < 100) said.add(line.trim());
      log(`[${name}] ${line}`);
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  child.on('error', (e) => log(`[${name}] ${e.message}`));
  const exited = new Promise<string>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(describeExit(child.exitCode, child.signalCode));
    child.once('exit', (code, signal) => resolve(describeExit(code, signal)));
    child.once('error', (e) => resolve(e.message));
  });
  return {
    process: child,
    pid: child.pid,
    exited,
    lastLines: () => [...recent],
    saidLine: (text) => said.has(text),
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Polls a URL until it answers (any status below 500), the child dies, or time runs out. */
export async function waitForHttp(name: string, url: string, child: ChildProcess | null, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new StackError(`${name} exited during start-up (see the stack log)`);
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.status < 500)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new StackError(`${name} did not become healthy at ${url} within ${timeoutMs / 1000}s`);
}

/**
 * Waits for a started child to answer at its health URL; if it does not, stops it and fails with
 * its last log lines (a part that cannot start is reported, never waited for without end).
 */
export async function healthyOrStopped(name: string, child: RunningChild, url: string | { line: string }, timeoutMs: number): Promise<RunningChild> {
  try {
    if (typeof url === 'string') await waitForHttp(name, url, child.process, timeoutMs);
    else await waitForLine(name, child, url.line, timeoutMs);
    return child;
  } catch (e) {
    await child.stop();
    const lines = child.lastLines();
    const tail = lines.length ? `; its last lines: ${lines.slice(-5).join(' / ')}` : '';
    throw new StackError(`${(e as Error).message}${tail}`);
  }
}

async function waitForLine(name: string, child: RunningChild, line: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.saidLine(line)) return;
    if (child.process.exitCode !== null || child.process.signalCode !== null) throw new StackError(`${name} exited during start-up`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new StackError(`${name} did not report ready within ${timeoutMs / 1000}s`);
}
