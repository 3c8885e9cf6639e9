// The app's one cache of server state (TanStack Query, shared with Refine): registers, permissions,
// reference labels, row pages and rights. Cleared on sign-in and sign-out: another person sees other rows.
import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1 } },
});
