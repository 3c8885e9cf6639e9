-- On a Supabase project, public.scheduled_jobs drives pg_cron: each enabled job is registered to
-- POST its Edge Function through pg_net, re-registered whenever a row changes. Where pg_cron is
-- absent (the embedded stack, whose own scheduler reads the same table) this does nothing.
-- Needs Vault secrets `project_url` and `service_role_key` (see README: deploying).

create function private.sync_cron_schedule() returns void
language plpgsql security definer set search_path = ''
as $$
declare
  job record;
begin
  if not exists (select 1 from pg_catalog.pg_extension where extname = 'pg_cron')
     or not exists (select 1 from pg_catalog.pg_extension where extname = 'pg_net') then
    return;
  end if;
  for job in execute 'select jobname from cron.job where jobname like ''taizhang:%''' loop
    execute 'select cron.unschedule($1)' using job.jobname;
  end loop;
  for job in select s.name, s.function_name, s.schedule from public.scheduled_jobs s where s.enabled loop
    execute 'select cron.schedule($1, $2, $3)'
      using 'taizhang:' || job.name, job.schedule, format(
        $cmd$select net.http_post(
          url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/%s',
          headers := jsonb_build_object('content-type', 'application/json', 'authorization',
            'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key')),
          body := jsonb_build_object('trigger', 'schedule', 'as_of', now()))$cmd$,
        job.function_name);
  end loop;
end
$$;
revoke all on function private.sync_cron_schedule() from public;

create function private.scheduled_jobs_changed() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.sync_cron_schedule();
  return null;
end
$$;
revoke all on function private.scheduled_jobs_changed() from public;

create trigger scheduled_jobs_sync_cron after insert or delete or update of schedule, enabled, function_name
  on public.scheduled_jobs for each statement execute function private.scheduled_jobs_changed();

select private.sync_cron_schedule();
