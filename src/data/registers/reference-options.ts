// The choices of a reference picker, a page at a time from the server: the referenced rows the
// person may read whose name (or code, or phone) holds the typed text, each with what tells two
// people or customers of the same name apart (code, department, phone). Rows of a preferred
// department (the request's) come first; only active people when the table says who is active.
import type { SupabaseClient } from '@supabase/supabase-js';
import { supabaseClient } from '../supabase-client';
import { referenceDisplays } from './reference-displays';

export type ReferenceOption = { key: string; text: string; code: string | null; department: string | null; departmentId: string | null; phone: string | null };
export type ReferenceOptionsPage = { options: ReferenceOption[]; more: boolean };

export type ReferenceQuery = {
  table: string;
  display: string;
  /** The referenced table's columns (as the person reads them), to know what can tell rows apart. */
  columns: readonly string[];
  text: string;
  /** Rows of this department first (e.g. the request's department for its handler). */
  department?: string | null;
  page: number;
  pageSize?: number;
};

/** What tells a row from its namesakes, as shown beside its name: code · department · phone. */
export const optionDetail = (o: Pick<ReferenceOption, 'code' | 'department' | 'phone'>): string => [o.code, o.department, o.phone].filter(Boolean).join(' · ');

const like = (text: string) => `*${text.replace(/[,()*"\\]/g, ' ').trim()}*`;

export async function fetchReferenceOptions(q: ReferenceQuery, client: SupabaseClient = supabaseClient): Promise<ReferenceOptionsPage> {
  const size = q.pageSize ?? 50;
  const has = (c: string) => q.columns.includes(c);
  const extras = ['code', 'phone', 'department_id'].filter((c) => has(c) && c !== q.display);
  const build = (part: 'preferred' | 'others' | 'all') => {
    let query = client.from(q.table).select(['id', q.display, ...extras].join(', '));
    if (has('active')) query = query.eq('active', true);
    const text = q.text.trim();
    if (text) query = query.or([q.display, ...extras.filter((c) => c !== 'department_id')].map((c) => `${c}.ilike.${like(text)}`).join(','));
    if (part === 'preferred') query = query.eq('department_id', q.department!);
    if (part === 'others') query = query.or(`department_id.is.null,department_id.neq.${q.department!}`);
    return query.order(q.display).order('id');
  };
  const rows: Record<string, unknown>[] = [];
  let more: boolean;
  const from = q.page * size;
  if (q.department && has('department_id')) {
    // The preferred department's rows, then everyone else's, as one list paged through.
    const preferred = await build('preferred').range(0, 999);
    if (preferred.error) throw preferred.error;
    const first = (preferred.data ?? []) as unknown as Record<string, unknown>[];
    const own = first.slice(from, from + size);
    rows.push(...own);
    const still = size - own.length;
    if (still > 0) {
      const start = Math.max(0, from - first.length);
      const others = await build('others').range(start, start + still);
      if (others.error) throw others.error;
      const found = (others.data ?? []) as unknown as Record<string, unknown>[];
      more = found.length > still;
      rows.push(...found.slice(0, still));
    } else more = true;
  } else {
    const { data, error } = await build('all').range(from, from + size);
    if (error) throw error;
    const found = (data ?? []) as unknown as Record<string, unknown>[];
    more = found.length > size;
    rows.push(...found.slice(0, size));
  }
  const departmentIds = rows.map((r) => r.department_id).filter((d): d is string => typeof d === 'string');
  const departments = departmentIds.length > 0 ? await referenceDisplays('departments', 'name', departmentIds, client).catch(() => new Map<string, string>()) : new Map<string, string>();
  const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
  return {
    more,
    options: rows.map((r) => ({
      key: String(r.id),
      text: text(r[q.display]) ?? String(r.id),
      code: text(r.code),
      phone: text(r.phone),
      departmentId: text(r.department_id),
      department: typeof r.department_id === 'string' ? (departments.get(r.department_id) ?? null) : null,
    })),
  };
}
