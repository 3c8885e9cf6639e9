// Scheduled job "complaint-replies": the rule is the SQL function private.job_complaint_replies; see migrations.
import { serveJob } from '../_shared/run-job.ts';

serveJob('complaint-replies');
