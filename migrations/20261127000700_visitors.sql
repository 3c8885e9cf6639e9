-- Visitors and vehicles 来访登记 / 车辆登记 (issue 15 point 6; RULES §20; 002: 对进入小区的陌生车辆
-- 要进行登记; 对于进入小区的各类人员,必须认真进行验证登记方可放行). The gate post (门岗) registers each
-- visitor, verifies the identity document (证件类型 and 证件号码, checked per type: an 18-character
-- 身份证 with its check digit), and only then lets the visitor in (time in stamped by the 放行 move,
-- time out by 离开). Unknown vehicles are registered with their plate (a Chinese plate, the
-- 8-character new-energy ones too), driver, purpose and in/out times.
--
-- ID numbers are personal data: only the gate post, the managers (for visitors to their department)
-- and the director read them. The register keeps the number MASKED in its own column
-- (1101**********1234): that is all the grid, the record page, the print view, the Excel export,
-- the audit log, the versions and the recycle bin ever hold, so no select, embed, filter or order
-- through PostgREST can reach the full number, whoever asks. The full number is kept apart in
-- private.visitor_id_numbers (a schema PostgREST does not serve, no grant to any API role) and is
-- read only through public.visitor_id_number(), which asks the permission rows of the register
-- 'visitor_id_numbers' (门岗 all, manager department, director all) and logs each reading.

-- ── The full numbers, apart ──────────────────────────────────────────────────────────────
create table private.visitor_id_numbers (
  visitor_id uuid primary key,
  id_number text not null,
  updated_at timestamptz not null default now()
);
comment on table private.visitor_id_numbers is '来访人证件号码（完整） | Visitors'' full ID numbers';
-- No API role has a grant; RLS with no policy is a second lock should one be added by mistake.
-- (No foreign key: a visitor deleted to the recycle bin keeps his number for a restore.)
alter table private.visitor_id_numbers enable row level security;
revoke all on private.visitor_id_numbers from public;

-- Who read a full number, when (personal data: each reading is on record).
create table private.visitor_id_number_reads (
  id bigint generated always as identity primary key,
  visitor_id uuid not null,
  read_by uuid,
  read_at timestamptz not null default now()
);
comment on table private.visitor_id_number_reads is '证件号码查看记录 | Readings of full ID numbers';
alter table private.visitor_id_number_reads enable row level security;
revoke all on private.visitor_id_number_reads from public;
create index visitor_id_number_reads_visitor_id_idx on private.visitor_id_number_reads (visitor_id);

-- ── Checks of a document and a plate ─────────────────────────────────────────────────────
-- 身份证 (GB 11643-1999): 6-digit region (province 11–65, 71, 81–83), birth date YYYYMMDD (a real
-- day, not in the future), 3-digit sequence, check digit by ISO 7064 MOD 11-2 (X for 10).
create function private.id_card_check_digit(p_first17 text) returns text
language sql immutable set search_path = ''
as $$
  select substr('10X98765432',
    (select sum(substr(p_first17, i, 1)::integer * (array[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])[i])::integer % 11
     from generate_series(1, 17) i) + 1, 1)
  where p_first17 ~ '^[0-9]{17}$'
$$;

-- Why a document number is not valid for its type (null when it is).
create function private.id_number_problem(p_type text, p_number text) returns text
language plpgsql stable set search_path = ''
as $$
declare
  birth date;
begin
  if p_type is null then
    return '请先选择证件类型 | Choose the ID type first';
  end if;
  if p_type = '身份证' then
    if p_number !~ '^[0-9]{17}[0-9X]$' then
      return '身份证号码须为 18 位（末位可为 X） | An ID card number has 18 characters (the last may be X)';
    end if;
    if substr(p_number, 1, 2)::integer not in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                                               50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83) then
      return '身份证号码的地区码不正确 | The ID card number''s region code is not valid';
    end if;
    begin
      birth := to_date(substr(p_number, 7, 8), 'YYYYMMDD');
    exception when others then
      birth := null;
    end;
    if birth is null or to_char(birth, 'YYYYMMDD') <> substr(p_number, 7, 8) or birth < date '1900-01-01'
       or birth > (now() at time zone 'Asia/Shanghai')::date then
      return '身份证号码中的出生日期不正确 | The birth date in the ID card number is not valid';
    end if;
    if private.id_card_check_digit(substr(p_number, 1, 17)) <> substr(p_number, 18, 1) then
      return '身份证号码校验位不正确，请核对证件 | The ID card number''s check digit is wrong: check the card';
    end if;
    return null;
  elsif p_type = '护照' then
    if p_number !~ '^[A-Z0-9]{5,17}$' or p_number !~ '[0-9]' then
      return '护照号码须为 5–17 位字母或数字 | A passport number has 5–17 letters or digits';
    end if;
    return null;
  elsif p_type = '港澳通行证' then
    if p_number !~ '^([CW][0-9A-Z][0-9]{7}|[HM][0-9]{8}([0-9]{2})?)$' then
      return '港澳通行证号码须为 C/W 开头 9 位，或 H/M 开头 9 或 11 位 | A Hong Kong/Macao permit number is C or W and 8 more, or H or M and 8 or 10 digits';
    end if;
    return null;
  elsif p_type = '其他' then
    if p_number !~ '^\S{4,30}$' then
      return '证件号码须为 4–30 个字符，不含空格 | An ID number has 4–30 characters without spaces';
    end if;
    return null;
  end if;
  return '证件类型须为身份证、护照、港澳通行证或其他 | The ID type is ID card, passport, HK/Macao permit or other';
