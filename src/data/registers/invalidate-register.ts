// What a write to a register makes stale: Refine's lists and records of it, its rows' rights, the
// labels other registers show for its rows, and (unless the screen put the written rows in place
// itself) its grid pages. Registers a move also touches (a resolved request gets its return visit)
// are named by the caller.
import type { QueryClient } from '@tanstack/react-query';
import { keys } from '../keys';

export type Stale = { register: string; also?: readonly string[]; pagesInPlace?: boolean };

export async function invalidateRegister(client: QueryClient, user: string | null | undefined, { register, also = [], pagesInPlace = false }: Stale): Promise<void> {
  const registers = [register, ...also];
  await Promise.all(
    registers.flatMap((name) => [
      client.invalidateQueries({ queryKey: keys.refineData(name) }),
      client.invalidateQueries({
        queryKey: keys.register(user, name),
        // The grid that wrote the rows already shows what apply_rows returned; labels are dropped below.
        predicate: (query) => !(pagesInPlace && name === register && query.queryKey.includes('page')) && !query.queryKey.includes('labels'),
      }),
      // Labels have no query function (screens ask for the keys they show), so they are dropped, not refetched.
      Promise.resolve(client.removeQueries({ queryKey: keys.referenceLabels(user, name) })),
    ]),
  );
}
