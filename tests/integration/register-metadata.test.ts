// The app builds its screens from register_metadata(): labels from the column comments, options
// from enums and check lists, foreign keys with their display column, required and editable flags.
import { describe, expect, it } from 'vitest';
import { signInAs, sql, type DemoRole } from '../support/stack.ts';

type Column = {
  register: string; label_zh: string; label_en: string; key_column: string; column_name: string; data_type: string;
  label_column_zh: string; label_column_en: string; options: string[] | null; references_table: string | null;
  references_display: string | null; required: boolean; editable: boolean; is_system: boolean;
  can_create: boolean; can_update: boolean; can_delete: boolean; default_sort_column: string; default_sort_desc: boolean;
  pattern: string | null; pattern_message_zh: string | null; pattern_message_en: string | null;
};

async function metadata(role: DemoRole): Promise<Column[]> {
  const { data, error } = await (await signInAs(role)).rpc('register_metadata');
  if (error) throw error;
  return data as Column[];
}

describe('register metadata', () => {
  it('describes the customer register to a clerk with labels in both languages, options and pickers', async () => {
    const columns = (await metadata('clerk')).filter((c) => c.register === 'customers');
    const column = (name: string) => columns.find((c) => c.column_name === name);
    expect(column('name')).toMatchObject({ label_zh: '客户档案', label_en: 'Customers', key_column: 'id', label_column_zh: '客户名称', label_column_en: 'Name', required: true, editable: true });
    expect(column('category')?.options).toEqual(['目标客户', '一般客户', '重点客户', '潜在客户']);
    expect(column('department_id')).toMatchObject({ references_table: 'departments', references_display: 'name' });
    expect(column('version')).toMatchObject({ editable: false, is_system: true });
    expect(column('phone_normalized')).toMatchObject({ editable: false, is_system: true });
  });

  it('lists only the registers the caller may read, and marks read-only ones', async () => {
    const clerkRegisters = new Set((await metadata('clerk')).map((c) => c.register));
    expect(clerkRegisters).toContain('service_requests');
    expect(clerkRegisters).not.toContain('permissions');
    expect(clerkRegisters).not.toContain('scheduled_jobs');
    const gm = await metadata('gm');
    expect(gm.filter((c) => c.register === 'customers').every((c) => !c.editable)).toBe(true);
  });

  it('gives enum columns their values as options', async () => {
    const role = (await metadata('admin')).find((c) => c.register === 'operators' && c.column_name === 'role');
    expect(role?.options).toEqual(['clerk', 'archivist', 'manager', 'director', 'gm', 'admin']);
  });

  it('tells each role whether it may create, update and delete in a register, as the permission table says', async () => {
    const rights = async (role: DemoRole, register: string) => {
      const column = (await metadata(role)).find((c) => c.register === register);
      return column && { can_create: column.can_create, can_update: column.can_update, can_delete: column.can_delete };
    };
    expect(await rights('clerk', 'service_requests')).toEqual({ can_create: true, can_update: true, can_delete: true });
    expect(await rights('clerk', 'customers')).toEqual({ can_create: true, can_update: true, can_delete: false });
    expect(await rights('gm', 'customers')).toEqual({ can_create: false, can_update: false, can_delete: false });
    expect(await rights('director', 'customers')).toEqual({ can_create: false, can_update: true, can_delete: false });
    expect(await rights('manager', 'customers')).toEqual({ can_create: true, can_update: true, can_delete: true });
    // And for every role and every register it reads among the service registers, the flags are the permission rows.
    for (const role of ['clerk', 'archivist', 'manager', 'director', 'gm', 'admin'] as DemoRole[]) {
      const columns = await metadata(role);
      for (const register of ['customers', 'contacts', 'service_requests', 'return_visits']) {
        const actions = (await sql<{ action: string }>('select action::text from public.permissions where role = $1 and register = $2', [role, register])).map((p) => p.action);
        const column = columns.find((c) => c.register === register);
        expect(column !== undefined, `${role} reads ${register}`).toBe(actions.includes('read'));
        if (column) {
          expect([column.can_create, column.can_update, column.can_delete], `${role} on ${register}`).toEqual(['create', 'update', 'delete'].map((a) => actions.includes(a)));
        }
      }
    }
  });

  it('gives a column the format its check constraint imposes, with the rule’s message in both languages', async () => {
    const columns = (await metadata('clerk')).filter((c) => c.register === 'service_requests');
    const phone = columns.find((c) => c.column_name === 'phone');
    expect(phone).toMatchObject({
      pattern: '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|[0-9]{7,8})$',
      pattern_message_zh: '电话格式不正确：手机 11 位、固话（区号-号码）或 7–8 位号码',
      pattern_message_en: 'Phone: 11-digit mobile, landline with area code, or 7–8 digits',
    });
    // The app checks a cell with it before the database does, so it must work as a JavaScript pattern too.
    const format = new RegExp(phone!.pattern!);
    expect(['13812345678', '010-12345678', '12345678'].map((p) => format.test(p))).toEqual([true, true, true]);
    expect(['12345', '2381234567a', '010 12345678'].map((p) => format.test(p))).toEqual([false, false, false]);
    expect(columns.find((c) => c.column_name === 'content')).toMatchObject({ pattern: null, pattern_message_zh: null, pattern_message_en: null });
  });

  it('sorts service requests newest received first by default', async () => {
    const columns = (await metadata('clerk')).filter((c) => c.register === 'service_requests');
    expect(columns.length).toBeGreaterThan(0);
    expect(new Set(columns.map((c) => `${c.default_sort_column} ${c.default_sort_desc ? 'desc' : 'asc'}`))).toEqual(new Set(['received_at desc']));
  });
});
