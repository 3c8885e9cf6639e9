-- Equipment and fault work orders 设备台账 / 设备故障工单 (issue 15 point 2; RULES §13).
--   003 办公环境管理: 所有设施、设备如有故障必须当天上报固定资产管理员(兼职)，上报故障的方式包括工单、电话，
--       凡未及时上报故障或上报记录不符合要求的纳入责任人绩效考核;
--   002 行政管理: 对部门领取的设备进行编号，以便盘点; 在保修期内的设备…应联系供应商进行维修; 保修期外的设备，
--       按照最经济可行的报修方案进行维修，包括委托维修商…，填写设备维修单中的“维修记录”;
--   000 计算机安全: 非本单位技术人员对我单位的设备、系统等进行修理、维护时，必需由公司相关技术人员现场全程监视;
--       计算机设备送外修理，须经有关部门负责人批准.
-- The register (equipment) is kept by the fixed-asset keeper (duty 固定资产管理员); every piece gets
-- an asset number from the database (its department's code and a running number). A fault work
-- order (equipment_faults) is written by whoever reports it: when it occurred, how (工单/电话) and
-- what; the database stamps who and when, and flags it late (reported_late) when it is reported on a
-- later day than it occurred — a flag set on insert and frozen, as is the time it occurred. The
-- keeper is told at once (设备故障). The keeper decides the repair route: in warranty (warranty end
-- on or after the day of the fault) the supplier repairs (供应商保修); out of warranty internal
-- repair (内部维修) or outside repair (外送维修), the latter only once the head of the equipment's
-- department approves (外修审批). Outside technicians' visits record who of the company supervised
-- them. The repair record (维修记录, cost, who, when) closes the order, which is frozen from then on.

create table public.equipment (
  id uuid primary key default gen_random_uuid(),
  asset_no text,
  name text not null,
  model text,
  location text not null,
  department_id uuid not null references public.departments (id),
  supplier text,
  supplier_contact text,
  purchased_on date,
  warranty_end date,
  notes text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint equipment_asset_no_key unique (asset_no),
  constraint equipment_asset_no_length check (char_length(asset_no) <= 20),
  constraint equipment_asset_no_format check (asset_no ~ '^[A-Z0-9]{1,10}-[0-9]{4,6}$'),
  constraint equipment_name_length check (char_length(btrim(name)) between 2 and 100),
  constraint equipment_model_length check (char_length(model) <= 100),
  constraint equipment_location_length check (char_length(btrim(location)) between 2 and 200),
  constraint equipment_supplier_length check (char_length(supplier) <= 200),
  constraint equipment_supplier_contact_length check (char_length(supplier_contact) <= 100),
  constraint equipment_purchased_on_range check (purchased_on >= date '2000-01-01' and purchased_on < date '2101-01-01'),
  constraint equipment_warranty_end_range check (warranty_end >= date '2000-01-01' and warranty_end < date '2101-01-01'),
  constraint equipment_warranty_after_purchase check (warranty_end >= purchased_on),
  constraint equipment_notes_length check (char_length(notes) <= 1000)
);
comment on constraint equipment_asset_no_length on public.equipment is '资产编号最多 20 字 | Asset no.: at most 20 characters';
comment on constraint equipment_asset_no_format on public.equipment is '资产编号格式为 部门代码-流水号（如 KF1-0001） | Asset no.: department code and running number (e.g. KF1-0001)';
comment on constraint equipment_name_length on public.equipment is '设备名称 2–100 字 | Name: 2–100 characters';
comment on constraint equipment_model_length on public.equipment is '规格型号最多 100 字 | Model: at most 100 characters';
comment on constraint equipment_location_length on public.equipment is '存放地点 2–200 字 | Location: 2–200 characters';
comment on constraint equipment_supplier_length on public.equipment is '供应商最多 200 字 | Supplier: at most 200 characters';
comment on constraint equipment_supplier_contact_length on public.equipment is '供应商联系方式最多 100 字 | Supplier contact: at most 100 characters';
comment on constraint equipment_purchased_on_range on public.equipment is '购置日期须在 2000–2100 年之间 | Purchased on: a date in the years 2000–2100';
comment on constraint equipment_warranty_end_range on public.equipment is '保修截止日须在 2000–2100 年之间 | Warranty end: a date in the years 2000–2100';
comment on constraint equipment_warranty_after_purchase on public.equipment is '保修截止日不能早于购置日期 | The warranty cannot end before the purchase';
comment on constraint equipment_notes_length on public.equipment is '备注最多 1000 字 | Notes: at most 1000 characters';
comment on table public.equipment is '设备台账 | Equipment';
comment on column public.equipment.asset_no is '资产编号 | Asset no.';
comment on column public.equipment.name is '设备名称 | Name';
comment on column public.equipment.model is '规格型号 | Model';
comment on column public.equipment.location is '存放地点 | Location';
comment on column public.equipment.department_id is '使用部门 | Department';
comment on column public.equipment.supplier is '供应商 | Supplier';
comment on column public.equipment.supplier_contact is '供应商联系方式 | Supplier contact';
comment on column public.equipment.purchased_on is '购置日期 | Purchased on';
comment on column public.equipment.warranty_end is '保修截止日 | Warranty end';
comment on column public.equipment.notes is '备注 | Notes';
comment on column public.equipment.version is '版本 | Version';
comment on column public.equipment.created_at is '创建时间 | Created at';
comment on column public.equipment.updated_at is '修改时间 | Updated at';
create index equipment_department_id_idx on public.equipment (department_id);

create table public.equipment_faults (
  id uuid primary key default gen_random_uuid(),
  fault_no text,
  equipment_id uuid not null references public.equipment (id),
  department_id uuid references public.departments (id),
  occurred_at timestamptz not null,
  reported_at timestamptz not null default now(),
  reported_by uuid not null default private.my_operator_id() references public.operators (id),
  channel text not null default '工单',
  description text not null,
  reported_late boolean not null default false,
  in_warranty boolean not null default false,
  status text not null default '已报修',
  route text,
  routed_by uuid references public.operators (id),
  routed_at timestamptz,
  route_note text,
  approver_id uuid references public.operators (id),
  approved_at timestamptz,
  decision_note text,
  repair_record text,
  repair_cost numeric(12, 2),
  repaired_by_name text,
  repaired_at timestamptz,
  closed_by uuid references public.operators (id),
  closed_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint equipment_faults_fault_no_key unique (fault_no),
  constraint equipment_faults_fault_no_length check (char_length(fault_no) <= 30),
  constraint equipment_faults_occurred_at_range check (occurred_at >= timestamptz '2000-01-01 00:00+08' and occurred_at < timestamptz '2101-01-01 00:00+08'),
  constraint equipment_faults_reported_at_range check (reported_at >= timestamptz '2000-01-01 00:00+08' and reported_at < timestamptz '2101-01-01 00:00+08'),
  constraint equipment_faults_channel_check check (channel in ('工单', '电话')),
  constraint equipment_faults_description_length check (char_length(btrim(description)) between 2 and 2000),
  constraint equipment_faults_status_check check (status in ('已报修', '待审批', '维修中', '已修复')),
  constraint equipment_faults_route_check check (route in ('供应商保修', '内部维修', '外送维修')),
  constraint equipment_faults_routed_at_range check (routed_at >= timestamptz '2000-01-01 00:00+08' and routed_at < timestamptz '2101-01-01 00:00+08'),
  constraint equipment_faults_route_note_length check (char_length(route_note) <= 1000),
  constraint equipment_faults_approved_at_range check (approved_at >= timestamptz '2000-01-01 00:00+08' and approved_at < timestamptz '2101-01-01 00:00+08'),
  constraint equipment_faults_decision_note_length check (char_length(decision_note) <= 1000),
  constraint equipment_faults_repair_record_length check (char_length(repair_record) <= 2000),
  constraint equipment_faults_repair_cost_range check (repair_cost >= 0 and repair_cost <= 100000),
  constraint equipment_faults_repaired_by_name_length check (char_length(repaired_by_name) <= 100),
  constraint equipment_faults_repaired_at_range check (repaired_at >= timestamptz '2000-01-01 00:00+08' and repaired_at < timestamptz '2101-01-01 00:00+08'),
  constraint equipment_faults_closed_at_range check (closed_at >= timestamptz '2000-01-01 00:00+08' and closed_at < timestamptz '2101-01-01 00:00+08'),
  -- A route for every order past 已报修; outside repair under way only once approved.
  constraint equipment_faults_route_by_status check ((status = '已报修') = (route is null)),
  constraint equipment_faults_outside_approved check (not (route = '外送维修' and status in ('维修中', '已修复') and approved_at is null)),
  constraint equipment_faults_closed_has_record check (status <> '已修复' or (repair_record is not null and closed_at is not null))
);
comment on constraint equipment_faults_fault_no_length on public.equipment_faults is '工单号最多 30 字 | Order no.: at most 30 characters';
comment on constraint equipment_faults_occurred_at_range on public.equipment_faults is '故障发生时间须在 2000–2100 年之间 | Occurred at: a date in the years 2000–2100';
comment on constraint equipment_faults_reported_at_range on public.equipment_faults is '上报时间须在 2000–2100 年之间 | Reported at: a date in the years 2000–2100';
comment on constraint equipment_faults_channel_check on public.equipment_faults is '上报方式为工单或电话 | Reported by work order or phone';
comment on constraint equipment_faults_description_length on public.equipment_faults is '故障描述 2–2000 字 | Description: 2–2000 characters';
comment on constraint equipment_faults_status_check on public.equipment_faults is '状态不在列表中 | Unknown status';
comment on constraint equipment_faults_route_check on public.equipment_faults is '维修方式为供应商保修、内部维修或外送维修 | Route: supplier warranty, internal or outside repair';
comment on constraint equipment_faults_routed_at_range on public.equipment_faults is '派修时间须在 2000–2100 年之间 | Routed at: a date in the years 2000–2100';
comment on constraint equipment_faults_route_note_length on public.equipment_faults is '派修说明最多 1000 字 | Route note: at most 1000 characters';
comment on constraint equipment_faults_approved_at_range on public.equipment_faults is '外修审批时间须在 2000–2100 年之间 | Decided at: a date in the years 2000–2100';
comment on constraint equipment_faults_decision_note_length on public.equipment_faults is '审批意见最多 1000 字 | Decision note: at most 1000 characters';
comment on constraint equipment_faults_repair_record_length on public.equipment_faults is '维修记录最多 2000 字 | Repair record: at most 2000 characters';
comment on constraint equipment_faults_repair_cost_range on public.equipment_faults is '维修费用须在 0–100000 元之间 | Repair cost: 0–100,000 yuan';
comment on constraint equipment_faults_repaired_by_name_length on public.equipment_faults is '维修人最多 100 字 | Repaired by: at most 100 characters';
comment on constraint equipment_faults_repaired_at_range on public.equipment_faults is '修复时间须在 2000–2100 年之间 | Repaired at: a date in the years 2000–2100';
comment on constraint equipment_faults_closed_at_range on public.equipment_faults is '结单时间须在 2000–2100 年之间 | Closed at: a date in the years 2000–2100';
comment on constraint equipment_faults_route_by_status on public.equipment_faults is '已派修的工单须有维修方式 | A routed order has its route';
comment on constraint equipment_faults_outside_approved on public.equipment_faults is '送外修理须经部门负责人批准 | Outside repair needs the department head''s approval';
comment on constraint equipment_faults_closed_has_record on public.equipment_faults is '结单须填写维修记录 | Closing needs the repair record';
comment on table public.equipment_faults is '设备故障工单 | Equipment faults';
comment on column public.equipment_faults.fault_no is '工单号 | Order no.';
comment on column public.equipment_faults.equipment_id is '设备 | Equipment';
comment on column public.equipment_faults.department_id is '使用部门 | Department';
comment on column public.equipment_faults.occurred_at is '故障发生时间 | Occurred at';
comment on column public.equipment_faults.reported_at is '上报时间 | Reported at';
comment on column public.equipment_faults.reported_by is '报修人 | Reported by';
comment on column public.equipment_faults.channel is '上报方式 | Channel';
comment on column public.equipment_faults.description is '故障描述 | Description';
comment on column public.equipment_faults.reported_late is '未当天上报 | Reported late';
comment on column public.equipment_faults.in_warranty is '在保修期内 | In warranty';
comment on column public.equipment_faults.status is '状态 | Status';
comment on column public.equipment_faults.route is '维修方式 | Repair route';
comment on column public.equipment_faults.routed_by is '派修人 | Routed by';
comment on column public.equipment_faults.routed_at is '派修时间 | Routed at';
comment on column public.equipment_faults.route_note is '派修说明 | Route note';
comment on column public.equipment_faults.approver_id is '外修审批人 | Outside repair decided by';
comment on column public.equipment_faults.approved_at is '外修批准时间 | Outside repair approved at';
comment on column public.equipment_faults.decision_note is '审批意见 | Decision note';
comment on column public.equipment_faults.repair_record is '维修记录 | Repair record';
comment on column public.equipment_faults.repair_cost is '维修费用（元） | Repair cost (yuan)';
comment on column public.equipment_faults.repaired_by_name is '维修人 | Repaired by';
comment on column public.equipment_faults.repaired_at is '修复时间 | Repaired at';
comment on column public.equipment_faults.closed_by is '结单人 | Closed by';
comment on column public.equipment_faults.closed_at is '结单时间 | Closed at';
comment on column public.equipment_faults.version is '版本 | Version';
comment on column public.equipment_faults.created_at is '创建时间 | Created at';
comment on column public.equipment_faults.updated_at is '修改时间 | Updated at';
create index equipment_faults_equipment_id_idx on public.equipment_faults (equipment_id);
create index equipment_faults_department_id_idx on public.equipment_faults (department_id);
create index equipment_faults_reported_by_idx on public.equipment_faults (reported_by);
create index equipment_faults_routed_by_idx on public.equipment_faults (routed_by);
create index equipment_faults_approver_id_idx on public.equipment_faults (approver_id);
create index equipment_faults_closed_by_idx on public.equipment_faults (closed_by);
create index equipment_faults_open_idx on public.equipment_faults (reported_at) where status <> '已修复';

-- Outside technicians on site (非本单位技术人员…必需由公司相关技术人员现场全程监视).
create table public.equipment_fault_visits (
  id uuid primary key default gen_random_uuid(),
  fault_id uuid not null references public.equipment_faults (id) on delete cascade,
  technician text not null,
  company text not null,
  time_in timestamptz not null,
  time_out timestamptz,
  supervised_by uuid not null references public.operators (id),
  work_done text,
  recorded_by uuid default private.my_operator_id() references public.operators (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint equipment_fault_visits_technician_length check (char_length(btrim(technician)) between 2 and 50),
  constraint equipment_fault_visits_company_length check (char_length(btrim(company)) between 2 and 100),
  constraint equipment_fault_visits_time_in_range check (time_in >= timestamptz '2000-01-01 00:00+08' and time_in < timestamptz '2101-01-01 00:00+08'),
  constraint equipment_fault_visits_time_out_range check (time_out >= timestamptz '2000-01-01 00:00+08' and time_out < timestamptz '2101-01-01 00:00+08'),
  constraint equipment_fault_visits_out_after_in check (time_out >= time_in),
  constraint equipment_fault_visits_work_done_length check (char_length(work_done) <= 1000)
);
comment on constraint equipment_fault_visits_technician_length on public.equipment_fault_visits is '技术人员姓名 2–50 字 | Technician: 2–50 characters';
comment on constraint equipment_fault_visits_company_length on public.equipment_fault_visits is '所属单位 2–100 字 | Company: 2–100 characters';
comment on constraint equipment_fault_visits_time_in_range on public.equipment_fault_visits is '进场时间须在 2000–2100 年之间 | Time in: a date in the years 2000–2100';
comment on constraint equipment_fault_visits_time_out_range on public.equipment_fault_visits is '离场时间须在 2000–2100 年之间 | Time out: a date in the years 2000–2100';
comment on constraint equipment_fault_visits_out_after_in on public.equipment_fault_visits is '离场时间不能早于进场时间 | Time out cannot be before time in';
comment on constraint equipment_fault_visits_work_done_length on public.equipment_fault_visits is '维修内容最多 1000 字 | Work done: at most 1000 characters';
comment on table public.equipment_fault_visits is '外来维修人员进场记录 | Outside technician visits';
comment on column public.equipment_fault_visits.fault_id is '故障工单 | Fault order';
comment on column public.equipment_fault_visits.technician is '技术人员 | Technician';
comment on column public.equipment_fault_visits.company is '所属单位 | Company';
comment on column public.equipment_fault_visits.time_in is '进场时间 | Time in';
comment on column public.equipment_fault_visits.time_out is '离场时间 | Time out';
comment on column public.equipment_fault_visits.supervised_by is '现场监视人 | Supervised by';
comment on column public.equipment_fault_visits.work_done is '维修内容 | Work done';
comment on column public.equipment_fault_visits.recorded_by is '登记人 | Recorded by';
comment on column public.equipment_fault_visits.version is '版本 | Version';
comment on column public.equipment_fault_visits.created_at is '创建时间 | Created at';
comment on column public.equipment_fault_visits.updated_at is '修改时间 | Updated at';
create index equipment_fault_visits_fault_id_idx on public.equipment_fault_visits (fault_id);
create index equipment_fault_visits_supervised_by_idx on public.equipment_fault_visits (supervised_by);
create index equipment_fault_visits_recorded_by_idx on public.equipment_fault_visits (recorded_by);

alter table public.equipment enable row level security;
alter table public.equipment_faults enable row level security;
alter table public.equipment_fault_visits enable row level security;
revoke all on public.equipment, public.equipment_faults, public.equipment_fault_visits from anon;
grant select, insert, update, delete on public.equipment, public.equipment_fault_visits to authenticated;
-- No one deletes a fault order: a late report stays on record (纳入责任人绩效考核).
grant select, insert, update on public.equipment_faults to authenticated;
revoke delete on public.equipment_faults from authenticated;

select private.register_table('public.equipment');
select private.register_table('public.equipment_faults');
select private.register_table('public.equipment_fault_visits');

select private.label_options('{
  "已报修": "Reported", "维修中": "Under repair", "已修复": "Repaired",
  "供应商保修": "Supplier warranty repair", "内部维修": "Internal repair", "外送维修": "Outside repair",
  "工单": "Work order"
}');

insert into public.settings (key, value, label) values
  ('equipment.route_days', '2', '故障上报后须在几天内确定维修方式（超期提醒固定资产管理员和部门负责人） | Days within which a reported fault gets its repair route')
on conflict (key) do nothing;
alter table public.settings add constraint settings_equipment_route_days_range check (key <> 'equipment.route_days'
  or (jsonb_typeof(value) = 'number' and value::text::numeric between 1 and 30 and value::text::numeric = trunc(value::text::numeric)));
comment on constraint settings_equipment_route_days_range on public.settings is '确定维修方式的期限须为 1–30 天的整数 | Days to route a fault: a whole number 1–30';

-- ══ Who ═══════════════════════════════════════════════════════════════════════════════════
-- The fixed-asset keeper(s): whoever holds the duty 固定资产管理员 (permission register equipment_repair).
create function private.is_equipment_keeper() returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.scope_for('equipment_repair', 'approve') = 'all', false)
$$;

create function private.equipment_keeper_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select o.id from public.operators o where o.active and '固定资产管理员' = any (o.duties)
$$;

-- The head of a department (有关部门负责人): its manager; where it has none, the deputy gm in charge
-- of it; where none either, the gm.
create function private.equipment_heads(p_department uuid) returns setof uuid
language plpgsql stable security definer set search_path = ''
as $$
begin
  return query select m.id from private.manager_ids(p_department) as m(id);
  if found then
    return;
  end if;
  return query select d.deputy_gm_id from public.departments d join public.operators o on o.id = d.deputy_gm_id and o.active
               where d.id = p_department;
  if found then
    return;
  end if;
  return query select o.id from public.operators o where o.role = 'gm' and o.active;
end
$$;

create function private.is_equipment_head(p_department uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.my_operator_id() in (select h.id from private.equipment_heads(p_department) as h(id)), false)
$$;

-- Rules are checked for a person's request (the REST API, apply_rows; and a restore or import); the
-- moves (which set taizhang.equipment_move), the job and the database owner (seeds) pass. (Asked of
-- the request, not current_user: the triggers run as their owner.)
create function private.equipment_rules_apply() returns boolean
language sql stable set search_path = ''
as $$
  select ((select auth.uid()) is not null and coalesce(current_setting('taizhang.equipment_move', true), '') <> 'on')
      or coalesce(current_setting('taizhang.restoring', true), '') = 'on'
      or coalesce(current_setting('taizhang.importing_history', true), '') = 'on'
$$;

-- The move conditions (mirrored by the RPCs).
create function private.may_route_fault(p_fault uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select private.is_equipment_keeper()
     and coalesce((select f.status = '已报修' from public.equipment_faults f where f.id = p_fault), false)
$$;

create function private.may_decide_outside_repair(p_fault uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select f.status = '待审批' and private.is_equipment_head(f.department_id)
                   from public.equipment_faults f where f.id = p_fault), false)
     and private.scope_for('equipment_faults', 'approve') is not null
$$;

create function private.may_close_fault(p_fault uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select f.status = '维修中' and (private.is_equipment_keeper() or private.is_equipment_head(f.department_id))
                   from public.equipment_faults f where f.id = p_fault), false)
