-- Sign-in lock settings: how many wrong passwords in a row lock an account, and for how long
-- (read by private.password_verification_attempt, which falls back to 5 and 15 without them).

insert into public.settings (key, value, label) values
  ('sign_in.max_failures', '5', '连续输错密码几次锁定账号 | Wrong passwords in a row that lock an account'),
  ('sign_in.lock_minutes', '15', '账号锁定时长（分钟），管理员可提前解锁 | Minutes an account stays locked (an admin may unlock it sooner)');
