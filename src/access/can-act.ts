// Maps a Refine action on a resource to the permission table's register × action: the menu and
// the buttons ask the same rows the RLS policies read.
import type { Permission } from '../data/permissions/my-permissions';

const actionFor: Record<string, Permission['action']> = {
  list: 'read',
  show: 'read',
  create: 'create',
  edit: 'update',
  clone: 'create',
  delete: 'delete',
  approve: 'approve',
};

export function canAct(permissions: readonly Permission[], resource: string | undefined, refineAction: string): boolean {
  if (!resource) return true;
  const action = actionFor[refineAction];
  if (!action) return false;
  return permissions.some((p) => p.register === resource && p.action === action);
}
