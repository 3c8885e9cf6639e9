// The app's one cache of server state (TanStack Query, shared with Refine): registers, permissions,
// reference labels, row pages and rights. Cleared on sign-in and sign-out: another person sees other rows.
import { QueryClient } from '@tanstack/react-query';
import { onRecovered, retryDelay, retryQuery } from './stack-recovery';

export const queryClient = new QueryClient({
  // While the stack recovers (503 stack_recovering) queries keep trying; otherwise once.
  defaultOptions: { queries: { refetchOnWindowFocus: false, retry: retryQuery, retryDelay } },
});

// Once the stack answers again, what failed meanwhile is asked again: invalidated, so that screens
// holding fetched pages themselves (the grid listens for invalidations) ask again too.
onRecovered(() => void queryClient.invalidateQueries({ predicate: (query) => query.state.status === 'error' }));
