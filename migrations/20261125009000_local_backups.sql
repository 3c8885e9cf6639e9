-- The local stack's daily backup (supabase/local/daily-backup.ts, run by its scheduler; not
-- registered with pg_cron: a hosted project has Supabase's own backups). Settings rows only.
insert into public.settings (key, value, label) values
  ('backup.daily_hour', '2', '本地每日备份从几点开始（0–23 时，本机时间） | Hour of the day (0–23, this machine''s time) from which the local daily backup is taken'),
  ('backup.keep_count', '7', '保留最近几份本地每日备份（0 = 不做每日备份） | Local daily backups kept, newest first (0 = no daily backup)');
