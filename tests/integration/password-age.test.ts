// Password age (密码与权限治理制度: 密码更换间隔时间不得超过一个月): a password older than a month
// must be changed before anything else works. The database refuses the person everything but the
// change, tells the app why, and records when each password was set and by whom it was changed.
import { describe, expect, it } from 'vitest';
import { unique, uniquePhone } from '../support/ids.ts';
import { createThrowawayOperator, serviceClient, signInAs, sql } from '../support/stack.ts';
import type { SupabaseClient } from '@supabase/supabase-js';

type PasswordStatus = { must_change: boolean; changed_at: string; max_age_days: number };

async function passwordSetDaysAgo(userId: string, days: number): Promise<void> {
  await sql(`update private.password_changes set changed_at = now() - make_interval(days => $2) where user_id = $1`, [userId, days]);
}

async function status(client: SupabaseClient): Promise<PasswordStatus> {
  const { data, error } = await client.rpc('my_password_status');
  expect(error).toBeNull();
  return data as PasswordStatus;
}

async function staffVisible(client: SupabaseClient): Promise<number> {
  const { data, error } = await client.from('operators').select('id');
  expect(error).toBeNull();
  return data?.length ?? 0;
}

async function customersNamed(name: string): Promise<number> {
  const [row] = await sql<{ n: number }>('select count(*)::int as n from public.customers where name = $1', [name]);
  return row.n;
}

describe('password age (密码每月更换)', () => {
  it('keeps the month as a setting an administrator can read: 30 days', async () => {
    const [row] = await sql<{ value: number }>(`select value from public.settings where key = 'password.max_age_days'`);
    expect(row.value).toBe(30);
  });

  it('counts a new account, and every demo account, from the time it was created', async () => {
    const person = await createThrowawayOperator('clerk');
    try {
      const [row] = await sql<{ changed_at: Date }>('select changed_at from private.password_changes where user_id = $1', [person.userId]);
      expect(Date.now() - row.changed_at.getTime()).toBeLessThan(60_000);
      const missing = await sql(
        `select u.email from auth.users u left join private.password_changes p on p.user_id = u.id
         where u.deleted_at is null and u.encrypted_password is not null and p.user_id is null`,
      );
      expect(missing).toEqual([]);
      expect(await status(await person.client())).toMatchObject({ must_change: false, max_age_days: 30 });
    } finally {
      await person.remove();
    }
  });

  it('lets a person whose password is 29 days old work as usual', async () => {
    const person = await createThrowawayOperator('clerk');
    try {
      await passwordSetDaysAgo(person.userId, 29);
      const client = await person.client();
      expect(await status(client)).toMatchObject({ must_change: false });
      expect(await staffVisible(client)).toBeGreaterThan(0);
      expect(((await client.rpc('my_permissions')).data as unknown[]).length).toBeGreaterThan(0);
    } finally {
      await person.remove();
    }
  });

  it('refuses everything but the password change once the password is 31 days old, then works again after the change, which is recorded', async () => {
    const person = await createThrowawayOperator('clerk');
    const name = unique('密码到期');
    try {
      const client = await person.client();
      expect(await staffVisible(client)).toBeGreaterThan(0);

      // The month runs out while the person's token is still valid: the next request is refused.
      await passwordSetDaysAgo(person.userId, 31);
      const expired = await status(client);
      expect(expired.must_change).toBe(true);
      expect(expired.max_age_days).toBe(30);
      expect(Date.now() - new Date(expired.changed_at).getTime()).toBeGreaterThan(30 * 86_400_000);

      // Reads show nothing, permissions are gone, a write is a 403 (not a server error) and changes nothing.
      expect(await staffVisible(client)).toBe(0);
      expect((await client.rpc('my_permissions')).data).toEqual([]);
      const refused = await client.from('customers').insert({ name, phone: uniquePhone() });
      expect(refused.status).toBe(403);
      expect(refused.error?.code).toBe('42501');
      expect(await customersNamed(name)).toBe(0);

      // The change itself goes to the auth service and is not refused.
      const before = Date.now();
      const changed = await client.auth.updateUser({ password: 'Xinmima2026' });
      expect(changed.error).toBeNull();

      expect(await status(client)).toMatchObject({ must_change: false });
      expect(await staffVisible(client)).toBeGreaterThan(0);
      const created = await client.from('customers').insert({ name, phone: uniquePhone() });
      expect(created.error).toBeNull();
      expect(await customersNamed(name)).toBe(1);

      // Recorded: whose password, who changed it (the person), when, and through which service.
      const [record] = await sql<{ changed_at: Date; changed_via: string; changed_by: string | null }>(
        'select changed_at, changed_via, changed_by from private.password_changes where user_id = $1',
        [person.userId],
      );
      expect(record.changed_by).toBe(person.userId);
      expect(record.changed_at.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(record.changed_at.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);

      // An administrator and the person's manager see the change in the staff record's history.
      for (const reader of ['admin', 'manager'] as const) {
        const { data, error } = await (await signInAs(reader))
          .from('audit_log')
          .select('at, action, changed_fields, after')
          .eq('table_name', 'operators')
          .eq('row_id', person.id)
          .contains('changed_fields', ['password_changed_at']);
        expect(error).toBeNull();
        expect(data?.length).toBe(1);
        const entry = data?.[0] as { at: string; action: string; after: { password_changed_at: string } };
        expect(entry.action).toBe('update');
        expect(Math.abs(new Date(entry.at).getTime() - record.changed_at.getTime())).toBeLessThan(5_000);
        expect(new Date(entry.after.password_changed_at).getTime()).toBe(record.changed_at.getTime());
      }
    } finally {
      await sql('delete from public.customers where name = $1', [name]);
      await person.remove();
    }
  });

  it('answers the app from the account itself, so the expired person can still ask why', async () => {
    const person = await createThrowawayOperator('clerk');
    try {
      await passwordSetDaysAgo(person.userId, 45);
      const client = await person.client();
      const { data, error, status: httpStatus } = await client.rpc('my_password_status');
      expect(httpStatus).toBe(200);
      expect(error).toBeNull();
      expect((data as PasswordStatus).must_change).toBe(true);
    } finally {
      await person.remove();
    }
  });

  it('leaves the service role and the scheduled jobs unaffected', async () => {
    const person = await createThrowawayOperator('clerk');
    try {
      await passwordSetDaysAgo(person.userId, 31);
      const { data, error } = await serviceClient().from('operators').select('id').eq('id', person.id);
      expect(error).toBeNull();
      expect(data).toEqual([{ id: person.id }]);
    } finally {
      await person.remove();
    }
  });
});
