// supabase/config.toml, read once: the same settings the Supabase CLI applies to a project.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'smol-toml';
import { projectRoot } from './config.ts';
import { hostedRateLimits, type RateLimits } from './gotrue/rate-limit.ts';

export type ProjectConfig = {
  api: { schemas: string[]; extraSearchPath: string[]; maxRows: number };
  auth: {
    jwtExpiry: number;
    refreshTokenReuseInterval: number;
    minimumPasswordLength: number;
    passwordRequirements: string;
    rateLimits: RateLimits;
    /** The password verification hook's uri when enabled. */
    passwordVerificationHook?: string;
  };
  /** Whether the gateway verifies the caller's JWT for a function (Supabase's default: yes). */
  verifyJwt(functionName: string): boolean;
};

type Toml = {
  api?: { schemas?: string[]; extra_search_path?: string[]; max_rows?: number };
  auth?: {
    jwt_expiry?: number;
    refresh_token_reuse_interval?: number;
    minimum_password_length?: number;
    password_requirements?: string;
    rate_limit?: { sign_in_sign_ups?: number; token_refresh?: number };
    hook?: { password_verification_attempt?: { enabled?: boolean; uri?: string } };
  };
  functions?: Record<string, { verify_jwt?: boolean }>;
};

// A rate limit from config.toml, or from TAIZHANG_AUTH_RATE_LIMIT_<NAME> when set: the test stack
// signs in far more often from one address than a person would.
function rateLimit(env: NodeJS.ProcessEnv, name: string, fromToml: number | undefined, fallback: number): number {
  const raw = env[`TAIZHANG_AUTH_RATE_LIMIT_${name.toUpperCase()}`];
  const value = raw ? Number(raw) : (fromToml ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`auth rate limit ${name}=${raw ?? fromToml} is not a positive whole number`);
  return value;
}

export async function readProjectConfig(env: NodeJS.ProcessEnv = process.env): Promise<ProjectConfig> {
  const toml = parse(await fs.readFile(path.join(projectRoot, 'supabase/config.toml'), 'utf8')) as Toml;
  return {
    api: {
      schemas: toml.api?.schemas ?? ['public'],
      extraSearchPath: toml.api?.extra_search_path ?? ['public', 'extensions'],
      maxRows: toml.api?.max_rows ?? 1000,
    },
    auth: {
      jwtExpiry: toml.auth?.jwt_expiry ?? 3600,
      refreshTokenReuseInterval: toml.auth?.refresh_token_reuse_interval ?? 10,
      minimumPasswordLength: toml.auth?.minimum_password_length ?? 6,
      passwordRequirements: toml.auth?.password_requirements ?? '',
      rateLimits: {
        signInSignUps: rateLimit(env, 'sign_in_sign_ups', toml.auth?.rate_limit?.sign_in_sign_ups, hostedRateLimits.signInSignUps),
        tokenRefresh: rateLimit(env, 'token_refresh', toml.auth?.rate_limit?.token_refresh, hostedRateLimits.tokenRefresh),
      },
      passwordVerificationHook: toml.auth?.hook?.password_verification_attempt?.enabled
        ? toml.auth.hook.password_verification_attempt.uri
        : undefined,
    },
    verifyJwt: (name) => toml.functions?.[name]?.verify_jwt ?? true,
  };
}
