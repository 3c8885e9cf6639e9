// The grid's first page, asked for as soon as the route and the register's description allow: once
// the session check has passed (auth-provider), not after the layout and the grid's toolbar have
// rendered (on a page load that is half a second or more on a busy machine). It goes into the query
// cache under the very key the grid's row pages use (use-row-pages), so the grid's own ask for page 0
// finds it there, or on its way (app.tsx imports this file, so it signs up with every page load). A view whose quick search must look up references first is left to the grid.
// The same when a link to a register is pressed in the running app (navigation-intent): the page is
// asked for at the press, while the router renders the screen.
import type { QueryClient } from '@tanstack/react-query';
import { keys } from '../../../data/keys';
import { fetchRowRights } from '../../../data/registers/fetch-row-rights';
import { queryClient } from '../../../data/query-client';
import { keptRegisters } from '../../../data/registers/kept-registers';
import { onNavigationIntent } from '../../../data/navigation-intent';
import { onCheckedIn } from '../../../data/session/checked-in';
import { searchedReferences } from '../model/kinds';
import type { RegisterMeta } from '../model/register-meta';
import { searchWords, toCrudFilters, toCrudSorters } from '../views/view-config';
import { viewFromSearch } from '../views/view-url';
import { pageSize, pageStaleTime } from './row-count';
import { readOffset } from './seek';

/** The query a grid sends for this view: the key its pages hang under (as useRowPages builds it). */
export function rowQueryOf(register: RegisterMeta, config: ReturnType<typeof viewFromSearch>) {
  const filters = toCrudFilters(register, config);
  const sorters = toCrudSorters(register, config);
  return { filters, sorters, query: JSON.stringify({ resource: register.name, filters, sorters }) };
}

export function prefetchFirstPage(client: QueryClient, user: string, pathname: string, search: string): void {
  const name = /^\/r\/([^/]+)\/?$/.exec(pathname)?.[1];
  if (!name) return;
  const registers = client.getQueryData<RegisterMeta[]>(keys.registers(user)) ?? keptRegisters<RegisterMeta[]>(user);
  const register = registers?.find((r) => r.name === decodeURIComponent(name));
  if (!register) return;
  const config = viewFromSearch(search);
  if (searchWords(config) !== '' && searchedReferences(register.columns).length > 0) return;
  const { filters, sorters, query } = rowQueryOf(register, config);
  const resource = register.name;
  void client
    .fetchQuery({ queryKey: keys.rowPage(user, resource, query, 0, 'offset'), queryFn: () => readOffset(resource, filters, sorters, 0, pageSize), staleTime: pageStaleTime })
    .then((rows) => {
      // The rows' rights too (the grid shows them read-only until these answer), under the grid's key.
      if (!(register.canUpdate || register.canDelete || register.moves.length > 0) || rows.length === 0) return;
      const rowKeys = rows.map((row) => String(row[register.keyColumn]));
      return client.prefetchQuery({ queryKey: keys.rowRights(user, resource, rowKeys), queryFn: () => fetchRowRights(resource, rowKeys), staleTime: pageStaleTime });
    })
    .catch(() => undefined);
}

onCheckedIn((user) => prefetchFirstPage(queryClient, user, window.location.pathname, window.location.search));
onNavigationIntent((pathname, search) => {
  const user = queryClient.getQueryData<string | null>(keys.session());
  if (user) prefetchFirstPage(queryClient, user, pathname, search);
});
