// Realtime clients for tests and the bench: supabase-js as the app uses it, signed in as a person,
// over a WebSocket transport that records every raw frame the socket receives (to prove a frame
// never mentions what its reader may not read).
import { createClient, type RealtimeChannel, type RealtimePostgresChangesPayload, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { demoPassword as DEMO_PASSWORD } from '../../supabase/local/demo-accounts.ts';

export type LiveClient = {
  client: SupabaseClient;
  /** Every text frame this client's socket received, as sent. */
  frames: string[];
  close(): Promise<void>;
};

export type Target = { apiUrl: string; anonKey: string };

export async function liveClient(target: Target, email: string, password = DEMO_PASSWORD): Promise<LiveClient> {
  const frames: string[] = [];
  class RecordingSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data, isBinary) => {
        if (!isBinary) frames.push(String(data));
      });
    }
  }
  const client = createClient(target.apiUrl, target.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: RecordingSocket as never },
  });
  const { error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw new Error(`sign-in as ${email} failed: ${error.message}`);
  return {
    client,
    frames,
    close: async () => {
      await client.removeAllChannels();
      await client.realtime.disconnect();
    },
  };
}

export type Received = RealtimePostgresChangesPayload<Record<string, unknown>> & { at: number };

/** Subscribes to all changes of the given tables on one channel; resolves once joined. */
export async function watchTables(live: LiveClient, topic: string, tables: string[], received: Received[], filter?: string): Promise<RealtimeChannel> {
  let channel = live.client.channel(topic);
  for (const table of tables) {
    channel = channel.on('postgres_changes', { event: '*', schema: 'public', table, ...(filter ? { filter } : {}) }, (p) =>
      received.push({ ...(p as RealtimePostgresChangesPayload<Record<string, unknown>>), at: Date.now() }),
    );
  }
  await joined(channel);
  return channel;
}

export function joined(channel: RealtimeChannel, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`channel ${channel.topic} did not join within ${timeoutMs} ms`)), timeoutMs);
    channel.subscribe((status, err) => {
      if (status === 'SUBSCRIBED') {
        clearTimeout(timer);
        resolve();
      } else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') {
        clearTimeout(timer);
        reject(new Error(`channel ${channel.topic}: ${status} ${err?.message ?? ''}`));
      }
    });
  });
}

export async function until(ready: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (ready()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return ready();
}

/** The row key of a change: the new row's id, or the old row's for a delete. */
export const changedId = (p: Received): string => String((p.eventType === 'DELETE' ? (p.old as { id?: unknown }).id : (p.new as { id?: unknown }).id) ?? '');
