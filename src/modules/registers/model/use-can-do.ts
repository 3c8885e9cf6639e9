// Whether the signed-in person has a permission row for register × action (the rows RLS reads).
import { useQuery } from '@tanstack/react-query';
import { fetchMyPermissions } from '../../../data/permissions/my-permissions';

export function useCanDo(): (register: string, action: string) => boolean {
  const { data } = useQuery({ queryKey: ['my-permissions'], queryFn: fetchMyPermissions, staleTime: 60_000 });
  return (register, action) => (data ?? []).some((p) => p.register === register && p.action === action);
}
