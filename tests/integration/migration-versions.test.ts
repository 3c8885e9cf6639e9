// Every migration has a version of its own: `supabase db push` records them by the digits before the
// first underscore, and two files sharing one stop every stack from starting (two branches that each
// took the next free number, merged).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('migration files', () => {
  it('each have a version no other file has', () => {
    const files = fs.readdirSync('migrations').filter((f) => f.endsWith('.sql'));
    const byVersion = new Map<string, string[]>();
    for (const file of files) byVersion.set(file.split('_')[0], [...(byVersion.get(file.split('_')[0]) ?? []), file]);
    expect([...byVersion.values()].filter((names) => names.length > 1)).toEqual([]);
    expect(files.every((f) => /^\d{14}_[a-z0-9_]+\.sql$/.test(f))).toBe(true);
  });
});
