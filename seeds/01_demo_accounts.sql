-- Demo departments and one sign-in account per role (password for all: Taizhang@2026).
-- Deterministic ids so tests and the README can name them; re-running changes nothing.

insert into public.departments (id, code, name) values
  ('00000000-0000-4000-a000-000000000001', 'KF1', '客服一部'),
  ('00000000-0000-4000-a000-000000000002', 'KF2', '客服二部'),
  ('00000000-0000-4000-a000-000000000003', 'DA', '档案室'),
  ('00000000-0000-4000-a000-000000000004', 'KFZX', '客服中心'),
  ('00000000-0000-4000-a000-000000000005', 'ZJB', '总经理办公室'),
  ('00000000-0000-4000-a000-000000000006', 'XXB', '信息部'),
  ('00000000-0000-4000-a000-000000000007', 'GCB', '工程部'),
  ('00000000-0000-4000-a000-000000000008', 'AQB', '安全保卫部')
on conflict (id) do nothing;

with demo (id, email, code, name, department_id, role, phone) as (
  values
    ('00000000-0000-4000-b000-000000000001'::uuid, 'clerk@demo.taizhang.cn', 'KF1001', '王小明', '00000000-0000-4000-a000-000000000001'::uuid, 'clerk'::public.app_role, '13800000001'),
    ('00000000-0000-4000-b000-000000000002'::uuid, 'clerk2@demo.taizhang.cn', 'KF2001', '李娜', '00000000-0000-4000-a000-000000000002'::uuid, 'clerk'::public.app_role, '13800000002'),
    ('00000000-0000-4000-b000-000000000003'::uuid, 'archivist@demo.taizhang.cn', 'DA001', '赵敏', '00000000-0000-4000-a000-000000000003'::uuid, 'archivist'::public.app_role, '13800000003'),
    ('00000000-0000-4000-b000-000000000004'::uuid, 'manager@demo.taizhang.cn', 'KF1000', '陈刚', '00000000-0000-4000-a000-000000000001'::uuid, 'manager'::public.app_role, '13800000004'),
    ('00000000-0000-4000-b000-000000000005'::uuid, 'director@demo.taizhang.cn', 'ZX001', '刘芳', '00000000-0000-4000-a000-000000000004'::uuid, 'director'::public.app_role, '13800000005'),
    ('00000000-0000-4000-b000-000000000006'::uuid, 'gm@demo.taizhang.cn', 'ZJ001', '周建国', '00000000-0000-4000-a000-000000000005'::uuid, 'gm'::public.app_role, '13800000006'),
    ('00000000-0000-4000-b000-000000000007'::uuid, 'admin@demo.taizhang.cn', 'XX001', '孙浩', '00000000-0000-4000-a000-000000000006'::uuid, 'admin'::public.app_role, '13800000007'),
    ('00000000-0000-4000-b000-000000000008'::uuid, 'deputy@demo.taizhang.cn', 'ZJ002', '吴志强', '00000000-0000-4000-a000-000000000005'::uuid, 'deputy_gm'::public.app_role, '13800000008'),
    -- Engineering managers: A角 and B角 of a project are assignments per project, not roles.
    ('00000000-0000-4000-b000-000000000009'::uuid, 'engineer@demo.taizhang.cn', 'GC001', '高建华', '00000000-0000-4000-a000-000000000007'::uuid, 'clerk'::public.app_role, '13800000009'),
    ('00000000-0000-4000-b000-00000000000a'::uuid, 'engineer2@demo.taizhang.cn', 'GC002', '林涛', '00000000-0000-4000-a000-000000000007'::uuid, 'clerk'::public.app_role, '13800000010'),
    -- The gate (门岗) is a duty: a clerk of the security department who registers visitors and vehicles.
    ('00000000-0000-4000-b000-00000000000b'::uuid, 'guard@demo.taizhang.cn', 'AQ001', '马军', '00000000-0000-4000-a000-000000000008'::uuid, 'clerk'::public.app_role, '13800000011')
),
new_users as (
  insert into auth.users (
    instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
    raw_app_meta_data, raw_user_meta_data, created_at, updated_at
  )
  select '00000000-0000-0000-0000-000000000000', id, 'authenticated', 'authenticated', email,
    extensions.crypt('Taizhang@2026', extensions.gen_salt('bf')), now(),
    '{"provider":"email","providers":["email"]}', jsonb_build_object('name', name), now(), now()
  from demo
  on conflict (id) do nothing
  returning id
),
new_identities as (
  insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
  select d.id::text, d.id, jsonb_build_object('sub', d.id::text, 'email', d.email, 'email_verified', true, 'phone_verified', false),
    'email', now(), now()
  from demo d join new_users u on u.id = d.id
  on conflict (provider_id, provider) do nothing
)
insert into public.operators (id, user_id, code, name, department_id, role, email, phone, password_changed_at)
select id, id, code, name, department_id, role, email, phone, now()
from demo
on conflict (id) do nothing;

update public.departments set manager_id = '00000000-0000-4000-b000-000000000004'
where id = '00000000-0000-4000-a000-000000000001' and manager_id is null;

-- The deputy GM in charge of the service and engineering departments (he approves their loans).
update public.departments set deputy_gm_id = '00000000-0000-4000-b000-000000000008'
where code in ('KF1', 'KF2', 'GCB') and deputy_gm_id is null;

-- Duties beside the role: the archivist also keeps the certificates (权证管理员), and the first
-- department's clerk collects its files for the archive room (部门档案员兼职).
update public.operators set duties = '{权证管理员}' where id = '00000000-0000-4000-b000-000000000003' and duties = '{}';
update public.operators set duties = '{档案员}' where id = '00000000-0000-4000-b000-000000000001' and duties = '{}';
-- Operations duties: the gate post (门岗); the second department's clerk keeps the fixed assets
-- part-time (固定資產管理員(兼職)); the first department's manager takes duty-manager shifts (值班经理).
update public.operators set duties = '{门岗}' where id = '00000000-0000-4000-b000-00000000000b' and duties = '{}';
update public.operators set duties = '{固定资产管理员}' where id = '00000000-0000-4000-b000-000000000002' and duties = '{}';
update public.operators set duties = '{值班经理}' where id = '00000000-0000-4000-b000-000000000004' and duties = '{}';
-- The engineering managers also go out as service engineers (服务工程师): their service records earn
-- the monthly service points of the performance rules.
update public.operators set duties = '{服务工程师}' where id in ('00000000-0000-4000-b000-000000000009', '00000000-0000-4000-b000-00000000000a') and duties = '{}';
