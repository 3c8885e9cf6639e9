-- Membership & points 会籍积分 (issue 16 point 3; RULES §16; SPEC register 16).
--   002 客户管理制度 2、联谊会老顾客每带一个新顾客参加会议的,奖励老顾客100分积分
--     → a member (会员) is a customer of the club (联谊会), numbered by the database; the new customer
--       an old one brought is recorded as a member whose "referred by" (推荐会员) is the old one.
--       When that new customer is filed (customers.filed_at set, 备案) the database credits the
--       referring member 100 points (setting member_points.referral_points), once per customer:
--       filing again after an un-filing credits nothing more; a customer already filed is not new and
--       takes no referrer; a member never refers himself; once credited the referrer stays as it was.
-- The points ledger (member_points) is append-only: nobody updates or deletes a line (not even the
-- database owner through the API or SQL: a trigger refuses it); a correction is a reversing line
-- (冲正). The balance (members.points_balance) is kept by the database from the lines, never typed.
-- Redemption (兑换) is a move by the clerks who manage the member: it locks the member row and never
-- takes the balance below zero. Points expire member_points.expiry_months after their credit
-- (0: never); the unused part of an expired credit is booked out as an 过期 line — at every redemption
-- (before the balance check) and daily by the job "member-points". Redemptions use the oldest
-- points first.

create sequence private.member_no_seq;

create table public.members (
  id uuid primary key default gen_random_uuid(),
  member_no text,
  customer_id uuid not null references public.customers (id) on delete cascade,
  department_id uuid not null default private.my_department_id() references public.departments (id),
  level text not null default '普通会员',
  joined_on date not null default (now() at time zone 'Asia/Shanghai')::date,
  referred_by uuid references public.members (id),
  points_balance integer not null default 0,
  notes text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint members_member_no_key unique (member_no),
  constraint members_customer_key unique (customer_id),
  constraint members_member_no_length check (char_length(member_no) <= 40),
  constraint members_level_check check (level in ('普通会员', '银卡会员', '金卡会员')),
  constraint members_joined_on_range check (joined_on >= date '2000-01-01' and joined_on < date '2101-01-01'),
  constraint members_not_self_referred check (referred_by is distinct from id),
  constraint members_points_balance_not_negative check (points_balance >= 0),
  constraint members_notes_length check (char_length(notes) <= 1000)
);
comment on constraint members_customer_key on public.members is '该客户已是会员 | This customer is already a member';
comment on constraint members_member_no_key on public.members is '会员号已存在 | Member no.: already in use';
comment on constraint members_member_no_length on public.members is '会员号最多 40 字 | Member no.: at most 40 characters';
comment on constraint members_level_check on public.members is '会员等级须是普通会员、银卡会员或金卡会员 | Level: ordinary, silver or gold';
comment on constraint members_joined_on_range on public.members is '入会日期须在 2000–2100 年之间 | Joined on: a date in the years 2000–2100';
comment on constraint members_not_self_referred on public.members is '会员不能推荐自己 | Referred by: a member cannot refer himself';
comment on constraint members_points_balance_not_negative on public.members is '积分余额不能小于 0 | Points balance: never below zero';
comment on constraint members_notes_length on public.members is '备注最多 1000 字 | Notes: at most 1000 characters';
comment on table public.members is '会员 | Members';
comment on column public.members.member_no is '会员号 | Member no.';
comment on column public.members.customer_id is '客户 | Customer';
comment on column public.members.department_id is '客户所属部门 | Customer''s department';
comment on column public.members.level is '会员等级 | Level';
comment on column public.members.joined_on is '入会日期 | Joined on';
comment on column public.members.referred_by is '推荐会员（带来该新顾客的老顾客） | Referred by (the member who brought this new customer)';
comment on column public.members.points_balance is '积分余额 | Points balance';
comment on column public.members.notes is '备注 | Notes';
comment on column public.members.version is '版本 | Version';
comment on column public.members.created_at is '创建时间 | Created at';
comment on column public.members.updated_at is '修改时间 | Updated at';

create index members_department_id_idx on public.members (department_id);
create index members_referred_by_idx on public.members (referred_by);
create index members_created_at_idx on public.members (created_at desc);

