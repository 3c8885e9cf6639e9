// The app builds its screens from register_metadata(): one row per register the person reads, with
// labels from the comments, options from enums and check lists, pickers from foreign keys, write
// rights, and what each register's migration declares (menu place, paper title, record title, column
// kinds, workflow moves).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { signInAs, sql, stackEnv, withSchemaLock, type DemoRole } from '../support/stack.ts';

type Column = {
  name: string; position: number; data_type: string; label_zh: string; label_en: string; kind_hint: string | null;
  options: string[] | null; options_en: string[] | null; references_table: string | null; references_display: string | null;
  required: boolean; default_value: string | null; editable: boolean; insertable: boolean; system: boolean;
  pattern: string | null; pattern_message_zh: string | null; pattern_message_en: string | null;
};
type Field = {
  name: string; label_zh: string; label_en: string; data_type: string; kind_hint: string | null; options: string[] | null;
  options_en: string[] | null; references_table: string | null; references_display: string | null; required: boolean;
};
type Move = {
  move: string; label_zh: string; label_en: string; rpc: string; key_param: string; fixed_args: Record<string, unknown>;
  state_column: string | null; from_states: string[] | null; to_state: string | null; requires_register: string | null;
  requires_action: string | null; fields: Field[]; confirm_zh: string | null; confirm_en: string | null; danger: boolean; position: number;
};
type Register = {
  register: string; label_zh: string; label_en: string; key_column: string;
  can_create: boolean; can_update: boolean; can_delete: boolean; default_sort_column: string; default_sort_desc: boolean;
  menu_group: string | null; menu_group_label_zh: string | null; menu_group_label_en: string | null;
  menu_group_order: number | null; menu_order: number | null;
  print_title_zh: string; print_title_en: string; title_columns: string[];
  columns: Column[]; moves: Move[];
};

async function metadata(role: DemoRole): Promise<Register[]> {
  const { data, error } = await (await signInAs(role)).rpc('register_metadata');
  if (error) throw error;
  return data as Register[];
}

async function register(role: DemoRole, name: string): Promise<Register | undefined> {
  return (await metadata(role)).find((r) => r.register === name);
}

const columnOf = (r: Register | undefined, name: string) => r?.columns.find((c) => c.name === name);

