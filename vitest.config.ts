// One suite: unit tests beside the code, integration tests against the embedded stack, browser
// tests in Chromium. The global setup starts the stack once (or reuses a running one).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
  },
});