end
$$;

-- The masked form: the first and last quarter (at most 4 characters each) shown, the rest starred
-- (110105198503121234 → 1101**********1234, E12345678 → E1*****78).
create function private.mask_id_number(p_number text) returns text
language sql immutable set search_path = ''
as $$
  select case when p_number is null then null
              when char_length(p_number) < 4 then repeat('*', char_length(p_number))
              else left(p_number, least(4, char_length(p_number) / 4))
                   || repeat('*', char_length(p_number) - 2 * least(4, char_length(p_number) / 4))
                   || right(p_number, least(4, char_length(p_number) / 4)) end
$$;

-- A plate as written on the gate's form: upper case, without spaces, dots or dashes (粤B·12345 → 粤B12345).
create function private.normalize_plate(p_plate text) returns text
language sql immutable set search_path = ''
as $$
  select nullif(upper(regexp_replace(coalesce(p_plate, ''), '[\s·.\-•]', '', 'g')), '')
$$;

revoke all on function private.id_card_check_digit(text), private.id_number_problem(text, text),
  private.mask_id_number(text), private.normalize_plate(text) from public;

-- ══ Visitors 来访登记 ═══════════════════════════════════════════════════════════════════
create table public.visitors (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  id_type text,
  id_number text,
  phone text,
  company text,
  party_size integer not null default 1,
  host_operator_id uuid references public.operators (id),
  host_name text,
  host_department_id uuid references public.departments (id),
  purpose text not null,
  status text not null default '待核验',
  verified_by uuid references public.operators (id),
  verified_at timestamptz,
  time_in timestamptz,
  time_out timestamptz,
  refused_reason text,
  recorded_by uuid references public.operators (id),
  notes text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint visitors_name_length check (char_length(btrim(name)) between 1 and 50),
  constraint visitors_id_type_check check (id_type in ('身份证', '护照', '港澳通行证', '其他')),
  constraint visitors_id_number_length check (char_length(id_number) between 4 and 30),
  constraint visitors_phone_format check (phone is null or phone ~ '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|[0-9]{7,8})$'),
  constraint visitors_company_length check (char_length(company) <= 200),
  constraint visitors_party_size_range check (party_size between 1 and 50),
  constraint visitors_host_name_length check (char_length(host_name) <= 50),
  constraint visitors_purpose_length check (char_length(btrim(purpose)) between 2 and 500),
  constraint visitors_status_check check (status in ('待核验', '已核验', '在访', '已离开', '未放行')),
  constraint visitors_refused_reason_length check (char_length(refused_reason) <= 500),
  constraint visitors_notes_length check (char_length(notes) <= 1000),
  constraint visitors_verified_at_range check (verified_at >= timestamptz '2000-01-01 00:00+08' and verified_at < timestamptz '2101-01-01 00:00+08'),
  constraint visitors_time_in_range check (time_in >= timestamptz '2000-01-01 00:00+08' and time_in < timestamptz '2101-01-01 00:00+08'),
  constraint visitors_time_out_range check (time_out >= timestamptz '2000-01-01 00:00+08' and time_out < timestamptz '2101-01-01 00:00+08'),
  -- (multi-column rules: the screens take them from the refusal, the column rules from the checks above)
  constraint visitors_host_given check (host_operator_id is not null or char_length(btrim(coalesce(host_name, ''))) >= 1),
  constraint visitors_entered_verified check (time_in is null or (verified_at is not null and id_type is not null and id_number is not null)),
  constraint visitors_out_after_in check (time_out is null or (time_in is not null and time_out >= time_in))
);
comment on constraint visitors_name_length on public.visitors is '来访人姓名 1–50 字 | Visitor: 1–50 characters';
comment on constraint visitors_id_type_check on public.visitors is '证件类型须为身份证、护照、港澳通行证或其他 | ID type: ID card, passport, HK/Macao permit or other';
comment on constraint visitors_id_number_length on public.visitors is '证件号码 4–30 个字符 | ID number: 4–30 characters';
comment on constraint visitors_phone_format on public.visitors is '联系电话须为手机号或固定电话 | Phone: a mobile or landline number';
comment on constraint visitors_company_length on public.visitors is '来访单位最多 200 字 | Company: at most 200 characters';
comment on constraint visitors_party_size_range on public.visitors is '来访人数 1–50 | Party size: 1–50';
comment on constraint visitors_host_name_length on public.visitors is '被访人最多 50 字 | Visiting: at most 50 characters';
comment on constraint visitors_purpose_length on public.visitors is '来访事由 2–500 字 | Purpose: 2–500 characters';
comment on constraint visitors_status_check on public.visitors is '状态须为待核验、已核验、在访、已离开或未放行 | Status: awaiting verification, verified, inside, left or refused entry';
comment on constraint visitors_refused_reason_length on public.visitors is '未放行原因最多 500 字 | Reason refused: at most 500 characters';
comment on constraint visitors_notes_length on public.visitors is '备注最多 1000 字 | Notes: at most 1000 characters';
comment on constraint visitors_verified_at_range on public.visitors is '核验时间须在 2000–2100 年之间 | Verified at: a date in the years 2000–2100';
comment on constraint visitors_time_in_range on public.visitors is '进入时间须在 2000–2100 年之间 | Time in: a date in the years 2000–2100';
comment on constraint visitors_time_out_range on public.visitors is '离开时间须在 2000–2100 年之间 | Time out: a date in the years 2000–2100';
comment on constraint visitors_host_given on public.visitors is '请填写被访人（本公司人员或姓名） | Name whom the visitor visits (a colleague or a name)';
comment on constraint visitors_entered_verified on public.visitors is '来访人须验证证件登记后方可放行 | A visitor enters only after the ID is verified and registered';
comment on constraint visitors_out_after_in on public.visitors is '离开时间不能早于进入时间 | Time out cannot be before time in';
comment on table public.visitors is '来访登记 | Visitors';
comment on column public.visitors.name is '来访人 | Visitor';
comment on column public.visitors.id_type is '证件类型 | ID type';
comment on column public.visitors.id_number is '证件号码 | ID number';
comment on column public.visitors.phone is '联系电话 | Phone';
comment on column public.visitors.company is '来访单位 | Company';
comment on column public.visitors.party_size is '来访人数 | Party size';
comment on column public.visitors.host_operator_id is '被访人（本公司） | Visiting (colleague)';
comment on column public.visitors.host_name is '被访人（其他） | Visiting (name)';
comment on column public.visitors.host_department_id is '被访部门 | Department visited';
comment on column public.visitors.purpose is '来访事由 | Purpose';
comment on column public.visitors.status is '状态 | Status';
comment on column public.visitors.verified_by is '核验人 | Verified by';
comment on column public.visitors.verified_at is '核验时间 | Verified at';
comment on column public.visitors.time_in is '进入时间 | Time in';
comment on column public.visitors.time_out is '离开时间 | Time out';
comment on column public.visitors.refused_reason is '未放行原因 | Reason refused';
comment on column public.visitors.recorded_by is '登记人 | Recorded by';
comment on column public.visitors.notes is '备注 | Notes';
comment on column public.visitors.version is '版本 | Version';
comment on column public.visitors.created_at is '登记时间 | Registered at';
comment on column public.visitors.updated_at is '修改时间 | Updated at';

