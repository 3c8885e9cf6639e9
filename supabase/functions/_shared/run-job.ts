// What every scheduled job's Edge Function does: run its SQL job through public.run_job with the
// caller's own JWT, so only the scheduler (service_role) can run it; operators get 403.
import { createClient } from 'npm:@supabase/supabase-js@2';

export function serveJob(jobName: string): void {
  Deno.serve(async (request) => {
    if (request.method !== 'POST') return Response.json({ error: 'POST only' }, { status: 405 });
    const body = await request.json().catch(() => ({}));
    const supabase = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_ANON_KEY')!, {
      global: { headers: { Authorization: request.headers.get('Authorization') ?? '' } },
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const { data, error } = await supabase.rpc('run_job', {
      job_name: jobName,
      as_of: typeof body.as_of === 'string' ? body.as_of : new Date().toISOString(),
      run_trigger: body.trigger === 'manual' ? 'manual' : 'schedule',
    });
    if (error) {
      const status = error.code === '42501' ? 403 : 500;
      return Response.json({ error: error.message, code: error.code }, { status });
    }
    // A job whose SQL failed is recorded with its error; the caller learns it too.
    return Response.json({ run: data }, { status: data?.error ? 500 : 200 });
  });
}
