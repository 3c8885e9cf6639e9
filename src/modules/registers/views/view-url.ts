// A grid's view in its address: /r/<register>?view=<ViewConfig as JSON>, so a link (a dashboard
// card, a to-do) opens the register with its filters and sort already applied.
import type { ViewConfig } from './view-config';

/** The address of a register's grid showing the given view. */
export function registerListUrl(register: string, config: ViewConfig): string {
  return `/r/${register}?view=${encodeURIComponent(JSON.stringify(config))}`;
}

/** The view an address carries; an absent or malformed one is no view. */
export function viewFromSearch(search: string): ViewConfig {
  const raw = new URLSearchParams(search).get('view');
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const config = parsed as ViewConfig;
    return {
      ...(Array.isArray(config.filters) ? { filters: config.filters.filter((f) => f && typeof f.column === 'string' && typeof f.operator === 'string') } : {}),
      ...(config.sort && typeof config.sort.column === 'string' ? { sort: { column: config.sort.column, order: config.sort.order === 'desc' ? 'desc' : 'asc' } } : {}),
      ...(typeof config.search === 'string' ? { search: config.search } : {}),
    };
  } catch {
    return {};
  }
}