create index visitors_host_operator_id_idx on public.visitors (host_operator_id);
create index visitors_host_department_id_idx on public.visitors (host_department_id);
create index visitors_verified_by_idx on public.visitors (verified_by);
create index visitors_recorded_by_idx on public.visitors (recorded_by);
create index visitors_inside_idx on public.visitors (time_in) where status = '在访';

-- ══ Vehicles 车辆登记 ═══════════════════════════════════════════════════════════════════
create table public.vehicle_visits (
  id uuid primary key default gen_random_uuid(),
  plate text not null,
  driver_name text not null,
  driver_phone text,
  visitor_id uuid references public.visitors (id) on delete set null,
  purpose text not null,
  status text not null default '在场',
  time_in timestamptz not null default now(),
  time_out timestamptz,
  registered_by uuid references public.operators (id),
  notes text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Ordinary plates: province, issuing letter (no I or O), 5 letters or digits (the last may be
  -- 挂 学 警 港 澳); new-energy plates (8 characters): D/A/B/C/E (electric) or F/G/H/J/K (hybrid)
  -- after the issuing letter for small cars (粤BD12345), at the end for large ones (粤B12345D).
  constraint vehicle_visits_plate_format check (plate ~ '^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]([A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]|[ABCDEFGHJK][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[ABCDEFGHJK])$'),
  constraint vehicle_visits_driver_name_length check (char_length(btrim(driver_name)) between 1 and 50),
  constraint vehicle_visits_driver_phone_format check (driver_phone is null or driver_phone ~ '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|[0-9]{7,8})$'),
  constraint vehicle_visits_purpose_length check (char_length(btrim(purpose)) between 2 and 500),
  constraint vehicle_visits_status_check check (status in ('在场', '已离开')),
  constraint vehicle_visits_notes_length check (char_length(notes) <= 1000),
  constraint vehicle_visits_time_in_range check (time_in >= timestamptz '2000-01-01 00:00+08' and time_in < timestamptz '2101-01-01 00:00+08'),
  constraint vehicle_visits_time_out_range check (time_out >= timestamptz '2000-01-01 00:00+08' and time_out < timestamptz '2101-01-01 00:00+08'),
  constraint vehicle_visits_out_after_in check (time_out is null or time_out >= time_in)
);
comment on constraint vehicle_visits_plate_format on public.vehicle_visits is '车牌号格式不正确（如 粤B12345，新能源 粤BD12345 / 粤B12345D） | Plate: a Chinese plate such as 粤B12345 (new energy 粤BD12345 / 粤B12345D)';
comment on constraint vehicle_visits_driver_name_length on public.vehicle_visits is '驾驶人 1–50 字 | Driver: 1–50 characters';
comment on constraint vehicle_visits_driver_phone_format on public.vehicle_visits is '驾驶人电话须为手机号或固定电话 | Driver''s phone: a mobile or landline number';
comment on constraint vehicle_visits_purpose_length on public.vehicle_visits is '进入事由 2–500 字 | Purpose: 2–500 characters';
comment on constraint vehicle_visits_status_check on public.vehicle_visits is '状态须为在场或已离开 | Status: inside or left';
comment on constraint vehicle_visits_notes_length on public.vehicle_visits is '备注最多 1000 字 | Notes: at most 1000 characters';
comment on constraint vehicle_visits_time_in_range on public.vehicle_visits is '进入时间须在 2000–2100 年之间 | Time in: a date in the years 2000–2100';
comment on constraint vehicle_visits_time_out_range on public.vehicle_visits is '离开时间须在 2000–2100 年之间 | Time out: a date in the years 2000–2100';
comment on constraint vehicle_visits_out_after_in on public.vehicle_visits is '离开时间不能早于进入时间 | Time out cannot be before time in';
comment on table public.vehicle_visits is '车辆登记 | Vehicles';
comment on column public.vehicle_visits.plate is '车牌号 | Plate';
comment on column public.vehicle_visits.driver_name is '驾驶人 | Driver';
comment on column public.vehicle_visits.driver_phone is '驾驶人电话 | Driver''s phone';
comment on column public.vehicle_visits.visitor_id is '来访登记 | Visitor record';
comment on column public.vehicle_visits.purpose is '进入事由 | Purpose';
comment on column public.vehicle_visits.status is '状态 | Status';
comment on column public.vehicle_visits.time_in is '进入时间 | Time in';
comment on column public.vehicle_visits.time_out is '离开时间 | Time out';
comment on column public.vehicle_visits.registered_by is '登记人 | Registered by';
comment on column public.vehicle_visits.notes is '备注 | Notes';
comment on column public.vehicle_visits.version is '版本 | Version';
comment on column public.vehicle_visits.created_at is '创建时间 | Created at';
comment on column public.vehicle_visits.updated_at is '修改时间 | Updated at';

