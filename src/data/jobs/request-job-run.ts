// Asks the scheduler to run a job now (admins only; the database checks).
import { supabaseClient } from '../supabase-client';

export async function requestJobRun(jobName: string): Promise<void> {
  const { error } = await supabaseClient.rpc('request_job_run', { job_name: jobName });
  if (error) throw error;
}
