// Scheduled job "consultation-summaries": the rule is the SQL function private.job_consultation_summaries; see migrations.
// The quarter just ended is summarised once and the director told once (003: 每季度末將咨詢服務記錄進行匯總).
import { serveJob } from '../_shared/run-job.ts';

serveJob('consultation-summaries');
