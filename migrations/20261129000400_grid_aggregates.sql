-- The grid asks PostgREST for aggregates (issue 17): the footer's column statistics
-- (select=amount.sum(),amount.avg(),…), the counts per group when rows are grouped by an option
-- column (select=status,count()&order=status), and the sums of a selection reaching past the
-- loaded rows. They run as the caller, under the register's RLS, with the same filters as the
-- grid, inside the authenticator's statement timeout (8 s, bootstrap.sql) that bounds their cost.
alter role authenticator set pgrst.db_aggregates_enabled = 'true';
notify pgrst, 'reload config';
