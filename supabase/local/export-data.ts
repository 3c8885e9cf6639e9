// `npm run stack -- export-data <file>`: the data of the local stack as one SQL file for psql, the
// way a centre moves to hosted Supabase: `supabase db push` there (the schema), then
// `psql "$DB_URL" -f file.sql` (the data). What `pg_dump --data-only --disable-triggers` would
// write, without pg_dump (none ≥ 17 installs here): COPY blocks in foreign-key order for every table
// of public and private and for auth.users and auth.identities, then the sequences. It runs in one
// transaction with session_replication_role = replica, so no trigger fires on load (the audit log is
// not written twice, no notification is sent, no rule refuses an old row), and it first empties the
// tables it fills (the migrations' own rows — settings, permissions, jobs — are replaced by the
// exported ones). A guard refuses a database whose migrations are not the exported one's.
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { dbUrl, type StackConfig } from './config.ts';
import { StackError } from './stack-error.ts';

export type ExportResult = { file: string; tables: number; rows: number; bytes: number; seconds: number; order: string[] };

type Table = { oid: number; name: string; columns: string[]; key: string[] };

const schemas = ['public', 'private'];
const authTables = ['users', 'identities'];

function escapeCopy(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\n\r\t]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\t'));
}

const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Tables ordered so that every table comes after the tables its foreign keys reference. */
export function dependencyOrder(tables: Table[], references: { from: number; to: number }[]): Table[] {
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const needs = new Map<number, Set<number>>(tables.map((t) => [t.oid, new Set<number>()]));
  for (const r of references) if (r.from !== r.to && byOid.has(r.to) && needs.has(r.from)) needs.get(r.from)!.add(r.to);
  const ordered: Table[] = [];
  const placed = new Set<number>();
  const remaining = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  while (remaining.length > 0) {
    const ready = remaining.findIndex((t) => [...needs.get(t.oid)!].every((o) => placed.has(o)));
    // A cycle (none today) is broken at the first table by name; replica mode loads it regardless.
    const [next] = remaining.splice(ready === -1 ? 0 : ready, 1);
    ordered.push(next);
    placed.add(next.oid);
  }
  return ordered;
}

