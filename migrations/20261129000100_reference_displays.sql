-- References as the screens show them (issue 17): a referenced row by a text a person recognises, and
-- only references the API can serve. The quick search, the pickers and the grid's reference cells
-- read these; the grid searches a reference column by the keys whose display text matches.

-- The column a picker shows for a row of a table: its name, else its title, else its code, else
-- a number the register gives its rows (member_no, slip_no, fault_no …). (Replaces the
-- name/title/code version of 20261122012000: rows without those showed as raw keys.)
create or replace function private.display_column(p_table oid) returns text
language sql stable set search_path = ''
as $$
  select a.attname::text from pg_catalog.pg_attribute a
  where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
    and (a.attname in ('name', 'title', 'code') or (a.attname ~ '_no$' and a.atttypid = 'text'::regtype))
  order by coalesce(array_position(array['name', 'title', 'code'], a.attname::text), 4), a.attnum
  limit 1
$$;

-- A single-column foreign key's target and display column, only when the target is a table the API
-- serves (public): a key into auth.users is not a reference a screen can show.
create or replace function private.column_reference(p_table oid, p_attnum smallint)
returns table (target text, display text)
language sql stable set search_path = ''
as $$
  select ft.relname::text, private.display_column(ft.oid)
  from pg_catalog.pg_constraint fc
  join pg_catalog.pg_class ft on ft.oid = fc.confrelid and ft.relnamespace = 'public'::regnamespace
  where fc.conrelid = p_table and fc.contype = 'f' and fc.conkey = array[p_attnum]
  limit 1
$$;
