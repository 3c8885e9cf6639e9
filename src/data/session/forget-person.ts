// On sign-in and sign-out the previous person's answers go: their registers, permissions, rows,
// labels and Refine's lists. Only entries nobody watches are removed (removing a watched entry
// would leave its screen attached to nothing); watched ones are asked again.
import { keys } from '../keys';
import { forgetKeptRegisters } from '../registers/kept-registers';
import { queryClient } from '../query-client';

export function forgetPerson(): void {
  forgetKeptRegisters();
  for (const prefix of [keys.people(), ['data'], keys.refineAccess()]) {
    queryClient.removeQueries({ queryKey: prefix, predicate: (query) => query.getObserversCount() === 0 });
    void queryClient.invalidateQueries({ queryKey: prefix });
  }
}
