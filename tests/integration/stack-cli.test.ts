// The stack's command line behaves like the Supabase CLI's and fails in one clear line.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../supabase/local/ports.ts';

const run = promisify(execFile);

async function stackCommand(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'supabase/local/cli.ts', ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failure = e as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('npm run stack', () => {
  it('reports a taken port in one line, naming the setting that moves it', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const dir = path.join(os.tmpdir(), `taizhang-port-${process.pid}`);
      const result = await stackCommand(['start'], { TAIZHANG_STACK_DIR: dir, TAIZHANG_API_PORT: String(port), TAIZHANG_DB_PORT: String(await freePort()) });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`port ${port} is already in use`);
      expect(result.stderr).toContain('TAIZHANG_API_PORT');
    } finally {
      blocker.close();
    }
  });

  it('reports an unusable data folder in one line', async () => {
    // A folder inside a regular file can never be created, even by root.
    const file = path.join(os.tmpdir(), `taizhang-file-${process.pid}`);
    await fs.writeFile(file, 'not a folder');
    const result = await stackCommand(['start'], { TAIZHANG_STACK_DIR: path.join(file, 'data') });
    await fs.rm(file);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('data folder');
  });

  it('says so when status is asked of a stack that is not running', async () => {
    const result = await stackCommand(['status', '-o', 'env'], { TAIZHANG_STACK_DIR: path.join(os.tmpdir(), 'taizhang-none') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not running');
  });
});
