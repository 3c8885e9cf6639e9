// While a part of the local stack is restarting, its gateway answers 503 {code: "stack_recovering",
// part} (supabase/local/gateway.ts). This module notices it on every request of the supabase-js
// client, tells the banner (modules/recovery), makes queries retry on their own, and checks every
// 2 s whether the part is back: the first successful answer ends the banner and refetches the
// queries that failed meanwhile.

export type Recovering = { part: string } | null;

let current: Recovering = null;
const listeners = new Set<() => void>();
const recoveredListeners = new Set<() => void>();
let probeTimer: ReturnType<typeof setTimeout> | null = null;
let probeBase: string | null = null;
let probeHeaders: HeadersInit = {};

export function recoveringState(): Recovering {
  return current;
}

export function subscribeRecovering(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called once the stack answers again after it was recovering (the query cache refetches). */
export function onRecovered(listener: () => void): () => void {
  recoveredListeners.add(listener);
  return () => recoveredListeners.delete(listener);
}

function set(next: Recovering): void {
  if (next?.part === current?.part) return;
  const wasRecovering = current !== null;
  current = next;
  for (const listener of listeners) listener();
  if (next) scheduleProbe();
  else if (wasRecovering) {
    if (probeTimer) clearTimeout(probeTimer);
    probeTimer = null;
    for (const listener of recoveredListeners) listener();
  }
}

// The path that shows the part in question is back, asked through the gateway.
const probePaths: Record<string, string> = { auth: '/auth/v1/health', functions: '/functions/v1/' };

function scheduleProbe(): void {
  if (probeTimer || !probeBase) return;
  probeTimer = setTimeout(() => {
    probeTimer = null;
    if (!current || !probeBase) return;
    const url = `${probeBase}${probePaths[current.part] ?? '/rest/v1/'}`;
    void watchedFetch(url, { headers: probeHeaders })
      .catch(() => undefined)
      .finally(() => {
        if (current) scheduleProbe();
      });
  }, 2000);
}

/** Where the recovery probe asks (the project URL and its anon key). */
export function configureRecoveryProbe(baseUrl: string, anonKey: string): void {
  probeBase = baseUrl.replace(/\/$/, '');
  probeHeaders = { apikey: anonKey, authorization: `Bearer ${anonKey}` };
}

async function recoveringPart(response: Response): Promise<string | null> {
  if (response.status !== 503) return null;
  try {
    const body = (await response.clone().json()) as { code?: string; part?: string };
    return body.code === 'stack_recovering' ? (body.part ?? 'stack') : null;
  } catch {
    return null;
  }
}

/** fetch for the supabase-js client: unchanged answers, watched for the stack recovering. */
export async function watchedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(input, init);
  } catch (e) {
    // No answer at all: the whole stack is restarting (or the network is gone); the same banner,
    // unless the request was cancelled on purpose.
    if (!(e instanceof DOMException && e.name === 'AbortError')) set({ part: 'gateway' });
    throw e;
  }
  const part = await recoveringPart(response);
  if (part) set({ part });
  else if (response.status < 500) set(null);
  return response;
}

/** Whether an error is the stack recovering: then a query tries again (the banner is showing). */
export function isRecoveringError(error: unknown): boolean {
  const e = error as { code?: string; statusCode?: number; status?: number } | null;
  return current !== null || e?.code === 'stack_recovering' || e?.statusCode === 503 || e?.status === 503;
}

/** React Query's retry: once for an ordinary failure; while the stack recovers, for up to about two minutes. */
export function retryQuery(failureCount: number, error: unknown): boolean {
  return isRecoveringError(error) ? failureCount < 40 : failureCount < 1;
}

/** 1 s, 2 s, then every 3 s while recovering; React Query's default otherwise. */
export function retryDelay(failureCount: number, error: unknown): number {
  return isRecoveringError(error) ? Math.min(1000 * 2 ** failureCount, 3000) : Math.min(1000 * 2 ** failureCount, 30_000);
}
