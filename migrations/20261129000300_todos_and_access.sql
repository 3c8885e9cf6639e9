-- To-dos 待办 that a clerk can work from (issue 17): one per event, closed by the move that
-- settles them; an escalated-complaints view; access requests 查阅申请 that everyone may file for
-- himself and read back.

-- ── One to-do per event ──────────────────────────────────────────────────────────────────
-- The dedupe key names the event (unique per person: notifications_dedupe_key). Some rules name
-- it per call (a version, a transaction, a clock), so the same to-do about the same record could
-- be raised again while the first is still open: the same person, kind, record, title and body
-- open twice is the same to-do, whatever the key says.
create unique index notifications_open_once on public.notifications (recipient_id, kind, link_table, link_id, title, md5(coalesce(body, '')))
  where done_at is null;
-- The settling moves find the open to-dos of a record by its table and key.
create index notifications_link_open_idx on public.notifications (link_table, link_id) where done_at is null;

-- private.notify (migrations/20261122006000_notifications.sql) names an event for a caller that
-- names none, and keeps the first of either unique rule: the event, or this open to-do.

-- ── Settled by the move, not by hand ─────────────────────────────────────────────────────
-- A to-do names its record (link_table + link_id) and its kind. A register declares, per kind,
-- when a change of the record settles the to-do; the move that makes that change (派单 → the
-- handler replies, 查阅申请 → someone decides, 备案逾期 → the card is filed…) closes the open to-dos
-- of that record and kind. The condition reads the record as r and the to-do as n.
create table private.todo_settlements (
  table_name text not null,
  kind text not null,
  settled_when text not null,
  primary key (table_name, kind)
);
comment on table private.todo_settlements is '待办办结规则：记录的哪次变化办结哪类待办 | Which change of a record settles which kind of to-do';
-- Read only by the owner's security-definer functions (no API role has a grant); RLS with no
-- policy is a second lock should a grant ever be added by mistake.
alter table private.todo_settlements enable row level security;

create function private.settle_todos() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  s private.todo_settlements;
begin
  for s in select * from private.todo_settlements t where t.table_name = tg_table_name loop
    execute format(
      'update public.notifications n set done_at = now(), read_at = coalesce(n.read_at, now())
       from (select ($1).*) r
       where n.link_table = %L and n.link_id = ($1).id::text and n.kind = %L and n.done_at is null and (%s)',
      tg_table_name, s.kind, s.settled_when) using new;
  end loop;
  return null;
end
$$;
revoke all on function private.settle_todos() from public;

-- Declares that a change of tbl's row settles its open to-dos of kind when settled_when holds.
create function private.declare_todo_settlement(p_table regclass, p_kind text, p_settled_when text) returns void
language plpgsql set search_path = ''
as $$
declare
  name text := (select c.relname::text from pg_catalog.pg_class c where c.oid = p_table);
begin
  insert into private.todo_settlements (table_name, kind, settled_when) values (name, p_kind, p_settled_when)
  on conflict (table_name, kind) do update set settled_when = excluded.settled_when;
  if not exists (select 1 from pg_catalog.pg_trigger t where t.tgrelid = p_table and t.tgname = name || '_settle_todos') then
    execute format('create trigger %I after update on %s for each row execute function private.settle_todos()', name || '_settle_todos', p_table);
  end if;
end
$$;
revoke all on function private.declare_todo_settlement(regclass, text, text) from public;

-- 派单: the handler has taken it up (answered, replied, investigated, resolved) or it is no longer his.
select private.declare_todo_settlement('public.service_requests', '派单',
  $$r.handler_id is distinct from n.recipient_id or r.replied_at is not null or r.investigated_at is not null or r.status <> '处理中'$$);
-- 工单退回: the first receiver has passed it on again.
select private.declare_todo_settlement('public.service_requests', '工单退回', $$r.handler_id is not null or r.status <> '受理'$$);
-- 投诉升级: the complaint has its reply (or is closed).
select private.declare_todo_settlement('public.service_requests', '投诉升级', $$r.replied_at is not null or r.status = '已结案'$$);
-- 工单时限: the deadline it chases is met, or the request is settled.
select private.declare_todo_settlement('public.service_requests', '工单时限',
  $$r.status not in ('受理', '处理中')
    or (n.dedupe_key like 'handover-overdue:%' and r.handler_id is not null)
    or (n.dedupe_key like 'answer-overdue:%' and r.replied_at is not null)
    or (n.dedupe_key like 'investigate-overdue:%' and r.investigated_at is not null)$$);
-- 查阅申请: decided by one approver, it is off every approver's list.
select private.declare_todo_settlement('public.access_requests', '查阅申请', $$r.status <> '待审批'$$);
-- 备案逾期: the card is filed (or went to the pool).
select private.declare_todo_settlement('public.customers', '备案逾期', $$r.filed_at is not null or r.status = '公海'$$);
-- 回访任务 / 抽查回访: the visit is recorded.
select private.declare_todo_settlement('public.return_visits', '回访任务', $$r.done_at is not null$$);
select private.declare_todo_settlement('public.return_visits', '抽查回访', $$r.done_at is not null$$);

-- ── Access requests: whoever files them reads his own ────────────────────────────────────
-- A clerk could file (create, own) but not read the register, so it was not on his screens and
-- the 申请查阅 button had nowhere to show where his request stands. Every role that files reads its
-- own requests (the policy's requester rule); managers, the director and the gm keep their wider
-- reading, and the roles that file none (deputy, gm, admin) still file none.
insert into public.permissions (role, register, action, scope, note)
select p.role, 'access_requests', 'read', 'own', '本人提交的查阅申请'
from public.permissions p
where p.register = 'access_requests' and p.action = 'create' and p.role is not null
  and not exists (select 1 from public.permissions r where r.register = 'access_requests' and r.action = 'read' and r.role = p.role);

-- ── Escalated complaints 升级投诉: everyone's shared view of the service requests ───────────
-- Escalated (serious or major at receipt, or past the reply deadline) and not closed yet; the
-- dashboard's card opens the same filter.
insert into public.register_views (register, name, owner_id, department_id, shared, position, config)
values ('service_requests', '升级投诉', null, null, true, 10,
        jsonb_build_object(
          'filters', jsonb_build_array(
            jsonb_build_object('column', 'kind', 'operator', 'in', 'value', jsonb_build_array('投诉')),
            jsonb_build_object('column', 'escalated_at', 'operator', 'nnull'),
            jsonb_build_object('column', 'status', 'operator', 'in', 'value', jsonb_build_array('受理', '处理中', '待回访'))),
          'sort', jsonb_build_object('column', 'escalated_at', 'order', 'desc')));
