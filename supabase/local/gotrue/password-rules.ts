// No simple passwords (密码与权限治理制度: not a name, a birthday, repeats, sequences or other
// easily guessed patterns). Returns the reasons a password is simple, empty when it is not.
export type SimpleReason = 'name' | 'date' | 'repeat' | 'sequence';

const runLength = 4;
const keyboardRows = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890'];

function hasDate(password: string): boolean {
  // 8-digit dates (19900101) and dates with separators (1990-01-01, 1990.1.1, 1990/01/01).
  const candidates = [
    ...[...password.matchAll(/(?=(\d{8}))/g)].map((m) => [m[1].slice(0, 4), m[1].slice(4, 6), m[1].slice(6, 8)]),
    ...[...password.matchAll(/(\d{4})[-./_](\d{1,2})[-./_](\d{1,2})/g)].map((m) => [m[1], m[2], m[3]]),
  ];
  return candidates.some(([y, m, d]) => {
    const year = Number(y);
    const month = Number(m);
    const day = Number(d);
    return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
  });
}

function hasRepeat(password: string): boolean {
  // aaaa, 1111, and a short unit said over and over (ababab, 121212).
  return new RegExp(`(.)\\1{${runLength - 1}}`).test(password) || /^(.{1,3})\1{2,}$/.test(password);
}

function hasSequence(password: string): boolean {
  const lower = password.toLowerCase();
  for (let i = 0; i + runLength <= lower.length; i++) {
    const part = lower.slice(i, i + runLength);
    if (!/^[a-z]+$|^\d+$/.test(part)) continue;
    const steps = [...part].slice(1).map((ch, k) => ch.charCodeAt(0) - part.charCodeAt(k));
    if (steps.every((s) => s === 1) || steps.every((s) => s === -1)) return true;
    if (keyboardRows.some((row) => row.includes(part) || [...row].reverse().join('').includes(part))) return true;
  }
  return false;
}

/** Names the account goes by: the email's local part and its parts, and names in its metadata. */
export function accountNames(email: string | null | undefined, metadata: Record<string, unknown> | null | undefined): string[] {
  const local = (email ?? '').split('@')[0].toLowerCase();
  const fromMeta = ['name', 'full_name', 'display_name', 'user_name']
    .map((k) => metadata?.[k])
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.toLowerCase());
  return [local, ...local.split(/[._+-]/), ...fromMeta].filter((n) => n.length >= 3);
}

export function simplePasswordReasons(password: string, names: string[]): SimpleReason[] {
  const lower = password.toLowerCase();
  const reasons: SimpleReason[] = [];
  if (names.some((n) => lower.includes(n))) reasons.push('name');
  if (hasDate(password)) reasons.push('date');
  if (hasRepeat(password)) reasons.push('repeat');
  if (hasSequence(password)) reasons.push('sequence');
  return reasons;
}

export const simplePasswordMessage: Record<SimpleReason, string> = {
  name: 'must not contain the account name',
  date: 'must not contain a date such as a birthday',
  repeat: 'must not repeat a character or group (aaaa, 1111, abab)',
  sequence: 'must not contain a sequence (1234, abcd, qwer)',
};
