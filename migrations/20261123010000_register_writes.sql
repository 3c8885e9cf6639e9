-- One write path for the generated screens: apply_rows() inserts or updates a batch of rows as the
-- caller (RLS applies), one subtransaction per row, with a dry run; refusals come back per row and column in Chinese and English.

-- ── What each rule says when it refuses (comment on constraint: "中文 | English") ──────────
comment on constraint departments_code_format on public.departments is '部门编码只能由字母、数字、- 和 _ 组成，最多 20 位 | Department code: letters, digits, - and _, at most 20';
comment on constraint departments_name_not_blank on public.departments is '部门名称不能为空，最多 50 字 | Department name is required, at most 50 characters';
comment on constraint departments_code_key on public.departments is '部门编码已存在 | This department code already exists';
comment on constraint departments_name_key on public.departments is '部门名称已存在 | This department name already exists';
comment on constraint operators_code_format on public.operators is '工号只能由字母、数字、- 和 _ 组成，最多 20 位 | Staff code: letters, digits, - and _, at most 20';
comment on constraint operators_name_not_blank on public.operators is '姓名不能为空，最多 50 字 | Name is required, at most 50 characters';
comment on constraint operators_email_format on public.operators is '邮箱格式不正确 | Not a valid e-mail address';
comment on constraint operators_phone_format on public.operators is '电话格式不正确：手机 11 位或固话（区号-号码） | Phone: 11-digit mobile or landline with area code';
comment on constraint operators_code_key on public.operators is '工号已存在 | This staff code already exists';
comment on constraint permissions_register_format on public.permissions is '台账名只能是小写字母、数字和下划线 | Register: lowercase letters, digits and _';
comment on constraint permissions_role_register_action_key on public.permissions is '该角色对该台账的这项操作已有权限行 | This role already has a row for this register and action';
comment on constraint business_calendar_name_not_blank on public.business_calendar is '名称不能为空，最多 50 字 | Name is required, at most 50 characters';
comment on constraint customers_name_not_blank on public.customers is '客户名称不能为空，最多 100 字 | Customer name is required, at most 100 characters';
comment on constraint customers_phone_format on public.customers is '电话格式不正确：手机 11 位、固话（区号-号码）或 7–8 位号码 | Phone: 11-digit mobile, landline with area code, or 7–8 digits';
comment on constraint customers_blacklist_needs_reason on public.customers is '列入黑名单必须填写原因 | Blacklisting needs a reason';
comment on constraint customers_filed_after_contact on public.customers is '备案日期不能早于首次接触日期 | Filing cannot precede the first contact';
comment on constraint customers_pool_has_no_owner on public.customers is '公海客户不能有负责人 | A customer in the public pool has no owner';
comment on constraint customers_code_key on public.customers is '客户编码已存在 | This customer code already exists';
comment on constraint access_requests_reason_not_blank on public.access_requests is '申请理由 2–500 字 | Reason: 2 to 500 characters';
comment on constraint access_requests_approved_has_expiry on public.access_requests is '批准的申请必须有审批人和有效期 | An approved request needs an approver and an expiry';
comment on constraint reception_roster_position_positive on public.reception_roster is '顺序号必须大于 0 | Position must be above 0';
comment on constraint reception_roster_operator_key on public.reception_roster is '此人已在本部门接待顺序表中 | Already on this department''s roster';
comment on constraint notifications_title_not_blank on public.notifications is '标题不能为空，最多 200 字 | Title is required, at most 200 characters';
comment on constraint contacts_summary_not_blank on public.contacts is '内容摘要 2–2000 字 | Summary: 2 to 2000 characters';
comment on constraint contacts_next_step_after_contact on public.contacts is '下一步日期不能早于往来日期 | The next step cannot precede the contact';
comment on constraint service_requests_content_not_blank on public.service_requests is '内容 2–4000 字 | Content: 2 to 4000 characters';
comment on constraint service_requests_phone_format on public.service_requests is '电话格式不正确：手机 11 位、固话（区号-号码）或 7–8 位号码 | Phone: 11-digit mobile, landline with area code, or 7–8 digits';
comment on constraint service_requests_who_called on public.service_requests is '请选择客户或填写来电/来访人 | Choose a customer or enter the caller';
comment on constraint service_requests_complaint_fields on public.service_requests is '投诉必须填写投诉类别和严重程度；其他类型不填 | A complaint needs a category and a severity; other kinds have none';
comment on constraint service_requests_misconduct_names_someone on public.service_requests is '员工违纪投诉必须写明被投诉人或被投诉部门 | A misconduct complaint names a person or a department';
comment on constraint service_requests_cost_not_negative on public.service_requests is '费用不能为负数 | Cost cannot be negative';
comment on constraint service_requests_closed_has_resolution on public.service_requests is '结案必须有处理结果和结案时间 | Closing needs a resolution and a closing time';
comment on constraint service_requests_handler_not_accused on public.service_requests is '回避：被投诉人不能处理这件投诉 | Recusal: the person complained about cannot handle it';
comment on constraint service_requests_case_year_range on public.service_requests is '案宗年度应在 2000–2100 之间 | Case year between 2000 and 2100';
comment on constraint service_requests_code_key on public.service_requests is '工单号已存在 | This request number already exists';
comment on constraint return_visits_unsatisfied_needs_next on public.return_visits is '不满意必须约定下次回访日期 | Unsatisfied needs a next visit date';
comment on constraint return_visits_next_after_done on public.return_visits is '下次回访日期必须晚于本次回访 | The next visit comes after this one';
comment on constraint return_visits_done_is_complete on public.return_visits is '已回访必须填写回访时间、方式和满意度 | A done visit needs its time, method and satisfaction';

