// Heartbeat job: the scheduler calls it on its cron; it records one run through SQL.
// The caller's own JWT is used, so only the scheduler (service_role) can record a run.
import { createClient } from 'npm:@supabase/supabase-js@2';

Deno.serve(async (request) => {
  const body = request.method === 'POST' ? await request.json().catch(() => ({})) : {};
  const supabase = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_ANON_KEY')!, {
    global: { headers: { Authorization: request.headers.get('Authorization') ?? '' } },
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { data, error } = await supabase.rpc('run_heartbeat', {
    as_of: typeof body.as_of === 'string' ? body.as_of : new Date().toISOString(),
    run_trigger: body.trigger === 'manual' ? 'manual' : 'schedule',
  });
  if (error) {
    const status = error.code === '42501' ? 403 : 500;
    return Response.json({ error: error.message, code: error.code }, { status });
  }
  return Response.json({ run: data });
});
