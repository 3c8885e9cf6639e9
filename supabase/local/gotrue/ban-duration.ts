// GoTrue's ban_duration: "none" lifts a ban, otherwise a Go duration such as "24h" or "876000h".
import { AuthError } from './auth-error.ts';

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function bannedUntil(duration: string): Date | null {
  if (duration === 'none') return null;
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration) {
    throw new AuthError(400, 'validation_failed', `invalid format for ban duration: ${duration}`);
  }
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * unitMs[unit], 0);
  return new Date(Date.now() + ms);
}
