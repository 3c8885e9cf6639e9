// The suite as four Vitest projects. `unit` needs no stack and runs in seconds; `db` and `e2e`
// share one embedded stack, started by the global setup (or reused from `npm start`); `faults`
// is for parts killed under load (issue 13).
import { defineConfig } from 'vitest/config';

const stackSetup = ['tests/support/global-setup.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // The stack's Postgres, PostgREST and Deno share the machine with the test workers.
    maxWorkers: 2,
    projects: [
      // One module graph per worker, not per file: the column kinds pull in antd and the grid, and
      // importing them anew for each file took most of the run (48 s against 13 s, 79 tests). Unit
      // tests therefore put back any shared state they change (the language: afterEach).
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}'], isolate: false } },
      { extends: true, test: { name: 'db', include: ['tests/integration/**/*.test.ts'], globalSetup: stackSetup } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], globalSetup: stackSetup } },
      // Issue 13: parts of a stack killed under a write load, the whole stack restarted, starts that
      // cannot succeed. Its tests kill parts of a stack, so they get no shared one: each file starts
      // its own (tests/faults/fault-support.ts), one file at a time (about a minute in all).
      { extends: true, test: { name: 'faults', include: ['tests/faults/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