$$;

revoke all on function private.is_equipment_keeper(), private.equipment_keeper_ids(), private.equipment_heads(uuid),
  private.is_equipment_head(uuid), private.equipment_rules_apply(), private.may_route_fault(uuid),
  private.may_decide_outside_repair(uuid), private.may_close_fault(uuid) from public;
grant execute on function private.is_equipment_keeper(), private.is_equipment_head(uuid), private.equipment_rules_apply(),
  private.may_route_fault(uuid), private.may_decide_outside_repair(uuid), private.may_close_fault(uuid)
  to authenticated, service_role;

-- ══ Equipment: numbered by the database (对部门领取的设备进行编号) ══════════════════════════
create function private.equipment_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  prefix text;
  next_no integer;
begin
  -- (a row restored from the bin or imported from the paper register keeps the number it has)
  if tg_op = 'INSERT' and (new.asset_no is null or ((select auth.uid()) is not null and not private.keeping_rows_as_given())) then
    select coalesce(nullif(left(upper(regexp_replace(d.code, '[^A-Za-z0-9]', '', 'g')), 10), ''), 'SB') into prefix
    from public.departments d where d.id = new.department_id;
    prefix := coalesce(prefix, 'SB');
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('equipment_asset_no:' || prefix));
    select coalesce(max(substring(e.asset_no from '-([0-9]+)$')::integer), 0) + 1 into next_no
    from public.equipment e where e.asset_no like prefix || '-%';
    new.asset_no := prefix || '-' || lpad(next_no::text, 4, '0');
  end if;
  return new;
