// Scheduled job "qc-idle": the rule is the SQL function private.job_qc_idle; see
// migrations/20261127000600_qc_groups.sql.
import { serveJob } from '../_shared/run-job.ts';

serveJob('qc-idle');
