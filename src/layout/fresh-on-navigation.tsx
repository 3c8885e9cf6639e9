// On every navigation the person's registers and permissions are asked again (cheap RPCs; the
// screens keep showing the cached answer meanwhile), so a permission row an admin changed shows in
// menus and buttons on the next page without signing in again. They are asked once the new screen
// has settled (the browser idle, or a second at most): asked at once, they competed with the
// screen's own first requests for the database and with its first render for the main thread.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { keys } from '../data/keys';
import { useSignedInUserId } from '../data/session/signed-in-user';

const whenSettled = (run: () => void): (() => void) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 300);
  return () => clearTimeout(id);
};

export function FreshOnNavigation() {
  const { pathname } = useLocation();
  const user = useSignedInUserId();
  const client = useQueryClient();
  const seenUser = useRef<string | null>(null);
  useEffect(() => {
    if (!user) return;
    // The first screen after a page load or a sign-in: what is on its way was asked for it, and asked
    // again its first wait would double; an answer from before (say, while the person still had to
    // change an old password: no registers then) is asked again all the same.
    const first = seenUser.current !== user;
    seenUser.current = user;
    const navigatedAt = Date.now();
    const watched = [keys.permissions(user), keys.registers(user), keys.refineAccess()];
    // On a later navigation, a question on its way was asked before it (the previous screen's, say,
    // still out when the admin changed a right): its answer is not fresh enough, however late it comes.
    const cache = client.getQueryCache();
    const askedBefore = new Set(first ? [] : watched.flatMap((queryKey) => cache.findAll({ queryKey, fetchStatus: 'fetching' }).map((q) => q.queryHash)));
    return whenSettled(() => {
      // An answer asked after the navigation is fresh enough; anything else is asked again, a question
      // still out from before the navigation cancelled for it.
      const stale = (q: { queryHash: string; state: { dataUpdatedAt: number } }) => q.state.dataUpdatedAt < navigatedAt || askedBefore.has(q.queryHash);
      for (const queryKey of watched) void client.invalidateQueries({ queryKey, predicate: stale }, { cancelRefetch: !first });
    });
  }, [pathname, user, client]);
  return null;
}
