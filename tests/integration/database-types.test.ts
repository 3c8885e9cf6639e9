// Row types are generated from the schema and committed; a migration without `npm run db:types` fails here.
import fs from 'node:fs/promises';
import { expect, it } from 'vitest';
import { generateTypes, typesFile } from '../../supabase/local/gen-types.ts';
import { signInAs, sql, stackEnv, withSchemaLock } from '../support/stack.ts';

it('the committed database types match the migrated schema (run npm run db:types)', { timeout: 60_000 }, async () => {
  const committed = await fs.readFile(typesFile, 'utf8');
  // (a browser test adds a column for a while: the lock keeps it out of this comparison)
  expect(committed).toBe(await withSchemaLock(() => generateTypes(stackEnv().DB_URL)));
});

// (in this file, after the types check: the schema change below would otherwise race it)
it('a column added in the Supabase console appears in the register metadata, labelled by its comment', async () => {
  const column = `console_${Date.now().toString(36)}`;
  await sql(`alter table public.departments add column ${column} text`);
  try {
    await sql(`comment on column public.departments.${column} is '控制台新增 | Added in the console'`);
    const { data } = await (await signInAs('admin')).rpc('register_metadata');
    const departments = (data as { register: string; columns: { name: string; label_zh: string; label_en: string; editable: boolean }[] }[]).find((r) => r.register === 'departments');
    expect(departments?.columns.find((c) => c.name === column)).toMatchObject({
      label_zh: '控制台新增',
      label_en: 'Added in the console',
      editable: true,
    });
  } finally {
    await sql(`alter table public.departments drop column ${column}`);
  }
});
