// On every navigation the person's registers and permissions are asked again (cheap RPCs; the
// screens keep showing the cached answer meanwhile), so a permission row an admin changed shows in
// menus and buttons on the next page without signing in again. They are asked once the new screen
// has settled (the browser idle, or a second at most): asked at once, they competed with the
// screen's own first requests for the database and with its first render for the main thread.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
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
  useEffect(() => {
    if (!user) return;
    const navigatedAt = Date.now();
    return whenSettled(() => {
      // An answer that came after the navigation (a page load's first) is fresh enough, and a question
      // already on its way is not cancelled and asked twice.
      const older = { predicate: (query: { state: { dataUpdatedAt: number } }) => query.state.dataUpdatedAt < navigatedAt };
      const asked = { cancelRefetch: false };
      void client.invalidateQueries({ queryKey: keys.permissions(user), ...older }, asked);
      void client.invalidateQueries({ queryKey: keys.registers(user), ...older }, asked);
      void client.invalidateQueries({ queryKey: keys.refineAccess(), ...older }, asked);
    });
  }, [pathname, user, client]);
  return null;
}
