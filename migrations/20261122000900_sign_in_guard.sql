-- Sign-in guard: failed passwords lock an account for a while (or until an admin lifts the lock),
-- a password older than a month must be changed before anything else (密码与权限治理制度:
-- 密码更换间隔时间不得超过一个月), and one helper says whether the caller's account may act at all
-- (not banned, locked, deleted or with an expired password).

-- ── Failed sign-ins, kept where hosted Supabase keeps them too ─────────────────────────────
-- Supabase Auth has no account lock of its own; its password verification hook
-- (config.toml [auth.hook.password_verification_attempt]) hands every password check to
-- private.password_verification_attempt below, which counts failures here. So the lock lives in
-- this project's own table on hosted Supabase as on the local stack, and auth.users stays
-- Supabase's (banned_until remains the administrator's ban, lifted only by the admin API).
create table private.sign_in_failures (
  user_id uuid primary key references auth.users (id) on delete cascade,
  failures integer not null default 0,
  last_failed_at timestamptz,
  locked_until timestamptz
);
comment on table private.sign_in_failures is '登录失败 | Failed sign-ins (consecutive failures and the lock they caused)';
-- Read only by the owner's security-definer functions (no API role has a grant); RLS with no
-- policy is a second lock should a grant ever be added by mistake.
alter table private.sign_in_failures enable row level security;
-- Schema private is not exposed by the API; only the security-definer functions below touch it.
revoke all on private.sign_in_failures from public, anon, authenticated;

-- ── When each account's password was last set ─────────────────────────────────────────────
-- Kept by a trigger on auth.users (Supabase Auth writes the password hash there, on hosted
-- Supabase as locally), so no API role can move the date: not the person, not an administrator
-- editing the staff row (public.operators.password_changed_at is the staff register's copy, for
-- people to read; this table is what the guard trusts). A new account counts from its creation.
create table private.password_changes (
  user_id uuid primary key references auth.users (id) on delete cascade,
  changed_at timestamptz not null default now(),
  -- The signed-in person whose request set it, when the database knows one; null when it came
  -- through the auth service (the person changing their own password, or the admin API).
  changed_by uuid,
  -- The database role that set it (supabase_auth_admin through the auth service, postgres…).
  changed_via text not null default session_user
);
comment on table private.password_changes is '密码修改记录 | When each account''s password was last set';
alter table private.password_changes enable row level security;
revoke all on private.password_changes from public, anon, authenticated;

create function private.record_password_set() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  -- A deleted account's hash is cleared; that is no new password. Nor is an update that leaves it.
  if coalesce(new.encrypted_password, '') = ''
     or (tg_op = 'UPDATE' and new.encrypted_password is not distinct from old.encrypted_password) then
    return null;
  end if;
  insert into private.password_changes as p (user_id, changed_at, changed_by, changed_via)
  values (new.id, now(), (select auth.uid()), session_user)
  on conflict (user_id) do update
    set changed_at = excluded.changed_at, changed_by = excluded.changed_by, changed_via = excluded.changed_via;
  return null;
end
$$;
revoke all on function private.record_password_set() from public, anon, authenticated;
create trigger on_auth_user_password_set after insert or update of encrypted_password on auth.users
  for each row execute function private.record_password_set();

-- Who set it: the auth service writes no person into auth.users, but it logs a person's own change
-- of password (GoTrue's action user_updated_password, by that person) right after, in its audit
-- log. An administrator's reset through the admin API leaves changed_by empty (changed_via says
-- the auth service), and the staff record's history shows when.
create function private.record_password_actor() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.payload ->> 'action' = 'user_updated_password' and new.payload ->> 'actor_id' ~ '^[0-9a-f-]{36}$' then
    update private.password_changes p set changed_by = (new.payload ->> 'actor_id')::uuid
    where p.user_id = (new.payload ->> 'actor_id')::uuid and p.changed_at > now() - interval '1 minute';
  end if;
  return null;
end
$$;
revoke all on function private.record_password_actor() from public, anon, authenticated;
create trigger on_auth_password_change_logged after insert on auth.audit_log_entries
  for each row execute function private.record_password_actor();

-- Accounts that exist when this arrives (none on a fresh stack) count from today: a month to
-- change, rather than being shut out all at once.
insert into private.password_changes (user_id, changed_at)
select u.id, now() from auth.users u
on conflict (user_id) do nothing;

