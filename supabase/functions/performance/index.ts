// Scheduled job "performance": the rule is the SQL function private.job_performance (the monthly
// service points run; in January, April, July and October the statements of the quarter before);
// see migrations/20261128000200_performance_statements.sql.
import { serveJob } from '../_shared/run-job.ts';

serveJob('performance');
