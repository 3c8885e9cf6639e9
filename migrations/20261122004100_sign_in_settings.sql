-- Sign-in lock settings: how many wrong passwords in a row lock an account, and for how long
-- (read by private.password_verification_attempt, which falls back to 5 and 15 without them).

insert into public.settings (key, value, label) values
  ('sign_in.max_failures', '5', '连续输错密码几次锁定账号 | Wrong passwords in a row that lock an account'),
  ('sign_in.lock_minutes', '15', '账号锁定时长（分钟），管理员可提前解锁 | Minutes an account stays locked (an admin may unlock it sooner)');

-- Password age (密码与权限治理制度: 密码更换间隔时间不得超过一个月), read by private.password_expired:
-- a password older than this many days must be changed before anything else works.
insert into public.settings (key, value, label) values
  ('password.max_age_days', '30', '密码最长使用天数，到期须先修改密码 | Days a password may be used before it must be changed');
