-- The operations registers (issue 15: duty log and shift handover, equipment faults, customer
-- expenses, work reports, QC groups, visitors) share one menu group, after the archives.
select private.declare_menu_group('operations', '日常运营 | Operations', 27);