-- ── Messages for a refusal ──────────────────────────────────────────────────────────────────
-- The constraint's comment when it has one, else a sentence per SQLSTATE; a message raised by a
-- trigger ("中文 | English" or Chinese only) is kept as it is. A check over several columns (a
-- customer or a caller; a complaint's category and severity) names its first column, so the form
-- shows the rule's message at that field and the grid marks that cell, instead of a toast; a
-- required column left empty is named by its label in English too, not by its database name.
create function private.refusal(p_table regclass, p_state text, p_message text, p_column text, p_constraint text)
returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  note text;
  col text := p_column;
  column_label text;
  column_label_en text;
  zh text;
  en text;
begin
  if p_constraint is not null and p_constraint <> '' then
    select pg_catalog.obj_description(c.oid, 'pg_constraint'),
           coalesce(nullif(col, ''), (select a.attname::text from pg_catalog.pg_attribute a where a.attrelid = c.conrelid and a.attnum = c.conkey[1]))
      into note, col
    from pg_catalog.pg_constraint c where c.conrelid = p_table and c.conname = p_constraint;
  end if;
  if nullif(col, '') is not null then
    column_label := coalesce(private.label_part(pg_catalog.col_description(p_table, (select a.attnum from pg_catalog.pg_attribute a where a.attrelid = p_table and a.attname = col)), 1), col);
    column_label_en := coalesce(private.label_part(pg_catalog.col_description(p_table, (select a.attnum from pg_catalog.pg_attribute a where a.attrelid = p_table and a.attname = col)), 2), column_label);
  end if;
  if note is not null then
    zh := private.label_part(note, 1);
    en := coalesce(private.label_part(note, 2), zh);
  elsif position('|' in p_message) > 0 then
    zh := private.label_part(p_message, 1); en := coalesce(private.label_part(p_message, 2), zh);
  elsif p_message ~ '[\u4e00-\u9fff]' then
    -- A trigger or workflow function already said it in Chinese (e.g. 重卡 with the existing card's number).
    zh := p_message; en := p_message;
  elsif p_state = '23502' then
    zh := format('“%s”不能为空', column_label); en := format('%s is required', column_label_en);
  elsif p_state = '23503' then
    zh := '引用的记录不存在或已删除'; en := 'The referenced record does not exist';
  elsif p_state = '23505' then
    zh := '数据重复：已有相同的记录'; en := 'Duplicate: such a record already exists';
  elsif p_state = '23514' then
    zh := '数据不符合规则：' || p_message; en := 'Breaks a rule: ' || p_message;
  elsif p_state in ('22P02', '22007', '22008', '22003', '22001') then
    zh := '值的格式不正确：' || p_message; en := 'Invalid value: ' || p_message;
  elsif p_state = '42501' and p_message like '%row-level security%' then
    zh := '无权执行此操作：数据库拒绝了这次修改'; en := 'Not allowed: the database refused this change';
  else
    zh := p_message; en := p_message;
  end if;
  return jsonb_build_object('code', p_state, 'column', nullif(col, ''), 'constraint', nullif(p_constraint, ''), 'message', zh, 'message_en', en);
end
$$;
revoke all on function private.refusal(regclass, text, text, text, text) from public;
grant execute on function private.refusal(regclass, text, text, text, text) to authenticated, service_role;
-- apply_rows runs as the caller and names a refused column by its label.
grant execute on function private.label_part(text, integer) to authenticated, service_role;

-- ── apply_rows: the batch write behind paste, fill, undo, import and inline edit ───────────
-- rows: [{ "key": <primary key or null to insert>, "version": <version read, or null>, "values": {…} }]
-- Each row in its own subtransaction: a bad row is reported and the others go on. A dry run
-- rolls everything back and reports what would have happened.
create function public.apply_rows(register text, rows jsonb, dry_run boolean default false)
returns jsonb
language plpgsql security invoker set search_path = ''
as $$
declare
  tbl regclass;
  key_column text;
  key_type text;
  key_default text;
  new_key jsonb;
  batch jsonb;
  item jsonb;
  item_values jsonb;
  idx integer := -1;
  results jsonb[] := '{}';
  applied integer := 0;
  failed integer := 0;
  unknown text;
  denied text;
  column_list text;
  set_list text;
  new_row jsonb;
  old_row jsonb;
  v_state text;
  v_message text;
  v_column text;
  v_constraint text;
  -- The fast path's slices of the batch still to try (as ranges of indexes), and the rows left to go one by one.
  fast boolean := false;
  slices int4range[];
  slice int4range;
  slow integer[] := '{}';
  -- The columns the database alone writes (private.system_columns), refused with their reason —
  -- except in an administrator's historical import (public.import_history), which may set them.
  system_columns text[] := case when current_user not in ('anon', 'authenticated')
                                     and coalesce(current_setting('taizhang.importing_history', true), '') = 'on'
                                then '{}'::text[] else private.system_columns_of(register) end;
begin
  if register is null or register !~ '^[a-z][a-z0-9_]{0,62}$' then
    raise exception '没有这个台账：% | No such register', register using errcode = '42P01';
  end if;
  tbl := pg_catalog.to_regclass(format('public.%I', register));
  if tbl is null then
    raise exception '没有这个台账：% | No such register', register using errcode = '42P01';
  end if;
  if rows is null or jsonb_typeof(rows) <> 'array' then
    raise exception 'rows 必须是数组 | rows must be an array' using errcode = '22023';
  end if;
  if jsonb_array_length(rows) > 5000 then
    raise exception '一次最多写入 5000 行，请分批 | At most 5000 rows per call' using errcode = '54000';
  end if;
  select a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod),
         case when a.attidentity = '' and a.attgenerated = '' then pg_catalog.pg_get_expr(d.adbin, d.adrelid) end
    into key_column, key_type, key_default
  from pg_catalog.pg_index i
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
  left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
  where i.indrelid = tbl and i.indisprimary;

  begin
    -- A dry run writes no audit rows (private.audit_row skips while this is on and apply_rows is
    -- on the call stack): they would be rolled back with everything else. Set inside this block,
    -- so the dry run's closing rollback takes the setting back too; a real write sets it off,
    -- whatever the caller set before.
    perform pg_catalog.set_config('taizhang.dry_run', case when dry_run then 'on' else 'off' end, true);
    -- Fast path for imports: new rows that all fill the same columns go in as one statement per
    -- slice (the triggers and RLS still check every row). A slice with a refused row is undone and
    -- halved, again and again, so that the good rows around a bad one still go in a statement at a
    -- time; slices of fewer than 8 rows go row by row below, to say which rows were refused and why.
    if jsonb_array_length(rows) >= 20
       and not exists (select 1 from jsonb_array_elements(rows) e where jsonb_typeof(e.value -> 'key') is distinct from 'null' and e.value ? 'key')
       and (select count(distinct coalesce((select string_agg(k, ',' order by k) from jsonb_object_keys(coalesce(e.value -> 'values', '{}')) k), ''))
            from jsonb_array_elements(rows) e) = 1 then
      item_values := coalesce(rows -> 0 -> 'values', '{}');
      if jsonb_typeof(item_values) = 'object'
         and (item_values ? key_column or key_default is not null)
         and not exists (
           select 1 from jsonb_object_keys(item_values) k
           where not exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = tbl and a.attname = k and a.attnum > 0 and not a.attisdropped
                             and a.attgenerated = '' and a.attname <> all (system_columns))
              or not pg_catalog.has_column_privilege(tbl, k, 'INSERT')) then
        select string_agg(format('%I', k), ', ') into column_list from jsonb_object_keys(item_values) k;
        if not item_values ? key_column then
          column_list := column_list || format(', %I', key_column);
        end if;
        slices := array[int4range(0, jsonb_array_length(rows))];
        while cardinality(slices) > 0 loop
          slice := slices[1];
          slices := slices[2:];
          if upper(slice) - lower(slice) < 8 then
            slow := slow || array(select g from generate_series(lower(slice), upper(slice) - 1) g);
            continue;
          end if;
          begin
            if item_values ? key_column then
              execute 'select jsonb_agg(e.value -> ''values'' order by e.ordinality) from jsonb_array_elements($1) with ordinality e where (e.ordinality - 1)::integer <@ $2'
                into batch using rows, slice;
            else
              execute format('select jsonb_agg((e.value -> ''values'') || jsonb_build_object(%L, to_jsonb(%s)) order by e.ordinality) from jsonb_array_elements($1) with ordinality e where (e.ordinality - 1)::integer <@ $2',
                             key_column, key_default)
                into batch using rows, slice;
            end if;
            execute format('insert into %s (%s) select %s from jsonb_populate_recordset(null::%s, $1)', tbl, column_list, column_list, tbl) using batch;
            results := results || array(select jsonb_build_object('index', lower(slice) + x.ord - 1, 'ok', true, 'key', x.v ->> key_column, 'row', jsonb_build_object(key_column, x.v -> key_column), 'before', null)
                                        from jsonb_array_elements(batch) with ordinality x(v, ord) order by x.ord);
            applied := applied + jsonb_array_length(batch);
          exception when others then
            -- Undone; each half is tried on its own.
            slices := slices || int4range(lower(slice), (lower(slice) + upper(slice)) / 2) || int4range((lower(slice) + upper(slice)) / 2, upper(slice));
          end;
        end loop;
        fast := true;
      end if;
    end if;

    for idx in select i from generate_series(0, jsonb_array_length(rows) - 1) i where not fast or i = any (slow) order by i loop
      item := rows -> idx;
      begin
        item_values := coalesce(item -> 'values', '{}');
        if jsonb_typeof(item_values) <> 'object' then
          raise exception 'values 必须是对象 | values must be an object' using errcode = '22023';
        end if;
        -- A system-owned column is refused with its declared reason, like the guard trigger says it.
        select k into denied from jsonb_object_keys(item_values) k where k = any (system_columns) limit 1;
        if denied is not null then
          raise exception '%', coalesce((select r.why from private.system_column_reasons(register) r where r.column_name = denied),
                                        (select r.why from private.system_column_reasons('*') r where r.column_name = denied),
                                        format('“%s”由数据库填写 | %s is set by the database',
                                               coalesce(private.label_part(pg_catalog.col_description(tbl, (select a.attnum from pg_catalog.pg_attribute a where a.attrelid = tbl and a.attname = denied)), 1), denied), denied))
            using errcode = '42501', column = denied;
        end if;
        -- Only writable columns: generated columns are the database's.
        select string_agg(k, ', ') into unknown
        from jsonb_object_keys(item_values) k
        where not exists (
          select 1 from pg_catalog.pg_attribute a
          where a.attrelid = tbl and a.attname = k and a.attnum > 0 and not a.attisdropped
            and a.attgenerated = '');
        if unknown is not null then
          raise exception '不能写入这些列：% | Columns not writable: %', unknown, unknown using errcode = '42703';
        end if;
        -- Columns without a grant (set by the system or a workflow move) are named, not just refused.
        select k into denied
        from jsonb_object_keys(item_values) k
        where not pg_catalog.has_column_privilege(tbl, k, case when jsonb_typeof(item -> 'key') is distinct from 'null' and item ? 'key' then 'UPDATE' else 'INSERT' end)
        limit 1;
        if denied is not null then
          raise exception '%', format('“%s”不能直接填写：由系统或流程操作（派单、办结、答复、签字、回访）填写 | %s is set by the system or a workflow move',
                                      coalesce(private.label_part(pg_catalog.col_description(tbl, (select a.attnum from pg_catalog.pg_attribute a where a.attrelid = tbl and a.attname = denied)), 1), denied), denied)
            using errcode = '42501', column = denied;
        end if;
        if item -> 'key' is null or jsonb_typeof(item -> 'key') = 'null' then
          -- The key is drawn first (e.g. gen_random_uuid()), so that the insert needs no RETURNING:
          -- RETURNING would also demand that the caller may read the new row, and a clerk may file a
          -- card for a colleague that only the colleague then reads.
          if key_default is not null and not item_values ? key_column then
            execute format('select to_jsonb(%s)', key_default) into new_key;
            item_values := item_values || jsonb_build_object(key_column, new_key);
          end if;
          select string_agg(format('%I', k), ', ') into column_list from jsonb_object_keys(item_values) k;
          if column_list is null then
            execute format('insert into %s default values returning to_jsonb(%s.*)', tbl, tbl) into new_row;
          elsif item_values ? key_column then
            execute format('insert into %s (%s) select %s from jsonb_populate_record(null::%s, $1)', tbl, column_list, column_list, tbl)
              using item_values;
            execute format('select to_jsonb(t.*) from %s t where t.%I = ($1)::%s', tbl, key_column, key_type)
              into new_row using item_values ->> key_column;
            new_row := coalesce(new_row, jsonb_build_object(key_column, item_values -> key_column));
          else
            execute format('insert into %s (%s) select %s from jsonb_populate_record(null::%s, $1) returning to_jsonb(%s.*)',
                           tbl, column_list, column_list, tbl, tbl)
              into new_row using item_values;
          end if;
          old_row := null;
        else
          execute format('select to_jsonb(t.*) from %s t where t.%I = ($1)::%s', tbl, key_column, key_type)
            into old_row using item ->> 'key';
          if old_row is null then
            raise exception '记录不存在，或您无权查看 | The record does not exist or is not visible to you' using errcode = 'P0002';
          end if;
          select string_agg(format('%I = r.%I', k, k), ', ') into set_list from jsonb_object_keys(item_values) k;
          -- A version sent as text ("1") counts as much as 1: a stale write is never let through.
          if item ? 'version' and jsonb_typeof(item -> 'version') in ('number', 'string') then
            set_list := concat_ws(', ', set_list, format('version = %s', (item ->> 'version')::integer));
          end if;
          if set_list is null then
            new_row := old_row;
          else
            execute format('update %s t set %s from jsonb_populate_record(null::%s, $1) r where t.%I = ($2)::%s returning to_jsonb(t.*)',
                           tbl, set_list, tbl, key_column, key_type)
              into new_row using item_values, item ->> 'key';
            if new_row is null then
              raise exception '无权修改这条记录 | Not allowed to change this record' using errcode = '42501';
            end if;
          end if;
        end if;
        applied := applied + 1;
        results := results || jsonb_build_object('index', idx, 'ok', true, 'key', new_row ->> key_column, 'row', new_row, 'before', old_row);
      exception when others then
        get stacked diagnostics v_state = returned_sqlstate, v_message = message_text, v_column = column_name, v_constraint = constraint_name;
        failed := failed + 1;
        results := results || (jsonb_build_object('index', idx, 'ok', false) || private.refusal(tbl, v_state, v_message, v_column, v_constraint));
      end;
    end loop;
    if fast then
      select array_agg(r order by (r ->> 'index')::integer) into results from unnest(results) r;
    end if;
    if dry_run then
      raise exception 'dry run' using errcode = 'TZDRY';
    end if;
  exception when sqlstate 'TZDRY' then
    null; -- the dry run's writes are undone; its report stands
  end;
  return jsonb_build_object('applied', applied, 'failed', failed, 'dry_run', dry_run, 'rows', to_jsonb(results));
