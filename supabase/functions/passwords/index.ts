// Scheduled job "passwords": the rule is the SQL function private.job_passwords; see migrations.
import { serveJob } from '../_shared/run-job.ts';

serveJob('passwords');
