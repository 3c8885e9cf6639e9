import { describe, expect, it } from 'vitest';
import { registerListUrl, viewFromSearch } from './view-url';

describe('a view in the address', () => {
  it('comes back as it was given: filters, sort and search', () => {
    const config = { filters: [{ column: 'kind', operator: 'in' as const, value: ['投诉'] }, { column: 'escalated_at', operator: 'nnull' as const }], sort: { column: 'escalated_at', order: 'desc' as const }, search: '王' };
    const url = registerListUrl('service_requests', config);
    expect(url.startsWith('/r/service_requests?view=')).toBe(true);
    expect(viewFromSearch(url.slice(url.indexOf('?')))).toEqual(config);
  });

  it('is no view when absent or malformed', () => {
    expect(viewFromSearch('')).toEqual({});
    expect(viewFromSearch('?view=%7Bnot-json')).toEqual({});
    expect(viewFromSearch('?view=%5B1%5D')).toEqual({});
  });
});
