-- Whoever must decide an archive request is told when it is filed, as the loan approver is: a
-- working copy's edit request goes to the managers of the file's department (工作檔案需經客務部
-- 經理同意方可修改), a destruction request to the general manager (不得擅自带走或销毁). The
-- requester is never told of his own request.

create function private.tell_edit_request_approvers() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.notify(o.id, '修改申请',
    format('%s 申请修改档案 %s | %s asks to edit file %s', coalesce(who.name, '—'), coalesce(f.number, f.title), coalesce(who.name, '—'), coalesce(f.number, f.title)),
    new.reason, 'archive_edit_requests', new.id::text, null, format('edit-request:%s', new.id))
  from public.archive_files f
  cross join public.operators o
  left join public.operators who on who.id = new.requested_by
  where f.id = new.file_id and o.active and o.role = 'manager' and o.department_id = new.department_id
    and o.id is distinct from new.requested_by;
  return null;
end
$$;

create trigger archive_edit_requests_tell_approvers after insert on public.archive_edit_requests
  for each row execute function private.tell_edit_request_approvers();

create function private.tell_destruction_approvers() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.notify(o.id, '销毁申请',
    format('%s 申请销毁%s %s | %s asks to destroy %s %s', coalesce(who.name, '—'), case when new.file_id is not null then '档案' else '权证' end,
           coalesce(f.number, f.title, c.number, c.name),
           coalesce(who.name, '—'), case when new.file_id is not null then 'file' else 'certificate' end, coalesce(f.number, f.title, c.number, c.name)),
    new.reason, 'archive_destructions', new.id::text, null, format('destruction:%s', new.id))
  from public.operators o
  left join public.operators who on who.id = new.requested_by
  left join public.archive_files f on f.id = new.file_id
  left join public.certificates c on c.id = new.certificate_id
  where o.active and o.role = 'gm' and o.id is distinct from new.requested_by;
  return null;
end
$$;

create trigger archive_destructions_tell_approvers after insert on public.archive_destructions
  for each row execute function private.tell_destruction_approvers();

revoke all on function private.tell_edit_request_approvers(), private.tell_destruction_approvers() from public;
