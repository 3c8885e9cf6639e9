// Whether the signed-in person has a permission row for register × action (the rows RLS reads).
import { useQuery } from '@tanstack/react-query';
import { keys } from '../../../data/keys';
import { fetchMyPermissions } from '../../../data/permissions/my-permissions';
import { useSignedInUserId } from '../../../data/session/signed-in-user';

export function useCanDo(): (register: string, action: string) => boolean {
  const user = useSignedInUserId();
  const { data } = useQuery({ queryKey: keys.permissions(user), queryFn: fetchMyPermissions, enabled: !!user });
  return (register, action) => (data ?? []).some((p) => p.register === register && p.action === action);
}
