-- No edit is ever lost silently: every register row carries a version (a stale write is refused),
-- every change lands in an append-only audit log, and a delete goes to a recycle bin to restore from.
-- private.register_table() attaches all three to a register in one call.

-- ── System-owned columns: declared once, written by the database alone ────────────────────
-- register '*' holds the bookkeeping every register has; a register adds its own computed,
-- chasing and workflow columns with private.declare_system_column(). The metadata shows them
-- read-only and apply_rows refuses them.
create table private.system_columns (
  register text not null,
  column_name text not null,
  why text not null,
  primary key (register, column_name)
);
-- Read only by the owner's security-definer functions (no API role has a grant); RLS with no
-- policy is a second lock should a grant ever be added by mistake.
alter table private.system_columns enable row level security;
insert into private.system_columns (register, column_name, why) values
  ('*', 'version', '版本由数据库递增 | The database increments the version'),
  ('*', 'created_at', '创建时间由数据库记录 | The database stamps creation'),
  ('*', 'updated_at', '修改时间由数据库记录 | The database stamps changes');

create function private.system_columns_of(p_register text) returns text[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(s.column_name::text order by s.column_name), '{}')
  from private.system_columns s where s.register in ('*', p_register)
$$;

-- The register's own declared columns with their reasons (the guard trigger and apply_rows quote them).
create function private.system_column_reasons(p_register text) returns table (column_name text, why text)
language sql stable security definer set search_path = ''
as $$
  select s.column_name, s.why from private.system_columns s where s.register = p_register order by s.column_name
$$;

-- The API roles lose the insert grant of every declared column (and of the bookkeeping every
-- register has): a value sent with a new row is refused (42501), never quietly kept. A table-wide
-- grant cannot spare one column, so it becomes a column grant of the others first. Updates are
-- refused by private.guard_system_columns(), which names the column and the reason.
create function private.sweep_system_column_grants(tbl regclass) returns void
language plpgsql set search_path = ''
as $$
declare
  register text := (select c.relname::text from pg_catalog.pg_class c where c.oid = tbl);
  declared text[] := private.system_columns_of(register);
  api_role text;
  others text;
  col text;
begin
  foreach api_role in array array['anon', 'authenticated'] loop
    if pg_catalog.has_table_privilege(api_role, tbl, 'INSERT') then
      select string_agg(format('%I', a.attname), ', ' order by a.attnum) into others
      from pg_catalog.pg_attribute a
      where a.attrelid = tbl and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        and a.attname <> all (declared);
      execute format('revoke insert on %s from %I', tbl, api_role);
      if others is not null then
        execute format('grant insert (%s) on %s to %I', others, tbl, api_role);
      end if;
    end if;
    foreach col in array declared loop
      if exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = tbl and a.attname = col and a.attnum > 0 and not a.attisdropped) then
        execute format('revoke insert (%I) on %s from %I', col, tbl, api_role);
      end if;
    end loop;
  end loop;
end
$$;

create function private.declare_system_column(p_table regclass, p_column text, p_why text) returns void
language plpgsql set search_path = ''
as $$
begin
  insert into private.system_columns (register, column_name, why)
  values ((select c.relname::text from pg_catalog.pg_class c where c.oid = p_table), p_column, p_why)
  on conflict (register, column_name) do update set why = excluded.why;
  -- Declared before or after register_table(), the grants follow the declaration.
  perform private.sweep_system_column_grants(p_table);
end
$$;

