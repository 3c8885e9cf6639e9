// Refine's access control, fed by the my_permissions RPC through the app's query cache (the same
// entry the screens read, refreshed on each navigation), so an admin's edit shows without a new sign-in.
import type { AccessControlProvider } from '@refinedev/core';
import { canAct } from '../access/can-act';
import { keys } from '../data/keys';
import { fetchMyPermissions } from '../data/permissions/my-permissions';
import { queryClient } from '../data/query-client';
import { signedInUserId } from '../data/session/signed-in-user';
import { i18n } from '../i18n/i18n';

export const accessControlProvider: AccessControlProvider = {
  can: async ({ resource, action }) => {
    const user = await signedInUserId();
    const permissions = await queryClient.fetchQuery({ queryKey: keys.permissions(user), queryFn: fetchMyPermissions, staleTime: 30_000 });
    const allowed = canAct(permissions, resource, action);
    return { can: allowed, reason: allowed ? undefined : i18n.t('errors.42501', { message: '' }) };
  },
  options: { buttons: { enableAccessControl: true, hideIfUnauthorized: true } },
};
