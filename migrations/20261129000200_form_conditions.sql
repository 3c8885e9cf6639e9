-- Forms per kind (issue 17): which columns a row of a given kind asks for, and which of them it
-- requires — declared once here, read by the database (a trigger refuses a missing required field
-- naming that field) and by the forms (a 报修 form does not ask complaint fields; a 投诉 form marks
-- its category and severity as required). Existing check constraints stay the last word; this
-- declaration says the same rule field by field (a rule without a constraint of its own is refused
-- naming its field), and a check over several columns names its first (private.refusal, in the
-- register-writes migration), so that a refusal lands at a field.

create table private.column_conditions (
  register text not null,
  column_name text not null,
  -- the column whose value decides (service_requests.kind)
  when_column text not null,
  -- the values for which the column is asked
  when_values text[] not null,
  -- asked and required for those values
  required boolean not null default false,
  primary key (register, column_name),
  constraint column_conditions_values_not_empty check (cardinality(when_values) > 0)
);
comment on table private.column_conditions is '按类型填写的字段 | Fields asked by kind';
alter table private.column_conditions enable row level security;

-- select private.declare_asked_when('public.service_requests', 'severity', 'kind', array['投诉'], required => true);
create function private.declare_asked_when(p_table regclass, p_column text, when_column text, when_values text[], required boolean default false)
returns void
language plpgsql set search_path = ''
as $$
begin
  perform private.require_column(p_table, p_column);
  perform private.require_column(p_table, when_column);
  insert into private.column_conditions (register, column_name, when_column, when_values, required)
  values (private.register_name(p_table), p_column, declare_asked_when.when_column, declare_asked_when.when_values, declare_asked_when.required)
  on conflict (register, column_name) do update
    set when_column = excluded.when_column, when_values = excluded.when_values, required = excluded.required;
  -- the database checks what is declared required (one trigger per table and event, reading these
  -- rows once per statement: an import writes thousands of rows in one); after the row's own
  -- check constraints, which keep the last word where they say the same
  if declare_asked_when.required and not exists (
    select from pg_catalog.pg_trigger t where t.tgrelid = p_table and t.tgname = 'required_when_kind') then
    execute pg_catalog.format(
      'create trigger required_when_kind after insert on %s referencing new table as new_rows for each statement execute function private.check_required_when()', p_table);
    execute pg_catalog.format(
      'create trigger required_when_kind_update after update on %s referencing new table as new_rows for each statement execute function private.check_required_when()', p_table);
  end if;
end
$$;
revoke all on function private.declare_asked_when(regclass, text, text, text[], boolean) from public;

-- A required field left empty for its kind is refused naming the field (the form shows it there).
-- One query per declared condition and statement over the rows it wrote (new_rows).
create function private.check_required_when() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  c record;
  label text;
  kind_label text;
begin
  for c in
    select k.column_name, k.when_column, k.when_values from private.column_conditions k
    where k.register = tg_table_name and k.required
  loop
    execute pg_catalog.format(
      'select n.%1$I::text from new_rows n where n.%1$I::text = any ($1) and (n.%2$I is null or pg_catalog.btrim(n.%2$I::text) = '''') limit 1',
      c.when_column, c.column_name)
      into kind_label using c.when_values;
    continue when kind_label is null;
    label := pg_catalog.col_description(tg_relid, (select a.attnum from pg_catalog.pg_attribute a where a.attrelid = tg_relid and a.attname = c.column_name));
    raise exception '%', pg_catalog.format('%s必须填写“%s” | A %s needs %s',
        kind_label, coalesce(private.label_part(label, 1), c.column_name),
        coalesce((select l.label_en from private.option_labels l where l.value = kind_label), kind_label),
        lower(coalesce(private.label_part(label, 2), private.label_part(label, 1), c.column_name)))
      using errcode = '23514', column = c.column_name;
  end loop;
  return null;
end
$$;
revoke all on function private.check_required_when() from public;

-- The conditions of the registers the person may read (the forms read them).
create function public.column_conditions()
returns table (register text, column_name text, when_column text, when_values text[], required boolean)
language sql stable security definer set search_path = ''
as $$
  select c.register, c.column_name, c.when_column, c.when_values, c.required
  from private.column_conditions c
  where exists (select from public.my_permissions() p where p.register = c.register and p.action = 'read')
  order by c.register, c.column_name
$$;
comment on function public.column_conditions() is '按类型填写的字段 | Fields asked by kind';
revoke all on function public.column_conditions() from public, anon;
grant execute on function public.column_conditions() to authenticated;

-- ── Service requests: the paper form's sections ─────────────────────────────────────────
-- complaint 投诉 (service_requests_complaint_fields: a category and a severity; the accused only on a complaint)
do $$
begin
  perform private.declare_asked_when('public.service_requests', c, 'kind', array['投诉'], required => c in ('complaint_category', 'severity'))
  from unnest(array['complaint_category', 'severity', 'accused_operator_id', 'accused_department_id', 'evidence', 'witnesses', 'reply', 'malicious',
                    -- what the complaint workflow records (shown read-only on a complaint only)
                    'reclassified_by', 'reclassified_at', 'reclassify_reason', 'reply_due', 'replied_at', 'escalated_at']) c;
-- repair 报修 (service_requests_fault_kind_repairs_only: only a repair has a fault kind)
  perform private.declare_asked_when('public.service_requests', c, 'kind', array['报修'])
  from unnest(array['location', 'fault', 'repairer', 'fault_kind', 'warranty', 'parts', 'cost',
                    -- what the repair workflow records
                    'investigate_due', 'investigated_at', 'investigation', 'complete_due']) c;
end
$$;