create index vehicle_visits_visitor_id_idx on public.vehicle_visits (visitor_id);
create index vehicle_visits_registered_by_idx on public.vehicle_visits (registered_by);
create index vehicle_visits_plate_idx on public.vehicle_visits (plate, time_in desc);
create index vehicle_visits_inside_idx on public.vehicle_visits (time_in) where status = '在场';

alter table public.visitors enable row level security;
alter table public.vehicle_visits enable row level security;
revoke all on public.visitors, public.vehicle_visits from anon, authenticated;
grant select, insert, update, delete on public.visitors, public.vehicle_visits to authenticated;

select private.register_table('public.visitors');
select private.register_table('public.vehicle_visits');
select private.label_options('{
  "待核验": "Awaiting verification", "已核验": "Verified", "在访": "Inside", "已离开": "Left", "未放行": "Refused entry",
  "身份证": "ID card", "护照": "Passport", "港澳通行证": "HK/Macao permit", "其他": "Other", "在场": "Inside"
}');

-- ══ Rules ═══════════════════════════════════════════════════════════════════════════════
-- A visitor: registered by the gate (登记人 = the guard), awaiting verification (待核验); the
-- guard checks the document and verifies (核验: 核验人, 核验时间), and only a verified visitor is
-- let in (放行: 进入时间; the person visited, if a colleague, is told); leaving (离开) stamps the
-- time out; a visitor who cannot be verified is refused entry (未放行, with the reason). Once
-- verified, the document (type, number, name) no longer changes; once left or refused, the
-- record is closed to every edit. The department visited is the colleague's, when one is named.

create function private.visitors_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  problem text;
  kept text;
  moving boolean := coalesce(current_setting('taizhang.visitor_move', true), '') = 'on';
