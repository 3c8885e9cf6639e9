-- Leaving staff 人员调离 (issue 12 point 4; seed 000: 负责与客户联系的员工调离公司时……指派其他员工代替
-- 调离员工快速与客户建立联系; SPEC: 调离岗位 loses all access at once).
--
-- 1. Deactivation (operators.active → false) takes effect at once: private.my_operator_id and the
--    permission helpers read only active operators. In the same transaction a trigger hands
--    everything the person owned or handled to a caretaker, so nothing is left with an inactive
--    owner: the customers he owns, the open service requests he handles (受理/处理中; the first
--    receiver stays, 首问责任人 is history) and the pending return visits he was to make (visitor or
--    assigned visitor of a visit not yet done). The caretaker gets a handover to-do linking to the
--    person's staff row.
-- 2. The handover (交接) moves what the leaver held, or what is held in care for him, on to chosen
--    successors in one transaction: preview_staff_handover shows what would move, and
--    confirm_staff_handover moves it, tells each new holder, and records each moved record in
--    private.handover_items (besides the audit log, which every update through the tables writes).
--
-- Who may hand over: permission rows on the register 'staff_handover' (not a table: like
-- 'complaints', a permission register): 'read' to open the screen and preview, 'approve' to confirm.
-- The leaver's department manager (scope department), the director and the administrator (all).
-- A new register rather than customers.approve, because the administrator, who deactivates staff,
-- holds no customer rights (the RLS matrix pins hand_over_customers to the manager and director),
-- and the handover spans requests and visits too. The customers a leaver still owns himself (a
-- handover made before the deactivation) move through public.hand_over_customers, whose own rule
-- (customers.approve of the leaver's department) then applies as well.

-- ── What was moved for whom (the handover's own record) ──────────────────────────────────
create table private.handover_items (
  id bigint generated always as identity primary key,
  leaver_id uuid not null references public.operators (id) on delete cascade,
  register text not null,
  row_id uuid not null,
  column_name text not null,
  -- who took it in care at the deactivation (null: handed over directly from the leaver)
  caretaker_id uuid references public.operators (id) on delete set null,
  taken_at timestamptz,
  successor_id uuid references public.operators (id) on delete set null,
  handed_at timestamptz,
  handed_by uuid references public.operators (id) on delete set null,
  constraint handover_items_register_check check (register in ('customers', 'service_requests', 'return_visits')),
  constraint handover_items_column_check check (column_name in ('owner_id', 'handler_id', 'visitor_id', 'assigned_visitor_id'))
);
comment on table private.handover_items is '离职交接明细 | Staff handover items';
create index handover_items_leaver_idx on private.handover_items (leaver_id) where handed_at is null;
create index handover_items_leaver_id_idx on private.handover_items (leaver_id);
create index handover_items_caretaker_id_idx on private.handover_items (caretaker_id);
create index handover_items_successor_id_idx on private.handover_items (successor_id);
create index handover_items_handed_by_idx on private.handover_items (handed_by);
-- Read only by the owner's security-definer functions; RLS with no policy is a second lock.
alter table private.handover_items enable row level security;

-- ── The caretaker ────────────────────────────────────────────────────────────────────────
-- The leaver's department manager (the department's named manager first, else an active manager of
-- the department). If the leaver IS that manager, or the department has none, the director takes
-- care (the first active director by staff code; another director when the leaver is one); with no
-- director, the general manager. With nobody at all (an empty organisation) the records stay: the
-- deactivation itself is never refused, since losing access at once comes first.
create function private.leaver_caretaker(p_leaver uuid) returns uuid
language sql stable security definer set search_path = ''
as $$
  select coalesce(
    (select o.id from public.operators l
     join public.operators o on o.department_id = l.department_id and o.active and o.id <> l.id
     left join public.departments d on d.id = l.department_id
     where l.id = p_leaver and (o.id = d.manager_id or o.role = 'manager')
     order by (o.id = d.manager_id) desc, o.code limit 1),
    (select o.id from public.operators o where o.role = 'director' and o.active and o.id <> p_leaver order by o.code limit 1),
    (select o.id from public.operators o where o.role = 'gm' and o.active and o.id <> p_leaver order by o.code limit 1))
$$;

-- Whom a request goes to instead of the caretaker when the caretaker is recused from it (a
-- complaint that names him): an active director it does not name.
create function private.unrecused_director(p_recused uuid[], p_leaver uuid) returns uuid
language sql stable security definer set search_path = ''
as $$
  select o.id from public.operators o
  where o.role = 'director' and o.active and o.id <> p_leaver and o.id <> all (p_recused)
  order by o.code limit 1
$$;

-- ── Deactivation: everything passes to the caretaker in the same transaction ─────────────
create function private.care_for_leaver() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  caretaker uuid := private.leaver_caretaker(new.id);
  me uuid := private.my_operator_id();
  keeper record;
  summary text;
  req record;
  target uuid;
  visit record;
  card record;
begin
  if caretaker is null then
    return null;
  end if;

  -- Customers he owns → the caretaker, each move in customer_allocations (离职交接).
  with moved as (
    update public.customers c set owner_id = caretaker where c.owner_id = new.id returning c.id
  ), allocated as (
    insert into public.customer_allocations (customer_id, operator_id, previous_operator_id, method, reason, assigned_by)
    select m.id, caretaker, new.id, '离职交接', format('%s 调离，由 %s 代管，待交接', new.name, (select o.name from public.operators o where o.id = caretaker)), me
    from moved m
    returning customer_id
  )
  insert into private.handover_items (leaver_id, register, row_id, column_name, caretaker_id, taken_at)
  select new.id, 'customers', a.customer_id, 'owner_id', caretaker, now() from allocated a;

  -- A key customer's second contact (second_owner_id, where the customers register has one) who
  -- leaves is cleared: the customers rule names the next clerk on duty instead. Should it refuse
  -- (nobody else on duty), that card keeps him and the manager names one; the deactivation holds.
  if exists (select 1 from pg_catalog.pg_attribute a
             where a.attrelid = 'public.customers'::regclass and a.attname = 'second_owner_id' and not a.attisdropped) then
    for card in execute 'select c.id from public.customers c where c.second_owner_id = $1' using new.id loop
      begin
        execute 'update public.customers c set second_owner_id = null where c.id = $1' using card.id;
      exception when others then
        null;
      end;
    end loop;
  end if;

  -- Open requests he handles → the caretaker; the first receiver stays. A complaint that names
  -- the caretaker goes to a director it does not name; with none, it stays (the recusal rule
  -- would refuse the move, and refusing the deactivation would keep the person's access).
  for req in select r.id, r.recused_operator_ids from public.service_requests r
             where r.handler_id = new.id and r.status in ('受理', '处理中') loop
    target := case when caretaker = any (req.recused_operator_ids) then private.unrecused_director(req.recused_operator_ids, new.id) else caretaker end;
    continue when target is null;
    update public.service_requests r set handler_id = target where r.id = req.id;
    insert into private.handover_items (leaver_id, register, row_id, column_name, caretaker_id, taken_at)
    values (new.id, 'service_requests', req.id, 'handler_id', target, now());
  end loop;

  -- Pending visits he was to make. A sampling visit (抽查) is re-assigned by the sampling rule
  -- itself (a director or manager outside the sampled department: the leaver, now inactive, is no
  -- longer a candidate); any other pending visit goes to the caretaker.
  for visit in select v.id, v.visitor_id, v.assigned_visitor_id, v.sampled_request_id from public.return_visits v
               where v.done_at is null and new.id in (v.visitor_id, v.assigned_visitor_id) loop
    if visit.assigned_visitor_id = new.id then
      target := case when visit.sampled_request_id is not null then private.sampling_visitor(visit.sampled_request_id, 1) else caretaker end;
      if target is not null then
        update public.return_visits v set assigned_visitor_id = target where v.id = visit.id;
        insert into private.handover_items (leaver_id, register, row_id, column_name, caretaker_id, taken_at)
        values (new.id, 'return_visits', visit.id, 'assigned_visitor_id', target, now());
      end if;
    end if;
    if visit.visitor_id = new.id then
      update public.return_visits v set visitor_id = caretaker where v.id = visit.id;
      insert into private.handover_items (leaver_id, register, row_id, column_name, caretaker_id, taken_at)
      values (new.id, 'return_visits', visit.id, 'visitor_id', caretaker, now());
    end if;
  end loop;

  -- Each keeper gets one handover to-do for this deactivation, linking to the leaver's staff row.
  for keeper in select h.caretaker_id,
                       count(*) filter (where h.register = 'customers') as customers,
                       count(*) filter (where h.register = 'service_requests') as requests,
                       count(*) filter (where h.register = 'return_visits') as visits
                from private.handover_items h
                where h.leaver_id = new.id and h.handed_at is null and h.taken_at = now()
                group by h.caretaker_id loop
    summary := format('客户 %s 个、工单 %s 张、回访 %s 条 | %s customers, %s requests, %s visits',
                      keeper.customers, keeper.requests, keeper.visits, keeper.customers, keeper.requests, keeper.visits);
    perform private.notify(keeper.caretaker_id, '离职交接',
      format('%s 已调离，其工作由您代管，请办理交接 | %s has left: his work is in your care until it is handed over', new.name, new.name),
      summary || E'\n请在“离职交接”中选择接替人员，并及时通知有关客户（指派其他员工代替）。 | Choose successors under Staff handover and tell the customers concerned.',
      'operators', new.id::text, null, format('leaver-care:%s:%s:%s', new.id, keeper.caretaker_id, txid_current()));
  end loop;
  return null;
end
$$;
revoke all on function private.leaver_caretaker(uuid), private.unrecused_director(uuid[], uuid), private.care_for_leaver() from public;

create trigger operators_care_for_leaver after update of active on public.operators
  for each row when (old.active and not new.active)
  execute function private.care_for_leaver();

-- ── What a leaver holds: himself, or in care since his deactivation ───────────────────────
-- One row per record and column (a visit may name him as visitor and as assigned visitor).
create function private.handover_items_of(p_leaver uuid)
returns table (register text, row_id uuid, column_name text, holder_id uuid, in_care boolean, title text, detail text,
               recused uuid[], sampled_request uuid)
language sql stable security definer set search_path = ''
as $$
  -- held by the leaver himself
  select 'customers', c.id, 'owner_id', c.owner_id, false, c.code || ' ' || c.name, c.status::text, '{}'::uuid[], null::uuid
  from public.customers c where c.owner_id = p_leaver
  union all
  select 'service_requests', r.id, 'handler_id', r.handler_id, false, r.code, r.kind || ' · ' || r.status::text, r.recused_operator_ids, null
  from public.service_requests r where r.handler_id = p_leaver and r.status in ('受理', '处理中')
  union all
  -- (one branch per column, so each reads its own index)
  select 'return_visits', v.id, 'visitor_id', p_leaver, false,
         v.source || ' · ' || to_char(v.planned_on, 'YYYY-MM-DD'), coalesce((select r.code from public.service_requests r where r.id = coalesce(v.request_id, v.sampled_request_id)), ''),
         '{}', v.sampled_request_id
  from public.return_visits v where v.visitor_id = p_leaver and v.done_at is null
  union all
  select 'return_visits', v.id, 'assigned_visitor_id', p_leaver, false,
         v.source || ' · ' || to_char(v.planned_on, 'YYYY-MM-DD'), coalesce((select r.code from public.service_requests r where r.id = coalesce(v.request_id, v.sampled_request_id)), ''),
         '{}', v.sampled_request_id
  from public.return_visits v where v.assigned_visitor_id = p_leaver and v.done_at is null
  union all
  -- held in care for him (still with the caretaker and still open)
  select h.register, h.row_id, h.column_name, h.caretaker_id, true,
         case h.register when 'customers' then c.code || ' ' || c.name
                         when 'service_requests' then r.code
                         else v.source || ' · ' || to_char(v.planned_on, 'YYYY-MM-DD') end,
         case h.register when 'customers' then c.status::text
                         when 'service_requests' then r.kind || ' · ' || r.status::text
                         else coalesce((select q.code from public.service_requests q where q.id = coalesce(v.request_id, v.sampled_request_id)), '') end,
         coalesce(r.recused_operator_ids, '{}'), v.sampled_request_id
  from private.handover_items h
  left join public.customers c on h.register = 'customers' and c.id = h.row_id
  left join public.service_requests r on h.register = 'service_requests' and r.id = h.row_id
  left join public.return_visits v on h.register = 'return_visits' and v.id = h.row_id
  where h.leaver_id = p_leaver and h.handed_at is null and h.caretaker_id is not null
    and case h.register
          when 'customers' then c.owner_id = h.caretaker_id
          when 'service_requests' then r.handler_id = h.caretaker_id and r.status in ('受理', '处理中')
          else v.done_at is null and (to_jsonb(v) ->> h.column_name)::uuid = h.caretaker_id end
$$;

-- The successor a register's records go to: the per-register choice, else the one for all.
create function private.handover_field(p_register text) returns text
language sql immutable set search_path = ''
as $$
  select case p_register when 'customers' then 'customers_successor' when 'service_requests' then 'requests_successor' else 'visits_successor' end
$$;

-- What stands in the way of a handover, at the field it concerns: (field, SQLSTATE, message).
-- A successor is an active operator other than the leaver, of the leaver's own department (the
-- customers and requests belong to that department: reassign_customer keeps a customer within
-- it) or a director (who may take anything over); not the person a complaint names; not the
-- sampled department or the repair's handler for a sampling visit.
create function private.handover_problems(p_leaver uuid, p_successors jsonb)
returns table (field text, code text, message text)
language plpgsql stable security definer set search_path = ''
as $$
declare
  leaver public.operators;
  reg text;
  successor_id uuid;
  person public.operators;
  f text;
  names text[] := array['customers', 'service_requests', 'return_visits'];
  labels text[] := array['客户 | customers', '工单 | requests', '回访 | visits'];
  i integer;
  clash text;
begin
  select * into leaver from public.operators o where o.id = p_leaver;
  for i in 1 .. 3 loop
    reg := names[i];
    continue when not exists (select 1 from private.handover_items_of(p_leaver) x where x.register = reg);
    successor_id := coalesce(nullif(p_successors ->> private.handover_field(reg), '')::uuid, nullif(p_successors ->> 'successor', '')::uuid);
    f := case when nullif(p_successors ->> private.handover_field(reg), '') is null and nullif(p_successors ->> 'successor', '') is not null
              then 'successor' else private.handover_field(reg) end;
    if successor_id is null then
      field := f; code := '23502';
      message := format('请选择接收%s的人 | Choose who takes over the %s', split_part(labels[i], ' | ', 1), split_part(labels[i], ' | ', 2));
      return next;
      continue;
    end if;
    select * into person from public.operators o where o.id = successor_id;
    if person.id is null then
      field := f; code := '23503'; message := '接收人不存在 | No such successor';
      return next;
    elsif person.id = p_leaver then
      field := f; code := '22023'; message := '接收人不能是调离人员本人 | The successor cannot be the leaver';
      return next;
    elsif not person.active then
      field := f; code := '23514'; message := format('接收人“%s”已不在岗 | %s is no longer active', person.name, person.name);
      return next;
    elsif not (person.department_id is not distinct from leaver.department_id or person.role = 'director') then
      field := f; code := '22023';
      message := format('接收人须是调离人员本部门的在岗人员或客服中心主任：“%s”不是 | The successor must be of the leaver''s department or the director: %s is not', person.name, person.name);
      return next;
    elsif reg = 'service_requests' then
      select string_agg(x.title, '、' order by x.title) into clash
      from private.handover_items_of(p_leaver) x where x.register = reg and successor_id = any (x.recused);
      if clash is not null then
        field := f; code := '42501';
        message := format('回避：“%s”是投诉 %s 的被投诉人，不能接手 | Recusal: %s is named by complaint %s and cannot take it over', person.name, clash, person.name, clash);
        return next;
      end if;
    elsif reg = 'return_visits' then
      select string_agg(x.title, '、' order by x.title) into clash
      from private.handover_items_of(p_leaver) x
      join public.service_requests r on r.id = x.sampled_request
      where x.register = reg
        and (r.handler_id = successor_id or person.department_id in (r.department_id, r.handler_department_id));
      if clash is not null then
        field := f; code := '42501';
        message := format('回避：“%s”属于被抽查的部门或是原处理人，不能接手抽查回访 %s | Recusal: %s belongs to the sampled work and cannot take over sampling visit %s', person.name, clash, person.name, clash);
        return next;
      end if;
    end if;
  end loop;
end
$$;
revoke all on function private.handover_items_of(uuid), private.handover_field(text), private.handover_problems(uuid, jsonb) from public;

-- The leaver, checked: exists (PT404), may be handed over by the caller (42501), is not the caller.
create function private.handover_leaver(p_leaver uuid, p_action public.permission_action) returns public.operators
language plpgsql stable security definer set search_path = ''
as $$
declare
  leaver public.operators;
begin
  if private.scope_for('staff_handover', p_action) is null then
    raise exception '无权办理离职交接：需要调离人员所在部门的经理、客服中心主任或系统管理员 | Not allowed: the leaver''s department manager, the director or the administrator hands over'
      using errcode = '42501';
  end if;
  select * into leaver from public.operators o where o.id = p_leaver;
  if leaver.id is null then
    raise exception '调离人员不存在 | No such staff member' using errcode = 'PT404', hint = 'leaver';
  end if;
  if leaver.id = private.my_operator_id() then
    raise exception '不能办理自己的交接 | You cannot hand over your own work' using errcode = '42501', hint = 'leaver';
  end if;
  if not private.may('staff_handover', p_action, null, leaver.department_id) then
    raise exception '无权办理“%”的交接：需要其所在部门的经理、客服中心主任或系统管理员 | Not allowed: %''s department manager, the director or the administrator hands over', leaver.name, leaver.name
      using errcode = '42501', hint = 'leaver';
  end if;
  return leaver;
end
$$;
revoke all on function private.handover_leaver(uuid, public.permission_action) from public;

-- ── Preview: what would move, to whom, and what stands in the way ─────────────────────────
-- Without a leaver: the people the caller may hand over (with what each holds) and no more.
create function public.preview_staff_handover(leaver uuid default null, successor uuid default null,
  customers_successor uuid default null, requests_successor uuid default null, visits_successor uuid default null)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  person public.operators;
  choices jsonb := jsonb_build_object('successor', successor, 'customers_successor', customers_successor,
                                      'requests_successor', requests_successor, 'visits_successor', visits_successor);
  result jsonb;
begin
  if private.scope_for('staff_handover', 'read') is null then
    raise exception '无权办理离职交接：需要调离人员所在部门的经理、客服中心主任或系统管理员 | Not allowed: the leaver''s department manager, the director or the administrator hands over'
      using errcode = '42501';
  end if;
  result := jsonb_build_object('leavers', coalesce((
    select jsonb_agg(jsonb_build_object('id', o.id, 'code', o.code, 'name', o.name, 'department', d.name, 'active', o.active,
                                        'pending', (select count(*) from private.handover_items_of(o.id)))
                     order by o.active, o.code)
    from public.operators o left join public.departments d on d.id = o.department_id
    where o.id is distinct from private.my_operator_id()
      and private.may('staff_handover', 'read', null, o.department_id)), '[]'));
  if leaver is null then
    return result;
  end if;
  person := private.handover_leaver(leaver, 'read');
  return result || jsonb_build_object(
    'leaver', jsonb_build_object('id', person.id, 'code', person.code, 'name', person.name, 'active', person.active,
                                 'department', (select d.name from public.departments d where d.id = person.department_id)),
    'successors', coalesce((
      select jsonb_agg(jsonb_build_object('id', o.id, 'code', o.code, 'name', o.name, 'role', o.role, 'department', d.name) order by o.role <> 'manager', o.code)
      from public.operators o left join public.departments d on d.id = o.department_id
      where o.active and o.id <> person.id
        and (o.department_id is not distinct from person.department_id or o.role = 'director')), '[]'),
    'registers', (
      select jsonb_agg(jsonb_build_object(
        'register', g.register,
        'field', private.handover_field(g.register),
        'successor', coalesce(choices ->> private.handover_field(g.register), choices ->> 'successor'),
        'count', (select count(*) from private.handover_items_of(person.id) x where x.register = g.register),
        'items', coalesce((
          select jsonb_agg(jsonb_build_object('title', x.title, 'detail', x.detail, 'in_care', x.in_care,
                                              'holder', (select o.name from public.operators o where o.id = x.holder_id))
                           order by x.title)
          from private.handover_items_of(person.id) x where x.register = g.register), '[]')) order by g.position)
      from (values ('customers', 1), ('service_requests', 2), ('return_visits', 3)) as g(register, position)),
    'problems', coalesce((
      select jsonb_agg(jsonb_build_object('field', p.field, 'code', p.code, 'message', p.message))
      from private.handover_problems(person.id, choices) p), '[]'));
end
$$;
comment on function public.preview_staff_handover(uuid, uuid, uuid, uuid, uuid) is '离职交接预览 | Preview a staff handover';

-- ── Confirm: everything moves in one transaction, or nothing ─────────────────────────────
create function public.confirm_staff_handover(leaver uuid, successor uuid default null,
  customers_successor uuid default null, requests_successor uuid default null, visits_successor uuid default null)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  person public.operators;
  me uuid := private.my_operator_id();
  choices jsonb := jsonb_build_object('successor', successor, 'customers_successor', customers_successor,
                                      'requests_successor', requests_successor, 'visits_successor', visits_successor);
  problem record;
  item record;
  target uuid;
  moved_rows jsonb;
  taker record;
begin
  person := private.handover_leaver(leaver, 'approve');
  -- The leaver's rows are locked first, so nothing moves to him or from him meanwhile.
  perform 1 from public.operators o where o.id = person.id for update;
  if not exists (select 1 from private.handover_items_of(person.id)) then
    raise exception '“%”名下没有待交接的客户、工单或回访 | % holds nothing to hand over', person.name, person.name
      using errcode = 'PT409', hint = 'leaver';
  end if;
  select * into problem from private.handover_problems(person.id, choices) limit 1;
  if found then
    raise exception '%', problem.message using errcode = problem.code, hint = problem.field;
  end if;

  -- Customers the leaver still owns himself: through hand_over_customers (its own rule and its
  -- customer_allocations rows, method 离职交接).
  target := coalesce(customers_successor, successor);
  select coalesce(jsonb_agg(jsonb_build_object('register', 'customers', 'row_id', c.id, 'title', c.code || ' ' || c.name, 'successor', target)), '[]')
  into moved_rows from public.customers c where c.owner_id = person.id;
  if jsonb_array_length(moved_rows) > 0 then
    insert into private.handover_items (leaver_id, register, row_id, column_name, successor_id, handed_at, handed_by)
    select person.id, 'customers', (m ->> 'row_id')::uuid, 'owner_id', target, now(), me from jsonb_array_elements(moved_rows) m;
    perform public.hand_over_customers(person.id, target, '离职交接');
  end if;

  for item in select x.* from private.handover_items_of(person.id) x loop
    target := coalesce((choices ->> private.handover_field(item.register))::uuid, successor);
    if item.register = 'customers' then
      -- In care with the caretaker: hand_over_customers would sweep the caretaker's own customers
      -- too, so these move one by one, recorded the same way (customer_allocations, 离职交接).
      update public.customers c set owner_id = target where c.id = item.row_id;
      insert into public.customer_allocations (customer_id, operator_id, previous_operator_id, method, reason, assigned_by)
      values (item.row_id, target, item.holder_id, '离职交接', format('%s 调离，代管后交接', person.name), me);
    elsif item.register = 'service_requests' then
      update public.service_requests r set handler_id = target where r.id = item.row_id;
    elsif item.column_name = 'assigned_visitor_id' then
      update public.return_visits v set assigned_visitor_id = target where v.id = item.row_id;
    else
      update public.return_visits v set visitor_id = target where v.id = item.row_id;
    end if;
    if item.in_care then
      update private.handover_items h set successor_id = target, handed_at = now(), handed_by = me
      where h.leaver_id = person.id and h.row_id = item.row_id and h.column_name = item.column_name and h.handed_at is null;
    else
      insert into private.handover_items (leaver_id, register, row_id, column_name, successor_id, handed_at, handed_by)
      values (person.id, item.register, item.row_id, item.column_name, target, now(), me);
    end if;
    moved_rows := moved_rows || jsonb_build_object('register', item.register, 'row_id', item.row_id, 'title', item.title, 'successor', target);
  end loop;

  -- Each new holder is told once, with what he now holds (000: 指派其他员工代替).
  for taker in select (m ->> 'successor')::uuid as successor_id, string_agg(distinct m ->> 'title', '、') as titles,
                      count(distinct m ->> 'row_id') filter (where m ->> 'register' = 'customers') as customers,
                      count(distinct m ->> 'row_id') filter (where m ->> 'register' = 'service_requests') as requests,
                      count(distinct m ->> 'row_id') filter (where m ->> 'register' = 'return_visits') as visits
               from jsonb_array_elements(moved_rows) m group by 1 loop
    perform private.notify(taker.successor_id, '离职交接',
      format('%s 的工作已交接给您：客户 %s 个、工单 %s 张、回访 %s 条 | %s''s work is handed to you: %s customers, %s requests, %s visits',
             person.name, taker.customers, taker.requests, taker.visits, person.name, taker.customers, taker.requests, taker.visits),
      left(taker.titles || E'\n请尽快与有关客户建立联系。 | Please get in touch with the customers concerned.', 4000),
      'operators', person.id::text, null, format('handover:%s:%s:%s', person.id, taker.successor_id, txid_current()));
  end loop;

  -- The caretaker's to-do is done once nothing is left in care.
  if not exists (select 1 from private.handover_items_of(person.id)) then
    update public.notifications n set done_at = now()
    where n.kind = '离职交接' and n.link_table = 'operators' and n.link_id = person.id::text
      and n.dedupe_key like 'leaver-care:%' and n.done_at is null;
  end if;

  return (select jsonb_object_agg(g.register, (select count(distinct m ->> 'row_id') from jsonb_array_elements(moved_rows) m where m ->> 'register' = g.register))
          from (values ('customers'), ('service_requests'), ('return_visits')) as g(register));
end
$$;
comment on function public.confirm_staff_handover(uuid, uuid, uuid, uuid, uuid) is '确认离职交接 | Confirm a staff handover';

revoke all on function public.preview_staff_handover(uuid, uuid, uuid, uuid, uuid), public.confirm_staff_handover(uuid, uuid, uuid, uuid, uuid) from public, anon;
grant execute on function public.preview_staff_handover(uuid, uuid, uuid, uuid, uuid), public.confirm_staff_handover(uuid, uuid, uuid, uuid, uuid) to authenticated;

-- ── Permissions (data): who opens the handover screen and who confirms ───────────────────
insert into public.permissions (role, register, action, scope, note) values
  ('manager', 'staff_handover', 'read', 'department', '本部门调离人员的交接预览'),
  ('manager', 'staff_handover', 'approve', 'department', '办理本部门调离人员的交接（指派其他员工代替）'),
  ('director', 'staff_handover', 'read', 'all', null),
  ('director', 'staff_handover', 'approve', 'all', null),
  ('admin', 'staff_handover', 'read', 'all', '停用账号后办理交接'),
  ('admin', 'staff_handover', 'approve', 'all', '本人仍负责的客户须由部门经理或主任交接（hand_over_customers）');
