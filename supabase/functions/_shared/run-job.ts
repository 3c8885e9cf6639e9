// What every scheduled job's Edge Function does: run its SQL job through public.run_job with the
// caller's own JWT, so only the scheduler (service_role) can run it; operators get 403. The
// database judges the as-of time (run_job refuses a bad one before logging a run); this wrapper
// only refuses a body it cannot read, and passes the database's 4xx on as it came.
import { createClient } from 'npm:@supabase/supabase-js@2';

const refuse = (status: number, error: string, code: string) => Response.json({ error, code }, { status });

export function serveJob(jobName: string): void {
  Deno.serve(async (request) => {
    if (request.method !== 'POST') return refuse(405, 'POST only', 'method');
    const text = await request.text();
    let body: Record<string, unknown> = {};
    if (text.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TypeError('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return refuse(400, '请求体须为 JSON 对象 | The body must be a JSON object', 'body');
      }
    }
    if (body.as_of !== undefined && typeof body.as_of !== 'string') {
      return refuse(400, 'as_of 须为时间字符串 | as_of must be a timestamp string', 'as_of');
    }
    const supabase = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_ANON_KEY')!, {
      global: { headers: { Authorization: request.headers.get('Authorization') ?? '' } },
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const { data, error, status } = await supabase.rpc('run_job', {
      job_name: jobName,
      as_of: typeof body.as_of === 'string' ? body.as_of : new Date().toISOString(),
      run_trigger: body.trigger === 'manual' ? 'manual' : 'schedule',
    });
    if (error) {
      // A refusal (bad as_of: 400, not the scheduler: 401/403, no such job: 404) is the caller's;
      // anything else is the server's.
      const code = status >= 400 && status < 500 ? status : error.code === '42501' ? 403 : 500;
      return Response.json({ error: error.message, code: error.code }, { status: code });
    }
    // A job whose SQL failed is recorded with its error; the caller learns it too.
    return Response.json({ run: data }, { status: data?.error ? 500 : 200 });
  });
}
