// The search behind a reference cell's dropdown: the same server search as the form's picker
// (data/registers/reference-options.ts) — the referenced rows the person may read whose name, code
// or phone holds what he typed, each with what tells namesakes apart (code · department · phone).
import { useMemo } from 'react';
import { fetchReferenceOptions, optionDetail } from '../../../data/registers/reference-options';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import type { ReferenceSearch } from '../model/kinds/reference-choices';
import type { ColumnMeta } from '../model/register-meta';
import { useRegisters } from '../model/use-registers';

const pageSize = 30;

export function useReferenceSearch(): ReferenceSearch {
  const user = useSignedInUserId();
  const { registers } = useRegisters();
  return useMemo(
    () => ({
      user,
      choices: async (column: ColumnMeta, text: string) => {
        const table = column.references?.table ?? '';
        const display = column.references?.display ?? 'id';
        const columns = registers.find((r) => r.name === table)?.columns.map((c) => c.name) ?? [display];
        const { options } = await fetchReferenceOptions({ table, display, columns, text, page: 0, pageSize });
        return options.map((o) => ({ value: o.key, label: o.text, hint: optionDetail(o) || undefined }));
      },
    }),
    [user, registers],
  );
}
