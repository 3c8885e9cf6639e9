// Option values on screen in the person's language (issue 17): values stored in Chinese (待处理, 投诉)
// carry an English label, values stored as codes (clerk, department, own) a Chinese one, and
// register_metadata() hands both to the screens. Every option of every register is held to it, so a
// new register cannot forget a label.
import { describe, expect, it } from 'vitest';
import { signInAs, sql, type DemoRole } from '../support/stack.ts';

type Labelled = { name: string; options: string[] | null; options_en: string[] | null; options_zh: string[] | null };
type Register = { register: string; columns: Labelled[]; moves: { move: string; fields: Labelled[] }[] };

const chinese = /[\u4e00-\u9fff]/;
// A value that reads the same in both languages: a grade letter, a number.
const neutral = /^[A-Z0-9]{1,2}$/;

async function optionLists(role: DemoRole) {
  const { data, error } = await (await signInAs(role)).rpc('register_metadata');
  if (error) throw error;
  return (data as Register[]).flatMap((r) => [
    ...r.columns.filter((c) => c.options).map((c) => ({ where: `${r.register}.${c.name}`, ...c })),
    ...r.moves.flatMap((m) => m.fields.filter((f) => f.options).map((f) => ({ where: `${r.register}:${m.move}.${f.name}`, ...f }))),
  ]);
}

describe('option values in the person’s language', () => {
  it.each(['admin', 'director', 'clerk'] as const)('every option of every register the %s reads has an English and a Chinese label', async (role) => {
    const lists = await optionLists(role);
    expect(lists.length).toBeGreaterThan(5);
    const missing: string[] = [];
    for (const list of lists) {
      list.options!.forEach((value, i) => {
        const en = list.options_en?.[i];
        const zh = list.options_zh?.[i];
        if (!en || chinese.test(en) || (chinese.test(value) && en === value)) missing.push(`${list.where} ${value}: English ${en}`);
        if (!zh || (!chinese.test(zh) && !neutral.test(zh))) missing.push(`${list.where} ${value}: Chinese ${zh}`);
      });
    }
    expect(missing).toEqual([]);
  });

  it('shows the permission register’s roles, actions and scopes by name, keeping the codes stored', async () => {
    const lists = await optionLists('admin');
    const column = (name: string) => lists.find((l) => l.where === `permissions.${name}`)!;
    const pairs = (name: string) => Object.fromEntries(column(name).options!.map((o, i) => [o, [column(name).options_zh![i], column(name).options_en![i]]]));
    expect(pairs('role')).toMatchObject({ clerk: ['客服专员', 'Customer service clerk'], admin: ['系统管理员', 'System administrator'] });
    expect(pairs('action')).toMatchObject({ read: ['查看', 'Read'], update: ['修改', 'Update'] });
    expect(pairs('scope')).toEqual({ own: ['本人', 'Own'], department: ['本部门', 'Department'], all: ['全部', 'All'] });
    const [stored] = await sql<{ role: string }>(`select role::text from public.permissions where role is not null limit 1`);
    expect(stored.role).toMatch(/^[a-z_]+$/);
  });

  it('labels every code stored as an option in any public table in Chinese, registers readable by nobody included', async () => {
    const codes = await sql<{ source: string; value: string; label_zh: string | null }>(`
      with options as (
        select t.typname::text as source, e.enumlabel::text as value
        from pg_catalog.pg_enum e join pg_catalog.pg_type t on t.oid = e.enumtypid
        where t.typnamespace = 'public'::regnamespace
        union
        select c.conrelid::regclass::text || '.' || a.attname, replace(m[1], '''''', '''')
        from pg_catalog.pg_constraint c
        join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        cross join lateral regexp_matches(pg_catalog.pg_get_constraintdef(c.oid), '''((?:[^'']|'''')*)''::text', 'g') as m
        where c.contype = 'c' and cardinality(c.conkey) = 1 and c.connamespace = 'public'::regnamespace
          and pg_catalog.pg_get_constraintdef(c.oid) ~ '(= ANY \\(ARRAY\\[|IN \\()'
      )
      select o.source, o.value, l.label_zh from options o left join private.option_labels l on l.value = o.value
      where o.value ~ '[a-z]{2,}' order by 1, 2`);
    expect(codes.length).toBeGreaterThan(10);
    expect(codes.filter((c) => !chinese.test(c.label_zh ?? ''))).toEqual([]);
  });
});
