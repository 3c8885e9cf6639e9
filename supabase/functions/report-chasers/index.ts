// Scheduled job "report-chasers": the rule is the SQL function private.job_report_chasers; see
// migrations/20261127000500_work_reports.sql.
import { serveJob } from '../_shared/run-job.ts';

serveJob('report-chasers');
