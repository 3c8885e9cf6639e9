// Refine's access control, fed by the my_permissions RPC (cached per signed-in session).
import type { AccessControlProvider } from '@refinedev/core';
import { canAct } from '../access/can-act';
import { fetchMyPermissions, type Permission } from '../data/permissions/my-permissions';

let cached: Promise<Permission[]> | null = null;

/** Forget the cached permissions (on sign-in and sign-out). */
export const resetPermissions = (): void => {
  cached = null;
};

export const accessControlProvider: AccessControlProvider = {
  can: async ({ resource, action }) => {
    cached ??= fetchMyPermissions().catch((e: unknown) => {
      cached = null;
      throw e;
    });
    const allowed = canAct(await cached, resource, action);
    return { can: allowed, reason: allowed ? undefined : '无权执行此操作' };
  },
  options: { buttons: { enableAccessControl: true, hideIfUnauthorized: true } },
};
