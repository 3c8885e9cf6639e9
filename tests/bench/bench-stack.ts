// An embedded stack of the bench's own, in a temporary folder on free ports (as the test setup
// starts one), so a million seeded rows never land in the developer's data; removed at the end.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readStackConfig } from '../../supabase/local/config.ts';
import type { StackState } from '../../supabase/local/state.ts';
import { startStack, stopStack } from '../../supabase/local/stack-control.ts';
import { isolatedEnv } from '../support/isolated-env.ts';

export type BenchStack = StackState & { dataDir: string; stop(): Promise<void> };

export async function startBenchStack(): Promise<BenchStack> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-bench-'));
  // Postgres runs as user `postgres` when we are root: it must be able to enter the folder.
  await fs.chmod(dataDir, 0o755);
  const env = await isolatedEnv(dataDir);
  const config = readStackConfig(env);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopStack(config).catch(() => false);
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  try {
    return { ...(await startStack(config, env)), dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
