// The API gateway checks the apikey as Supabase's does, and the anon key alone opens nothing.
import { describe, expect, it } from 'vitest';
import { anonClient, stackEnv } from '../support/stack.ts';

describe('API gateway', () => {
  it('refuses a REST request that carries no apikey', async () => {
    const response = await fetch(`${stackEnv().API_URL}/rest/v1/departments`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'No API key found in request' });
  });

  it('refuses an apikey that is not the project anon or service_role key', async () => {
    const response = await fetch(`${stackEnv().API_URL}/auth/v1/settings`, { headers: { apikey: 'not-a-key' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: 'Invalid API key' });
  });

  it('lets the anon key alone read no department, no staff and no job', async () => {
    const anon = anonClient();
    for (const table of ['departments', 'operators', 'scheduled_jobs', 'job_runs']) {
      const { data, error } = await anon.from(table).select('*');
      expect(data ?? [], table).toHaveLength(0);
      expect(error?.code, table).toBe('42501');
    }
  });

  it('answers CORS preflight requests from the browser app', async () => {
    const response = await fetch(`${stackEnv().API_URL}/rest/v1/departments`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'GET' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toContain('apikey');
  });
});
