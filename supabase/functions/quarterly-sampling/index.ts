// Scheduled job "quarterly-sampling": the rule is the SQL function private.job_quarterly_sampling; see migrations.
// It picks 20% of last quarter's repairs, assigns each second visit to a visitor outside the sampled
// department (private.sampling_visitor) and tells that visitor and the director once per pick.
import { serveJob } from '../_shared/run-job.ts';

serveJob('quarterly-sampling');
