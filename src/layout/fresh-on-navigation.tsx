// On every navigation the person's registers and permissions are asked again (cheap RPCs; the
// screens keep showing the cached answer meanwhile), so a permission row an admin changed shows in
// menus and buttons on the next page without signing in again.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { keys } from '../data/keys';
import { useSignedInUserId } from '../data/session/signed-in-user';

export function FreshOnNavigation() {
  const { pathname } = useLocation();
  const user = useSignedInUserId();
  const client = useQueryClient();
  useEffect(() => {
    if (!user) return;
    // A question already on its way is fresh enough: not cancelled and asked twice (on the first page
    // that doubled the wait for the registers' descriptions).
    const asked = { cancelRefetch: false };
    void client.invalidateQueries({ queryKey: keys.permissions(user) }, asked);
    void client.invalidateQueries({ queryKey: keys.registers(user) }, asked);
    void client.invalidateQueries({ queryKey: keys.refineAccess() }, asked);
  }, [pathname, user, client]);
  return null;
}
