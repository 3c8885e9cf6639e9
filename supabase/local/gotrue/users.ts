// auth.users rows and the JSON shape GoTrue returns for a user.
import type pg from 'pg';

export type UserRow = {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  phone_confirmed_at: Date | null;
  confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
};

type IdentityRow = {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
};

const columns = `id, aud, role, email, phone, encrypted_password, email_confirmed_at, phone_confirmed_at, confirmed_at,
  last_sign_in_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at, banned_until, deleted_at, is_anonymous`;

export async function findUserByEmail(db: pg.Pool, email: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${columns} from auth.users where lower(email) = lower($1) and deleted_at is null`, [email]);
  return rows[0] ?? null;
}

export async function findUserById(db: pg.Pool, id: string): Promise<UserRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await db.query<UserRow>(`select ${columns} from auth.users where id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listUsers(db: pg.Pool, page: number, perPage: number): Promise<{ users: UserRow[]; total: number }> {
  const { rows } = await db.query<UserRow>(`select ${columns} from auth.users order by created_at desc, id limit $1 offset $2`, [perPage, (page - 1) * perPage]);
  const total = await db.query<{ n: string }>('select count(*)::text as n from auth.users');
  return { users: rows, total: Number(total.rows[0].n) };
}

export const isBanned = (u: UserRow): boolean => u.banned_until !== null && u.banned_until.getTime() > Date.now();

const iso = (d: Date | null) => (d ? d.toISOString() : undefined);

export async function userJson(db: pg.Pool, u: UserRow): Promise<Record<string, unknown>> {
  const { rows } = await db.query<IdentityRow>('select * from auth.identities where user_id = $1 order by created_at', [u.id]);
  return {
    id: u.id,
    aud: u.aud ?? 'authenticated',
    role: u.role ?? 'authenticated',
    email: u.email ?? '',
    email_confirmed_at: iso(u.email_confirmed_at),
    phone: u.phone ?? '',
    confirmed_at: iso(u.confirmed_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: rows.map((i) => ({
      identity_id: i.id,
      id: i.provider_id,
      user_id: i.user_id,
      identity_data: i.identity_data,
      provider: i.provider,
      last_sign_in_at: iso(i.last_sign_in_at),
      created_at: iso(i.created_at),
      updated_at: iso(i.updated_at),
      email: i.email ?? undefined,
    })),
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    banned_until: iso(u.banned_until),
    is_anonymous: u.is_anonymous,
  };
}
