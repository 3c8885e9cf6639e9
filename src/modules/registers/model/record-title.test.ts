import { afterEach, describe, expect, it } from 'vitest';
import { columnFixture as column } from '../../../../tests/fixtures/column-fixture';
import { i18n } from '../../../i18n/i18n';
import { recordNumber, recordTitle, titleReferences } from './record-title';
import type { RegisterMeta } from './register-meta';
import type { ReferenceLabels } from './use-reference-labels';

afterEach(() => i18n.changeLanguage('zh-CN'));

const projectId = '00000000-0000-4000-e001-000000000006';
const handovers = {
  name: 'archive_handovers', keyColumn: 'id', titleColumns: ['project_id', 'kind'],
  columns: [
    column({ name: 'id', dataType: 'uuid' }),
    column({ name: 'project_id', dataType: 'uuid', references: { table: 'projects', display: 'name' } }),
    column({ name: 'kind', options: ['档案', '权证'], optionsEn: ['Files', 'Certificates'] }),
  ],
} as unknown as RegisterMeta;
const row = { id: '6f1c2a9e-0b7d-4c1e-9a55-3d2b8f0e4a11', project_id: projectId, kind: '档案' };
const labelled = (labels: Record<string, string>) => ({ labels: () => new Map(Object.entries(labels)) }) as unknown as ReferenceLabels;

describe('what names a record on its page, in the recycle bin and on paper', () => {
  it('reads a reference by the name of the record it points at, and an option in the person’s language', async () => {
    expect(titleReferences(handovers).map((c) => c.name)).toEqual(['project_id']);
    expect(recordTitle(handovers, row, labelled({ [projectId]: '高新区标准厂房贷款项目' }))).toBe('高新区标准厂房贷款项目 档案');
    await i18n.changeLanguage('en');
    expect(recordTitle(handovers, row, labelled({ [projectId]: '高新区标准厂房贷款项目' }))).toBe('高新区标准厂房贷款项目 Files');
  });

  it('never shows a generated id: not a reference whose name has not arrived, not the key', () => {
    expect(recordTitle(handovers, row, labelled({}))).toBe('档案');
    expect(recordTitle(handovers, { ...row, kind: null }, labelled({}))).toBe('');
    expect(recordNumber(handovers, row, labelled({}))).toBe('');
  });

  it('falls back to a key that means something (a code, a setting’s name)', () => {
    const settings = { name: 'settings', keyColumn: 'key', titleColumns: [], columns: [column({ name: 'key' })] } as unknown as RegisterMeta;
    expect(recordTitle(settings, { key: 'backup.daily_hour' })).toBe('backup.daily_hour');
    expect(recordNumber(settings, { key: 'backup.daily_hour' })).toBe('backup.daily_hour');
  });
});
