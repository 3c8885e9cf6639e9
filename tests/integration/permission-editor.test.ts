// The permission editor's names (issue 17): everything a permission row may name has a name in both
// languages, so the editor never shows a register code; only those who may read the permissions ask.
import { describe, expect, it } from 'vitest';
import { signInAs, sql } from '../support/stack.ts';

const chinese = /[\u4e00-\u9fff]/;
type Subject = { register: string; label_zh: string; label_en: string; group_label_zh: string; group_label_en: string };

describe('the names the permission editor shows', () => {
  it('names every register a permission row names, in Chinese and in English, never by its code', async () => {
    const { data, error } = await (await signInAs('admin')).rpc('permission_registers');
    expect(error).toBeNull();
    // rls-matrix.test.ts writes throwaway rows naming registers that do not exist (matrix_…), possibly
    // while this file runs on the same stack: they name nothing and are left out here.
    const throwaway = (register: string) => register.startsWith('matrix_');
    const subjects = (data as Subject[]).filter((s) => !throwaway(s.register));
    const named = (await sql<{ register: string }>(`select distinct register from public.permissions order by 1`)).filter((n) => !throwaway(n.register));
    expect(subjects.map((s) => s.register)).toEqual(expect.arrayContaining(named.map((n) => n.register)));
    expect(subjects.filter((s) => !chinese.test(s.label_zh) || chinese.test(s.label_en) || s.label_en === s.register)).toEqual([]);
    expect(subjects.find((s) => s.register === 'complaints')).toMatchObject({ label_zh: expect.stringContaining('投诉处理'), group_label_en: 'Customer service' });
  });

  it('refuses a clerk, who may not read the permissions', async () => {
    const { data, error } = await (await signInAs('clerk')).rpc('permission_registers');
    expect(error?.code).toBe('42501');
    expect(error?.message).toContain('无权查看权限表 | You may not read the permissions');
    expect(data).toBeNull();
  });
});
