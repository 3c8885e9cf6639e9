// Password age (密码与权限治理制度: 密码更换间隔时间不得超过一个月): once a password is older than
// the setting password.max_age_days, the database refuses the person everything but the password
// change (private.my_user_id), and public.my_password_status says so. The answer is kept for a
// minute so that route checks do not ask on every navigation; a refused request asks afresh.
import { isAuthWeakPasswordError } from '@supabase/supabase-js';
import { supabaseClient } from '../supabase-client';

export type PasswordStatus = { must_change: boolean; changed_at: string | null; max_age_days: number };

/** What check() reports while the password must be changed (the sign-in page then shows the change form). */
export const passwordExpired = { name: 'password_expired', message: 'password_expired' };

const keepMs = 60_000;
let known: { userId: string; status: PasswordStatus; at: number } | null = null;

export async function fetchPasswordStatus(): Promise<PasswordStatus | null> {
  const { data, error } = await supabaseClient.rpc('my_password_status');
  if (error || !data) return null;
  return data as PasswordStatus;
}

/** Whether the signed-in person must change their password before anything else. */
export async function passwordMustChange(userId: string, fresh = false): Promise<boolean> {
  if (!fresh && known?.userId === userId && Date.now() - known.at < keepMs) return known.status.must_change;
  const status = await fetchPasswordStatus();
  // Unanswered (offline, a passing error): the database still refuses, so the app need not guess.
  if (!status) return known?.userId === userId ? known.status.must_change : false;
  known = { userId, status, at: Date.now() };
  return status.must_change;
}

/** After sign-in, sign-out or a password change the next check asks again. */
export function forgetPasswordStatus(): void {
  known = null;
}

/** Why the auth service refused a new password, in words the screen can translate. */
export type PasswordRefusal = { kind: 'weak'; reasons: string[] } | { kind: 'same' } | { kind: 'other' };

/** Sets the signed-in person's new password through Supabase Auth (recorded by the database). */
export async function changeOwnPassword(password: string): Promise<PasswordRefusal | null> {
  const { error } = await supabaseClient.auth.updateUser({ password });
  if (!error) {
    forgetPasswordStatus();
    return null;
  }
  if (isAuthWeakPasswordError(error)) return { kind: 'weak', reasons: error.reasons };
  if (error.code === 'weak_password') return { kind: 'weak', reasons: [] };
  if (error.code === 'same_password') return { kind: 'same' };
  return { kind: 'other' };
}
