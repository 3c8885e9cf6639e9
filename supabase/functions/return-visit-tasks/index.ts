// Scheduled job "return-visit-tasks": the rule is the SQL function private.job_return_visit_tasks; see migrations.
// A due visit's reminder goes to the request's first receiver (首问责任人) and its handler, once each.
import { serveJob } from '../_shared/run-job.ts';

serveJob('return-visit-tasks');
