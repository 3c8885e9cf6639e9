// Scheduled job "customer-changes": the rule is the SQL function private.job_customer_changes; see migrations.
import { serveJob } from '../_shared/run-job.ts';

serveJob('customer-changes');
