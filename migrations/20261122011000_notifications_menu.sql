-- Everyone has a to-do list: a read row for notifications puts it in every role's menu (the rows
-- themselves stay visible to their addressee only, by notifications_select).
insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, 'notifications', 'read', 'own', '我的待办'
from unnest(enum_range(null::public.app_role)::text[]) as r(role);
insert into public.permissions (role, register, action, scope, note)
select r.role::public.app_role, 'notifications', 'update', 'own', '标记已读、已办'
from unnest(enum_range(null::public.app_role)::text[]) as r(role);