-- Whether an account's password is older than the setting password.max_age_days allows (30
-- days, the policy's month). An account without a password (none here) has nothing to change.
-- PL/pgSQL so that it may name private.setting_int, which a later migration creates.
create function private.password_expired(p_user_id uuid) returns boolean
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_set_at timestamptz;
begin
  select coalesce(p.changed_at, u.created_at) into v_set_at
  from auth.users u
  left join private.password_changes p on p.user_id = u.id
  where u.id = p_user_id and coalesce(u.encrypted_password, '') <> '';
  return v_set_at is not null
    and v_set_at < now() - make_interval(days => greatest(private.setting_int('password.max_age_days', 30), 1));
end
$$;
revoke all on function private.password_expired(uuid) from public, anon;
grant execute on function private.password_expired(uuid) to authenticated, service_role;

-- Whether wrong passwords have locked an account (the guard below, and the unlock move).
create function private.sign_in_locked(p_user_id uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from private.sign_in_failures f where f.user_id = p_user_id and f.locked_until > now())
$$;
revoke all on function private.sign_in_locked(uuid) from public;
grant execute on function private.sign_in_locked(uuid) to authenticated;

-- ── Whether the caller's account may act ───────────────────────────────────────────────────
-- The permission helpers (private.my_operator_id, my_department_id, scope_for) start from this
-- instead of auth.uid(): a token issued before a ban or a lock keeps verifying until it expires,
-- so the database must refuse it on the next request. The same holds for a password that grows
-- older than a month while its token is still valid: nothing but the password change (which goes
-- to the auth service, not through here) works until it is done. service_role and the scheduled
-- jobs have no auth.uid() and never depend on it.
--
-- The answer, with the caller's operator, department, role and duties, is worked out once per transaction
-- (one API request) and kept in the transaction-local setting taizhang.me, keyed by auth.uid():
-- a per-row rule (a trigger, a policy that depends on the row) asks it for every row, and an
-- import of thousands of rows would otherwise repeat the same lookups thousands of times. A
-- client cannot set a setting through the API, and a new request starts afresh, so a ban, a lock
-- or a deactivation counts from the next request as before.
-- The text is 'user|operator|department|role|duty,duty'; 'user|refused|||' when the account may not act.
create function private.my_identity() returns text
language plpgsql stable security definer set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  cached text := current_setting('taizhang.me', true);
  found text;
begin
  if uid is null then
    return null;
  end if;
  if cached like uid::text || '|%' then
    return cached;
  end if;
  -- An inactive operator (调离岗位) still has an account, but no operator, department, role or duty here.
  select uid::text || '|' || coalesce(o.id::text, '') || '|' || coalesce(o.department_id::text, '') || '|' || coalesce(o.role::text, '')
         || '|' || coalesce(array_to_string(o.duties, ','), '')
    into found
  from auth.users u
  left join public.operators o on o.user_id = u.id and o.active
  where u.id = uid
    and u.deleted_at is null
    and (u.banned_until is null or u.banned_until <= now())
    and not private.sign_in_locked(u.id)
    and not private.password_expired(u.id);
  found := coalesce(found, uid::text || '|refused|||');
  perform set_config('taizhang.me', found, true);
  return found;
end
$$;
revoke all on function private.my_identity() from public;
grant execute on function private.my_identity() to authenticated, service_role;

create function private.my_user_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select case when split_part(i, '|', 2) = 'refused' then null else split_part(i, '|', 1)::uuid end
  from private.my_identity() i
$$;
revoke all on function private.my_user_id() from public;
grant execute on function private.my_user_id() to authenticated, service_role;

-- ── The app asks whether the password must be changed ─────────────────────────────────────
-- Answers from auth.uid() itself (not my_user_id, which refuses exactly this person), so the app
-- can show the change screen after sign-in and when a request is refused.
create function public.my_password_status() returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
begin
  return (
    select jsonb_build_object(
      'must_change', private.password_expired(u.id),
      'changed_at', coalesce(p.changed_at, u.created_at),
      'max_age_days', greatest(private.setting_int('password.max_age_days', 30), 1))
    from auth.users u
    left join private.password_changes p on p.user_id = u.id
    where u.id = (select auth.uid()));
