// Which columns a row of a given kind asks for and requires (public.column_conditions: declared in the
// register's migration, checked by the database, read by the forms).
import { supabaseClient } from '../supabase-client';

export type ColumnCondition = { register: string; column_name: string; when_column: string; when_values: string[]; required: boolean };

export async function fetchColumnConditions(): Promise<ColumnCondition[]> {
  const { data, error } = await supabaseClient.rpc('column_conditions' as never);
  if (error) throw error;
  return (data ?? []) as unknown as ColumnCondition[];
}