begin
  if tg_op = 'INSERT' and not private.keeping_rows_as_given() then
    if (select auth.uid()) is not null then
      new.recorded_by := private.my_operator_id();
    end if;
    new.status := '待核验';
    new.verified_by := null;
    new.verified_at := null;
    new.time_in := null;
    new.time_out := null;
    new.refused_reason := null;
  end if;
  if tg_op = 'UPDATE' and not moving then
    if old.status in ('已离开', '未放行') then
      raise exception '来访记录已“%”，不能再修改 | The visit is closed (%): it cannot be changed', old.status, old.status
        using errcode = 'PT409', column = 'status';
    end if;
    if old.status <> '待核验' and (new.name, new.id_type, new.id_number) is distinct from (old.name, old.id_type, old.id_number) then
      raise exception '证件已核验，来访人姓名和证件不能再修改 | The ID has been verified: the visitor''s name and ID no longer change'
        using errcode = 'PT409', column = case when new.name is distinct from old.name then 'name' when new.id_type is distinct from old.id_type then 'id_type' else 'id_number' end;
    end if;
  end if;

  -- The department visited: the colleague's, when one is named.
  new.host_name := nullif(btrim(coalesce(new.host_name, '')), '');
  if new.host_operator_id is not null and (tg_op = 'INSERT' or new.host_operator_id is distinct from old.host_operator_id
                                           or new.host_department_id is null) then
    new.host_department_id := coalesce((select o.department_id from public.operators o where o.id = new.host_operator_id), new.host_department_id);
  end if;
  if new.host_operator_id is null and new.host_name is null then
    raise exception '请填写被访人（本公司人员或姓名） | Name whom the visitor visits (a colleague or a name)'
      using errcode = '23514', column = 'host_operator_id';
  end if;
  if new.host_department_id is null then
    raise exception '请填写被访部门 | Name the department visited' using errcode = '23502', column = 'host_department_id';
  end if;

  -- The document: checked per type; the full number goes apart, the register keeps it masked.
  new.id_number := nullif(upper(regexp_replace(coalesce(new.id_number, ''), '\s', '', 'g')), '');
  if new.id_number is null then
    delete from private.visitor_id_numbers v where v.visitor_id = new.id;
    return new;
  end if;
  select v.id_number into kept from private.visitor_id_numbers v where v.visitor_id = new.id;
  if tg_op = 'UPDATE' and new.id_number = old.id_number and kept is not null then
    -- unchanged number (the masked one read back); a changed type is checked against the kept number
    if new.id_type is distinct from old.id_type then
      problem := private.id_number_problem(new.id_type, kept);
      if problem is not null then
        raise exception '%', problem using errcode = '22023', column = 'id_type';
      end if;
    end if;
    return new;
  end if;
  -- A row put back from the recycle bin, or imported, with its masked number: its kept number stays.
  if private.keeping_rows_as_given() and kept is not null and private.mask_id_number(kept) = new.id_number then
    return new;
  end if;
  problem := private.id_number_problem(new.id_type, new.id_number);
  if problem is not null then
    raise exception '%', problem using errcode = '22023', column = case when new.id_type is null then 'id_type' else 'id_number' end;
  end if;
  insert into private.visitor_id_numbers as v (visitor_id, id_number) values (new.id, new.id_number)
  on conflict (visitor_id) do update set id_number = excluded.id_number, updated_at = now();
  new.id_number := private.mask_id_number(new.id_number);
  return new;
end
$$;

create trigger visitors_before_write before insert or update on public.visitors
  for each row execute function private.visitors_before_write();

