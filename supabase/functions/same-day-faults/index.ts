// Scheduled job "same-day-faults": the rule is the SQL function private.job_same_day_faults; see
// migrations/20261127000300_equipment_faults.sql.
import { serveJob } from '../_shared/run-job.ts';

serveJob('same-day-faults');
