// Scheduled job "return-visit-tasks": the rule is the SQL function private.job_return_visit_tasks; see migrations.
import { serveJob } from '../_shared/run-job.ts';

serveJob('return-visit-tasks');
