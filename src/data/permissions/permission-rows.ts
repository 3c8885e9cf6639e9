// The permission editor's reads and writes: what a permission row may name (permission_registers),
// and the rows themselves, written through PostgREST under the permissions register's own policies
// (only whoever holds create/update/delete on 'permissions' — the administrator — may write).
import type { Database } from '../../types/database.types';
import { supabaseClient } from '../supabase-client';

export type PermissionRow = Pick<Database['public']['Tables']['permissions']['Row'], 'id' | 'role' | 'duty' | 'register' | 'action' | 'scope' | 'note'>;
export type PermissionAction = Database['public']['Enums']['permission_action'];
export type PermissionScope = Database['public']['Enums']['permission_scope'];
/** Whose rows: a role, or a duty held beside a role. */
export type Holder = { role: Database['public']['Enums']['app_role']; duty?: undefined } | { duty: Database['public']['Enums']['duty']; role?: undefined };

export type PermissionSubject = {
  register: string;
  label_zh: string;
  label_en: string;
  group_label_zh: string;
  group_label_en: string;
  owner_column: string | null;
  department_column: string | null;
};

export async function fetchPermissionSubjects(): Promise<PermissionSubject[]> {
  const { data, error } = await (supabaseClient.rpc as unknown as (fn: string) => Promise<{ data: unknown; error: Error | null }>)('permission_registers');
  if (error) throw error;
  return (data ?? []) as PermissionSubject[];
}

export async function fetchPermissionRows(): Promise<PermissionRow[]> {
  const rows: PermissionRow[] = [];
  // Some hundreds of rows; PostgREST pages at 1000.
  for (let from = 0; ; from += 1000) {
    const { data, error } = await supabaseClient.from('permissions').select('id, role, duty, register, action, scope, note').order('register').range(from, from + 999);
    if (error) throw error;
    rows.push(...(data ?? []));
    if ((data ?? []).length < 1000) return rows;
  }
}

/** Gives the holder this scope for register × action (null takes the right away). */
export async function setPermission(holder: Holder, register: string, action: PermissionAction, scope: PermissionScope | null, existing: PermissionRow | undefined): Promise<void> {
  if (existing && scope === null) {
    const { error } = await supabaseClient.from('permissions').delete().eq('id', existing.id).select('id').single();
    if (error) throw error;
  } else if (existing && scope !== null) {
    const { error } = await supabaseClient.from('permissions').update({ scope }).eq('id', existing.id).select('id').single();
    if (error) throw error;
  } else if (scope !== null) {
    const { error } = await supabaseClient.from('permissions').insert({ role: holder.role ?? null, duty: holder.duty ?? null, register, action, scope }).select('id').single();
    if (error) throw error;
  }
}
