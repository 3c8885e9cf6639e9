-- Labels of option values, in one place: workflow states (Postgres enums) and check-list options
-- are stored in Chinese, and the metadata RPC pairs each with its English label from here; the few
-- stored as codes (roles, permission actions and scopes …) have a Chinese label here as well.

-- Postgres cannot comment on a single enum value, so the labels are rows, keyed by the value.
create table private.option_labels (
  value text primary key,
  label_en text not null,
  -- for a value stored as a code ('own'): what the Chinese screens show; null = the value itself
  label_zh text,
  constraint option_labels_label_en_not_blank check (length(btrim(label_en)) > 0),
  constraint option_labels_label_zh_not_blank check (length(btrim(label_zh)) > 0)
);
comment on table private.option_labels is '选项英文名 | English labels of option values';
-- Read only by the owner's security-definer functions (no API role has a grant); RLS with no
-- policy is a second lock should a grant ever be added by mistake.
alter table private.option_labels enable row level security;

-- Adds or corrects labels: select private.label_options('{"受理": "Received", "处理中": "In progress"}').
create function private.label_options(p_labels jsonb) returns void
language sql set search_path = ''
as $$
  insert into private.option_labels (value, label_en)
  select l.key, l.value from jsonb_each_text(p_labels) l
  on conflict (value) do update set label_en = excluded.label_en
$$;
revoke all on function private.label_options(jsonb) from public;

-- The Chinese labels of values stored as codes: select private.label_options_zh('{"own": "本人"}').
-- (A code without an English label yet stands for itself in English until it gets one.)
create function private.label_options_zh(p_labels jsonb) returns void
language sql set search_path = ''
as $$
  insert into private.option_labels (value, label_en, label_zh)
  select l.key, l.key, l.value from jsonb_each_text(p_labels) l
  on conflict (value) do update set label_zh = excluded.label_zh
$$;
revoke all on function private.label_options_zh(jsonb) from public;

-- The enums of the two migrations before this one (roles, permission actions and scopes).
select private.label_options('{
  "clerk": "Customer service clerk", "archivist": "Archivist", "manager": "Department manager",
  "director": "Service centre director", "deputy_gm": "Deputy general manager", "gm": "General manager", "admin": "System administrator",
  "read": "Read", "create": "Create", "update": "Update", "delete": "Delete", "approve": "Approve", "import": "Import history",
  "own": "Own", "department": "Department", "all": "All",
  "档案员": "Archive keeper", "权证管理员": "Certificate keeper", "固定资产管理员": "Fixed-asset keeper",
  "门岗": "Gate guard", "值班经理": "Manager on duty", "服务工程师": "Service engineer"
}');
