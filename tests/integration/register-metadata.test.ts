// The app builds its screens from register_metadata(): labels from the column comments, options
// from enums and check lists, foreign keys with their display column, required and editable flags.
import { describe, expect, it } from 'vitest';
import { signInAs } from '../support/stack.ts';

type Column = {
  register: string; label_zh: string; label_en: string; key_column: string; column_name: string; data_type: string;
  label_column_zh: string; label_column_en: string; options: string[] | null; references_table: string | null;
  references_display: string | null; required: boolean; editable: boolean; is_system: boolean;
};

async function metadata(role: Parameters<typeof signInAs>[0]): Promise<Column[]> {
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
});
