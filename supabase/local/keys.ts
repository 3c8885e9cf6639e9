// The anon and service_role API keys: JWTs signed with the stack's secret, as Supabase issues them.
import { SignJWT } from 'jose';

// Supabase's local keys expire in 2032 (exp 1983812996); the same claims give the same keys.
const keyExpiry = 1983812996;

async function signRoleKey(role: 'anon' | 'service_role', secret: string): Promise<string> {
  return new SignJWT({ iss: 'supabase-demo', role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(keyExpiry)
    .sign(new TextEncoder().encode(secret));
}

export type ApiKeys = { anonKey: string; serviceRoleKey: string };

export async function deriveApiKeys(jwtSecret: string): Promise<ApiKeys> {
  return {
    anonKey: await signRoleKey('anon', jwtSecret),
    serviceRoleKey: await signRoleKey('service_role', jwtSecret),
  };
}
