// The environment of a stack of one's own: a temporary data folder and free ports, so it never
// meets the developer's stack (used by the test setup and the bench).
import { freePort } from '../../supabase/local/ports.ts';

export async function isolatedEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const api = await freePort();
  return {
    ...process.env,
    TAIZHANG_STACK_DIR: dataDir,
    TAIZHANG_API_PORT: String(api),
    TAIZHANG_DB_PORT: String(await freePort()),
    TAIZHANG_REST_PORT: String(await freePort()),
    TAIZHANG_AUTH_PORT: String(await freePort()),
    TAIZHANG_FUNCTIONS_PORT: String(await freePort()),
    ...extra,
  };
}
