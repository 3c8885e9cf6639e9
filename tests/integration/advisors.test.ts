// Supabase's own linter (splinter, via `supabase db advisors`) is the referee of the schema.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { stackEnv } from '../support/stack.ts';

const run = promisify(execFile);

it('Supabase’s database advisors report no warning on the migrated schema', { timeout: 120_000 }, async () => {
  const { stdout, stderr } = await run(
    'node_modules/.bin/supabase',
    ['db', 'advisors', `--remote=${stackEnv().DB_URL}`, '--type', 'all', '--fail-on', 'warn'],
    { env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' } },
  );
  expect(`${stdout}\n${stderr}`).toContain('No issues found');
});