create table public.member_points (
  id uuid primary key default gen_random_uuid(),
  member_id uuid not null references public.members (id),
  department_id uuid not null references public.departments (id),
  kind text not null,
  points integer not null,
  credited_on date not null default (now() at time zone 'Asia/Shanghai')::date,
  expires_on date,
  source_customer_id uuid references public.customers (id),
  reverses_id uuid references public.member_points (id),
  balance_after integer not null default 0,
  recorded_by uuid references public.operators (id),
  note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint member_points_kind_check check (kind in ('推荐奖励', '兑换', '过期', '冲正')),
  constraint member_points_points_range check (points <> 0 and points between -1000000 and 1000000),
  constraint member_points_sign check ((kind = '推荐奖励' and points > 0) or (kind in ('兑换', '过期') and points < 0) or kind = '冲正'),
  constraint member_points_referral_source check (kind <> '推荐奖励' or source_customer_id is not null),
  constraint member_points_reversal_source check (kind <> '冲正' or reverses_id is not null),
  constraint member_points_credited_on_range check (credited_on >= date '2000-01-01' and credited_on < date '2101-01-01'),
  constraint member_points_expires_on_range check (expires_on >= date '2000-01-01' and expires_on < date '2101-01-01'),
  constraint member_points_note_length check (char_length(note) <= 500)
);
comment on constraint member_points_kind_check on public.member_points is '积分类别须是推荐奖励、兑换、过期或冲正 | Kind: referral, redemption, expiry or reversal';
comment on constraint member_points_points_range on public.member_points is '积分须为非零整数，绝对值不超过 1000000 | Points: a non-zero whole number up to 1000000';
comment on constraint member_points_sign on public.member_points is '奖励为正、兑换和过期为负 | Points: credits positive, redemptions and expiries negative';
comment on constraint member_points_referral_source on public.member_points is '推荐奖励须注明新顾客 | A referral credit names the new customer';
comment on constraint member_points_reversal_source on public.member_points is '冲正须注明被冲正的行 | A reversal names the line it reverses';
comment on constraint member_points_credited_on_range on public.member_points is '记账日期须在 2000–2100 年之间 | Date: in the years 2000–2100';
comment on constraint member_points_expires_on_range on public.member_points is '到期日期须在 2000–2100 年之间 | Expires on: in the years 2000–2100';
comment on constraint member_points_note_length on public.member_points is '说明最多 500 字 | Note: at most 500 characters';
comment on table public.member_points is '会员积分明细 | Member points ledger';
comment on column public.member_points.member_id is '会员 | Member';
comment on column public.member_points.department_id is '客户所属部门 | Customer''s department';
comment on column public.member_points.kind is '类别 | Kind';
comment on column public.member_points.points is '积分 | Points';
comment on column public.member_points.credited_on is '记账日期 | Date';
comment on column public.member_points.expires_on is '到期日期 | Expires on';
comment on column public.member_points.source_customer_id is '带来的新顾客 | New customer brought';
comment on column public.member_points.reverses_id is '冲正的行 | Reverses';
comment on column public.member_points.balance_after is '记账后余额 | Balance after';
comment on column public.member_points.recorded_by is '经办人 | Recorded by';
comment on column public.member_points.note is '说明 | Note';
comment on column public.member_points.version is '版本 | Version';
comment on column public.member_points.created_at is '创建时间 | Created at';
comment on column public.member_points.updated_at is '修改时间 | Updated at';

create index member_points_member_id_idx on public.member_points (member_id, created_at);
create index member_points_department_id_idx on public.member_points (department_id);
create index member_points_source_customer_id_idx on public.member_points (source_customer_id);
create index member_points_reverses_id_idx on public.member_points (reverses_id);
create index member_points_recorded_by_idx on public.member_points (recorded_by);
create index member_points_created_at_idx on public.member_points (created_at desc);
-- 每带一个新顾客…100分: once per customer, whatever happens to the filing or the membership later.
create unique index member_points_one_referral_credit on public.member_points (source_customer_id) where kind = '推荐奖励';
-- A line is reversed at most once.
create unique index member_points_one_reversal on public.member_points (reverses_id) where kind = '冲正';

