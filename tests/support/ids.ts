// Fixed ids from the seeds (seeds/01_demo_accounts.sql, seeds/02_demo_registers.sql).
import { randomInt } from 'node:crypto';

export const departmentIds = {
  KF1: '00000000-0000-4000-a000-000000000001',
  KF2: '00000000-0000-4000-a000-000000000002',
  DA: '00000000-0000-4000-a000-000000000003',
  GCB: '00000000-0000-4000-a000-000000000007',
  AQB: '00000000-0000-4000-a000-000000000008',
} as const;

export const operatorIds = {
  clerk: '00000000-0000-4000-b000-000000000001',
  clerk2: '00000000-0000-4000-b000-000000000002',
  archivist: '00000000-0000-4000-b000-000000000003',
  manager: '00000000-0000-4000-b000-000000000004',
  director: '00000000-0000-4000-b000-000000000005',
  gm: '00000000-0000-4000-b000-000000000006',
  admin: '00000000-0000-4000-b000-000000000007',
  deputy: '00000000-0000-4000-b000-000000000008',
  engineer: '00000000-0000-4000-b000-000000000009',
  engineer2: '00000000-0000-4000-b000-00000000000a',
  guard: '00000000-0000-4000-b000-00000000000b',
  /** 赵丽, a KF1 clerk without a sign-in account. */
  kf1Colleague: '00000000-0000-4000-c000-000000000001',
} as const;

let sequence = 0;
/** A value no other test (or run) uses: for codes, names and phone numbers. */
export function unique(prefix = ''): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36).slice(-5)}${process.pid.toString(36)}${sequence.toString(36)}`;
}

/** A mobile number no seed or other test uses. */
export function uniquePhone(): string {
  return `199${String(randomInt(100_000_000)).padStart(8, '0')}`;
}
