-- Columns that only the workflow functions set (status, closing, sign-off, escalation, assignment)
-- lose their direct insert/update grants, so the API refuses them and the screens show them read-only.

-- Service requests: the state moves through assign/resolve/reply/sign off/return visit (security
-- definer functions, unaffected); the first receiver and computed columns are the database's.
revoke insert, update on public.service_requests from authenticated;
grant insert (id, code, kind, received_at, channel, customer_id, caller_name, building, unit, room, phone, content,
              receiver_id, department_id, complaint_category, severity, accused_operator_id, accused_department_id,
              evidence, witnesses, malicious, case_year, location, fault, repairer, warranty, parts, cost)
  on public.service_requests to authenticated;
grant update (kind, received_at, channel, customer_id, caller_name, building, unit, room, phone, content,
              department_id, resolution, complaint_category, severity, accused_operator_id, accused_department_id,
              evidence, witnesses, reply, malicious, case_year, location, fault, repairer, warranty, parts, cost, version)
  on public.service_requests to authenticated;

-- The column list above names columns declared system-owned (private.declare_system_column): the
-- declaration, not this list, decides, so the insert grants are swept again.
select private.sweep_system_column_grants('public.service_requests');