insert into public.settings (key, value, label) values
  ('member_points.referral_points', '100', '老顾客每带一个新顾客奖励积分 | Points to the member who brings a new customer'),
  ('member_points.expiry_months', '24', '积分有效期（记账后几个月到期，0 为不过期） | Points expire this many months after their credit (0: never)')
on conflict (key) do nothing;

alter table public.members enable row level security;
alter table public.member_points enable row level security;
revoke all on public.members, public.member_points from anon, authenticated;
grant select, insert, update, delete on public.members to authenticated;
grant select on public.member_points to authenticated;

select private.register_table('public.members');
select private.register_table('public.member_points');
select private.label_options('{
  "普通会员": "Ordinary", "银卡会员": "Silver", "金卡会员": "Gold",
  "推荐奖励": "Referral", "兑换": "Redemption", "过期": "Expired", "冲正": "Reversal"
}');

-- ── The ledger: written only by the database ─────────────────────────────────────────────
create function private.member_points_append_only() returns trigger
language plpgsql set search_path = ''
as $$
begin
  raise exception '积分明细只增不改：不能修改或删除，更正请记冲正行 | The points ledger is append-only: a line is never changed or deleted; a correction is a reversing line'
    using errcode = '42501', hint = 'member_points';
end
$$;
create trigger member_points_append_only before update or delete on public.member_points
  for each row execute function private.member_points_append_only();
create trigger member_points_append_only_truncate before truncate on public.member_points
  for each statement execute function private.member_points_append_only();

-- Every line: its department from the member, its expiry from the setting (credits only), and the
-- member's balance kept (the member row is locked by whoever posts, see private.post_member_points).
create function private.member_points_before_insert() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  months integer := private.setting_int('member_points.expiry_months', 24);
  m public.members;
begin
  select * into m from public.members x where x.id = new.member_id for update;
  if m.id is null then
    raise exception '会员不存在 | No such member' using errcode = '23503', hint = 'member_id';
  end if;
  new.department_id := m.department_id;
  new.expires_on := case when new.points > 0 and months > 0 then (new.credited_on + make_interval(months => months))::date end;
  if m.points_balance + new.points < 0 then
    raise exception '积分余额不足：现有 % 分 | Not enough points: the balance is %', m.points_balance, m.points_balance
      using errcode = 'PT409', hint = 'points';
  end if;
  new.balance_after := m.points_balance + new.points;
  perform set_config('taizhang.member_points_posting', 'on', true);
  update public.members x set points_balance = new.balance_after where x.id = m.id;
  perform set_config('taizhang.member_points_posting', 'off', true);
  return new;
end
$$;
create trigger member_points_before_insert before insert on public.member_points
  for each row execute function private.member_points_before_insert();

-- The unused part of a member's expired credits, booked out as one 过期 line (oldest points are
-- used first: what is left of the credits expired by p_on is their sum less everything taken out).
create function private.expire_member_points(p_member uuid, p_on date) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  due integer;
begin
  perform 1 from public.members m where m.id = p_member for update;
  select greatest(0, coalesce(sum(l.points) filter (where l.points > 0 and l.expires_on <= p_on), 0)
                   + coalesce(sum(l.points) filter (where l.points < 0), 0))::integer
    into due
  from public.member_points l where l.member_id = p_member;
  due := least(due, (select m.points_balance from public.members m where m.id = p_member));
  if due > 0 then
    insert into public.member_points (member_id, kind, points, credited_on, note)
    values (p_member, '过期', -due, p_on, format('%s 前到期未用的积分 | Points expired by %s', p_on, p_on));
  end if;
  return coalesce(due, 0);
end
$$;

-- ── Referral credits 推荐奖励 ─────────────────────────────────────────────────────────────
-- The 100 points to the member who brought this customer, if the customer is filed, has a
-- membership naming a referrer, and was never credited for before. Tells the owner of the
-- referring member's customer (积分).
create function private.credit_member_referral(p_customer uuid) returns boolean
language plpgsql security definer set search_path = ''
as $$
declare
  newcomer public.members;
  referrer public.members;
  card public.customers;
  old_card public.customers;
  line public.member_points;
