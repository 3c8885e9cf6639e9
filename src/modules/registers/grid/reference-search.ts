// The search behind a reference cell's dropdown: the referenced register's rows whose display text
// contains what the person typed (RLS decides which), each with what tells namesakes apart — the
// register's code and phone columns and the name of its department, when it has them.
import { useMemo } from 'react';
import { referenceDisplays } from '../../../data/registers/reference-displays';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import { supabaseClient } from '../../../data/supabase-client';
import type { ReferenceSearch } from '../model/kinds/reference-choices';
import type { ColumnMeta } from '../model/register-meta';
import { useRegisters } from '../model/use-registers';

/** Columns that tell two rows of one name apart, in the order they are shown. */
const hintColumns = ['code', 'customer_no', 'employee_no', 'phone', 'mobile'];
const limit = 30;

// PostgREST's ilike pattern: the person's text is literal (its % _ * match themselves).
export const likePattern = (text: string) => `*${text.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/[*,()"]/g, ' ')}*`;

export function useReferenceSearch(): ReferenceSearch {
  const user = useSignedInUserId();
  const { registers } = useRegisters();
  return useMemo(
    () => ({
      user,
      choices: async (column: ColumnMeta, text: string) => {
        const table = column.references?.table ?? '';
        const display = column.references?.display ?? 'id';
        const present = new Set(registers.find((r) => r.name === table)?.columns.map((c) => c.name) ?? []);
        const hints = hintColumns.filter((c) => present.has(c) && c !== display);
        const withDepartment = present.has('department_id');
        const columns = ['id', display, ...hints, ...(withDepartment ? ['department_id'] : [])].join(',');
        let query = supabaseClient.from(table as never).select(columns).order(display as never).limit(limit);
        if (text) query = query.ilike(display as never, likePattern(text));
        const { data, error } = await query;
        if (error) throw error;
        const rows = (data ?? []) as unknown as Record<string, unknown>[];
        const departments = withDepartment
          ? await referenceDisplays('departments', 'name', rows.map((r) => r.department_id).filter((d): d is string => typeof d === 'string')).catch(() => new Map<string, string>())
          : new Map<string, string>();
        return rows.map((r) => ({
          value: String(r.id),
          label: String(r[display] ?? ''),
          hint: [...hints.map((h) => r[h]), withDepartment ? departments.get(String(r.department_id)) : null].filter((h) => h !== null && h !== undefined && h !== '').join(' · ') || undefined,
        }));
      },
    }),
    [user, registers],
  );
}
