// Scheduled job "customer-protection": the rule is the SQL function private.job_customer_protection; see migrations.
import { serveJob } from '../_shared/run-job.ts';

serveJob('customer-protection');