begin
  select * into card from public.customers c where c.id = p_customer;
  if card.filed_at is null then
    return false;
  end if;
  select * into newcomer from public.members m where m.customer_id = p_customer;
  if newcomer.referred_by is null then
    return false;
  end if;
  select * into referrer from public.members m where m.id = newcomer.referred_by for update;
  if exists (select 1 from public.member_points l where l.source_customer_id = p_customer and l.kind = '推荐奖励') then
    return false;
  end if;
  insert into public.member_points (member_id, kind, points, source_customer_id, note)
  values (referrer.id, '推荐奖励', greatest(private.setting_int('member_points.referral_points', 100), 1), p_customer,
          format('带来新顾客“%s”（%s） | Brought new customer %s', card.name, card.code, card.code))
  returning * into line;
  select * into old_card from public.customers c where c.id = referrer.customer_id;
  if old_card.owner_id is not null then
    perform private.notify(old_card.owner_id, '积分',
      format('会员 %s（%s）带来新顾客“%s”，奖励 %s 积分，余额 %s | Member %s (%s) brought new customer "%s": %s points awarded, balance %s',
             referrer.member_no, old_card.name, card.name, line.points, line.balance_after, referrer.member_no, old_card.name, card.name, line.points, line.balance_after),
      null, 'members', referrer.id::text, null, 'member-referral:' || p_customer);
  end if;
  return true;
end
$$;

create function private.customers_credit_referral() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.filed_at is not null and (tg_op = 'INSERT' or old.filed_at is null) then
    perform private.credit_member_referral(new.id);
  end if;
  return null;
end
$$;
create trigger customers_credit_member_referral after insert or update of filed_at on public.customers
  for each row execute function private.customers_credit_referral();

-- ── Members: numbered, in the customer's department, the referrer checked ────────────────
create function private.members_before_write() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  card public.customers;
  referrer public.members;
begin
  if tg_op = 'UPDATE' and coalesce(current_setting('taizhang.member_points_posting', true), '') = 'on' then
    return new;
  end if;
  if tg_op = 'INSERT' then
    new.member_no := coalesce(case when private.keeping_rows_as_given() then new.member_no end,
      'HY' || lpad(nextval('private.member_no_seq')::text, 6, '0'));
    if not private.keeping_rows_as_given() then
      new.points_balance := 0;
    end if;
    if exists (select 1 from public.members m where m.customer_id = new.customer_id) then
      raise exception '该客户已是会员（一位客户只登记一次，推荐人记在这条会籍上） | This customer is already a member (one membership per customer, the referrer is recorded on it)'
        using errcode = '23505', hint = 'customer_id';
    end if;
  elsif new.customer_id is distinct from old.customer_id then
    raise exception '会员对应的客户不能更改 | The member''s customer cannot be changed' using errcode = 'PT409', hint = 'customer_id';
  end if;
  select * into card from public.customers c where c.id = new.customer_id;
  if card.id is null then
    raise exception '客户不存在 | No such customer' using errcode = '23503', hint = 'customer_id';
  end if;
  new.department_id := card.department_id;
  if new.referred_by is not null and (tg_op = 'INSERT' or new.referred_by is distinct from old.referred_by) then
    if new.referred_by = new.id then
      raise exception '会员不能推荐自己 | Referred by: a member cannot refer himself' using errcode = '23514', hint = 'referred_by';
    end if;
    select * into referrer from public.members m where m.id = new.referred_by;
    if referrer.id is null then
      raise exception '推荐会员不存在 | Referred by: no such member' using errcode = '23503', hint = 'referred_by';
    end if;
    if referrer.customer_id = new.customer_id then
      raise exception '会员不能推荐自己 | Referred by: a member cannot refer himself' using errcode = '23514', hint = 'referred_by';
    end if;
    if tg_op = 'UPDATE' and exists (select 1 from public.member_points l where l.source_customer_id = new.customer_id and l.kind = '推荐奖励') then
      raise exception '推荐奖励已记给原推荐会员，推荐人不能再改 | The referral points were credited to the member who referred this customer: the referrer cannot change'
        using errcode = 'PT409', hint = 'referred_by';
    end if;
    if card.filed_at is not null and not private.keeping_rows_as_given() then
      raise exception '客户“%”已备案，不是新顾客，不能登记推荐会员 | Customer % is already filed, not a new customer: no referrer is recorded', card.name, card.code
        using errcode = '23514', hint = 'referred_by';
    end if;
  end if;
  if tg_op = 'UPDATE' and old.referred_by is not null and new.referred_by is null
     and exists (select 1 from public.member_points l where l.source_customer_id = new.customer_id and l.kind = '推荐奖励') then
    raise exception '推荐奖励已记给原推荐会员，推荐人不能再改 | The referral points were credited to the member who referred this customer: the referrer cannot change'
      using errcode = 'PT409', hint = 'referred_by';
  end if;
  return new;
