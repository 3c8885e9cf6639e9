// Scheduled job "request-deadlines": the rule is the SQL function private.job_request_deadlines; see migrations.
import { serveJob } from '../_shared/run-job.ts';

serveJob('request-deadlines');