end
$$;
revoke all on function private.equipment_before_write() from public;
create trigger equipment_before_write before insert on public.equipment
  for each row execute function private.equipment_before_write();

-- ══ Fault orders ══════════════════════════════════════════════════════════════════════════
create sequence private.equipment_fault_no_seq;

create function private.equipment_faults_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  eq public.equipment;
  apply boolean := private.equipment_rules_apply();
  changed text;
begin
  if tg_op = 'INSERT' then
    if coalesce(current_setting('taizhang.restoring', true), '') = 'on' then
      return new;
    end if;
    if new.equipment_id is null then
      raise exception '请选择故障设备 | Which equipment failed?' using errcode = '23502', column = 'equipment_id';
    end if;
    if char_length(btrim(coalesce(new.description, ''))) < 2 then
      raise exception '请描述故障现象（至少 2 个字） | Describe the fault (at least 2 characters)' using errcode = '23502', column = 'description';
    end if;
    select * into eq from public.equipment e where e.id = new.equipment_id;
    if eq.id is null then
      raise exception '设备不存在 | No such equipment' using errcode = '23503', column = 'equipment_id';
    end if;
    if (select auth.uid()) is not null and not private.keeping_rows_as_given() then
      -- What the reporter gives: the equipment, when it failed, how and what; the rest is the database's.
      new.reported_by := private.my_operator_id();
      new.reported_at := now();
      new.status := '已报修';
      new.route := null; new.routed_by := null; new.routed_at := null; new.route_note := null;
      new.approver_id := null; new.approved_at := null; new.decision_note := null;
      new.closed_by := null; new.closed_at := null;
      if num_nonnulls(new.repair_record, new.repair_cost, new.repaired_by_name, new.repaired_at) > 0 then
        raise exception '维修记录在维修时填写，报修时不能填写 | The repair record is written during the repair, not in the report'
          using errcode = '22023', column = case when new.repair_record is not null then 'repair_record' when new.repair_cost is not null then 'repair_cost'
                                                 when new.repaired_by_name is not null then 'repaired_by_name' else 'repaired_at' end;
      end if;
    end if;
    if new.reported_by is null then
      raise exception '报修人须是在岗操作员 | The reporter must be an operator' using errcode = '42501', column = 'reported_by';
    end if;
    if new.occurred_at is null then
      raise exception '请填写故障发生时间 | When did the fault occur?' using errcode = '23502', column = 'occurred_at';
    end if;
    if new.occurred_at > new.reported_at + interval '1 minute' then
      raise exception '故障发生时间不能晚于上报时间 | The fault cannot occur after it is reported' using errcode = '22023', column = 'occurred_at';
    end if;
    new.department_id := eq.department_id;
    -- 在保修期内: the warranty ends on or after the day of the fault.
    new.in_warranty := coalesce(eq.warranty_end >= (new.occurred_at at time zone 'Asia/Shanghai')::date, false);
    -- 故障必须当天上报: reported on a later day than it occurred → late, for good.
    new.reported_late := (new.reported_at at time zone 'Asia/Shanghai')::date > (new.occurred_at at time zone 'Asia/Shanghai')::date;
    new.fault_no := coalesce(case when (select auth.uid()) is null or private.keeping_rows_as_given() then new.fault_no end,
      'GZ' || to_char(new.reported_at at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('private.equipment_fault_no_seq')::text, 4, '0'));
    return new;
  end if;

  -- UPDATE
  if not apply then
    return new;
  end if;
  if old.status = '已修复' then
    raise exception '工单已修复结单，不能再修改 | The order is closed and can no longer be changed'
      using errcode = 'PT409', table = tg_table_name,
            column = coalesce((select c from unnest(array['description', 'channel', 'repair_record', 'repair_cost', 'repaired_by_name', 'repaired_at']) c
                               where to_jsonb(new) -> c is distinct from to_jsonb(old) -> c limit 1), 'status');
  end if;
  -- The time it occurred and the equipment are fixed once reported (the late flag stands).
  if new.occurred_at is distinct from old.occurred_at then
    raise exception '故障发生时间上报后不能修改（是否当天上报以上报时为准） | The time the fault occurred is fixed once reported (same-day reporting is judged as reported)'
      using errcode = 'PT409', column = 'occurred_at', table = tg_table_name;
  end if;
  if new.equipment_id is distinct from old.equipment_id then
    raise exception '故障设备上报后不能更换，请另行报修 | The equipment of a report cannot change; report the other one separately'
      using errcode = 'PT409', column = 'equipment_id', table = tg_table_name;
  end if;
  if (new.description, new.channel) is distinct from (old.description, old.channel) and old.status <> '已报修' then
    raise exception '工单已派修，故障描述和上报方式不能再修改 | The order is routed: its description and channel are fixed'
      using errcode = 'PT409', column = case when new.description is distinct from old.description then 'description' else 'channel' end, table = tg_table_name;
  end if;
  select c into changed from unnest(array['repair_record', 'repair_cost', 'repaired_by_name', 'repaired_at']) c
  where to_jsonb(new) -> c is distinct from to_jsonb(old) -> c limit 1;
  if changed is not null then
    if old.status <> '维修中' then
      raise exception '维修记录只能在维修中填写 | The repair record is written while the repair is under way'
        using errcode = 'PT409', column = changed, table = tg_table_name;
    end if;
    if not (private.is_equipment_keeper() or private.is_equipment_head(old.department_id)) then
      raise exception '维修记录由固定资产管理员或部门负责人填写 | The repair record is written by the fixed-asset keeper or the department head'
        using errcode = '42501', column = changed, table = tg_table_name;
    end if;
    if new.repaired_at > now() + interval '1 minute' or new.repaired_at < old.occurred_at then
      raise exception '修复时间须在故障发生之后、不晚于现在 | Repaired at: after the fault occurred and not in the future'
        using errcode = '22023', column = 'repaired_at', table = tg_table_name;
    end if;
  end if;
  return new;
