// Scheduled job "monthly-reports": the rule is the SQL function private.job_monthly_reports; see migrations.
import { serveJob } from '../_shared/run-job.ts';

serveJob('monthly-reports');
