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
    TAIZHANG_REALTIME_PORT: String(await freePort()),
    // Every test signs in as the demo users from one address, far more often than hosted
    // Supabase's 30 per 5 minutes allows; the rate-limit test starts its own strict auth service.
    TAIZHANG_AUTH_RATE_LIMIT_SIGN_IN_SIGN_UPS: '100000',
    TAIZHANG_AUTH_RATE_LIMIT_TOKEN_REFRESH: '100000',
    // A throwaway stack needs no daily backup (the backup test calls it itself).
    TAIZHANG_DAILY_BACKUP: 'off',
    ...extra,
  };
}