end
$$;

-- The keeper is told at once (设备故障); a late report says so.
create function private.equipment_faults_after_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  eq public.equipment;
  keeper uuid;
  reporter text;
begin
  if private.keeping_rows_as_given() then
    return null;
  end if;
  select * into eq from public.equipment e where e.id = new.equipment_id;
  select o.name into reporter from public.operators o where o.id = new.reported_by;
  for keeper in select k.id from private.equipment_keeper_ids() as k(id) loop
    perform private.notify(keeper, '设备故障',
      format('%s设备故障 %s：%s %s（%s） | %sEquipment fault %s: %s %s (%s)', case when new.reported_late then '【未当天上报】' else '' end,
             new.fault_no, eq.asset_no, eq.name, eq.location,
             case when new.reported_late then '[Not reported the same day] ' else '' end, new.fault_no, eq.asset_no, eq.name, eq.location),
      left(format('报修人：%s（%s）；发生时间：%s；上报时间：%s%s | Reported by %s (%s); occurred %s; reported %s%s', coalesce(reporter, ''), new.channel,
                  to_char(new.occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                  to_char(new.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                  case when new.in_warranty then '；在保修期内，请联系供应商保修' else '' end,
                  coalesce(reporter, ''), private.option_en(new.channel),
                  to_char(new.occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                  to_char(new.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                  case when new.in_warranty then '; in warranty: ask the supplier to repair it' else '' end)
           || E'\n' || new.description, 4000),
      'equipment_faults', new.id::text, null,
      case when new.reported_late then 'fault-late:' else 'fault-reported:' end || new.id || ':' || keeper);
  end loop;
  return null;
end
$$;
revoke all on function private.equipment_faults_before_write(), private.equipment_faults_after_insert() from public;
create trigger equipment_faults_before_write before insert or update on public.equipment_faults
  for each row execute function private.equipment_faults_before_write();
create trigger equipment_faults_after_insert after insert on public.equipment_faults
  for each row execute function private.equipment_faults_after_insert();

-- ══ Visits: under way only, supervised by one of the company ═════════════════════════════
create function private.equipment_fault_visits_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  fault public.equipment_faults;
  supervisor public.operators;
begin
  if not private.equipment_rules_apply() then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  if tg_op = 'UPDATE' and new.fault_id is distinct from old.fault_id then
    raise exception '进场记录不能移到另一张工单 | A visit cannot move to another order' using errcode = '42501', column = 'fault_id';
  end if;
  select * into fault from public.equipment_faults f where f.id = case when tg_op = 'DELETE' then old.fault_id else new.fault_id end;
  if tg_op = 'DELETE' and fault.id is null then
    return old;
  end if;
  if fault.status is distinct from '维修中' then
    raise exception '工单“%”，只有维修中的工单可以登记或修改进场记录 | The order is %: visits are recorded only while the repair is under way',
      coalesce(fault.status, '不存在'), coalesce(fault.status, 'missing') using errcode = 'PT409', column = 'fault_id';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if tg_op = 'INSERT' and (select auth.uid()) is not null then
    new.recorded_by := private.my_operator_id();
  end if;
  -- 必需由公司相关技术人员现场全程监视.
  if new.supervised_by is null then
    raise exception '外来维修人员须由公司技术人员现场全程监视：请填写现场监视人 | An outside technician is supervised on site throughout: name the supervisor'
      using errcode = '23502', column = 'supervised_by';
  end if;
  select * into supervisor from public.operators o where o.id = new.supervised_by;
  if supervisor.id is null or not supervisor.active then
    raise exception '现场监视人须是本公司在岗人员 | The supervisor must be an active member of the company'
      using errcode = '23514', column = 'supervised_by';
  end if;
  if new.time_in is null then
    raise exception '请填写进场时间 | Time in is needed' using errcode = '23502', column = 'time_in';
  end if;
  if new.time_in > now() + interval '1 minute' or new.time_in < fault.occurred_at then
    raise exception '进场时间须在故障发生之后、不晚于现在 | Time in: after the fault occurred and not in the future' using errcode = '22023', column = 'time_in';
  end if;
  if new.time_out < new.time_in or new.time_out > now() + interval '1 minute' then
    raise exception '离场时间须在进场之后、不晚于现在 | Time out: after time in and not in the future' using errcode = '22023', column = 'time_out';
  end if;
  return new;
end
$$;
revoke all on function private.equipment_fault_visits_before_write() from public;
create trigger equipment_fault_visits_before_write before insert or update or delete on public.equipment_fault_visits
  for each row execute function private.equipment_fault_visits_before_write();

-- ══ RLS ═══════════════════════════════════════════════════════════════════════════════════
-- Equipment: the keeper keeps the register (all); every department reads its own (to report a
-- fault), the director, the deputy gm and the gm read all.
select private.create_register_policies('public.equipment', department_column => 'department_id');
-- Faults: the reporter's own; the department's (manager); the keeper, director, deputy gm and gm all;
-- and the head who is to decide an outside repair. Nobody deletes one.
select private.create_register_policies('public.equipment_faults', owner_column => 'reported_by', department_column => 'department_id',
  read_also => 'status = ''待审批'' and private.may_decide_outside_repair(id)',
  actions => array['select', 'insert', 'update']);
-- Visits: read with their order; written by the keeper (all) or the department's head (department).
create policy equipment_fault_visits_select on public.equipment_fault_visits
  for select to authenticated using (exists (select 1 from public.equipment_faults f where f.id = fault_id));
create policy equipment_fault_visits_insert on public.equipment_fault_visits
  for insert to authenticated with check (exists (
    select 1 from public.equipment_faults f where f.id = fault_id and private.may('equipment_fault_visits', 'create', null, f.department_id)));
create policy equipment_fault_visits_update on public.equipment_fault_visits
  for update to authenticated
  using (exists (select 1 from public.equipment_faults f where f.id = fault_id and private.may('equipment_fault_visits', 'update', null, f.department_id)))
  with check (exists (select 1 from public.equipment_faults f where f.id = fault_id and private.may('equipment_fault_visits', 'update', null, f.department_id)));
create policy equipment_fault_visits_delete on public.equipment_fault_visits
  for delete to authenticated
  using (exists (select 1 from public.equipment_faults f where f.id = fault_id and private.may('equipment_fault_visits', 'delete', null, f.department_id)));

select private.declare_system_column('public.equipment', 'asset_no',
  '“资产编号”由系统按部门编号 | The asset number is assigned by the system, per department');
select private.declare_system_column('public.equipment_faults', c.name, c.why)
from (values
  ('fault_no', '“工单号”由系统编号 | The order number is assigned by the system'),
  ('department_id', '“使用部门”取自设备台账 | The department is the equipment''s'),
  ('reported_at', '“上报时间”是系统收到报修的时间 | Reported at is when the system received the report'),
  ('reported_by', '“报修人”是填写工单的人 | The reporter is whoever writes the order'),
  ('reported_late', '“未当天上报”由系统在上报时判定，不能清除 | Reported late is judged by the system when reported, and stays'),
  ('in_warranty', '“在保修期内”由系统按保修截止日判定 | In warranty is judged by the system from the warranty end'),
  ('status', '“状态”只能通过流程操作（派修、外修审批、结单）改变 | The status moves only through the workflow (route, outside repair decision, close)'),
  ('route', '“维修方式”只能由固定资产管理员通过“派修”确定 | The route is decided only by the keeper''s route moves'),
  ('routed_by', '“派修人”只能通过“派修”记录 | Routed by is recorded only by the route moves'),
  ('routed_at', '“派修时间”只能通过“派修”记录 | Routed at is recorded only by the route moves'),
  ('route_note', '“派修说明”只能通过“派修”记录 | The route note is recorded only by the route moves'),
  ('approver_id', '“外修审批人”只能通过“批准外修”或“不同意外修”记录 | Decided by is recorded only by the outside repair decision'),
  ('approved_at', '“外修批准时间”只能通过外修审批记录 | Decided at is recorded only by the outside repair decision'),
  ('decision_note', '“审批意见”只能通过外修审批记录 | The decision note is recorded only by the outside repair decision'),
  ('closed_by', '“结单人”只能通过“修复结单”记录 | Closed by is recorded only by the close move'),
  ('closed_at', '“结单时间”只能通过“修复结单”记录 | Closed at is recorded only by the close move')
) as c(name, why);
select private.declare_system_column('public.equipment_fault_visits', 'recorded_by',
  '“登记人”是登记进场记录的人 | Recorded by is whoever records the visit');

insert into public.permissions (role, duty, register, action, scope, note) values
  (null, '固定资产管理员', 'equipment', 'read', 'all', '固定资产管理员保管设备台账'),
  (null, '固定资产管理员', 'equipment', 'create', 'all', '设备编号登记'),
  (null, '固定资产管理员', 'equipment', 'update', 'all', null),
  (null, '固定资产管理员', 'equipment', 'delete', 'all', '误登记的设备（有故障工单的设备不能删除）'),
  ('clerk', null, 'equipment', 'read', 'department', '本部门领用的设备（报修时选择）'),
  ('archivist', null, 'equipment', 'read', 'department', null),
  ('manager', null, 'equipment', 'read', 'department', null),
  ('director', null, 'equipment', 'read', 'all', null),
  ('deputy_gm', null, 'equipment', 'read', 'all', null),
  ('gm', null, 'equipment', 'read', 'all', null),
  (null, '固定资产管理员', 'equipment_faults', 'read', 'all', '故障必须当天上报固定资产管理员'),
  (null, '固定资产管理员', 'equipment_faults', 'create', 'own', null),
  (null, '固定资产管理员', 'equipment_faults', 'update', 'all', '核实故障描述、填写维修记录'),
  (null, '固定资产管理员', 'equipment_repair', 'approve', 'all', '派修（供应商保修、内部维修、申请外修）、修复结单'),
  ('clerk', null, 'equipment_faults', 'read', 'own', '本人上报的故障'),
  ('clerk', null, 'equipment_faults', 'create', 'own', '故障当天通过工单或电话上报'),
  ('clerk', null, 'equipment_faults', 'update', 'own', '派修前修改本人上报的故障描述'),
  ('archivist', null, 'equipment_faults', 'read', 'own', null),
  ('archivist', null, 'equipment_faults', 'create', 'own', null),
  ('manager', null, 'equipment_faults', 'read', 'department', '本部门设备的故障'),
  ('manager', null, 'equipment_faults', 'create', 'own', null),
  ('manager', null, 'equipment_faults', 'approve', 'department', '批准本部门设备送外修理'),
  ('director', null, 'equipment_faults', 'read', 'all', null),
  ('director', null, 'equipment_faults', 'create', 'own', null),
  ('deputy_gm', null, 'equipment_faults', 'read', 'all', null),
  ('deputy_gm', null, 'equipment_faults', 'create', 'own', null),
  ('deputy_gm', null, 'equipment_faults', 'approve', 'department', '分管部门没有部门经理时批准送外修理'),
  ('gm', null, 'equipment_faults', 'read', 'all', null),
  ('gm', null, 'equipment_faults', 'create', 'own', null),
  ('gm', null, 'equipment_faults', 'approve', 'all', '没有部门经理和分管副总的部门，批准送外修理'),
  (null, '固定资产管理员', 'equipment_fault_visits', 'read', 'all', null),
  (null, '固定资产管理员', 'equipment_fault_visits', 'create', 'all', '登记外来维修人员进场及现场监视人'),
  (null, '固定资产管理员', 'equipment_fault_visits', 'update', 'all', null),
  (null, '固定资产管理员', 'equipment_fault_visits', 'delete', 'all', null),
  ('manager', null, 'equipment_fault_visits', 'read', 'department', null),
  ('manager', null, 'equipment_fault_visits', 'create', 'department', '本部门设备的外来维修人员进场记录'),
  ('manager', null, 'equipment_fault_visits', 'update', 'department', null),
  ('clerk', null, 'equipment_fault_visits', 'read', 'own', '随本人上报的工单查看'),
  ('director', null, 'equipment_fault_visits', 'read', 'all', null),
  ('deputy_gm', null, 'equipment_fault_visits', 'read', 'all', null),
  ('gm', null, 'equipment_fault_visits', 'read', 'all', null),
  ('admin', null, 'equipment', 'import', 'all', '导入纸质设备台账（可带原资产编号，没有的由系统编号）'),
  ('admin', null, 'equipment_faults', 'import', 'all', '导入纸质设备维修单（是否当天上报按原记录的时间判定）');

-- ══ Moves ═════════════════════════════════════════════════════════════════════════════════
-- The order, locked, and visible to the caller (PT404 otherwise).
create function private.equipment_fault_for_move(p_fault uuid) returns public.equipment_faults
language plpgsql security definer set search_path = ''
as $$
declare
  fault public.equipment_faults;
begin
  select * into fault from public.equipment_faults f where f.id = p_fault for update;
  if fault.id is null or not coalesce(fault.reported_by = private.my_operator_id()
                             or private.may('equipment_faults', 'read', fault.reported_by, fault.department_id)
                             or private.is_equipment_keeper() or private.is_equipment_head(fault.department_id), false) then
    raise exception '故障工单不存在或无权查看 | No such fault order, or not visible to you' using errcode = 'PT404', hint = 'fault_id';
  end if;
  return fault;
end
$$;
revoke all on function private.equipment_fault_for_move(uuid) from public;

-- 派修: the keeper decides the route — in warranty the supplier (在保修期内的设备…联系供应商进行维修),
-- out of warranty internal or outside repair; outside repair waits for the department head.
create function public.route_equipment_fault(fault_id uuid, route text, note text default null)
returns public.equipment_faults
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  fault public.equipment_faults := private.equipment_fault_for_move(fault_id);
  eq public.equipment;
  head uuid;
begin
  if not private.is_equipment_keeper() then
    raise exception '维修方式由固定资产管理员确定 | The fixed-asset keeper decides the repair route' using errcode = '42501', hint = 'route';
  end if;
  if fault.status <> '已报修' then
    raise exception '工单已“%”，不能再派修 | The order is %, it cannot be routed again', fault.status, fault.status using errcode = 'PT409';
  end if;
  if route is null or route not in ('供应商保修', '内部维修', '外送维修') then
    raise exception '维修方式须为供应商保修、内部维修或外送维修 | Route: supplier warranty, internal or outside repair' using errcode = '22023', hint = 'route';
  end if;
  if fault.in_warranty and route <> '供应商保修' then
    raise exception '设备在保修期内，应联系供应商保修 | The equipment is in warranty: the supplier repairs it' using errcode = '23514', hint = 'route';
  end if;
  if not fault.in_warranty and route = '供应商保修' then
    raise exception '设备已过保修期，请选择内部维修或外送维修 | Out of warranty: internal or outside repair' using errcode = '23514', hint = 'route';
  end if;
  if char_length(note) > 1000 then
    raise exception '派修说明最多 1000 字 | Route note: at most 1000 characters' using errcode = '22001', hint = 'note';
  end if;
  perform set_config('taizhang.equipment_move', 'on', true);
  update public.equipment_faults f
  set route = route, status = case when route = '外送维修' then '待审批' else '维修中' end,
      routed_by = private.my_operator_id(), routed_at = now(), route_note = nullif(btrim(coalesce(note, '')), ''),
      approver_id = null, approved_at = null, decision_note = null
  where f.id = fault.id returning * into fault;
  perform set_config('taizhang.equipment_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'equipment_faults' and n.link_id = fault.id::text and n.kind = '设备故障' and n.done_at is null;
  if route = '外送维修' then
    select * into eq from public.equipment e where e.id = fault.equipment_id;
    for head in select h.id from private.equipment_heads(fault.department_id) as h(id) loop
      perform private.notify(head, '外修审批',
        format('设备送外修理待您批准：%s %s %s | Outside repair for your approval: %s %s %s', fault.fault_no, eq.asset_no, eq.name, fault.fault_no, eq.asset_no, eq.name),
        left(fault.description || coalesce(E'\n派修说明 | Routing note' || E'\n' || fault.route_note, ''), 4000),
        'equipment_faults', fault.id::text, null, 'fault-outside:' || fault.id || ':' || fault.routed_at || ':' || head);
    end loop;
  end if;
  return fault;
end
$$;
comment on function public.route_equipment_fault(uuid, text, text) is '派修 | Route a fault';

-- 外修审批: the head of the equipment's department approves or declines outside repair
-- (计算机设备送外修理，须经有关部门负责人批准). Declined: back to 已报修 for another route.
create function public.decide_outside_repair(fault_id uuid, approve boolean, note text default null)
returns public.equipment_faults
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  fault public.equipment_faults := private.equipment_fault_for_move(fault_id);
  keeper uuid;
begin
  if fault.status <> '待审批' then
    raise exception '工单“%”，没有待审批的送外修理 | The order is %: no outside repair awaits a decision', fault.status, fault.status using errcode = 'PT409';
  end if;
  if not private.may_decide_outside_repair(fault.id) then
    raise exception '送外修理由设备所在部门的负责人批准 | Outside repair is approved by the head of the equipment''s department' using errcode = '42501';
  end if;
  if approve is null then
    raise exception '请选择批准或不同意 | Approve or decline' using errcode = '23502', hint = 'approve';
  end if;
  if not approve and char_length(btrim(coalesce(note, ''))) < 2 then
    raise exception '不同意送外修理须写明意见 | Declining needs a note' using errcode = '23502', hint = 'note';
  end if;
  if char_length(note) > 1000 then
    raise exception '审批意见最多 1000 字 | Decision note: at most 1000 characters' using errcode = '22001', hint = 'note';
  end if;
  perform set_config('taizhang.equipment_move', 'on', true);
  update public.equipment_faults f
  set status = case when approve then '维修中' else '已报修' end,
      route = case when approve then f.route end,
      approver_id = private.my_operator_id(), approved_at = case when approve then now() end,
      decision_note = coalesce(nullif(btrim(coalesce(note, '')), ''), case when approve then '同意送外修理' end)
  where f.id = fault.id returning * into fault;
  perform set_config('taizhang.equipment_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'equipment_faults' and n.link_id = fault.id::text and n.kind = '外修审批' and n.done_at is null;
  for keeper in select k.id from private.equipment_keeper_ids() as k(id) union select fault.routed_by loop
    perform private.notify(keeper, '审批结果',
      format('故障工单 %s 送外修理%s | Outside repair of fault %s %s', fault.fault_no, case when approve then '已批准' else '未获同意，请另行派修' end,
             fault.fault_no, case when approve then 'is approved' else 'is not approved: route the repair another way' end),
      fault.decision_note, 'equipment_faults', fault.id::text, null, 'fault-decided:' || fault.id || ':' || clock_timestamp() || ':' || keeper);
  end loop;
  return fault;
end
$$;
comment on function public.decide_outside_repair(uuid, boolean, text) is '外修审批 | Decide an outside repair';

-- 修复结单: the repair record (维修记录: what was done, cost, who, when) closes the order.
create function public.close_equipment_fault(fault_id uuid, record text default null, cost numeric default null,
  repaired_by text default null, repaired_at timestamptz default null)
returns public.equipment_faults
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  fault public.equipment_faults := private.equipment_fault_for_move(fault_id);
  v_record text;
  v_cost numeric;
  v_by text;
  v_at timestamptz;
begin
  if fault.status <> '维修中' then
    raise exception '工单“%”，只有维修中的工单可以结单 | The order is %: only an order under repair is closed', fault.status, fault.status using errcode = 'PT409';
  end if;
  if not private.may_close_fault(fault.id) then
    raise exception '维修记录由固定资产管理员或部门负责人填写 | The repair record is written by the fixed-asset keeper or the department head' using errcode = '42501';
  end if;
  v_record := nullif(btrim(coalesce(record, fault.repair_record, '')), '');
  v_cost := coalesce(cost, fault.repair_cost, 0);
  v_by := nullif(btrim(coalesce(repaired_by, fault.repaired_by_name, '')), '');
  v_at := coalesce(repaired_at, fault.repaired_at, now());
  if char_length(coalesce(v_record, '')) < 2 then
    raise exception '请填写维修记录（维修内容） | Write the repair record: what was done' using errcode = '23502', hint = 'record';
  end if;
  if char_length(v_record) > 2000 then
    raise exception '维修记录最多 2000 字 | Repair record: at most 2000 characters' using errcode = '22001', hint = 'record';
  end if;
  if v_cost = 'NaN'::numeric or v_cost < 0 or v_cost > 100000 then
    raise exception '维修费用须在 0–100000 元之间 | Repair cost: 0–100,000 yuan' using errcode = '22023', hint = 'cost';
  end if;
  if v_by is null then
    raise exception '请填写维修人 | Who repaired it?' using errcode = '23502', hint = 'repaired_by';
  end if;
  if char_length(v_by) > 100 then
    raise exception '维修人最多 100 字 | Repaired by: at most 100 characters' using errcode = '22001', hint = 'repaired_by';
  end if;
  if v_at > now() + interval '1 minute' or v_at < fault.occurred_at then
    raise exception '修复时间须在故障发生之后、不晚于现在 | Repaired at: after the fault occurred and not in the future' using errcode = '22023', hint = 'repaired_at';
  end if;
  perform set_config('taizhang.equipment_move', 'on', true);
  update public.equipment_faults f
  set status = '已修复', repair_record = v_record, repair_cost = round(v_cost, 2), repaired_by_name = v_by, repaired_at = v_at,
      closed_by = private.my_operator_id(), closed_at = now()
  where f.id = fault.id returning * into fault;
  perform set_config('taizhang.equipment_move', 'off', true);
  update public.notifications n set done_at = now()
  where n.link_table = 'equipment_faults' and n.link_id = fault.id::text and n.done_at is null
    and n.kind in ('设备故障', '外修审批');
  perform private.notify(fault.reported_by, '设备故障', format('您上报的设备故障已修复：%s | The fault you reported is repaired: %s', fault.fault_no, fault.fault_no), fault.repair_record,
    'equipment_faults', fault.id::text, null, 'fault-closed:' || fault.id);
  return fault;
end
$$;
comment on function public.close_equipment_fault(uuid, text, numeric, text, timestamptz) is '修复结单 | Close a fault with its repair record';

revoke all on function public.route_equipment_fault(uuid, text, text), public.decide_outside_repair(uuid, boolean, text),
  public.close_equipment_fault(uuid, text, numeric, text, timestamptz) from public, anon;
grant execute on function public.route_equipment_fault(uuid, text, text), public.decide_outside_repair(uuid, boolean, text),
  public.close_equipment_fault(uuid, text, numeric, text, timestamptz) to authenticated;

-- ══ Screens: the paper form (设备维修单) and the moves ═══════════════════════════════════════
select private.declare_register('public.equipment', menu_group => 'operations', menu_order => 20,
  title_columns => array['asset_no', 'name']);
select private.declare_register('public.equipment_faults', menu_group => 'operations', menu_order => 21,
  print_title => '设备维修单 | Equipment repair form', title_columns => array['fault_no'],
  print_signatures => array['报修人 | Reported by', '维修人 | Repaired by', '部门负责人 | Department head']);
-- Refused to everyone by the triggers above: no edit, no delete offered on screen.
select private.declare_frozen('public.equipment_faults', $$status = '已修复'$$);
select private.declare_register('public.equipment_fault_visits', title_columns => array['technician', 'company'], in_menu => false);
select private.declare_column('public.equipment', 'notes', kind => 'longtext');
select private.declare_column('public.equipment_faults', c.name, kind => 'longtext')
from unnest(array['description', 'route_note', 'decision_note', 'repair_record']) as c(name);
select private.declare_column('public.equipment_faults', 'repair_cost', kind => 'money');
select private.declare_column('public.equipment_fault_visits', 'work_done', kind => 'longtext');

select private.declare_move('public.equipment_faults', 'supplier', '供应商保修 | Supplier warranty repair', 'route_equipment_fault', 'fault_id',
  fields => '[{"name": "note", "label": "派修说明 | Note", "column": "route_note", "required": false}]', fixed_args => '{"route": "供应商保修"}',
  state_column => 'status', from_states => array['已报修'], to_state => '维修中',
  requires_register => 'equipment_repair', requires_action => 'approve',
  condition => $$in_warranty and private.may_route_fault(id)$$);
select private.declare_move('public.equipment_faults', 'internal', '内部维修 | Internal repair', 'route_equipment_fault', 'fault_id',
  fields => '[{"name": "note", "label": "派修说明 | Note", "column": "route_note", "required": false}]', fixed_args => '{"route": "内部维修"}',
  state_column => 'status', from_states => array['已报修'], to_state => '维修中',
  requires_register => 'equipment_repair', requires_action => 'approve',
  condition => $$not in_warranty and private.may_route_fault(id)$$);
select private.declare_move('public.equipment_faults', 'outside', '申请送外修理 | Ask for outside repair', 'route_equipment_fault', 'fault_id',
  fields => '[{"name": "note", "label": "送修理由 | Reason", "column": "route_note", "required": false}]', fixed_args => '{"route": "外送维修"}',
  state_column => 'status', from_states => array['已报修'], to_state => '待审批',
  requires_register => 'equipment_repair', requires_action => 'approve',
  condition => $$not in_warranty and private.may_route_fault(id)$$);
select private.declare_move('public.equipment_faults', 'approve', '批准送外修理 | Approve outside repair', 'decide_outside_repair', 'fault_id',
  fields => '[{"name": "note", "label": "审批意见 | Note", "column": "decision_note", "required": false}]', fixed_args => '{"approve": true}',
  state_column => 'status', from_states => array['待审批'], to_state => '维修中',
  requires_register => 'equipment_faults', requires_action => 'approve',
  condition => $$private.may_decide_outside_repair(id)$$);
select private.declare_move('public.equipment_faults', 'decline', '不同意送外修理 | Decline outside repair', 'decide_outside_repair', 'fault_id',
  fields => '[{"name": "note", "label": "审批意见 | Reason", "column": "decision_note", "required": true}]', fixed_args => '{"approve": false}',
  state_column => 'status', from_states => array['待审批'], to_state => '已报修',
  requires_register => 'equipment_faults', requires_action => 'approve',
  condition => $$private.may_decide_outside_repair(id)$$,
  danger => true, confirm => '确定不同意送外修理？ | Decline the outside repair?');
select private.declare_move('public.equipment_faults', 'close', '修复结单 | Close with repair record', 'close_equipment_fault', 'fault_id',
  fields => '[{"name": "record", "label": "维修记录 | Repair record", "column": "repair_record", "kind": "longtext", "required": true},
              {"name": "cost", "label": "维修费用（元） | Cost (yuan)", "column": "repair_cost", "kind": "money", "required": false},
              {"name": "repaired_by", "label": "维修人 | Repaired by", "column": "repaired_by_name", "required": true},
              {"name": "repaired_at", "label": "修复时间 | Repaired at", "column": "repaired_at", "required": false}]',
  state_column => 'status', from_states => array['维修中'], to_state => '已修复',
  condition => $$private.may_close_fault(id)$$,
  confirm => '确认设备已修复并结单？结单后工单不能再修改 | Repaired: close the order? It cannot change afterwards');

-- ══ The daily job "same-day faults" 故障当天上报检查 (issue 15 point 7) ═══════════════════════
-- Evening (18:00 Beijing), as of a given moment, idempotent through the notifications' dedupe keys:
--   1. faults reported late (reported on a later day than they occurred) in the last week up to
--      as_of → the keeper(s) and the head of the equipment's department, once per fault
--      (凡未及时上报故障…纳入责任人绩效考核: the department head assesses);
--   2. faults still without a repair route (已报修) more than equipment.route_days days after they
--      were reported → the keeper(s) and the department head, once per fault.
-- Whether a fault that occurred today is still unreported cannot be known; lateness is judged on
-- the reports that do come in.
create function private.job_same_day_faults(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  today date := (as_of at time zone 'Asia/Shanghai')::date;
  route_days integer := private.setting_int('equipment.route_days', 2);
  raised integer := 0;
  n integer;
begin
  with late as (
    select f.id, f.fault_no, f.department_id, f.occurred_at, f.reported_at, e.asset_no, e.name, r.name as reporter
    from public.equipment_faults f
    join public.equipment e on e.id = f.equipment_id
    left join public.operators r on r.id = f.reported_by
    where f.reported_late and f.reported_at <= as_of
      and (f.reported_at at time zone 'Asia/Shanghai')::date > today - 7
  ), recipients as (
    select l.*, k.id as recipient from late l cross join private.equipment_keeper_ids() as k(id)
    union
    select l.*, h.id from late l cross join lateral private.equipment_heads(l.department_id) as h(id)
  )
  select count(*) filter (where private.notify(r.recipient, '设备故障',
           format('设备故障未当天上报：%s %s %s（报修人 %s） | Fault not reported the same day: %s %s %s (reported by %s)',
                  r.fault_no, r.asset_no, r.name, coalesce(r.reporter, ''), r.fault_no, r.asset_no, r.name, coalesce(r.reporter, '')),
           format('发生于 %s，上报于 %s。所有设施、设备如有故障必须当天上报固定资产管理员 | Occurred %s, reported %s. Every fault is reported to the fixed-asset keeper the same day',
                  to_char(r.occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), to_char(r.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                  to_char(r.occurred_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), to_char(r.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')),
           'equipment_faults', r.id::text, null, 'fault-late:' || r.id || ':' || r.recipient))::integer
  into n
  from recipients r where r.recipient is not null;
  raised := raised + n;

  with stale as (
    select f.id, f.fault_no, f.department_id, f.reported_at, e.asset_no, e.name
    from public.equipment_faults f join public.equipment e on e.id = f.equipment_id
    where f.status = '已报修' and f.reported_at < as_of - make_interval(days => route_days)
  ), recipients as (
    select s.*, k.id as recipient from stale s cross join private.equipment_keeper_ids() as k(id)
    union
    select s.*, h.id from stale s cross join lateral private.equipment_heads(s.department_id) as h(id)
  )
  select count(*) filter (where private.notify(r.recipient, '设备故障',
           format('设备故障上报超过 %s 天仍未确定维修方式：%s %s %s | Fault reported over %s days ago and still not routed: %s %s %s',
                  route_days, r.fault_no, r.asset_no, r.name, route_days, r.fault_no, r.asset_no, r.name),
           format('上报于 %s。保修期内联系供应商保修，保修期外内部维修或经部门负责人批准送外修理 | Reported %s. In warranty the supplier repairs; out of warranty internal repair, or outside repair approved by the department head',
                  to_char(r.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), to_char(r.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')),
           'equipment_faults', r.id::text, null, 'fault-unrouted:' || r.id || ':' || r.recipient))::integer
  into n
  from recipients r where r.recipient is not null;
  raised := raised + n;
  return raised;
end
$$;
revoke all on function private.job_same_day_faults(timestamptz) from public;

-- Cron in UTC: 10:00 UTC is 18:00 in Beijing.
insert into public.scheduled_jobs (name, function_name, schedule, description) values
  ('same-day-faults', 'same-day-faults', '0 10 * * *',
   '故障当天上报检查（每天 18:00）：未当天上报的故障、超期未派修的故障，提醒固定资产管理员和部门负责人 | Same-day faults, daily 18:00: faults reported late and faults left without a repair route, to the keeper and the department head');