describe('register metadata', () => {
  it('describes the customer register to a clerk with labels in both languages, options and pickers', async () => {
    const customers = await register('clerk', 'customers');
    expect(customers).toMatchObject({ label_zh: '客户档案', label_en: 'Customers', key_column: 'id' });
    expect(columnOf(customers, 'name')).toMatchObject({ label_zh: '客户名称', label_en: 'Name', required: true, editable: true });
    expect(columnOf(customers, 'category')?.options).toEqual(['目标客户', '一般客户', '重点客户', '潜在客户']);
    expect(columnOf(customers, 'department_id')).toMatchObject({ references_table: 'departments', references_display: 'name' });
    expect(columnOf(customers, 'version')).toMatchObject({ editable: false, insertable: false, system: true });
    expect(columnOf(customers, 'id')).toMatchObject({ editable: false, insertable: false, system: true });
    expect(columnOf(customers, 'phone_normalized')).toMatchObject({ editable: false, system: true });
    // Columns come in table order.
    const positions = customers!.columns.map((c) => c.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('lists only the registers the caller may read, and marks read-only ones', async () => {
    const clerkRegisters = new Set((await metadata('clerk')).map((r) => r.register));
    expect(clerkRegisters).toContain('service_requests');
    expect(clerkRegisters).not.toContain('permissions');
    expect(clerkRegisters).not.toContain('scheduled_jobs');
    const customers = await register('gm', 'customers');
    expect(customers!.columns.every((c) => !c.editable)).toBe(true);
  });

  it('gives enum columns their values as options', async () => {
    expect(columnOf(await register('admin', 'operators'), 'role')?.options).toEqual(['clerk', 'archivist', 'manager', 'director', 'deputy_gm', 'gm', 'admin']);
  });

  it('gives every option its English label, in the same order, the value itself where none is declared', async () => {
    const visits = await register('clerk', 'return_visits');
    const satisfaction = columnOf(visits, 'satisfaction');
    const labels = await sql<{ value: string; label_en: string }>('select value, label_en from private.option_labels where value = any($1)', [satisfaction!.options]);
    const english = new Map(labels.map((l) => [l.value, l.label_en]));
    expect(satisfaction!.options_en).toEqual(satisfaction!.options!.map((o) => english.get(o) ?? o));
    expect(satisfaction!.options_en).toHaveLength(3);
    for (const column of visits!.columns) {
      expect(column.options_en?.length ?? null, column.name).toBe(column.options?.length ?? null);
    }
  });

  it('tells each role whether it may create, update and delete in a register, as the permission table says', async () => {
    const rights = async (role: DemoRole, name: string) => {
      const r = await register(role, name);
      return r && { can_create: r.can_create, can_update: r.can_update, can_delete: r.can_delete };
    };
    expect(await rights('clerk', 'service_requests')).toEqual({ can_create: true, can_update: true, can_delete: true });
    expect(await rights('clerk', 'customers')).toEqual({ can_create: true, can_update: true, can_delete: false });
    expect(await rights('gm', 'customers')).toEqual({ can_create: false, can_update: false, can_delete: false });
    expect(await rights('director', 'customers')).toEqual({ can_create: false, can_update: true, can_delete: false });
    expect(await rights('manager', 'customers')).toEqual({ can_create: true, can_update: true, can_delete: true });
    // And for every role and every register it reads among the service registers, the flags are the permission rows.
    for (const role of ['clerk', 'archivist', 'manager', 'director', 'gm', 'admin'] as DemoRole[]) {
      const registers = await metadata(role);
      for (const name of ['customers', 'contacts', 'service_requests', 'return_visits']) {
        const actions = (await sql<{ action: string }>('select action::text from public.permissions where role = $1 and register = $2', [role, name])).map((p) => p.action);
        const r = registers.find((x) => x.register === name);
        expect(r !== undefined, `${role} reads ${name}`).toBe(actions.includes('read'));
        if (r) {
          expect([r.can_create, r.can_update, r.can_delete], `${role} on ${name}`).toEqual(['create', 'update', 'delete'].map((a) => actions.includes(a)));
        }
      }
    }
  });

  it('gives a column the format its check constraint imposes, with the rule’s message in both languages', async () => {
    const requests = await register('clerk', 'service_requests');
    const phone = columnOf(requests, 'phone');
    expect(phone).toMatchObject({
      pattern: '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|[0-9]{7,8})$',
      pattern_message_zh: '电话格式不正确：手机 11 位、固话（区号-号码）或 7–8 位号码',
      pattern_message_en: 'Phone: 11-digit mobile, landline with area code, or 7–8 digits',
    });
    // The app checks a cell with it before the database does, so it must work as a JavaScript pattern too.
    const format = new RegExp(phone!.pattern!);
    expect(['13812345678', '010-12345678', '12345678'].map((p) => format.test(p))).toEqual([true, true, true]);
    expect(['12345', '2381234567a', '010 12345678'].map((p) => format.test(p))).toEqual([false, false, false]);
    expect(columnOf(requests, 'content')).toMatchObject({ pattern: null, pattern_message_zh: null, pattern_message_en: null });
  });

  it('sorts service requests newest received first by default', async () => {
    expect(await register('clerk', 'service_requests')).toMatchObject({ default_sort_column: 'received_at', default_sort_desc: true });
  });
});

describe('what a register’s migration declares', () => {
  it('puts the service loop in the customer-service group, in the order of the paper registers', async () => {
    const registers = await metadata('manager');
    const service = registers.filter((r) => r.menu_group === 'service').sort((a, b) => a.menu_order! - b.menu_order!).map((r) => r.register);
    expect(service).toEqual(['customers', 'customer_pool', 'contacts', 'service_requests', 'return_visits', 'access_requests', 'members', 'member_points',
      'surveys', 'survey_questions', 'survey_invitations', 'survey_scores']);
    const customers = registers.find((r) => r.register === 'customers');
    expect(customers).toMatchObject({ menu_group_label_zh: '客户服务', menu_group_label_en: 'Customer service' });
    // The to-do list comes first, administration after the service and organisation groups.
    const groupOrder = (key: string) => registers.find((r) => r.menu_group === key)!.menu_group_order!;
    expect(groupOrder('work')).toBeLessThan(groupOrder('service'));
    expect(groupOrder('service')).toBeLessThan(groupOrder('organisation'));
    expect(groupOrder('organisation')).toBeLessThan(groupOrder('system'));
    // The rows come in menu order.
    const inMenu = registers.filter((r) => r.menu_group !== null).map((r) => [r.menu_group_order!, r.menu_order!]);
    expect(inMenu).toEqual([...inMenu].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
  });

  it('keeps the saved views out of the menu while the grid still reads them', async () => {
    expect(await register('clerk', 'register_views')).toMatchObject({ menu_group: null, menu_group_order: null, menu_order: null });
  });

  it('titles the printed service request like the paper form, and a record by its number', async () => {
    expect(await register('clerk', 'service_requests')).toMatchObject({
      print_title_zh: '客户报修/投诉/求助记录', print_title_en: 'Service request form', title_columns: ['code'],
    });
    expect(await register('clerk', 'customers')).toMatchObject({ print_title_zh: '客户档案', title_columns: ['code', 'name'] });
  });

  it('marks long texts, phone numbers, amounts in yuan and numbers that name (a case year), and only those', async () => {
    const requests = await register('clerk', 'service_requests');
    const kinds = Object.fromEntries(requests!.columns.filter((c) => c.kind_hint).map((c) => [c.name, c.kind_hint]));
    expect(kinds).toEqual({
      content: 'longtext', resolution: 'longtext', evidence: 'longtext', witnesses: 'longtext', reply: 'longtext', phone: 'phone', cost: 'money', case_year: 'code_number',
    });
    expect(columnOf(await register('clerk', 'customers'), 'phone')?.kind_hint).toBe('phone');
  });

  it('describes the service-request moves with their RPCs, states and fields, the same for a clerk and a manager', async () => {
    for (const role of ['clerk', 'manager'] as DemoRole[]) {
      const moves = (await register(role, 'service_requests'))!.moves;
      expect(moves.map((m) => m.move), role).toEqual(['assign', 'resolve', 'reply', 'sign_off', 'send_back', 'reclassify', 'answer', 'investigate', 'report_to_centre']);
      const assign = moves[0];
      expect(assign).toMatchObject({
        label_zh: '派单', label_en: 'Assign', rpc: 'assign_request', key_param: 'request_id', fixed_args: {},
        state_column: 'status', from_states: ['受理', '处理中'], to_state: '处理中', confirm_zh: null, danger: false,
      });
      expect(assign.fields).toEqual([{
        name: 'handler', column: 'handler_id', label_zh: '处理人', label_en: 'Handler', data_type: 'uuid', kind_hint: null, options: null, options_en: null, options_zh: null,
        references_table: 'operators', references_display: 'name', required: true,
      }]);
      expect(moves[1].fields).toMatchObject([{ name: 'resolution', label_zh: '处理结果', kind_hint: 'longtext', required: true }]);
      expect(moves[2].fields).toMatchObject([{ name: 'reply', label_zh: '答复内容', label_en: 'Reply', kind_hint: 'longtext', required: true }]);
      expect(moves[3]).toMatchObject({ label_zh: '签字认可', label_en: 'Sign off', rpc: 'sign_off_request', from_states: ['待回访', '已结案'], fields: [] });
    }
  });

  it('asks what the return visit needs: method and satisfaction from their lists, what was said, and optional opinions and next date', async () => {
    const [move] = (await register('clerk', 'return_visits'))!.moves;
    expect(move).toMatchObject({ move: 'record_visit', label_zh: '登记回访', label_en: 'Record visit', rpc: 'record_return_visit', key_param: 'visit_id' });
    expect(move.fields.map((f) => [f.name, f.label_zh, f.label_en, f.data_type, f.kind_hint, f.required])).toEqual([
      ['method', '回访方式', 'Method', 'text', null, true],
      ['content', '回访内容', 'What was said', 'text', 'longtext', true],
      ['satisfaction', '满意度', 'Satisfaction', 'text', null, true],
      ['opinions', '客户意见', 'Customer\'s opinions', 'text', 'longtext', false],
      ['next_visit_on', '下次回访日期', 'Next visit on', 'date', null, false],
    ]);
    expect(move.fields[0].options).toEqual(['电话', '上门', '短信', '微信', '邮件']);
    expect(move.fields[2].options).toEqual(['满意', '基本满意', '不满意']);
    expect(move.fields[2].options_en).toHaveLength(3);
  });

  it('declines an access request only after a confirmation, with the same RPC as approving', async () => {
    const moves = (await register('manager', 'access_requests'))!.moves;
    expect(moves.map((m) => [m.move, m.rpc, m.fixed_args, m.danger, m.requires_register, m.requires_action])).toEqual([
      ['approve', 'decide_access_request', { approve: true }, false, 'access_requests', 'approve'],
      ['decline', 'decide_access_request', { approve: false }, true, 'access_requests', 'approve'],
    ]);
    expect(moves[0].confirm_zh).toBeNull();
    expect(moves[1]).toMatchObject({ confirm_zh: '确定驳回这条查阅申请？', confirm_en: 'Decline this access request?', to_state: '已驳回' });
    expect(moves[1].fields).toMatchObject([{ name: 'note', label_zh: '审批意见', label_en: 'Note', required: false }]);
    // A field that stands for no column is free text: it is not offered the values of some check of the table.
    expect(moves[1].fields[0].options).toBeNull();
  });

  it('offers a move field the options of its own column only, or those its move declares', async () => {
    const rows = await sql<{ register: string; move: string; name: string; options: string[] | null; declared: string[] | null }>(`
      select r.register, mv->>'move' as move, fld->>'name' as name,
             (select array_agg(o) from jsonb_array_elements_text(nullif(fld->'options', 'null'::jsonb)) o) as options, f.options as declared
      from private.registers r
      cross join lateral jsonb_array_elements(private.register_moves(pg_catalog.to_regclass('public.' || r.register), r.register)) mv
      cross join lateral jsonb_array_elements(mv->'fields') fld
      join private.move_fields f on f.register = r.register and f.move = mv->>'move' and f.name = fld->>'name'
      where f.column_name is null`);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row.options, `${row.register}.${row.move}.${row.name}`).toEqual(row.declared);
  });

  it('refuses a declaration that names what does not exist, so a typo fails its migration', async () => {
    const refused = async (statement: string) => sql(statement).then(() => null, (e: { code?: string }) => e.code);
    expect(await refused(`select private.declare_column('public.service_requests', 'no_such_column', kind => 'longtext')`)).toBe('42703');
    expect(await refused(`select private.declare_move('public.service_requests', 'x', 'x', 'no_such_rpc', 'request_id')`)).toBe('42883');
    expect(await refused(`select private.declare_move('public.service_requests', 'x', 'x', 'assign_request', 'no_such_param')`)).toBe('42703');
    expect(await refused(`select private.declare_move('public.service_requests', 'x', 'x', 'assign_request', 'request_id', condition => 'no_such_column')`)).toBe('42703');
    expect((await sql(`select 1 from private.moves where move = 'x'`)).length).toBe(0);
  });
});

// (schema changes hold the lock the types check takes, so it never sees this table)
describe('a register nobody declared', () => {
  it('still appears, in the "other" group last, titled by its label and its first of code/name/title', async () => {
    const table = `undeclared_${Date.now().toString(36)}`;
    await withSchemaLock(async () => {
      await sql(`create table public.${table} (id uuid primary key default gen_random_uuid(), name text not null, code text, note text)`);
      try {
        await sql(`comment on table public.${table} is '临时台账 | Temporary register'`);
        await sql(`alter table public.${table} enable row level security`);
        await sql(`insert into public.permissions (role, register, action, scope) values ('admin', $1, 'read', 'all')`, [table]);
        const registers = await metadata('admin');
        const found = registers.find((r) => r.register === table);
        expect(found).toMatchObject({
          menu_group: 'other', menu_group_label_zh: '其他', menu_group_label_en: 'Other',
          print_title_zh: '临时台账', print_title_en: 'Temporary register', title_columns: ['code'], moves: [],
        });
        expect(found!.menu_group_order).toBe(Math.max(...registers.map((r) => r.menu_group_order ?? 0)));
        expect(found!.columns.map((c) => [c.name, c.kind_hint, c.system])).toEqual([['id', null, true], ['name', null, false], ['code', null, false], ['note', null, false]]);
        const { data, error } = await (await signInAs('admin')).rpc('row_rights', { register: table, keys: [] });
        expect(error).toBeNull();
        expect(data).toEqual([]);
      } finally {
        await sql('delete from public.permissions where register = $1', [table]);
        await sql(`drop table public.${table}`);
      }
    });
  });
});

describe('a schema change while a person’s screens are being described', () => {
  it('goes through, and so does the description, neither waiting on the other in a circle (no deadlock)', async () => {
    // The change holds a table the description reads (the declarations) from its first statement,
    // and changes it while a clerk's description is waiting for that table: before, the description
    // held the cache and waited for the table, the change held the table and waited for the cache.
    await withSchemaLock(async () => {
      const change = new pg.Client({ connectionString: stackEnv().DB_URL });
      await change.connect();
      try {
        await change.query('begin');
        await change.query('lock table private.registers in access exclusive mode');
        const described = metadata('clerk').then(
          (rows) => rows.length,
          (e: { message?: string }) => `refused: ${e.message}`,
        );
        // The description is waiting for the table (it shows among the lock waits).
        for (let i = 0; i < 100; i++) {
          const [waiting] = await sql<{ n: number }>(
            `select count(*)::int as n from pg_catalog.pg_locks l join pg_catalog.pg_class c on c.oid = l.relation
             where not l.granted and c.relname = 'registers' and c.relnamespace = 'private'::regnamespace`);
          if (waiting.n > 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        const altered = await change.query('alter table private.registers add column metadata_deadlock_probe integer').then(
          () => 'altered',
          (e: Error) => `refused: ${e.message}`,
        );
        await change.query('rollback');
        expect(altered).toBe('altered');
        expect(await described).toBeGreaterThan(10);
      } finally {
        await change.query('rollback').catch(() => undefined);
        await change.end();
      }
    });
  }, 30_000);

  it('never keeps a description read from the catalogue as it was just before a change (a new column shows at once after it)', async () => {
    await withSchemaLock(async () => {
      const table = `metadata_race_${Date.now().toString(36)}`;
      await sql(`create table public.${table} (id uuid primary key default gen_random_uuid(), name text)`);
      await sql(`insert into public.permissions (role, register, action, scope, note) values ('clerk', $1, 'read', 'all', 'register-metadata race test')`, [table]);
      const change = new pg.Client({ connectionString: stackEnv().DB_URL });
      await change.connect();
      try {
        const columnsOf = async () => (await metadata('clerk')).find((r) => r.register === table)?.columns.map((c) => c.name);
        expect(await columnsOf()).not.toContain('added_later');
        await change.query('begin');
        await change.query(`alter table public.${table} add column added_later text`);
        // Described while the change is not yet committed: from the catalogue as it was.
        const during = await Promise.race([columnsOf(), new Promise<'waited'>((r) => setTimeout(() => r('waited'), 3000))]);
        await change.query('commit');
        if (during !== 'waited') expect(during).not.toContain('added_later');
        expect(await columnsOf()).toContain('added_later');
      } finally {
        await change.query('rollback').catch(() => undefined);
        await change.end();
        await sql(`delete from public.permissions where register = $1`, [table]);
        await sql(`drop table public.${table}`);
      }
    });
  }, 30_000);
});

