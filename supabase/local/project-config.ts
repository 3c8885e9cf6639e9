// supabase/config.toml, read once: the same settings the Supabase CLI applies to a project.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'smol-toml';
import { projectRoot } from './config.ts';

export type ProjectConfig = {
  api: { schemas: string[]; extraSearchPath: string[]; maxRows: number };
  auth: { jwtExpiry: number; refreshTokenReuseInterval: number; minimumPasswordLength: number; passwordRequirements: string };
  /** Whether the gateway verifies the caller's JWT for a function (Supabase's default: yes). */
  verifyJwt(functionName: string): boolean;
};

type Toml = {
  api?: { schemas?: string[]; extra_search_path?: string[]; max_rows?: number };
  auth?: { jwt_expiry?: number; refresh_token_reuse_interval?: number; minimum_password_length?: number; password_requirements?: string };
  functions?: Record<string, { verify_jwt?: boolean }>;
};

export async function readProjectConfig(): Promise<ProjectConfig> {
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
    },
    verifyJwt: (name) => toml.functions?.[name]?.verify_jwt ?? true,
  };
}
