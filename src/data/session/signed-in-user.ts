// The signed-in person's auth id, as a query the other keys hang under; supabase-js tells us when it changes.
import { useQuery } from '@tanstack/react-query';
import { keys } from '../keys';
import { queryClient } from '../query-client';
import { supabaseClient } from '../supabase-client';

export async function signedInUserId(): Promise<string | null> {
  const { data } = await supabaseClient.auth.getSession();
  return data.session?.user.id ?? null;
}

supabaseClient.auth.onAuthStateChange((_event, session) => {
  const next = session?.user.id ?? null;
  if (queryClient.getQueryData(keys.session()) !== next) queryClient.setQueryData(keys.session(), next);
});

export function useSignedInUserId(): string | null | undefined {
  return useQuery({ queryKey: keys.session(), queryFn: signedInUserId, staleTime: Infinity }).data;
}