create function private.vehicle_visits_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  new.plate := private.normalize_plate(new.plate);
  if tg_op = 'INSERT' and not private.keeping_rows_as_given() then
    if (select auth.uid()) is not null then
      new.registered_by := private.my_operator_id();
    end if;
    new.status := '在场';
    new.time_in := now();
    new.time_out := null;
  end if;
  -- (a visitor record deleted from the bin only unlinks: visitor_id set null, nothing else)
  if tg_op = 'UPDATE' and coalesce(current_setting('taizhang.visitor_move', true), '') <> 'on' and old.status = '已离开'
     and not (new.visitor_id is null and old.visitor_id is not null and to_jsonb(new) - 'visitor_id' = to_jsonb(old) - 'visitor_id') then
    raise exception '车辆已离开，登记不能再修改 | The vehicle has left: its record cannot be changed' using errcode = 'PT409', column = 'status';
  end if;
  if new.plate is null then
    raise exception '请填写车牌号 | Enter the plate' using errcode = '23502', column = 'plate';
  end if;
  -- (the table's check says it again; said here with its message)
  if new.plate !~ '^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]([A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳]|[ABCDEFGHJK][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[ABCDEFGHJK])$' then
    raise exception '车牌号“%”格式不正确（如 粤B12345，新能源 粤BD12345 / 粤B12345D） | Plate %: a Chinese plate such as 粤B12345 (new energy 粤BD12345 / 粤B12345D)', new.plate, new.plate
      using errcode = '23514', column = 'plate', constraint = 'vehicle_visits_plate_format';
  end if;
  return new;
end
$$;

create trigger vehicle_visits_before_write before insert or update on public.vehicle_visits
  for each row execute function private.vehicle_visits_before_write();

revoke all on function private.visitors_before_write(), private.vehicle_visits_before_write() from public;

select private.declare_system_column('public.visitors', c.name, c.why)
from (values
  ('status', '“状态”只能通过流程操作（核验、放行、离开、未放行）改变 | The status moves only through the workflow (verify, let in, leave, refuse)'),
  ('verified_by', '“核验人”是核验证件的门岗，由“核验”记录 | Verified by is the guard who verified the ID, recorded by Verify'),
  ('verified_at', '“核验时间”由“核验”记录 | Verified at is recorded by Verify'),
  ('time_in', '“进入时间”由“放行”记录 | Time in is recorded by Let in'),
  ('time_out', '“离开时间”由“离开”记录 | Time out is recorded by Leave'),
  ('refused_reason', '“未放行原因”由“未放行”记录 | The reason is recorded by Refuse entry'),
  ('recorded_by', '“登记人”是登记来访的门岗 | Recorded by is the guard who registered the visit')
) as c(name, why);
select private.declare_system_column('public.vehicle_visits', c.name, c.why)
from (values
  ('status', '“状态”只能通过“离开”改变 | The status moves only through Leave'),
  ('time_in', '“进入时间”在登记时记录 | Time in is stamped on registration'),
  ('time_out', '“离开时间”由“离开”记录 | Time out is recorded by Leave'),
  ('registered_by', '“登记人”是登记车辆的门岗 | Registered by is the guard who registered the vehicle')
) as c(name, why);

-- ── RLS ──────────────────────────────────────────────────────────────────────────────────
-- Visitors: the gate reads and writes all; a manager reads (and deletes) those who came to his
-- department; the director, the deputy gm and the gm read all (the director deletes); a colleague
-- reads his own visitors (host_operator_id). Everyone sees the number masked: the full one is
-- read through visitor_id_number() only.
select private.create_register_policies('public.visitors', owner_column => 'host_operator_id', department_column => 'host_department_id');
-- Vehicles: the gate writes; managers, the director, the deputy gm and the gm read.
select private.create_register_policies('public.vehicle_visits', owner_column => 'registered_by');

insert into public.permissions (duty, register, action, scope, note) values
  ('门岗', 'visitors', 'read', 'all', '门岗登记来访人员'),
  ('门岗', 'visitors', 'create', 'all', '对进入小区的各类人员验证登记'),
  ('门岗', 'visitors', 'update', 'all', '放行前修改来访登记'),
  ('门岗', 'visitors', 'approve', 'all', '核验证件、放行、离开、未放行'),
  ('门岗', 'visitor_id_numbers', 'read', 'all', '查看完整证件号码'),
  ('门岗', 'vehicle_visits', 'read', 'all', '门岗登记陌生车辆'),
  ('门岗', 'vehicle_visits', 'create', 'all', '对进入小区的陌生车辆进行登记'),
  ('门岗', 'vehicle_visits', 'update', 'all', '离开前修改车辆登记'),
  ('门岗', 'vehicle_visits', 'approve', 'all', '车辆离开');
insert into public.permissions (role, register, action, scope, note) values
  ('clerk', 'visitors', 'read', 'own', '来访本人的访客（证件号码遮蔽）'),
  ('manager', 'visitors', 'read', 'department', '来访本部门的访客'),
  ('manager', 'visitors', 'delete', 'department', '删除来访登记由经理决定'),
  ('manager', 'visitor_id_numbers', 'read', 'department', '查看来访本部门访客的完整证件号码'),
  ('manager', 'vehicle_visits', 'read', 'all', null),
  ('manager', 'vehicle_visits', 'delete', 'all', '删除车辆登记由经理决定'),
  ('director', 'visitors', 'read', 'all', null),
  ('director', 'visitors', 'delete', 'all', '删除来访登记由经理决定'),
  ('director', 'visitor_id_numbers', 'read', 'all', '查看完整证件号码'),
  ('director', 'vehicle_visits', 'read', 'all', null),
  ('director', 'vehicle_visits', 'delete', 'all', null),
  ('deputy_gm', 'visitors', 'read', 'all', '证件号码遮蔽'),
  ('deputy_gm', 'vehicle_visits', 'read', 'all', null),
  ('gm', 'visitors', 'read', 'all', '证件号码遮蔽'),
  ('gm', 'vehicle_visits', 'read', 'all', null);

-- ── The full number ──────────────────────────────────────────────────────────────────────
-- Whether the caller may read the full number of this visitor: the row is his to read, and the
-- permission rows of 'visitor_id_numbers' reach its department (门岗 and the director all, a
-- manager his department's visitors). The moves' conditions and the RPC below ask it.
create function private.may_read_visitor_id_number(p_visitor uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select private.may('visitor_id_numbers', 'read', null, v.host_department_id)
                   from public.visitors v where v.id = p_visitor), false)
$$;

-- The visitor, locked, and visible to the caller (PT404 otherwise: its existence is not revealed).
create function private.visitor_for_move(p_visitor uuid) returns public.visitors
language plpgsql security definer set search_path = ''
as $$
declare
  v public.visitors;
begin
  select * into v from public.visitors x where x.id = p_visitor for update;
  if v.id is null or not private.may('visitors', 'read', v.host_operator_id, v.host_department_id) then
    raise exception '来访登记不存在或无权查看 | No such visitor record, or not visible to you' using errcode = 'PT404', hint = 'visitor_id';
  end if;
  return v;
end
$$;

-- 查看证件号码: the full number, to those the permission rows allow; each reading is logged.
create function public.visitor_id_number(visitor_id uuid) returns text
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  v public.visitors := private.visitor_for_move(visitor_id);
  full_number text;
begin
  if not private.may_read_visitor_id_number(v.id) then
    raise exception '证件号码属个人信息，只有门岗、本部门经理和客服中心主任可以查看 | ID numbers are personal data: only the gate, the department''s manager and the director read them'
      using errcode = '42501', hint = 'visitor_id';
  end if;
  select n.id_number into full_number from private.visitor_id_numbers n where n.visitor_id = v.id;
  insert into private.visitor_id_number_reads (visitor_id, read_by) values (v.id, private.my_operator_id());
  return full_number;
end
$$;
comment on function public.visitor_id_number(uuid) is '查看完整证件号码 | Read the full ID number';

-- ── Moves ────────────────────────────────────────────────────────────────────────────────
create function private.may_keep_gate() returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.scope_for('visitors', 'approve') = 'all', false)
$$;

