-- Live registers (issue 19): every register is in the `supabase_realtime` publication that
-- Realtime reads (hosted Supabase has it; the embedded stack's Realtime part, supabase/local/realtime/,
-- reads it through a pgoutput replication slot), with its whole old row in the WAL (replica identity
-- full), so a delete can be checked against the subscriber's RLS like any other change.
-- A register joins by its declaration (private.declare_register inserts into private.registers):
-- a trigger on the declarations adds its table, so no list is kept by hand.

do $$
begin
  if not exists (select 1 from pg_catalog.pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;

-- Adds a register's table to the publication (once) and logs its whole old row.
create function private.realtime_publish(p_register text) returns void
language plpgsql set search_path = ''
as $$
declare
  tbl regclass := to_regclass(format('public.%I', p_register));
begin
  -- A view or a missing table has no changes of its own to publish.
  if tbl is null or not exists (select 1 from pg_catalog.pg_class c where c.oid = tbl and c.relkind in ('r', 'p')) then
    return;
  end if;
  execute format('alter table %s replica identity full', tbl);
  if not exists (select 1 from pg_catalog.pg_publication_rel r join pg_catalog.pg_publication p on p.oid = r.prpubid
                 where p.pubname = 'supabase_realtime' and r.prrelid = tbl)
     and not exists (select 1 from pg_catalog.pg_publication p where p.pubname = 'supabase_realtime' and p.puballtables) then
    execute format('alter publication supabase_realtime add table %s', tbl);
  end if;
end
$$;
revoke all on function private.realtime_publish(text) from public, anon, authenticated, service_role;

create function private.realtime_publish_declared() returns trigger
language plpgsql set search_path = ''
as $$
begin
  perform private.realtime_publish(new.register);
  return null;
end
$$;
revoke all on function private.realtime_publish_declared() from public, anon, authenticated, service_role;

create trigger registers_realtime_publish after insert on private.registers
  for each row execute function private.realtime_publish_declared();

-- The registers declared before this migration.
select private.realtime_publish(r.register) from private.registers r order by r.register;

-- Which subscribers may read which rows, as the rows were at their changes (Supabase Realtime's
-- apply_rls, batched: one call for a batch of changes of one table and every distinct subscriber).
-- p_images is a JSON array of rows from the WAL (column → text, as pgoutput sends them): the new
-- row of an insert or update, the old row of a delete; no two with the same key. Inside a
-- subtransaction that is always rolled back, the rows are put in place exactly as in the images
-- (triggers and foreign keys off: session_replication_role = replica); then, for each subscriber,
-- its claims and role are set and the rows are selected by primary key through RLS — one query
-- per subscriber for the whole batch, so the policies' per-person parts are evaluated once; the
-- query is prepared once per call (the Realtime part sends one claims text per distinct person).
-- Nothing is ever kept. Returns, per subscriber, the 1-based positions of the images it may read;
-- null when the images could not be put in place (the caller tries again, else tells no one).
-- Called by the Realtime part as the database owner (it sets roles), never by an API role.
create function private.realtime_visible_rows(p_table regclass, p_images jsonb, p_claims text[]) returns jsonb
language plpgsql volatile set search_path = ''
as $$
declare
  key_columns text[];
  insert_columns text;
  key_join text;
  key_type text;
  key_texts text[];
  seen_keys text[];
  result jsonb := '[]';
  seen integer[];
  i integer;
  attempt integer;
begin
  if coalesce(cardinality(p_claims), 0) = 0 then
    return result;
  end if;
  select array_agg(a.attname::text order by k.n) into key_columns
  from pg_catalog.pg_index x
  cross join lateral unnest(x.indkey) with ordinality as k(attnum, n)
  join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum
  where x.indrelid = p_table and x.indisprimary;
  if key_columns is null then
    return null;
  end if;
  select string_agg(format('%I', a.attname), ', ' order by a.attnum) into insert_columns
  from pg_catalog.pg_attribute a
  where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped and a.attgenerated = '';
  select string_agg(format('t.%1$I = r.%1$I', c), ' and ') into key_join from unnest(key_columns) as c;
  if cardinality(key_columns) = 1 then
    select pg_catalog.format_type(a.atttypid, a.atttypmod) into key_type
    from pg_catalog.pg_attribute a where a.attrelid = p_table and a.attname = key_columns[1];
  end if;

  begin
    perform pg_catalog.set_config('session_replication_role', 'replica', true);
    -- Logical decoding may hand over a transaction a moment before its commit is visible to a new
    -- snapshot: the insert then meets the row's key once that commit lands. Tried again, the
    -- delete sees the row.
    for attempt in 1 .. 5 loop
      begin
        execute format('delete from %1$s t using jsonb_populate_recordset(null::%1$s, $1) r where %2$s', p_table, key_join) using p_images;
        execute format('insert into %1$s (%2$s) overriding system value select %2$s from jsonb_populate_recordset(null::%1$s, $1)',
                       p_table, insert_columns) using p_images;
        exit;
      exception
        when unique_violation then
          if attempt = 5 then
            raise;
          end if;
          perform pg_catalog.pg_sleep(0.002 * attempt);
      end;
    end loop;
    perform pg_catalog.set_config('session_replication_role', 'origin', true);
    -- One statement for every subscriber, planned once: it has no parameters (the images are in it
    -- as a literal, read as at most as many rows as they are, so the table is read by its key),
    -- and Postgres plans it again by itself when the role differs (RLS).
    if exists (select 1 from pg_catalog.pg_prepared_statements where name = 'taizhang_realtime_check') then
      deallocate taizhang_realtime_check;
    end if;
    if key_type is not null then
      -- A one-column key: the rows just put in place are read by their keys (an index lookup, no
      -- image decoded per subscriber); the keys found are mapped back to the images' positions.
      execute format('select array_agg(r.%1$I::text order by e.n) from jsonb_array_elements($1) with ordinality as e(img, n)
                      cross join lateral jsonb_populate_record(null::%2$s, e.img) r', key_columns[1], p_table)
        into key_texts using p_images;
      execute format('prepare taizhang_realtime_check as select coalesce(array_agg(t.%1$I::text), ''{}'') from %2$s t where t.%1$I = any (%3$L::%4$s[])',
                     key_columns[1], p_table, key_texts, key_type);
    else
      execute format('prepare taizhang_realtime_check as select coalesce(array_agg(e.n::text), ''{}'')
                      from (select * from jsonb_array_elements(%3$L::jsonb) with ordinality as i(img, n) limit %4$s) e
                      cross join lateral jsonb_populate_record(null::%1$s, e.img) r join %1$s t on %2$s',
                     p_table, key_join, p_images, jsonb_array_length(p_images));
    end if;
    for i in 1 .. cardinality(p_claims) loop
      perform pg_catalog.set_config('request.jwt.claims', p_claims[i], true);
      perform pg_catalog.set_config('role', coalesce(nullif(p_claims[i]::jsonb ->> 'role', ''), 'anon'), true);
      execute 'execute taizhang_realtime_check' into seen_keys;
      perform pg_catalog.set_config('role', 'none', true);
      if key_type is not null then
        select coalesce(array_agg(k.n::integer order by k.n), '{}') into seen
        from unnest(key_texts) with ordinality as k(key, n) where k.key = any (seen_keys);
      else
        seen := seen_keys::integer[];
      end if;
      result := result || jsonb_build_array(to_jsonb(seen));
    end loop;
    deallocate taizhang_realtime_check;
    -- Undo the rows put in place (and the settings): the images are never kept.
    raise exception using errcode = 'RTRBK';
  exception
    when sqlstate 'RTRBK' then
      null;
    when others then
      if exists (select 1 from pg_catalog.pg_prepared_statements where name = 'taizhang_realtime_check') then
        deallocate taizhang_realtime_check;
      end if;
      raise warning 'realtime_visible_rows(%): % (%)', p_table, sqlerrm, sqlstate;
      return null;
  end;
  return result;
end
$$;
revoke all on function private.realtime_visible_rows(regclass, jsonb, text[]) from public, anon, authenticated, service_role;
comment on function private.realtime_visible_rows(regclass, jsonb, text[]) is
  '实时推送：哪些订阅者可读哪些行 | Realtime: which subscribers may read which rows as they were at their changes';

-- The rows of changes (a JSON array of WAL rows, text values; null entries stay null) as JSON with
-- their columns' types (numbers, booleans, json), as hosted Realtime sends them.
create function private.realtime_records(p_table regclass, p_rows jsonb) returns jsonb
language plpgsql stable set search_path = ''
as $$
declare
  records jsonb;
begin
  if p_rows is null then
    return null;
  end if;
  execute format('select coalesce(jsonb_agg(case when jsonb_typeof(e.img) = ''object'' then to_jsonb(jsonb_populate_record(null::%s, e.img)) end
                  order by e.n), ''[]'') from jsonb_array_elements($1) with ordinality as e(img, n)', p_table)
    into records using p_rows;
  return records;
end
$$;
revoke all on function private.realtime_records(regclass, jsonb) from public, anon, authenticated, service_role;

-- Presence that names a row ({register, row_id} in its meta) reaches only those who may read the
-- row now: the same check, on the row as it is (no image to put in place). Fails closed: a register
-- that is not declared, a key that is not one, or an error hides the row from everyone.
create function private.realtime_row_visible(p_register text, p_row_id text, p_claims text[]) returns boolean[]
language plpgsql volatile set search_path = ''
as $$
declare
  tbl regclass;
  key_column text;
  key_type text;
  visible boolean[] := array_fill(false, array[coalesce(cardinality(p_claims), 0)]);
  seen boolean;
  i integer;
begin
  if coalesce(cardinality(p_claims), 0) = 0 or p_row_id is null
     or not exists (select 1 from private.registers r where r.register = p_register) then
    return visible;
  end if;
  tbl := to_regclass(format('public.%I', p_register));
  select a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod) into key_column, key_type
  from pg_catalog.pg_index x join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[0]
  where x.indrelid = tbl and x.indisprimary and x.indnatts = 1;
  if key_column is null then
    return visible;
  end if;
  begin
    for i in 1 .. cardinality(p_claims) loop
      perform pg_catalog.set_config('request.jwt.claims', p_claims[i], true);
      perform pg_catalog.set_config('role', coalesce(nullif(p_claims[i]::jsonb ->> 'role', ''), 'anon'), true);
      execute format('select exists (select 1 from %s t where t.%I = $1::%s)', tbl, key_column, key_type) into seen using p_row_id;
      perform pg_catalog.set_config('role', 'none', true);
      visible[i] := coalesce(seen, false);
    end loop;
    raise exception using errcode = 'RTRBK';
  exception
    when sqlstate 'RTRBK' then
      null;
    when others then
      return array_fill(false, array[cardinality(p_claims)]);
  end;
  return visible;
end
$$;
revoke all on function private.realtime_row_visible(text, text, text[]) from public, anon, authenticated, service_role;
