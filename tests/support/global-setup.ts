// Starts the embedded stack for the suite: reuses the one `npm start` runs, or starts a fresh
// one in a temporary folder on free ports and removes it afterwards.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { readStackConfig } from '../../supabase/local/config.ts';
import { readRunningState, type StackState } from '../../supabase/local/state.ts';
import { startStack, stopStack } from '../../supabase/local/stack-control.ts';
import { isolatedEnv } from './isolated-env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: Pick<StackState, 'apiUrl' | 'dbUrl' | 'anonKey' | 'serviceRoleKey' | 'jwtSecret'> & { dataDir: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const devConfig = readStackConfig();
  const running = readRunningState(devConfig);
  if (running) {
    project.provide('stack', { ...running, dataDir: devConfig.dataDir });
    return async () => {};
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-test-'));
  await fs.chmod(dataDir, 0o755);
  // Short ticks so scheduler tests see a job fire within seconds.
  const env = await isolatedEnv(dataDir, { TAIZHANG_SCHEDULER_TICK_SECONDS: '1' });
  const config = readStackConfig(env);
  const state = await startStack(config, env);
  project.provide('stack', { ...state, dataDir });
  return async () => {
    await stopStack(config);
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
