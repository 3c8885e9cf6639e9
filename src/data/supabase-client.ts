// The one supabase-js client of the app, configured from the build's environment.
import { createClient } from '@supabase/supabase-js';
import type { Database } from '../types/database.types';
import { configureRecoveryProbe, watchedFetch } from './stack-recovery';

const url = import.meta.env.VITE_SUPABASE_URL as string | undefined;
const anonKey = import.meta.env.VITE_SUPABASE_ANON_KEY as string | undefined;

export const missingSupabaseEnv = !url || !anonKey;

export const supabaseClient = createClient<Database>(url ?? 'http://127.0.0.1:54321', anonKey ?? 'missing-anon-key', {
  auth: { persistSession: true, autoRefreshToken: true, detectSessionInUrl: false },
  // Every request is watched for the stack recovering (503 stack_recovering): the banner and retries.
  global: { fetch: watchedFetch },
});
configureRecoveryProbe(url ?? 'http://127.0.0.1:54321', anonKey ?? 'missing-anon-key');
