// Per-function settings from supabase/config.toml ([functions.<name>] verify_jwt), as Supabase reads them.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'smol-toml';
import { projectRoot } from './config.ts';

type FunctionsSection = Record<string, { verify_jwt?: boolean }>;

export async function readVerifyJwtSettings(): Promise<(name: string) => boolean> {
  const toml = parse(await fs.readFile(path.join(projectRoot, 'supabase/config.toml'), 'utf8'));
  const functions = (toml.functions ?? {}) as FunctionsSection;
  // Supabase verifies the JWT unless a function opts out.
  return (name) => functions[name]?.verify_jwt ?? true;
}