export async function exportData(c: StackConfig, file: string, options: { connectionString?: string } = {}): Promise<ExportResult> {
  const began = Date.now();
  const target = path.resolve(file);
  await fs.mkdir(path.dirname(target), { recursive: true });
  // Every value as Postgres prints it (its output function), which is what COPY writes.
  const client = new pg.Client({ connectionString: options.connectionString ?? dbUrl(c), types: { getTypeParser: () => (v: string) => v } });
  try {
    await client.connect();
  } catch (e) {
    throw new StackError(`cannot reach the stack's database on port ${c.dbPort} (is it running? npm run stack -- start): ${(e as Error).message}`);
  }
  const out = createWriteStream(`${target}.partial`, { encoding: 'utf8' });
  let failure: Error | null = null;
  out.on('error', (e) => (failure ??= e));
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      if (out.write(text)) return resolve();
      const onError = (e: Error) => {
        out.off('drain', onDrain);
        reject(e);
      };
      const onDrain = () => {
        out.off('error', onError);
        resolve();
      };
      out.once('drain', onDrain).once('error', onError);
    });
  let rows = 0;
  try {
    // One snapshot for the whole file, as pg_dump takes.
    await client.query('begin isolation level repeatable read read only');
    // Values come back as text (see the client above): the arrays as JSON.
    const tableRows = await client.query<{ oid: string; name: string; columns: string; key: string | null }>(
      `select c.oid, format('%I.%I', n.nspname, c.relname) as name,
              to_json(array(select quote_ident(a.attname) from pg_catalog.pg_attribute a
                    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                    order by a.attnum)) as columns,
              (select to_json(array(select quote_ident(a.attname) from unnest(i.indkey) with ordinality k(attnum, ord)
                            join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum order by k.ord))
               from pg_catalog.pg_index i where i.indrelid = c.oid and i.indisprimary) as key
       from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p') and not c.relispartition and c.relpersistence <> 't'
         and (n.nspname = any($1) or (n.nspname = 'auth' and c.relname = any($2)))`,
      [schemas, authTables],
    );
    const tables: Table[] = tableRows.rows.map((t) => ({ oid: Number(t.oid), name: t.name, columns: JSON.parse(t.columns) as string[], key: t.key ? (JSON.parse(t.key) as string[]) : [] }));
    const fks = await client.query<{ from: string; to: string }>(`select conrelid as from, confrelid as to from pg_catalog.pg_constraint where contype = 'f'`);
    const ordered = dependencyOrder(tables, fks.rows.map((r) => ({ from: Number(r.from), to: Number(r.to) })));
    const migration = (await client.query<{ v: string | null }>(
      `select case when to_regclass('supabase_migrations.schema_migrations') is null then null
         else (select max(version) from supabase_migrations.schema_migrations) end as v`,
    )).rows[0].v;

    await write(
      [
        '-- Taizhang data export (data only, like pg_dump --data-only --disable-triggers).',
        `-- Taken ${new Date().toISOString()} from the local stack; schema = migrations up to ${migration ?? '(none)'}.`,
        '-- Load into a database migrated to the same version (supabase db push), as a role that may set',
        '-- session_replication_role (postgres on Supabase):   psql "$DB_URL" -f <this file>',
        '-- It replaces the rows of every table below (the migrations\' own rows included) in one transaction.',
        '\\set ON_ERROR_STOP on',
        "SET client_encoding = 'UTF8';",
        'SET standard_conforming_strings = on;',
        'SET check_function_bodies = false;',
        'SET row_security = off;',
        'BEGIN;',
        'SET LOCAL session_replication_role = replica;',
        migration
          ? `DO $guard$ BEGIN IF (SELECT max(version) FROM supabase_migrations.schema_migrations) IS DISTINCT FROM ${quoteLiteral(migration)} THEN RAISE EXCEPTION '目标数据库的迁移版本与导出时不同 | The target database is not migrated to version ${migration} (run supabase db push with the same migrations first)'; END IF; END $guard$;`
          : '',
        '',
        '-- Empty the tables first (children before parents; no trigger fires in replica mode).',
        ...[...ordered].reverse().map((t) => `DELETE FROM ${t.name};`),
        '',
      ].join('\n'),
    );

    const batch = 2000;
    for (const table of ordered) {
      await write(`COPY ${table.name} (${table.columns.join(', ')}) FROM stdin;\n`);
      const order = table.key.length > 0 ? table.key.join(', ') : table.columns.map((_, i) => String(i + 1)).join(', ');
      await client.query(`declare export_rows no scroll cursor for select ${table.columns.join(', ')} from only ${table.name} order by ${order}`);
      for (;;) {
        const chunk = await client.query<unknown[]>({ text: `fetch ${batch} from export_rows`, rowMode: 'array' });
        if (chunk.rows.length === 0) break;
        rows += chunk.rows.length;
        await write(chunk.rows.map((r) => `${(r as (string | null)[]).map(escapeCopy).join('\t')}\n`).join(''));
        if (chunk.rows.length < batch) break;
      }
      await client.query('close export_rows');
      await write('\\.\n\n');
    }

    const sequences = await client.query<{ name: string; last_value: string | null; start_value: string }>(
      `select format('%I.%I', schemaname, sequencename) as name, last_value, start_value from pg_catalog.pg_sequences
       where schemaname = any($1) order by 1`,
      [schemas],
    );
    if (sequences.rows.length > 0) {
      const calls = sequences.rows.map((s) =>
        s.last_value === null
          ? `  PERFORM pg_catalog.setval(${quoteLiteral(s.name)}, ${s.start_value}, false);`
          : `  PERFORM pg_catalog.setval(${quoteLiteral(s.name)}, ${s.last_value}, true);`,
      );
      await write(['-- Sequences where they stood.', 'DO $sequences$ BEGIN', ...calls, 'END $sequences$;', ''].join('\n'));
    }
    await write('\nCOMMIT;\n');
    await client.query('commit');
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    // It holds every password hash: readable by this account only.
    await fs.chmod(`${target}.partial`, 0o600);
    await fs.rename(`${target}.partial`, target);
    return { file: target, tables: ordered.length, rows, bytes: (await fs.stat(target)).size, seconds: (Date.now() - began) / 1000, order: ordered.map((t) => t.name) };
  } finally {
    out.destroy();
    await fs.rm(`${target}.partial`, { force: true });
    await client.end().catch(() => undefined);
  }
}
