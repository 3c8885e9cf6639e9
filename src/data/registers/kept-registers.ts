// The signed-in person's last register descriptions, kept in localStorage so that the next page load
// need not wait for register_metadata() before the menu and the grid's first page (see use-registers).
// One person's at a time: sign-in and sign-out drop it (forget-person).
const prefix = 'taizhang.registers.';

export function keptRegisters<T>(user: string | null | undefined): T | undefined {
  if (!user || typeof localStorage === 'undefined') return undefined;
  try {
    const text = localStorage.getItem(prefix + user);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function keepRegisters<T>(user: string | null | undefined, registers: T): T {
  if (!user || typeof localStorage === 'undefined') return registers;
  try {
    forgetKeptRegisters();
    localStorage.setItem(prefix + user, JSON.stringify(registers));
  } catch {
    // Full or refused storage: the next load asks the server first, as before.
  }
  return registers;
}

export function forgetKeptRegisters(): void {
  if (typeof localStorage === 'undefined') return;
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix)) localStorage.removeItem(key);
  }
}
