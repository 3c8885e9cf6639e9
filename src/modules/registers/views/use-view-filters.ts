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

export function useViewFilters(register: RegisterMeta, config: ViewConfig): CrudFilter[] {
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
  const [last, setLast] = useState<CrudFilter[]>(() => next ?? toCrudFilters(register, { ...config, search: '' }));
  if (next && next !== last) setLast(next);
  return next ?? last;
}
