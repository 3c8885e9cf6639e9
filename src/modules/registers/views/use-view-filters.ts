// The view's filters as the grid sends them, the quick search included: a reference column is
// searched by the display text of the rows it points at, so the keys of those rows are looked up
// first (as the person may read them); until they arrive the grid keeps the filters it had, so the
// rows are asked for once, with the whole search.
import type { CrudFilter } from '@refinedev/core';
import { useEffect, useMemo, useState } from 'react';
import { searchReferenceKeys } from '../../../data/registers/search-reference-keys';
import { searchedReferences, type ReferenceMatches } from '../model/kinds';
import type { RegisterMeta } from '../model/register-meta';
import { searchWords, toCrudFilters, type ViewConfig } from './view-config';

type Found = { words: string; matches: ReferenceMatches };

/** The filters, and the quick search they carry (the previous one while the new one's references are looked up). */
export function useViewFilters(register: RegisterMeta, config: ViewConfig): { filters: CrudFilter[]; search: string } {
  const words = searchWords(config);
  const references = useMemo(() => searchedReferences(register.columns), [register.columns]);
  const needsLookup = words !== '' && references.length > 0;
  const [found, setFound] = useState<Found | null>(null);

  useEffect(() => {
    if (!needsLookup) return;
    let current = true;
    void searchReferenceKeys(references, words)
      .catch(() => new Map<string, string[]>())
      .then((matches) => {
        if (current) setFound({ words, matches });
      });
    return () => {
      current = false;
    };
  }, [needsLookup, references, words]);

  const ready = !needsLookup || found?.words === words;
  const matches = ready && needsLookup ? found?.matches : undefined;
  const next = useMemo(() => (ready ? toCrudFilters(register, config, matches) : null), [ready, register, config, matches]);
  const [last, setLast] = useState<{ filters: CrudFilter[]; search: string }>(() => (next ? { filters: next, search: config.search ?? '' } : { filters: toCrudFilters(register, { ...config, search: '' }), search: '' }));
  if (next && next !== last.filters) setLast({ filters: next, search: config.search ?? '' });
  return next ? { filters: next, search: config.search ?? '' } : last;
}