-- One guard for every path that writes as a person (PostgREST PATCH, apply_rows, import): a change
-- of a declared column is refused. Security invoker on purpose: inside a workflow function or a
-- trigger function (security definer, run as their owner) current_user is no API role, so the
-- moves, the jobs and the rules that compute these columns pass. It fires first (its name sorts
-- before the register's own triggers), so it sees what the caller sent, not what a rule computed.
create function private.guard_system_columns() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  old_row jsonb;
  new_row jsonb;
  declared record;
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  old_row := to_jsonb(old);
  new_row := to_jsonb(new);
  -- The key (tg_argv[0]) names the row in the audit log, the bin and every link to it.
  if tg_nargs > 0 and new_row -> tg_argv[0] is distinct from old_row -> tg_argv[0] then
    raise exception '记录的主键由数据库分配，不能修改 | A record''s key is assigned by the database and cannot be changed'
      using errcode = '42501', column = tg_argv[0], table = tg_table_name;
  end if;
  -- (the version a client sends is its stale-write check, private.touch_row()'s to judge)
  for declared in select * from private.system_column_reasons(tg_table_name)
                  union all select * from private.system_column_reasons('*') r where r.column_name <> 'version' loop
    if new_row -> declared.column_name is distinct from old_row -> declared.column_name then
      raise exception '%', declared.why
        using errcode = '42501', column = declared.column_name, table = tg_table_name,
              detail = format('%s.%s is system-owned', tg_table_name, declared.column_name);
    end if;
  end loop;
  return new;
end
$$;
revoke all on function private.system_columns_of(text), private.declare_system_column(regclass, text, text),
  private.system_column_reasons(text), private.sweep_system_column_grants(regclass), private.guard_system_columns() from public;
grant execute on function private.system_columns_of(text), private.system_column_reasons(text), private.guard_system_columns()
  to authenticated, service_role;

-- ── Audit log 操作日志 ────────────────────────────────────────────────────────────────────
-- The application role a change came through: the JWT's role claim ('authenticated',
-- 'service_role') as PostgREST sets it, else the role the session took (set role), else the
-- login itself (a console edit). Not current_user: the audit trigger is security definer, so
-- there it is always the owner ('postgres') whoever made the change.
create function private.request_role() returns text
language sql stable set search_path = ''
as $$
  select coalesce(
    nullif((select auth.jwt()) ->> 'role', ''),
    nullif(nullif(pg_catalog.current_setting('role', true), 'none'), ''),
    session_user::text)
$$;
revoke all on function private.request_role() from public;
grant execute on function private.request_role() to authenticated, service_role;

create table public.audit_log (
  id bigint generated always as identity primary key,
  table_name text not null,
  row_id text not null,
  action text not null,
  actor_user_id uuid,
  actor_operator_id uuid,
  actor_role text not null default private.request_role(),
  at timestamptz not null default clock_timestamp(),
  before jsonb,
  after jsonb,
  changed_fields text[],
  constraint audit_log_action_check check (action in ('insert', 'update', 'delete', 'restore', 'import'))
);
comment on table public.audit_log is '操作日志 | Audit log';
comment on column public.audit_log.table_name is '台账 | Register';
comment on column public.audit_log.row_id is '记录 | Record';
comment on column public.audit_log.action is '操作 | Action';
comment on column public.audit_log.actor_user_id is '账号 | Account';
comment on column public.audit_log.actor_operator_id is '操作员 | Operator';
comment on column public.audit_log.actor_role is '接入角色 | Application role';
comment on column public.audit_log.at is '时间 | At';
comment on column public.audit_log.before is '修改前 | Before';
comment on column public.audit_log.after is '修改后 | After';
comment on column public.audit_log.changed_fields is '修改字段 | Changed fields';

-- (update and delete share their labels with the permission actions)
select private.label_options('{"insert": "Create", "restore": "Restore"}');

create index audit_log_table_row_at_idx on public.audit_log (table_name, row_id, at desc);
create index audit_log_actor_operator_id_idx on public.audit_log (actor_operator_id);
create index audit_log_at_idx on public.audit_log using brin (at);

alter table public.audit_log enable row level security;
revoke all on public.audit_log from anon, authenticated, service_role;
grant select on public.audit_log to authenticated, service_role;

-- Whether the caller can read the row the entry is about: the register's own RLS decides, so
-- this runs with the caller's rights (security invoker).
create function private.row_visible(p_table text, p_row_id text) returns boolean
language plpgsql stable security invoker set search_path = ''
as $$
declare
  key_column text;
  key_type text;
  found boolean;
begin
  select a.attname, format_type(a.atttypid, a.atttypmod) into key_column, key_type
  from pg_catalog.pg_index i
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
  where i.indrelid = format('public.%I', p_table)::regclass and i.indisprimary;
  if key_column is null then
    return false;
  end if;
  execute format('select exists (select 1 from public.%I where %I = $1::%s)', p_table, key_column, key_type)
    into found using p_row_id;
  return found;
exception when undefined_table or invalid_text_representation or insufficient_privilege then
  return false;
end
$$;
revoke all on function private.row_visible(text, text) from public;
grant execute on function private.row_visible(text, text) to authenticated, service_role;

create policy audit_log_select on public.audit_log
  for select to authenticated using (private.row_visible(table_name, row_id));

-- Append-only for everyone: the API roles have no write grant, and this trigger stops the
-- owner, service_role and the console too.
create function private.refuse_audit_change() returns trigger
language plpgsql set search_path = ''
as $$
begin
  raise exception '操作日志只能追加，不能修改或删除 | The audit log is append-only'
    using errcode = '42501';
end
$$;
create trigger audit_log_append_only before update or delete on public.audit_log
  for each row execute function private.refuse_audit_change();
create trigger audit_log_no_truncate before truncate on public.audit_log
  for each statement execute function private.refuse_audit_change();

-- A row written back as it was: restored from the bin, or imported from the centre's paper
-- registers by an administrator (public.import_history). The registers' rules that stamp a new
-- row (its receiver, its state, a late flag, a notification) leave such a row as given. Both
-- settings are set only inside the owner's security-definer functions.
create function private.keeping_rows_as_given() returns boolean
language sql stable set search_path = ''
as $$
  select coalesce(current_setting('taizhang.restoring', true), '') = 'on'
      or coalesce(current_setting('taizhang.importing_history', true), '') = 'on'
$$;
revoke all on function private.keeping_rows_as_given() from public;

-- Who made a change (account, operator, application role) is worked out once per transaction
-- and caller: an import writes thousands of rows as one person, and parsing the token's claims
-- and looking the operator up for each row was a tenth of the import. The cache is keyed by the
-- claims and the role themselves, so a different caller (or a `set role`) in the same
-- transaction is looked up afresh; an account without an operator row is never cached.
-- A dry run of apply_rows writes no audit rows: everything it did is rolled back at its end. The
-- skip needs both the transaction-local setting apply_rows sets inside its dry run (and resets to
-- off for a real write, so whatever a caller set beforehand counts for nothing) and apply_rows on
-- the call stack: a person who sets the setting himself and writes is audited as ever.
create function private.audit_row() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  key_column text := tg_argv[0];
  old_row jsonb;
  new_row jsonb;
  changed text[];
  context text;
  actor_key text;
  actor text;
  actor_uid uuid;
  actor_operator uuid;
begin
  if current_setting('taizhang.dry_run', true) = 'on' then
    get diagnostics context = pg_context;
    if context like '%function public.apply_rows(text,jsonb,boolean) %' or context like '%function apply_rows(text,jsonb,boolean) %' then
      return null;
    end if;
  end if;
  old_row := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
  new_row := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
  if tg_op = 'UPDATE' then
    select array_agg(n.key order by n.key) into changed
    from jsonb_each(new_row) n
    -- Only the bookkeeping every register has ('*') is left out: a change of a register's own
    -- system-owned columns (workflow state, chasing stamps) is what the log is for.
    where n.key <> all (private.system_columns_of('*')) and n.value is distinct from old_row -> n.key;
    if changed is null then
      return null;
    end if;
  end if;
  actor_key := concat(current_setting('request.jwt.claim.sub', true), chr(31), current_setting('request.jwt.claim', true), chr(31),
                      current_setting('request.jwt.claims', true), chr(31), current_setting('role', true), chr(31), session_user::text);
  if current_setting('taizhang.audit_actor_key', true) is not distinct from actor_key then
    actor := current_setting('taizhang.audit_actor', true);
    actor_uid := nullif(split_part(actor, '|', 1), '')::uuid;
    actor_operator := nullif(split_part(actor, '|', 2), '')::uuid;
    actor := substr(actor, length(split_part(actor, '|', 1)) + length(split_part(actor, '|', 2)) + 3);
  else
    actor_uid := (select auth.uid());
    actor_operator := (select o.id from public.operators o where o.user_id = actor_uid);
    actor := private.request_role();
    if actor_uid is null or actor_operator is not null then
      perform set_config('taizhang.audit_actor', concat(actor_uid, '|', actor_operator, '|', actor), true);
      perform set_config('taizhang.audit_actor_key', actor_key, true);
    end if;
  end if;
  insert into public.audit_log (table_name, row_id, action, actor_user_id, actor_operator_id, actor_role, before, after, changed_fields)
  values (
    tg_table_name,
    coalesce(new_row, old_row) ->> key_column,
    case when tg_op = 'INSERT' and current_setting('taizhang.restoring', true) = 'on' then 'restore'
         when tg_op = 'INSERT' and current_setting('taizhang.importing_history', true) = 'on' then 'import'
         else lower(tg_op) end,
    actor_uid,
    actor_operator,
    actor,
    old_row,
    new_row,
    changed
  );
  return null;
end
$$;

-- ── Versions: a write based on an older version is refused (HTTP 409) ────────────────────
-- A client that read version N sends version = N with its change. A client that sends no
-- version (the Supabase console) leaves it unchanged, which counts as current.
create function private.touch_row() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.version is distinct from old.version then
    raise exception '记录已被他人修改：您修改的是第 % 版，当前已是第 % 版。请刷新后重试。', new.version, old.version
      using errcode = 'PT409',
            detail = format('stale write on %s: sent version %s, current version %s', tg_table_name, new.version, old.version),
            hint = '刷新后比较双方的修改，再决定保留哪一份 | Reload, compare both changes, then choose';
  end if;
  new.version := old.version + 1;
  new.created_at := old.created_at;
  new.updated_at := now();
  return new;
end
$$;

-- ── Recycle bin 回收站 ─────────────────────────────────────────────────────────────────────
create table public.recycle_bin (
  id bigint generated always as identity primary key,
  table_name text not null,
  row_id text not null,
  row_data jsonb not null,
  owner_id uuid,
  department_id uuid,
  deleted_by uuid references public.operators (id) on delete set null,
  deleted_at timestamptz not null default clock_timestamp(),
  restored_by uuid references public.operators (id) on delete set null,
  restored_at timestamptz
);
comment on table public.recycle_bin is '回收站 | Recycle bin';
comment on column public.recycle_bin.table_name is '台账 | Register';
comment on column public.recycle_bin.row_id is '记录 | Record';
comment on column public.recycle_bin.row_data is '删除时内容 | Content when deleted';
comment on column public.recycle_bin.owner_id is '负责人 | Owner';
comment on column public.recycle_bin.department_id is '部门 | Department';
comment on column public.recycle_bin.deleted_by is '删除人 | Deleted by';
comment on column public.recycle_bin.deleted_at is '删除时间 | Deleted at';
comment on column public.recycle_bin.restored_by is '恢复人 | Restored by';
comment on column public.recycle_bin.restored_at is '恢复时间 | Restored at';

create index recycle_bin_table_deleted_at_idx on public.recycle_bin (table_name, deleted_at desc) where restored_at is null;
create index recycle_bin_deleted_by_idx on public.recycle_bin (deleted_by);
create index recycle_bin_restored_by_idx on public.recycle_bin (restored_by);
create index recycle_bin_owner_id_idx on public.recycle_bin (owner_id);
create index recycle_bin_department_id_idx on public.recycle_bin (department_id);

alter table public.recycle_bin enable row level security;
revoke all on public.recycle_bin from anon, authenticated;
grant select on public.recycle_bin to authenticated;

-- Whether the caller may restore a deleted row: whether the register's own policies would let
-- them read it and delete it, were it back as it was (so the register's scope, its kind-dependent
-- permission register, its recusal and its "only while not yet handled" hold as for a delete, and
-- a deactivated operator, who has no scope, may restore nothing). Security invoker: in the bin's
-- policy it runs as the caller, so the subqueries of the register's read policy see only what the
-- caller sees. Having deleted the row oneself is no right to bring it back.
create function private.may_restore(p_table text, p_row jsonb) returns boolean
language plpgsql stable security invoker set search_path = ''
as $$
declare
  rel regclass := pg_catalog.to_regclass(format('public.%I', p_table));
  readable text;
  deletable text;
  allowed boolean;
begin
  if rel is null or p_row is null or private.my_operator_id() is null
     or not pg_catalog.has_table_privilege('authenticated', rel, 'select, delete') then
    return false;
  end if;
  -- (private.policy_condition, of the row-rights migration, is the one reading of the policies
  -- the grid's row rights use too; 'false' when no policy allows the command)
  readable := private.policy_condition(rel, 'r');
  deletable := private.policy_condition(rel, 'd');
  -- The row is aliased by its table's name: that is how the policy text names the outer row.
  execute format('select exists (select 1 from pg_catalog.jsonb_populate_record(null::%s, $1) as %I where (%s) and (%s))',
                 rel, p_table, readable, deletable)
    into allowed using p_row;
  return coalesce(allowed, false);
end
$$;
revoke all on function private.may_restore(text, jsonb) from public;
grant execute on function private.may_restore(text, jsonb) to authenticated, service_role;

-- The same question for the whole bin at once, one query per register in it (asked row by row,
-- a bin of a few thousand entries took seconds to list). The entries are read through a definer
-- function, so the bin's policy does not call itself; the register's policies run as the caller.
create function private.bin_registers() returns setof text
language sql stable security definer set search_path = ''
as $$
  select distinct b.table_name from public.recycle_bin b where b.restored_at is null
$$;

create function private.bin_entries(p_table text) returns table (bin_entry_id bigint, bin_row_data jsonb)
language sql stable security definer set search_path = ''
as $$
  select b.id, b.row_data from public.recycle_bin b where b.table_name = p_table and b.restored_at is null
$$;

create function private.restorable_bin_ids() returns setof bigint
language plpgsql stable security invoker set search_path = ''
as $$
declare
  register text;
  rel regclass;
begin
  if private.my_operator_id() is null then
    return;
  end if;
  for register in select r from private.bin_registers() as r loop
    rel := pg_catalog.to_regclass(format('public.%I', register));
    continue when rel is null or not pg_catalog.has_table_privilege('authenticated', rel, 'select, delete');
    -- The row in a scope of its own, named as its table: the policy text's columns resolve there.
    return query execute format(
      'select e.bin_entry_id from private.bin_entries(%L) e
       where exists (select 1 from pg_catalog.jsonb_populate_record(null::%s, e.bin_row_data) as %I where (%s) and (%s))',
      register, rel, register, private.policy_condition(rel, 'r'), private.policy_condition(rel, 'd'));
  end loop;
end
$$;
revoke all on function private.bin_registers(), private.bin_entries(text), private.restorable_bin_ids() from public;
grant execute on function private.bin_registers(), private.bin_entries(text), private.restorable_bin_ids() to authenticated;

-- The bin lists only what the caller may restore (restored entries are history, not in the bin).
create policy recycle_bin_select on public.recycle_bin
  for select to authenticated using (restored_at is null and id in (select private.restorable_bin_ids()));

create function private.keep_deleted_row() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  data jsonb := to_jsonb(old);
  owner_column text;
  department_column text;
begin
  -- Filed under the owner and department its policies read (private.create_register_policies),
  -- else under columns named owner_id and department_id.
  select s.owner_column, s.department_column into owner_column, department_column
  from private.register_scopes s where s.table_name = tg_table_name;
  if not found then
    owner_column := 'owner_id';
    department_column := 'department_id';
  end if;
  insert into public.recycle_bin (table_name, row_id, row_data, owner_id, department_id, deleted_by)
  values (
    tg_table_name,
    data ->> tg_argv[0],
    data,
    (data ->> owner_column)::uuid,
    (data ->> department_column)::uuid,
    (select private.my_operator_id())
  );
  return old;
end
$$;

-- Why an entry the caller cannot see in the bin cannot be restored: that it is not there (404),
-- already restored (409), or not theirs to restore (403). It says that the entry exists, never
-- what it holds.
create function private.refuse_restore(p_bin_id bigint) returns void
language plpgsql stable security definer set search_path = ''
as $$
declare
  entry public.recycle_bin;
begin
  select * into entry from public.recycle_bin b where b.id = p_bin_id;
  if entry.id is null then
    raise exception '回收站中没有这条记录 | There is no such entry in the recycle bin' using errcode = 'PT404';
  elsif entry.restored_at is not null then
    raise exception '这条记录已恢复 | This record has already been restored' using errcode = 'PT409';
  end if;
  raise exception '无权恢复这条记录：恢复需要在其台账中删除它的权限 | You may not restore this record: restoring needs the right to delete it in its register'
    using errcode = '42501';
end
$$;

-- Puts an entry back as the owner (identity values as they were, generated columns computed
-- again). It checks the delete right again (its own rights: the scope helpers still see the
-- caller), so even a direct SQL call cannot walk around the bin's policy.
create function private.restore_from_bin(p_bin_id bigint) returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  entry public.recycle_bin;
  columns text;
begin
  select * into entry from public.recycle_bin b where b.id = p_bin_id for update;
  if entry.id is null or entry.restored_at is not null or not private.may_restore(entry.table_name, entry.row_data) then
    perform private.refuse_restore(p_bin_id);
  end if;
  perform set_config('taizhang.restoring', 'on', true);
  begin
    select string_agg(format('%I', a.attname), ', ' order by a.attnum) into columns
    from pg_catalog.pg_attribute a
    where a.attrelid = format('public.%I', entry.table_name)::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = '';
    execute format('insert into public.%I (%s) overriding system value select %s from jsonb_populate_record(null::public.%I, $1)',
                   entry.table_name, columns, columns, entry.table_name)
      using entry.row_data;
  exception when unique_violation then
    raise exception '无法恢复：已有相同编码或主键的记录 | Cannot restore: a record with the same code or key exists'
      using errcode = '23505', detail = sqlerrm;
  when foreign_key_violation then
    raise exception '无法恢复：它引用的记录已不存在 | Cannot restore: a record it refers to no longer exists'
      using errcode = '23503', detail = sqlerrm;
  end;
  perform set_config('taizhang.restoring', 'off', true);
  update public.recycle_bin set restored_at = clock_timestamp(), restored_by = private.my_operator_id() where id = p_bin_id;
  -- The register and the key only: the row is read through its register, under its own policies.
  return jsonb_build_object('table_name', entry.table_name, 'row_id', entry.row_id);
end
$$;
revoke all on function private.refuse_restore(bigint), private.restore_from_bin(bigint) from public;
grant execute on function private.refuse_restore(bigint), private.restore_from_bin(bigint) to authenticated;

-- Security invoker: the caller finds the entry through the bin's policy (only what they may
-- restore), then the owner puts it back.
create function public.restore_deleted(bin_id bigint) returns jsonb
language plpgsql security invoker set search_path = ''
as $$
begin
  if not exists (select 1 from public.recycle_bin b where b.id = bin_id) then
    perform private.refuse_restore(bin_id);
  end if;
  return private.restore_from_bin(bin_id);
end
$$;
comment on function public.restore_deleted(bigint) is '从回收站恢复 | Restore from the recycle bin';
revoke all on function public.restore_deleted(bigint) from public, anon;
grant execute on function public.restore_deleted(bigint) to authenticated;

-- ── One call makes a table a register: system columns, version check, audit, recycle bin ──
-- ── A row refers only to rows its writer may read ─────────────────────────────────────────
-- Whom to ask about a row one may not read: the department it is filed under (the register's
-- department column, private.create_register_policies, else department_id). '' when the row exists
-- under no department, null when there is no such row. Security definer: it looks past the
-- caller's policies, and says where the row is kept, never what it holds.
create function private.holder_of(p_table regclass, p_key_column text, p_value text) returns text
language plpgsql stable security definer set search_path = ''
as $$
declare
  department_column text;
  department_id uuid;
  found boolean;
  key_type text := (select pg_catalog.format_type(a.atttypid, a.atttypmod) from pg_catalog.pg_attribute a
                    where a.attrelid = p_table and a.attname = p_key_column);
begin
  select s.department_column into department_column
  from private.register_scopes s where s.table_name = (select c.relname::text from pg_catalog.pg_class c where c.oid = p_table);
  if department_column is null and exists (select 1 from pg_catalog.pg_attribute a
                                           where a.attrelid = p_table and a.attname = 'department_id' and not a.attisdropped) then
    department_column := 'department_id';
  end if;
  if department_column is null then
    execute format('select true from %s t where t.%I = $1::%s', p_table, p_key_column, key_type) into found using p_value;
    return case when found then '' end;
  end if;
  execute format('select true, t.%I from %s t where t.%I = $1::%s', department_column, p_table, p_key_column, key_type)
    into found, department_id using p_value;
  if not coalesce(found, false) then
    return null;
  end if;
  return coalesce((select d.name from public.departments d where d.id = department_id), '');
end
$$;
revoke all on function private.holder_of(regclass, text, text) from public;
grant execute on function private.holder_of(regclass, text, text) to authenticated;

-- Every foreign key a person sets must point at a row that person may read: a return visit on a
-- complaint one may not see, a contact on another clerk's customer, a request linked to a card one
-- cannot open would each act on (and reveal) a row past its policies. Security invoker on purpose:
-- the lookup runs under the caller's policies; a workflow function or a restore (security definer,
-- run as the owner) is not a person writing and passes. Only a changed reference is checked, so a
-- row stays editable after its customer moves out of the writer's sight. The refusal says that the
-- row exists and whom to ask, not what it is. Trigger arguments name columns exempt from the rule
-- (an access request names the very customer its requester cannot read).
create function private.refuse_unreadable_references() returns trigger
language plpgsql security invoker set search_path = ''
as $$
declare
  -- The table's foreign keys, read from the catalog once per transaction (an import writes
  -- thousands of rows in one), so a key added later in a migration or the console is covered too;
  -- kept as text (column, table, key column and key type; one key per line), so that a row costs
  -- no query unless it sets a reference.
  cache_key text := 'taizhang.fk_list_' || tg_relid::oid::text;
  fks text := current_setting(cache_key, true);
  fk text[];
  line text;
  new_row jsonb;
  old_row jsonb;
  readable boolean;
  holder text;
  label text;
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if fks is null or fks = '' then
    -- The staff list and the departments are the centre's directory, read by everyone: naming a
    -- person or a department reveals nothing, and is not checked row by row.
    select coalesce(string_agg(concat_ws(chr(31), a.attname::text, c.confrelid::regclass::text, ra.attname::text,
                                         pg_catalog.format_type(ra.atttypid, ra.atttypmod)), chr(30)), '')
      into fks
    from pg_catalog.pg_constraint c
    join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    join pg_catalog.pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = c.confkey[1]
    where c.conrelid = tg_relid and c.contype = 'f' and array_length(c.conkey, 1) = 1
      and c.confrelid <> tg_relid
      and c.confrelid not in ('public.departments'::regclass, 'public.operators'::regclass)
      and a.attname::text <> all (coalesce(tg_argv, '{}'));
    -- ('-' stands for none, so that an empty list is remembered too)
    fks := coalesce(nullif(fks, ''), '-');
    perform set_config(cache_key, fks, true);
  end if;
  if fks = '-' then
    return new;
  end if;
  new_row := to_jsonb(new);
  old_row := case when tg_op = 'UPDATE' then to_jsonb(old) end;
  foreach line in array string_to_array(fks, chr(30)) loop
    fk := string_to_array(line, chr(31));
    continue when new_row ->> fk[1] is null
               or (old_row is not null and old_row -> fk[1] is not distinct from new_row -> fk[1]);
    -- (the key compared as its own type, so the referenced table's primary key index serves)
    execute format('select exists (select 1 from %s t where t.%I = $1::%s)', fk[2], fk[3], fk[4])
      into readable using new_row ->> fk[1];
    continue when readable;
    holder := private.holder_of(fk[2]::regclass, fk[3], new_row ->> fk[1]);
    continue when holder is null; -- no such row: the foreign key itself refuses it (23503)
    label := pg_catalog.col_description(tg_relid,
               (select a.attnum from pg_catalog.pg_attribute a where a.attrelid = tg_relid and a.attname = fk[1]));
    raise exception '%', format('所选“%s”存在，但不在您的查看范围内，不能关联；请联系%s | The chosen %s exists but is not visible to you; ask %s',
                                coalesce(private.label_part(label, 1), fk[1]),
                                case when holder = '' then '其负责人' else '“' || holder || '”的部门经理' end,
                                lower(coalesce(private.label_part(label, 2), fk[1])),
                                case when holder = '' then 'its owner' else 'the manager of ' || holder end)
      using errcode = '42501', column = fk[1], table = tg_table_name;
  end loop;
  return new;
end
$$;
revoke all on function private.refuse_unreadable_references() from public;
grant execute on function private.refuse_unreadable_references() to authenticated;

create function private.register_table(tbl regclass, may_reference_unreadable text[] default '{}') returns void
language plpgsql set search_path = ''
as $$
declare
  name text := (select c.relname from pg_catalog.pg_class c where c.oid = tbl);
  key_column text;
begin
  select a.attname into key_column
  from pg_catalog.pg_index i
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
  where i.indrelid = tbl and i.indisprimary;
  if key_column is null then
    raise exception 'register % has no primary key', tbl;
  end if;
  execute format('create trigger %I before update on %s for each row execute function private.guard_system_columns(%L)', name || '_0_system_columns', tbl, key_column);
  execute format('create trigger %I before insert or update on %s for each row execute function private.refuse_unreadable_references(%s)',
                 name || '_0_readable_references', tbl,
                 coalesce((select string_agg(format('%L', c), ', ') from unnest(may_reference_unreadable) c), ''));
  perform private.sweep_system_column_grants(tbl);
  execute format('create trigger %I before update on %s for each row execute function private.touch_row()', name || '_version', tbl);
  execute format('create trigger %I after insert or update or delete on %s for each row execute function private.audit_row(%L)', name || '_audit', tbl, key_column);
  execute format('create trigger %I before delete on %s for each row execute function private.keep_deleted_row(%L)', name || '_recycle', tbl, key_column);
end
$$;
revoke all on function private.register_table(regclass, text[]) from public;

revoke all on function private.audit_row(), private.touch_row(), private.keep_deleted_row(), private.refuse_audit_change() from public;

select private.register_table('public.departments');
select private.register_table('public.operators');
select private.register_table('public.permissions');

-- ── Screens (register declarations) ──────────────────────────────────────────────────────
-- The record page shows a row's history and the grid restores deletes: not menu entries.
select private.declare_register('public.audit_log', in_menu => false);
select private.declare_register('public.recycle_bin', in_menu => false);
