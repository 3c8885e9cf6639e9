// Scheduled job "loans-handovers": the rule is the SQL function private.job_loans_handovers; see
// migrations/20261125000600_archive_job.sql.
import { serveJob } from '../_shared/run-job.ts';

serveJob('loans-handovers');
