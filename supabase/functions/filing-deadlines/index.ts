// Scheduled job "filing-deadlines": the rule is the SQL function private.job_filing_deadlines; see migrations.
import { serveJob } from '../_shared/run-job.ts';

serveJob('filing-deadlines');