-- 核验: the guard checks the document (type and number given and valid) — 方可放行 follows.
create function public.verify_visitor(visitor_id uuid) returns public.visitors
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  v public.visitors := private.visitor_for_move(visitor_id);
begin
  if not private.may_keep_gate() then
    raise exception '只有门岗可以核验来访人证件 | Only the gate verifies a visitor''s ID' using errcode = '42501';
  end if;
  if v.status <> '待核验' then
    raise exception '来访登记已“%”，不能再核验 | The visit is % already: it cannot be verified again', v.status, v.status using errcode = 'PT409';
  end if;
  if v.id_type is null then
    raise exception '请先登记证件类型 | Record the ID type first' using errcode = '23502', hint = 'id_type', column = 'id_type';
  end if;
  if v.id_number is null or not exists (select 1 from private.visitor_id_numbers n where n.visitor_id = v.id) then
    raise exception '请先登记证件号码 | Record the ID number first' using errcode = '23502', hint = 'id_number', column = 'id_number';
  end if;
  perform set_config('taizhang.visitor_move', 'on', true);
  update public.visitors x set status = '已核验', verified_by = private.my_operator_id(), verified_at = now()
  where x.id = v.id returning * into v;
  perform set_config('taizhang.visitor_move', 'off', true);
  return v;
end
$$;
comment on function public.verify_visitor(uuid) is '核验证件 | Verify the ID';

-- 放行: only a verified visitor enters; the colleague visited is told.
create function public.admit_visitor(visitor_id uuid) returns public.visitors
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  v public.visitors := private.visitor_for_move(visitor_id);
begin
  if not private.may_keep_gate() then
    raise exception '只有门岗可以放行 | Only the gate lets a visitor in' using errcode = '42501';
  end if;
  if v.status = '待核验' then
    raise exception '来访人须验证证件登记后方可放行：请先核验证件 | A visitor enters only once verified: verify the ID first'
      using errcode = 'PT409', hint = 'visitor_id', column = 'verified_at';
  end if;
  if v.status <> '已核验' then
    raise exception '来访登记已“%”，不能放行 | The visit is %: it cannot be let in', v.status, v.status using errcode = 'PT409';
  end if;
  perform set_config('taizhang.visitor_move', 'on', true);
  update public.visitors x set status = '在访', time_in = now() where x.id = v.id returning * into v;
  perform set_config('taizhang.visitor_move', 'off', true);
  perform private.notify(v.host_operator_id, '来访登记',
    format('访客 %s%s 已到访 | Visitor %s%s has arrived', v.name, coalesce('（' || v.company || '）', ''), v.name, coalesce(' (' || v.company || ')', '')), v.purpose,
    'visitors', v.id::text, null, 'visitor-in:' || v.id);
  return v;
end
$$;
comment on function public.admit_visitor(uuid) is '放行 | Let in';

-- 离开: the time out.
create function public.leave_visitor(visitor_id uuid) returns public.visitors
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  v public.visitors := private.visitor_for_move(visitor_id);
begin
  if not private.may_keep_gate() then
    raise exception '只有门岗可以登记离开 | Only the gate records a visitor leaving' using errcode = '42501';
  end if;
  if v.status <> '在访' then
    raise exception '来访登记为“%”，只有在访的来访人可以登记离开 | The visit is %: only a visitor inside leaves', v.status, v.status using errcode = 'PT409';
  end if;
  perform set_config('taizhang.visitor_move', 'on', true);
  update public.visitors x set status = '已离开', time_out = now() where x.id = v.id returning * into v;
  perform set_config('taizhang.visitor_move', 'off', true);
  return v;
end
$$;
comment on function public.leave_visitor(uuid) is '离开 | Leave';

-- 未放行: a visitor who cannot be verified is not let in (with the reason).
create function public.refuse_visitor(visitor_id uuid, reason text) returns public.visitors
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  v public.visitors := private.visitor_for_move(visitor_id);
begin
  if not private.may_keep_gate() then
    raise exception '只有门岗可以拒绝放行 | Only the gate refuses entry' using errcode = '42501';
  end if;
  if v.status not in ('待核验', '已核验') then
    raise exception '来访登记已“%”，不能再拒绝放行 | The visit is %: entry can no longer be refused', v.status, v.status using errcode = 'PT409';
  end if;
  if char_length(btrim(coalesce(reason, ''))) < 2 then
    raise exception '请写明未放行原因 | Give the reason' using errcode = '23502', hint = 'reason', column = 'refused_reason';
  end if;
  if char_length(reason) > 500 then
    raise exception '未放行原因最多 500 字 | Reason: at most 500 characters' using errcode = '22001', hint = 'reason', column = 'refused_reason';
  end if;
  perform set_config('taizhang.visitor_move', 'on', true);
  update public.visitors x set status = '未放行', refused_reason = btrim(reason) where x.id = v.id returning * into v;
  perform set_config('taizhang.visitor_move', 'off', true);
  return v;
end
$$;
comment on function public.refuse_visitor(uuid, text) is '未放行 | Refuse entry';

