// Builds the app for the running stack and serves the production build on a free local port.
import fs from 'node:fs/promises';
import path from 'node:path';
import { build, preview } from 'vite';
import { freePort } from '../../supabase/local/ports.ts';

/**
 * For tracing only: `readable`, not minified (a profile then names the libraries' functions);
 * `reactProfiling`, React's profiling build (fibers carry their render times, for a DevTools hook).
 */
export async function startAppServer(env: { apiUrl: string; anonKey: string; readable?: boolean; reactProfiling?: boolean }): Promise<{ url: string; close(): Promise<void> }> {
  // One folder per server: test files build in parallel, and a shared folder would be emptied
  // under another file's feet (its lazily loaded chunks would vanish).
  await fs.mkdir(path.resolve('node_modules/.tmp'), { recursive: true });
  const outDir = await fs.mkdtemp(path.resolve('node_modules/.tmp/e2e-dist-'));
  process.env.VITE_SUPABASE_URL = env.apiUrl;
  process.env.VITE_SUPABASE_ANON_KEY = env.anonKey;
  // A production build, as users get it: Vitest runs with NODE_ENV=test, which Vite would otherwise
  // honour with React's development build (StrictMode's double effects, slower rendering).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, ...(env.readable ? { minify: false } : {}) },
      ...(env.reactProfiling ? { resolve: { alias: [{ find: /^react-dom$/, replacement: 'react-dom/profiling' }] } } : {}),
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const port = await freePort();
  const server = await preview({ logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true } });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      await fs.rm(outDir, { recursive: true, force: true });
    },
  };
}
