-- Sign-in guard: failed passwords lock an account for a while (or until an admin lifts the lock),
-- and one helper says whether the caller's account may act at all (not banned, locked or deleted).

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

-- ── Whether the caller's account may act ───────────────────────────────────────────────────
-- The permission helpers (private.my_operator_id, my_department_id, scope_for) start from this
-- instead of auth.uid(): a token issued before a ban or a lock keeps verifying until it expires,
-- so the database must refuse it on the next request. Called as an init plan, it costs one
-- primary-key lookup per statement.
create function private.my_user_id() returns uuid
language sql stable security definer set search_path = ''
as $$
  select u.id
  from auth.users u
  where u.id = (select auth.uid())
    and u.deleted_at is null
    and (u.banned_until is null or u.banned_until <= now())
    and not exists (select 1 from private.sign_in_failures f where f.user_id = u.id and f.locked_until > now())
$$;
revoke all on function private.my_user_id() from public;
grant execute on function private.my_user_id() to authenticated, service_role;

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
