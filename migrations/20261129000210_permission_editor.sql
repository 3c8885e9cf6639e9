-- The permission editor (issue 17): an administrator edits public.permissions as a role × register
-- matrix of names, not codes. Rows still go through PostgREST under the register's own policies
-- (only a role with create/update/delete on 'permissions' — the administrator — may write them);
-- this migration gives the editor the names of everything a permission row may name.

-- Permission rows also name registers that are not tables: a right checked by a workflow or a
-- screen (投诉处理 approves a complaint's handling, 离职交接 is a screen of its own). Their names
-- live here; a table's name is its comment.
create table private.permission_subjects (
  register text primary key,
  label_zh text not null,
  label_en text not null,
  menu_group text references private.menu_groups (key),
  constraint permission_subjects_register_format check (register ~ '^[a-z][a-z0-9_]{0,62}$')
);
comment on table private.permission_subjects is '不是表的权限对象（工作流或页面的权限） | Permission subjects that are not tables (rights of a workflow or a screen)';
-- Read only by the owner's security-definer functions (no API role has a grant); RLS with no
-- policy is a second lock should a grant ever be added by mistake.
alter table private.permission_subjects enable row level security;

-- A register's migration that checks a right on a name of its own declares it here:
-- select private.declare_permission_subject('complaints', '投诉处理 | Complaint handling', 'service').
create function private.declare_permission_subject(p_register text, p_label text, p_menu_group text default null) returns void
language sql set search_path = ''
as $$
  insert into private.permission_subjects (register, label_zh, label_en, menu_group)
  values (p_register, private.label_part(p_label, 1), coalesce(private.label_part(p_label, 2), private.label_part(p_label, 1)), p_menu_group)
  on conflict (register) do update set label_zh = excluded.label_zh, label_en = excluded.label_en, menu_group = excluded.menu_group
$$;
revoke all on function private.declare_permission_subject(text, text, text) from public;

-- The names the register migrations before this one check rights on.
select private.declare_permission_subject(s.register, s.label, s.menu_group) from (values
  ('complaints', '投诉处理（审批、查看全部投诉） | Complaint handling (approve, read every complaint)', 'service'),
  ('archive_lending', '档案出借（出借、核对归还、复位） | Archive lending (lend, check returns, shelve)', 'archive'),
  ('staff_handover', '离职交接 | Staff handover', 'organisation'),
  ('visitor_id_numbers', '访客完整证件号码 | Visitors'' full ID numbers', 'operations'),
  ('weekly_reports', '周报 | Weekly reports', 'operations'),
  ('customer_expense_documents', '客户费用归档资料签收 | Customer expense documents (sign for filing)', 'operations'),
  ('equipment_repair', '设备派修与修复结单 | Equipment repair (dispatch, close)', 'operations'),
  ('performance_review', '绩效考核表复核 | Performance statement review', 'performance')
) as s(register, label, menu_group);

-- Everything a permission row may name, each with its name in both languages and its menu group:
-- the registers in the menu, the subjects above, and any register a row already names. For those
-- who may read the permissions (the administrator, managers, the director, the general manager).
create function public.permission_registers()
returns table (register text, label_zh text, label_en text, group_label_zh text, group_label_en text, owner_column text, department_column text)
language plpgsql stable security definer set search_path = ''
as $$
begin
  if private.scope_for('permissions', 'read') is null then
    raise exception '无权查看权限表 | You may not read the permissions' using errcode = '42501';
  end if;
  return query
  with names as (
    select r.register from private.registers r where r.in_menu
    union select p.register from public.permissions p
    union select s.register from private.permission_subjects s
  )
  select n.register,
    coalesce(s.label_zh, private.label_part(pg_catalog.obj_description(c.oid, 'pg_class'), 1), n.register),
    coalesce(s.label_en, private.label_part(pg_catalog.obj_description(c.oid, 'pg_class'), 2),
             private.label_part(pg_catalog.obj_description(c.oid, 'pg_class'), 1), n.register),
    coalesce(g.label_zh, '其他'), coalesce(g.label_en, 'Other'),
    sc.owner_column, sc.department_column
  from names n
  left join private.permission_subjects s on s.register = n.register
  left join pg_catalog.pg_class c on c.oid = pg_catalog.to_regclass(pg_catalog.format('public.%I', n.register))
  left join private.registers r on r.register = n.register
  left join private.menu_groups g on g.key = coalesce(r.menu_group, s.menu_group)
  left join private.register_scopes sc on sc.table_name = n.register
  order by coalesce(g.position, 2147483647), r.menu_order nulls last, n.register;
end
$$;
comment on function public.permission_registers() is '权限对象及其名称 | What permission rows may name, with names';
revoke all on function public.permission_registers() from public, anon;
grant execute on function public.permission_registers() to authenticated;

-- In the permissions grid too, a row's register reads by its name and is chosen from a list
-- (the app fills the list from permission_registers() for whoever may write the rows).
select private.declare_column('public.permissions', 'register', kind => 'register_name');
