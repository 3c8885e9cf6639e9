// The rows a reference cell may name, searched on the server by their display text as the person
// types (RLS decides which), each with what tells namesakes apart. The search itself is handed
// down by the grid (ReferenceSearchContext, grid/reference-search.ts), so that the kinds stay free
// of the API client.
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useState } from 'react';
import { keys } from '../../../../data/keys';
import type { ColumnMeta } from '../register-meta';
import type { Labels } from './column-kind';
import type { Choice } from './grid-editors';

export type ReferenceSearch = { user: string | null | undefined; choices(column: ColumnMeta, text: string): Promise<Choice[]> };
export const ReferenceSearchContext = createContext<ReferenceSearch | null>(null);

export function useReferenceChoices(column: ColumnMeta, initial: string, value: unknown, labels: Labels) {
  const search = useContext(ReferenceSearchContext);
  const table = column.references?.table ?? '';
  const [text, setText] = useState(initial);
  const answer = useQuery({
    queryKey: [...keys.register(search?.user, table), 'choices', column.references?.display ?? 'id', text.trim()],
    enabled: !!table && !!search,
    staleTime: 30_000,
    queryFn: () => search!.choices(column, text.trim()),
  });
  // The row the cell names now stays a choice while the list holds other rows.
  const current: Choice[] = value && !answer.data?.some((c) => c.value === String(value)) ? [{ value: String(value), label: labels.get(String(value)) ?? '' }] : [];
  return { choices: [...current, ...(answer.data ?? [])], loading: answer.isFetching, search: setText };
}
