-- A change to the settings rows in a transaction is counted (taizhang.settings_epoch), as a change
-- to the business calendar is (taizhang.calendar_epoch): what a rule worked out from the settings
-- and remembered for the transaction (a new service request's deadlines, for an import of
-- thousands) is worked out afresh after the change.
create function private.settings_changed() returns trigger
language plpgsql set search_path = ''
as $$
begin
  perform set_config('taizhang.settings_epoch', (coalesce(nullif(current_setting('taizhang.settings_epoch', true), ''), '0')::bigint + 1)::text, true);
  return null;
end
$$;
revoke all on function private.settings_changed() from public;
create trigger settings_changed after insert or update or delete or truncate on public.settings
  for each statement execute function private.settings_changed();