end
$$;
comment on function public.my_password_status() is '我的密码是否需要更换 | Whether my password is older than allowed and must be changed';
revoke all on function public.my_password_status() from public, anon;
grant execute on function public.my_password_status() to authenticated;

-- ── The password verification hook ─────────────────────────────────────────────────────────
-- Supabase Auth's hook shape: in {user_id, valid}, out {decision: continue|reject, message}.
-- The limits are settings rows an admin can tune: sign_in.max_failures consecutive wrong
-- passwords lock the account for sign_in.lock_minutes. While locked, even the right password is
-- refused; a right password otherwise clears the count.
create function private.password_verification_attempt(event jsonb) returns jsonb
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v_user uuid := (event ->> 'user_id')::uuid;
  v_valid boolean := coalesce((event ->> 'valid')::boolean, false);
  v_max integer := greatest(private.setting_int('sign_in.max_failures', 5), 1);
  v_minutes integer := greatest(private.setting_int('sign_in.lock_minutes', 15), 1);
  v_row private.sign_in_failures;
  v_locked_message text := format(
    'Account locked after %s failed sign-ins: try again in %s minutes or ask an administrator to unlock it', v_max, v_minutes);
begin
  select * into v_row from private.sign_in_failures where user_id = v_user for update;
  if v_row.locked_until > now() then
    return jsonb_build_object('decision', 'reject', 'message', v_locked_message, 'locked_until', v_row.locked_until);
  end if;
  if v_valid then
    delete from private.sign_in_failures where user_id = v_user;
    return jsonb_build_object('decision', 'continue');
  end if;
  -- A lock that has run out starts the count afresh.
  insert into private.sign_in_failures as f (user_id, failures, last_failed_at, locked_until)
  values (v_user, 1, now(), case when v_max <= 1 then now() + make_interval(mins => v_minutes) end)
  on conflict (user_id) do update
    set failures = case when f.locked_until is not null then 1 else f.failures + 1 end,
        last_failed_at = now(),
        locked_until = case when (case when f.locked_until is not null then 1 else f.failures + 1 end) >= v_max
                            then now() + make_interval(mins => v_minutes) end
  returning * into v_row;
  if v_row.locked_until is not null then
    return jsonb_build_object('decision', 'reject', 'message', v_locked_message, 'locked_until', v_row.locked_until);
  end if;
  return jsonb_build_object('decision', 'continue');
end
$$;
revoke all on function private.password_verification_attempt(jsonb) from public, anon, authenticated;
grant usage on schema private to supabase_auth_admin;
grant execute on function private.password_verification_attempt(jsonb) to supabase_auth_admin;

-- ── An administrator lifts a lock ──────────────────────────────────────────────────────────
-- Whoever may update every operator (the admin's permission row) may unlock an account.
create function public.lift_sign_in_lock(p_user_id uuid) returns void
language plpgsql volatile security definer set search_path = ''
as $$
begin
  if (select private.scope_for('operators', 'update')) is distinct from 'all' then
    raise exception using errcode = '42501',
      message = '只有系统管理员可以解除账号锁定 | Only an administrator may unlock an account';
  end if;
  delete from private.sign_in_failures where user_id = p_user_id;
end
$$;
comment on function public.lift_sign_in_lock(uuid) is '解除账号锁定 | Unlock an account locked by failed sign-ins';
revoke all on function public.lift_sign_in_lock(uuid) from public, anon;
grant execute on function public.lift_sign_in_lock(uuid) to authenticated;

-- The same from the staff register: a 解除锁定 move on a locked person's row, for the admin
-- (declared in the permissions migration, once private.scope_for exists).
create function public.unlock_operator(operator_id uuid) returns public.operators
language plpgsql volatile security definer set search_path = ''
as $$
declare
  person public.operators;
begin
  select * into person from public.operators o where o.id = operator_id;
  if person.id is null then
    raise exception '没有这位员工 | No such staff member' using errcode = 'PT404';
  end if;
  if not private.sign_in_locked(person.user_id) then
    raise exception '该账号未被锁定 | This account is not locked' using errcode = 'PT409';
  end if;
  perform public.lift_sign_in_lock(person.user_id);
  return person;
end
$$;
comment on function public.unlock_operator(uuid) is '解除锁定 | Unlock a staff member''s account';
revoke all on function public.unlock_operator(uuid) from public, anon;
grant execute on function public.unlock_operator(uuid) to authenticated;
