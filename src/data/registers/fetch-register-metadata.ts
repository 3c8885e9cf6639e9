// Every register the signed-in person may read, as the database describes it (register_metadata):
// one row per register, its columns and workflow moves as JSON; the register model reads them.
import type { Database } from '../../types/database.types';
import { supabaseClient } from '../supabase-client';

export type RegisterMetadataRow = Omit<Database['public']['Functions']['register_metadata']['Returns'][number], 'columns' | 'moves'> & {
  columns: ColumnJson[];
  moves: MoveJson[];
};

/** A column as register_metadata() describes it. */
export type ColumnJson = {
  name: string;
  position: number;
  data_type: string;
  label_zh: string;
  label_en: string;
  kind_hint: string | null;
  options: string[] | null;
  options_en: string[] | null;
  /** Chinese labels of `options`: a value stored as a code (a role, a scope) has one; others stand for themselves. */
  options_zh?: string[] | null;
  references_table: string | null;
  references_display: string | null;
  required: boolean;
  default_value: string | null;
  editable: boolean;
  insertable: boolean;
  system: boolean;
  bookkeeping: boolean;
  owner: boolean;
  history_importable: boolean;
  read_only_reason: string | null;
  /** The RPC that gives the full value of a masked column, when the person may call it. */
  reveal_rpc?: string | null;
  reveal_key_param?: string | null;
  pattern: string | null;
  pattern_message_zh: string | null;
  pattern_message_en: string | null;
};

/** A field a workflow move asks for: one parameter of its RPC. */
export type MoveFieldJson = Pick<ColumnJson, 'name' | 'label_zh' | 'label_en' | 'data_type' | 'kind_hint' | 'options' | 'options_en' | 'options_zh' | 'references_table' | 'references_display' | 'required'> & {
  /** The register column the field stands for, if any. */
  column: string | null;
};

/** A workflow move declared in the register's migration. */
export type MoveJson = {
  move: string;
  position: number;
  label_zh: string;
  label_en: string;
  rpc: string;
  key_param: string;
  fixed_args: Record<string, unknown>;
  state_column: string | null;
  from_states: string[] | null;
  to_state: string | null;
  requires_register: string | null;
  requires_action: string | null;
  fields: MoveFieldJson[];
  confirm_zh: string | null;
  confirm_en: string | null;
  danger: boolean;
};

export async function fetchRegisterMetadata(): Promise<RegisterMetadataRow[]> {
  const { data, error } = await supabaseClient.rpc('register_metadata');
  if (error) throw error;
  return (data ?? []) as unknown as RegisterMetadataRow[];
}
