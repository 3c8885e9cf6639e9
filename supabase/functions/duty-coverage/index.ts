// Scheduled job "duty-coverage": the rule is the SQL function private.job_duty_coverage; see
// migrations/20261127000100_duty_roster.sql.
import { serveJob } from '../_shared/run-job.ts';

serveJob('duty-coverage');
