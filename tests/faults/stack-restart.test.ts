// Issue 13: the whole stack stopped and started again under a write load keeps every acknowledged
// write and leaves no process behind; a start that cannot succeed (a taken port, a full disk)
// says why in one line and exits non-zero quickly, never hangs.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../supabase/local/ports.ts';
import { startStack, stopStack } from '../../supabase/local/stack-control.ts';
import { isAlive, logFile, readRunningState } from '../../supabase/local/state.ts';
import { isolatedEnv } from '../support/isolated-env.ts';
import { clerkCustomer, clerkToken, msUntil, parts, startOwnStack, WriteLoad, type OwnStack } from './fault-support.ts';

type Outcome = { code: number; stdout: string; stderr: string; ms: number };

/** `npm run stack -- start` in a shell (so a file-size limit can be set first), timed. */
function cliStart(env: NodeJS.ProcessEnv, shellPrefix = ''): Promise<Outcome> {
  const began = Date.now();
  return new Promise((resolve) => {
    execFile('sh', ['-c', `${shellPrefix}exec "${process.execPath}" --import tsx supabase/local/cli.ts start`], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr, ms: Date.now() - began });
    });
  });
}

describe('a start that cannot succeed', () => {
  it('reports a taken port in one line and exits 1 within seconds', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-faults-port-'));
    try {
      const result = await cliStart(await isolatedEnv(dir, { TAIZHANG_REST_PORT: String(port) }));
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`port ${port} is already in use`);
      expect(result.stderr).toContain('TAIZHANG_REST_PORT');
      expect(result.ms).toBeLessThan(15_000);
    } finally {
      blocker.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('reports a full disk (files cannot grow) in one line and exits 1 within seconds', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-faults-full-'));
    await fs.chmod(dir, 0o755);
    try {
      // A 1 MB limit on file size: Postgres's first 16 MB WAL file cannot be written, as on a full disk.
      const result = await cliStart(await isolatedEnv(dir), 'ulimit -f 2048; ');
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/Postgres could not initialise .*could not write .*\(is the disk full\?\)/);
      expect(result.ms).toBeLessThan(30_000);
      expect(readRunningState({ dataDir: dir } as Parameters<typeof readRunningState>[0])).toBeNull();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the whole stack restarted under a write load', () => {
  let stack: OwnStack;
  let load: WriteLoad;
  let token: string;

  beforeAll(async () => {
    stack = await startOwnStack();
    token = await clerkToken(stack.state);
    load = new WriteLoad(stack.state.apiUrl, stack.state.anonKey, () => token, await clerkCustomer(stack.state));
    load.start(3);
    expect(await msUntil(() => load.acknowledged.size >= 10, 20_000)).not.toBeNull();
  }, 240_000);

  afterAll(async () => {
    await load?.stop();
    await stack?.remove();
  }, 60_000);

  it('stops every part (no restart while stopping), starts again with the data kept, and loses no acknowledged write', async () => {
    const pids = Object.values(parts(stack.config)).flatMap((p) => (p.pid ? [p.pid] : []));
    // postgres, postgrest, auth, functions, realtime, scheduler and the gateway
    expect(pids.length).toBe(7);

    const stopBegan = Date.now();
    expect(await stopStack(stack.config)).toBe(true);
    const stopMs = Date.now() - stopBegan;
    expect(pids.filter((pid) => isAlive(pid)), 'processes left after stop').toEqual([]);
    const log = readFileSync(logFile(stack.config), 'utf8');
    const afterStop = log.slice(log.indexOf('[stack] stopping'));
    expect(afterStop).not.toMatch(/restarting|is up again/);

    const startBegan = Date.now();
    const acknowledgedBefore = load.acknowledged.size;
    await startStack(stack.config, stack.env);
    const startMs = Date.now() - startBegan;
    // The clerk's token is still valid (same secret): writes are acknowledged again.
    expect(await msUntil(() => load.acknowledged.size > acknowledgedBefore + 5, 20_000)).not.toBeNull();
    await load.stop();

    const rows = await load.rowsPerMarker(stack.state.dbUrl);
    expect([...load.acknowledged].filter((m) => rows.get(m) !== 1), 'acknowledged writes not present exactly once').toEqual([]);
    expect([...rows.values()].every((n) => n === 1)).toBe(true);
    console.log(`\nWhole-stack restart under load: stop ${(stopMs / 1000).toFixed(1)} s, start ${(startMs / 1000).toFixed(1)} s; ${load.acknowledged.size} acknowledged writes all present once; outcomes ${JSON.stringify(Object.fromEntries(load.outcomes))}`);
  }, 120_000);
});
