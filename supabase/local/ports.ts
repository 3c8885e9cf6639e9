// A taken port is reported before anything starts, naming the setting that moves it.
import net from 'node:net';
import type { StackConfig } from './config.ts';
import { StackError } from './stack-error.ts';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function assertPortsFree(c: StackConfig): Promise<void> {
  const wanted: [string, number][] = [
    ['TAIZHANG_API_PORT', c.apiPort],
    ['TAIZHANG_DB_PORT', c.dbPort],
    ['TAIZHANG_REST_PORT', c.restPort],
    ['TAIZHANG_REST_PORT (admin = REST port + 100)', c.restPort + 100],
    ['TAIZHANG_AUTH_PORT', c.authPort],
    ['TAIZHANG_FUNCTIONS_PORT', c.functionsPort],
    ['TAIZHANG_REALTIME_PORT', c.realtimePort],
  ];
  for (const [setting, port] of wanted) {
    if (!(await isFree(port))) {
      throw new StackError(`port ${port} is already in use on 127.0.0.1 (set ${setting} to use another)`);
    }
  }
}

/** A free port chosen by the OS, for tests that start their own stack. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
