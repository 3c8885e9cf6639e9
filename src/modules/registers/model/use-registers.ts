// The registers the signed-in person may read, from the one query cache: shared by the menu, the
// routes and every generated screen. Asked again on each navigation (see use-fresh-on-navigation),
// which is how a permission row or a column added in the console shows without signing in again.
// The last answer is also kept in the browser (per person, dropped at sign-in and sign-out): a page
// load shows the menu and starts the grid's first page from it while the fresh answer is on its way
// (the rows' policies decide what comes back, whatever the kept description says).
import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../data/keys';
import { keptRegisters, keepRegisters } from '../../../data/registers/kept-registers';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import type { RegisterMeta } from './register-meta';
import { fetchRegisters } from './to-registers';
import { rememberResourceLabels } from '../../../i18n/resource-labels';

type State = {
  registers: RegisterMeta[];
  loaded: boolean;
  /** The server's answer in this page's life (not only the kept one): a register missing from it is not the person's. */
  answered: boolean;
  error: string | null;
};

const none: RegisterMeta[] = [];

function kept(user: string | null | undefined): RegisterMeta[] | undefined {
  const registers = keptRegisters<RegisterMeta[]>(user);
  if (registers) rememberResourceLabels(registers);
  return registers;
}

export function useRegisters(): State {
  const user = useSignedInUserId();
  const { data, isSuccess, isError, isPlaceholderData, error } = useQuery({
    queryKey: keys.registers(user),
    queryFn: async () => keepRegisters(user, await fetchRegisters()),
    enabled: !!user,
    placeholderData: () => kept(user),
  });
  return { registers: data ?? none, loaded: isSuccess || isError, answered: (isSuccess && !isPlaceholderData) || isError, error: error ? error.message : null };
}

export function useRegister(name: string | undefined): RegisterMeta | undefined {
  return useRegisters().registers.find((r) => r.name === name);
}
