// `status -o env` prints what `supabase status -o env` prints, for scripts and CI.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { stackEnv } from '../support/stack.ts';

const run = promisify(execFile);

it('prints API_URL, DB_URL, ANON_KEY, SERVICE_ROLE_KEY and JWT_SECRET of the running stack, and each part\'s state', async () => {
  const env = stackEnv();
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'supabase/local/cli.ts', 'status', '-o', 'env'], {
    env: { ...process.env, TAIZHANG_STACK_DIR: env.STACK_DIR },
  });
  const printed = Object.fromEntries(
    stdout.trim().split('\n').map((line) => {
      const [, key, value] = /^([A-Z_]+)="(.*)"$/.exec(line) ?? [];
      return [key, value];
    }),
  );
  expect(printed).toMatchObject({
    API_URL: env.API_URL,
    DB_URL: env.DB_URL,
    ANON_KEY: env.ANON_KEY,
    SERVICE_ROLE_KEY: env.SERVICE_ROLE_KEY,
    JWT_SECRET: env.JWT_SECRET,
  });
  // …and, for each supervised part (issue 13), its state, pid, uptime and restarts.
  for (const part of ['POSTGRES', 'POSTGREST', 'AUTH', 'FUNCTIONS', 'SCHEDULER', 'GATEWAY']) {
    expect(printed[`PART_${part}_STATE`]).toBe('up');
    expect(printed[`PART_${part}_PID`]).toMatch(/^\d+$/);
    expect(printed[`PART_${part}_RESTARTS`]).toMatch(/^\d+$/);
    expect(printed[`PART_${part}_UPTIME_SECONDS`]).toMatch(/^\d+$/);
  }
});
