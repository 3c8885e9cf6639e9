// The registers the signed-in person may read, from the one query cache: shared by the menu, the
// routes and every generated screen. Asked again on each navigation (see use-fresh-on-navigation),
// which is how a permission row or a column added in the console shows without signing in again.
import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../data/keys';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import type { RegisterMeta } from './register-meta';
import { fetchRegisters } from './to-registers';

type State = { registers: RegisterMeta[]; loaded: boolean; error: string | null };

const none: RegisterMeta[] = [];

export function useRegisters(): State {
  const user = useSignedInUserId();
  const { data, isSuccess, isError, error } = useQuery({ queryKey: keys.registers(user), queryFn: fetchRegisters, enabled: !!user });
  return { registers: data ?? none, loaded: isSuccess || isError, error: error ? error.message : null };
}

export function useRegister(name: string | undefined): RegisterMeta | undefined {
  return useRegisters().registers.find((r) => r.name === name);
}