end
$$;
create trigger members_before_write before insert or update on public.members
  for each row execute function private.members_before_write();

-- A member with points lines stays (the ledger is kept whole).
create function private.members_before_delete() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if exists (select 1 from public.member_points l where l.member_id = old.id) then
    raise exception '会员“%”已有积分明细，不能删除 | Member % has points lines: the member cannot be deleted', old.member_no, old.member_no
      using errcode = 'PT409', hint = 'id';
  end if;
  if exists (select 1 from public.members m where m.referred_by = old.id) then
    raise exception '会员“%”推荐过其他会员，不能删除 | Member % referred other members: the member cannot be deleted', old.member_no, old.member_no
      using errcode = 'PT409', hint = 'id';
  end if;
  return old;
end
$$;
create trigger members_before_delete before delete on public.members
  for each row execute function private.members_before_delete();

-- A membership recorded (or its referrer named) for a customer filed since: credited now.
create function private.members_credit_referral() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.referred_by is not null then
    perform private.credit_member_referral(new.customer_id);
  end if;
  return null;
end
$$;
create trigger members_credit_referral after insert or update of referred_by on public.members
  for each row execute function private.members_credit_referral();

-- The customer moves to another department: the membership and its lines follow for reading.
create function private.customers_move_members() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.department_id is distinct from old.department_id then
    update public.members m set department_id = new.department_id where m.customer_id = new.id;
  end if;
  return null;
end
$$;
create trigger customers_move_members after update of department_id on public.customers
  for each row execute function private.customers_move_members();

-- ── Permissions and RLS ──────────────────────────────────────────────────────────────────
insert into public.permissions (role, duty, register, action, scope, note) values
  ('clerk', null, 'members', 'read', 'department', '本部门客户的会员'),
  ('clerk', null, 'members', 'create', 'department', '登记本部门客户为会员'),
  ('clerk', null, 'members', 'update', 'department', '修改本部门会员、办理积分兑换'),
  ('clerk', null, 'members', 'delete', 'department', '删除没有积分明细的会员'),
  ('manager', null, 'members', 'read', 'department', '本部门的会员'),
  ('director', null, 'members', 'read', 'all', null),
  ('gm', null, 'members', 'read', 'all', null),
  ('clerk', null, 'member_points', 'read', 'department', '本部门会员的积分明细'),
  ('manager', null, 'member_points', 'read', 'department', null),
  ('director', null, 'member_points', 'read', 'all', null),
  ('gm', null, 'member_points', 'read', 'all', null);

select private.create_register_policies('public.members', department_column => 'department_id');
select private.create_register_policies('public.member_points', department_column => 'department_id', actions => array['select']);

select private.declare_system_column('public.members', c.name, c.why)
from (values
  ('member_no', '“会员号”由系统编号 | The member number is assigned by the system'),
  ('department_id', '“客户所属部门”随客户 | The department is the customer''s'),
  ('points_balance', '“积分余额”由积分明细计算 | The balance is the sum of the points lines')
) as c(name, why);

