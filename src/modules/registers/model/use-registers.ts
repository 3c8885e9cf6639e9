// The registers the signed-in person may read, fetched once per session and shared by the menu,
// the routes and every generated screen. A reload (or a new sign-in) asks the database again,
// which is how a column added in the console appears.
import { useSyncExternalStore } from 'react';
import { fetchRegisterMetadata } from '../../../data/registers/fetch-register-metadata';
import type { RegisterMeta } from './register-meta';

type State = { registers: RegisterMeta[]; loaded: boolean; error: string | null };

let state: State = { registers: [], loaded: false, error: null };
let pending: Promise<void> | null = null;
const listeners = new Set<() => void>();

const publish = (next: State) => {
  state = next;
  listeners.forEach((l) => l());
};

export function loadRegisters(): Promise<void> {
  pending ??= fetchRegisterMetadata()
    .then((registers) => publish({ registers, loaded: true, error: null }))
    .catch((e: unknown) => {
      pending = null;
      publish({ registers: [], loaded: true, error: (e as Error).message });
    });
  return pending;
}

/** Forget the registers (on sign-in and sign-out: another person may read others). */
export function resetRegisters(): void {
  pending = null;
  publish({ registers: [], loaded: false, error: null });
}

export function useRegisters(): State {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

export function useRegister(name: string | undefined): RegisterMeta | undefined {
  return useRegisters().registers.find((r) => r.name === name);
}
