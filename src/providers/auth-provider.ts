// Refine's auth provider on Supabase Auth through supabase-js.
import type { AuthProvider, HttpError } from '@refinedev/core';
import { fetchCurrentOperator } from '../data/operators/current-operator';
import { supabaseClient } from '../data/supabase-client';
import { forgetPerson } from '../data/session/forget-person';
import { forgetPasswordStatus, passwordExpired, passwordMustChange } from '../data/session/password-status';
import { queryClient } from '../data/query-client';
import { isRecoveringError } from '../data/stack-recovery';
import { checkedIn } from '../data/session/checked-in';

// Refusals the login page words in the person's language; any other shows the server's message.
const explainedRefusals = new Set(['invalid_credentials', 'user_locked', 'user_banned', 'over_request_rate_limit']);

// A password may grow too old during a session: reads then come back empty (the database knows
// the person no more). Each hourly token refresh asks again, as does any refused request (onError).
supabaseClient.auth.onAuthStateChange((event) => {
  if (event !== 'TOKEN_REFRESHED') return;
  forgetPasswordStatus();
  void queryClient.invalidateQueries({ queryKey: ['auth', 'check'] });
});

export const authProvider: AuthProvider = {
  login: async ({ email, password }: { email: string; password: string }) => {
    forgetPerson();
    forgetPasswordStatus();
    const { error } = await supabaseClient.auth.signInWithPassword({ email, password });
    if (error) {
      // Hosted Supabase Auth answers the lock hook's rejection as invalid_credentials with the
      // hook's message (private.password_verification_attempt: "Account locked after …").
      const code = error.code === 'invalid_credentials' && /^Account locked/.test(error.message) ? 'user_locked' : error.code;
      return { success: false, error: { name: 'login', message: code && explainedRefusals.has(code) ? code : error.message } };
    }
    return { success: true, redirectTo: '/' };
  },
  logout: async () => {
    forgetPerson();
    forgetPasswordStatus();
    await supabaseClient.auth.signOut();
    return { success: true, redirectTo: '/login' };
  },
  check: async () => {
    const { data } = await supabaseClient.auth.getSession();
    if (!data.session) return { authenticated: false, redirectTo: '/login', logout: true };
    // A password older than a month: signed in, but nothing works until it is changed, so not yet
    // in; the sign-in page shows the change form instead.
    if (await passwordMustChange(data.session.user.id)) return { authenticated: false, redirectTo: '/login', error: passwordExpired };
    // Signed in: a register's first rows are asked for now, while the layout and the grid render.
    checkedIn(data.session.user.id);
    return { authenticated: true };
  },
  onError: async (error: HttpError & { code?: string; status?: number }) => {
    const status = error?.status ?? error?.statusCode;
    // An expired or revoked session; a refused write (403/42501) is not a reason to sign out.
    if (status === 401 || error?.code === 'PGRST301' || error?.code === 'PGRST303') return { logout: true, redirectTo: '/login', error };
    // A refusal because the password has grown too old: to the change form (on the sign-in page).
    if (status === 403 || error?.code === '42501') {
      const { data } = await supabaseClient.auth.getSession();
      if (data.session && (await passwordMustChange(data.session.user.id, true))) {
        await queryClient.invalidateQueries({ queryKey: ['auth'] });
        return { redirectTo: '/login', error };
      }
    }
    return { error };
  },
  getIdentity: async () => {
    const operator = await fetchCurrentOperator().catch((e: unknown) => {
      // While the stack recovers the question is asked again, not answered "deactivated".
      if (isRecoveringError(e)) throw e;
      return null;
    });
    if (operator) return operator;
    const { data } = await supabaseClient.auth.getUser();
    return data.user ? { id: data.user.id, name: data.user.email, role: null, active: false } : null;
  },
};
