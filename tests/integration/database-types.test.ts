// Row types are generated from the schema and committed; a migration without `npm run db:types` fails here.
import fs from 'node:fs/promises';
import { expect, it } from 'vitest';
import { generateTypes, typesFile } from '../../supabase/local/gen-types.ts';
import { stackEnv } from '../support/stack.ts';

it('the committed database types match the migrated schema (run npm run db:types)', { timeout: 60_000 }, async () => {
  const committed = await fs.readFile(typesFile, 'utf8');
  expect(committed).toBe(await generateTypes(stackEnv().DB_URL));
});
