// Starts the embedded stack for the `db` and `e2e` projects: always a fresh one in a temporary folder
// on free ports, removed afterwards. (Not the one `npm start` runs: that one keeps hosted Supabase's
// sign-in rate limits and a 30-second scheduler tick, which a suite that signs in hundreds of times
// and waits for jobs to fire would trip over; its data would also be changed by the tests.)
// Vitest runs a global setup once per project, each project loading this module anew, so the
// stack is kept on globalThis: the first project starts it, the next reuses it, the last
// teardown stops it.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { readStackConfig } from '../../supabase/local/config.ts';
import type { StackState } from '../../supabase/local/state.ts';
import { startStack, stopStack } from '../../supabase/local/stack-control.ts';
import { isolatedEnv } from './isolated-env.ts';

type ProvidedStack = Pick<StackState, 'apiUrl' | 'dbUrl' | 'anonKey' | 'serviceRoleKey' | 'jwtSecret'> & { dataDir: string };

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

type SharedStack = { users: number; stack: Promise<ProvidedStack>; stop: () => Promise<void> };

const key = Symbol.for('taizhang.test-stack');
const holder = globalThis as typeof globalThis & { [key]?: SharedStack };

function acquire(): SharedStack {
  let stop = async (): Promise<void> => {};
  const stack = (async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'taizhang-test-'));
    await fs.chmod(dataDir, 0o755);
    // Short ticks so scheduler tests see a job fire within seconds.
    const env = await isolatedEnv(dataDir, { TAIZHANG_SCHEDULER_TICK_SECONDS: '1' });
    const config = readStackConfig(env);
    stop = async () => {
      await stopStack(config);
      await fs.rm(dataDir, { recursive: true, force: true });
    };
    const state = await startStack(config, env);
    return { ...state, dataDir };
  })();
  return { users: 0, stack, stop: () => stop() };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (holder[key] ??= acquire());
  shared.users += 1;
  project.provide('stack', await shared.stack);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete holder[key];
    await shared.stop();
  };
}
