// Scheduled job "quarterly-sampling": the rule is the SQL function private.job_quarterly_sampling; see migrations.
import { serveJob } from '../_shared/run-job.ts';

serveJob('quarterly-sampling');
