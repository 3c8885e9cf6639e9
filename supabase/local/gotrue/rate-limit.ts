// Supabase Auth's per-address rate limits: a token bucket per endpoint group and IP address that
// holds at most 30 requests (fewer if the limit is lower) and refills at the configured number of
// requests per 5 minutes, answering 429 over_request_rate_limit when empty.
import { AuthError } from './auth-error.ts';

export type RateLimits = {
  /** [auth.rate_limit] sign_in_sign_ups: password sign-ins and sign-ups per 5 minutes per IP. */
  signInSignUps: number;
  /** [auth.rate_limit] token_refresh: session refreshes per 5 minutes per IP. */
  tokenRefresh: number;
};

/** Hosted Supabase's defaults, which supabase/config.toml keeps. */
export const hostedRateLimits: RateLimits = { signInSignUps: 30, tokenRefresh: 150 };

const windowMs = 5 * 60_000;
const maxBurst = 30;

type Bucket = { tokens: number; at: number };

export function rateLimiter(limits: RateLimits): (group: keyof RateLimits, ip: string) => void {
  const buckets = new Map<string, Bucket>();
  return (group, ip) => {
    const perWindow = limits[group];
    const capacity = Math.min(perWindow, maxBurst);
    const key = `${group} ${ip}`;
    const now = Date.now();
    const bucket = buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) * perWindow) / windowMs);
    bucket.at = now;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) throw new AuthError(429, 'over_request_rate_limit', 'Request rate limit reached');
    bucket.tokens -= 1;
    // A bucket untouched for a whole window has refilled, so forgetting it changes nothing.
    if (buckets.size > 10_000) for (const [k, b] of buckets) if (now - b.at > windowMs) buckets.delete(k);
  };
}