end
$$;
comment on function public.apply_rows(text, jsonb, boolean) is '批量写入（粘贴、填充、撤销、导入） | Batch write (paste, fill, undo, import)';
revoke all on function public.apply_rows(text, jsonb, boolean) from public, anon;
grant execute on function public.apply_rows(text, jsonb, boolean) to authenticated, service_role;

-- ── import_history: the centre's paper registers (纸质台账), brought in by an administrator ─────
-- The one exception to system-owned columns: old records come with their own first receiver,
-- state, dates and stamps, which no clerk may type. Only whoever holds the register's 'import'
-- permission row (the admin's, by default) may; rows are only added (nothing is overwritten), the
-- registers' rules that stamp a new row leave them as given (private.keeping_rows_as_given), the
-- duplicate-card and every check constraint still hold, and each row is in the audit log as
-- 'import' under the administrator's name. A dry run reports without writing, as apply_rows does.
create function public.import_history(register text, rows jsonb, dry_run boolean default false)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
  report jsonb;
begin
  if register is null or register !~ '^[a-z][a-z0-9_]{0,62}$' or pg_catalog.to_regclass(format('public.%I', register)) is null then
    raise exception '没有这个台账：% | No such register', register using errcode = '42P01';
  end if;
  if (select private.scope_for(register, 'import')) is distinct from 'all' then
    raise exception '只有系统管理员可以导入历史台账 | Only an administrator imports historical records' using errcode = '42501';
  end if;
  -- Only a register people record rows in: not the audit log, the recycle bin or a register the
  -- database alone fills, whatever permission row an administrator may have given himself.
  if not pg_catalog.has_any_column_privilege('authenticated', format('public.%I', register)::regclass, 'INSERT') then
    raise exception '“%”不是录入型台账，不能导入历史记录 | % is not a register people record rows in; nothing can be imported into it', register, register
      using errcode = '42501';
  end if;
  if rows is null or jsonb_typeof(rows) <> 'array' then
    raise exception 'rows 必须是数组 | rows must be an array' using errcode = '22023';
  end if;
  if exists (select 1 from jsonb_array_elements(rows) e where e.value ? 'key' and jsonb_typeof(e.value -> 'key') <> 'null') then
    raise exception '历史导入只新增记录，不修改已有记录 | A historical import only adds records; it changes none' using errcode = '22023';
  end if;
  perform set_config('taizhang.importing_history', 'on', true);
  report := public.apply_rows(register, rows, dry_run);
  perform set_config('taizhang.importing_history', 'off', true);
  return report || jsonb_build_object('historical', true);
end
$$;
comment on function public.import_history(text, jsonb, boolean) is '导入历史台账 | Import historical records';
revoke all on function public.import_history(text, jsonb, boolean) from public, anon;
grant execute on function public.import_history(text, jsonb, boolean) to authenticated;

insert into public.permissions (role, register, action, scope, note)
select 'admin', r.register, 'import', 'all', '导入纸质历史台账（可填写系统列，记入操作日志）'
from unnest(array['customers', 'contacts', 'service_requests', 'return_visits']) as r(register);
