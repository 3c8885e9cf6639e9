// Scheduled job "member-points": the rule is the SQL function private.job_member_points; see
// migrations/20261128000300_membership.sql.
import { serveJob } from '../_shared/run-job.ts';

serveJob('member-points');
