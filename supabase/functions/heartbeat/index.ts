// Heartbeat job: the scheduler calls it on its cron; its recorded runs prove the pipe works.
import { serveJob } from '../_shared/run-job.ts';

serveJob('heartbeat');