-- ── Redemption 积分兑换 (a move) ───────────────────────────────────────────────────────────
create function private.may_redeem_member_points(p_member uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce((select m.points_balance > 0 and private.may('members', 'update', null, m.department_id)
                   from public.members m where m.id = p_member), false)
$$;

create function public.redeem_member_points(member_id uuid, points integer, note text) returns public.member_points
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_variable
declare
  m public.members;
  line public.member_points;
begin
  select * into m from public.members x where x.id = member_id for update;
  if m.id is null or not coalesce(private.may('members', 'read', null, m.department_id), false) then
    raise exception '会员不存在或无权查看 | No such member, or not visible to you' using errcode = 'PT404', hint = 'member_id';
  end if;
  if not coalesce(private.may('members', 'update', null, m.department_id), false) then
    raise exception '无权办理兑换：由客户所属部门的客服人员办理 | Not allowed: the clerks of the customer''s department redeem points' using errcode = '42501';
  end if;
  if points is null or points <= 0 or points > 1000000 then
    raise exception '兑换积分须为 1–1000000 的整数 | Points: a whole number from 1 to 1000000' using errcode = '22023', hint = 'points';
  end if;
  if char_length(btrim(coalesce(note, ''))) < 2 or char_length(note) > 500 then
    raise exception '请写明兑换内容（2–500 字） | Note: say what was redeemed (2–500 characters)' using errcode = '22023', hint = 'note';
  end if;
  perform private.expire_member_points(m.id, (now() at time zone 'Asia/Shanghai')::date);
  select * into m from public.members x where x.id = m.id;
  if points > m.points_balance then
    raise exception '积分余额不足：现有 % 分，兑换 % 分 | Not enough points: the balance is %, the redemption %', m.points_balance, points, m.points_balance, points
      using errcode = 'PT409', hint = 'points';
  end if;
  insert into public.member_points (member_id, kind, points, recorded_by, note)
  values (m.id, '兑换', -points, private.my_operator_id(), btrim(note))
  returning * into line;
  return line;
end
$$;
comment on function public.redeem_member_points(uuid, integer, text) is '积分兑换 | Redeem points';

-- ── Job "member-points" (daily): expired points booked out ───────────────────────────────
create function private.job_member_points(as_of timestamptz) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  booked integer := 0;
  m record;
begin
  for m in
    select distinct l.member_id from public.member_points l
    where l.points > 0 and l.expires_on <= (as_of at time zone 'Asia/Shanghai')::date
  loop
    if private.expire_member_points(m.member_id, (as_of at time zone 'Asia/Shanghai')::date) > 0 then
      booked := booked + 1;
    end if;
  end loop;
  return booked;
end
$$;

-- Cron in UTC: 18:30 UTC is 02:30 in Beijing.
insert into public.scheduled_jobs (name, function_name, schedule, description) values
  ('member-points', 'member-points', '30 18 * * *',
   '会员积分过期（每天 02:30）：到期未用的积分记过期 | Member points expiry, daily 02:30: unused points past their expiry are booked out');

revoke all on function private.member_points_append_only(), private.member_points_before_insert(), private.expire_member_points(uuid, date),
  private.credit_member_referral(uuid), private.customers_credit_referral(), private.members_before_write(), private.members_before_delete(),
  private.members_credit_referral(), private.customers_move_members(), private.may_redeem_member_points(uuid),
  private.job_member_points(timestamptz) from public;
grant execute on function private.may_redeem_member_points(uuid) to authenticated, service_role;
revoke all on function public.redeem_member_points(uuid, integer, text) from public, anon;
grant execute on function public.redeem_member_points(uuid, integer, text) to authenticated;

-- ── Screens ──────────────────────────────────────────────────────────────────────────────
select private.declare_register('public.members', menu_group => 'service', menu_order => 70,
  title_columns => array['member_no', 'customer_id']);
select private.declare_column('public.members', 'notes', kind => 'longtext');
select private.declare_register('public.member_points', menu_group => 'service', menu_order => 75,
  title_columns => array['member_id', 'kind']);
select private.declare_frozen('public.member_points', $$true$$);

select private.declare_move('public.members', 'redeem', '积分兑换 | Redeem points', 'redeem_member_points', 'member_id',
  fields => '[{"name": "points", "label": "兑换积分 | Points", "data_type": "integer", "required": true},
              {"name": "note", "label": "兑换内容 | What was redeemed", "required": true}]',
  requires_register => 'members', requires_action => 'update',
  condition => $$private.may_redeem_member_points(id)$$);