-- 离开 (vehicle): the time out.
create function public.leave_vehicle(vehicle_visit_id uuid) returns public.vehicle_visits
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  v public.vehicle_visits;
begin
  select * into v from public.vehicle_visits x where x.id = vehicle_visit_id for update;
  if v.id is null or not private.may('vehicle_visits', 'read', v.registered_by, null) then
    raise exception '车辆登记不存在或无权查看 | No such vehicle record, or not visible to you' using errcode = 'PT404', hint = 'vehicle_visit_id';
  end if;
  if not coalesce(private.scope_for('vehicle_visits', 'approve') = 'all', false) then
    raise exception '只有门岗可以登记车辆离开 | Only the gate records a vehicle leaving' using errcode = '42501';
  end if;
  if v.status <> '在场' then
    raise exception '车辆已离开 | The vehicle has left already' using errcode = 'PT409';
  end if;
  perform set_config('taizhang.visitor_move', 'on', true);
  update public.vehicle_visits x set status = '已离开', time_out = greatest(now(), x.time_in) where x.id = v.id returning * into v;
  perform set_config('taizhang.visitor_move', 'off', true);
  return v;
end
$$;
comment on function public.leave_vehicle(uuid) is '车辆离开 | Vehicle leaves';

revoke all on function private.may_read_visitor_id_number(uuid), private.visitor_for_move(uuid), private.may_keep_gate() from public;
grant execute on function private.may_read_visitor_id_number(uuid), private.may_keep_gate() to authenticated, service_role;
revoke all on function public.visitor_id_number(uuid), public.verify_visitor(uuid), public.admit_visitor(uuid),
  public.leave_visitor(uuid), public.refuse_visitor(uuid, text), public.leave_vehicle(uuid) from public, anon;
grant execute on function public.visitor_id_number(uuid), public.verify_visitor(uuid), public.admit_visitor(uuid),
  public.leave_visitor(uuid), public.refuse_visitor(uuid, text), public.leave_vehicle(uuid) to authenticated;

-- ── Screens ──────────────────────────────────────────────────────────────────────────────
select private.declare_register('public.visitors', menu_group => 'operations', menu_order => 50,
  print_title => '来访人员登记表 | Visitor register', title_columns => array['name', 'purpose'],
  print_signatures => array['来访人 | Visitor', '核验人（门岗） | Verified by (gate)', '被访人 | Visited']);
-- Refused to everyone by the triggers above: no edit, no delete offered on screen.
select private.declare_frozen('public.visitors', $$status in ('已离开', '未放行')$$);
select private.declare_register('public.vehicle_visits', menu_group => 'operations', menu_order => 55,
  print_title => '外来车辆登记表 | Vehicle register', title_columns => array['plate', 'driver_name'],
  print_signatures => array['驾驶人 | Driver', '登记人（门岗） | Registered by (gate)']);
-- Refused to everyone by the triggers above: no edit, no delete offered on screen.
select private.declare_frozen('public.vehicle_visits', $$status = '已离开'$$);
select private.declare_column('public.visitors', 'purpose', kind => 'longtext');
select private.declare_column('public.visitors', 'notes', kind => 'longtext');
select private.declare_column('public.visitors', 'phone', kind => 'phone');
-- The record page offers 查看 beside the masked number to those visitor_id_number() answers.
select private.declare_reveal('public.visitors', 'id_number', 'visitor_id_number', 'visitor_id',
  requires_register => 'visitor_id_numbers', requires_action => 'read');
select private.declare_column('public.vehicle_visits', 'purpose', kind => 'longtext');
select private.declare_column('public.vehicle_visits', 'notes', kind => 'longtext');
select private.declare_column('public.vehicle_visits', 'driver_phone', kind => 'phone');
select private.declare_move('public.visitors', 'verify', '核验证件 | Verify ID', 'verify_visitor', 'visitor_id',
  state_column => 'status', from_states => array['待核验'], to_state => '已核验',
  requires_register => 'visitors', requires_action => 'approve',
  condition => $$id_type is not null and id_number is not null$$,
  confirm => '已查验来访人证件，与登记的证件类型、号码一致？ | The visitor''s ID was checked and matches the type and number recorded?');
select private.declare_move('public.visitors', 'admit', '放行 | Let in', 'admit_visitor', 'visitor_id',
  state_column => 'status', from_states => array['已核验'], to_state => '在访',
  requires_register => 'visitors', requires_action => 'approve');
select private.declare_move('public.visitors', 'leave', '离开 | Leave', 'leave_visitor', 'visitor_id',
  state_column => 'status', from_states => array['在访'], to_state => '已离开',
  requires_register => 'visitors', requires_action => 'approve');
select private.declare_move('public.visitors', 'refuse', '未放行 | Refuse entry', 'refuse_visitor', 'visitor_id',
  fields => '[{"name": "reason", "label": "未放行原因 | Reason", "column": "refused_reason", "required": true}]',
  state_column => 'status', from_states => array['待核验', '已核验'], to_state => '未放行',
  requires_register => 'visitors', requires_action => 'approve', danger => true);
select private.declare_move('public.vehicle_visits', 'leave', '离开 | Leave', 'leave_vehicle', 'vehicle_visit_id',
  state_column => 'status', from_states => array['在场'], to_state => '已离开',
  requires_register => 'vehicle_visits', requires_action => 'approve');
