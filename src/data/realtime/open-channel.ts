// A new channel of a given name, once the client holds no other. supabase-js hands back the channel
// of the same name it still holds — one that is leaving because the screen's effect ran again (its
// person or tab became known a moment later) — and that channel closes when its leave is answered:
// the screen would then wait for "live" forever and miss every change. So a screen's channel waits
// until the old one of its name is gone (each screen removes its own when it unmounts).
import type { RealtimeChannel } from '@supabase/supabase-js';
import { supabaseClient } from '../supabase-client';

type ChannelOptions = Parameters<typeof supabaseClient.channel>[1];

const held = (name: string) => supabaseClient.getChannels().some((c) => c.topic === `realtime:${name}`);

/** Resolves to a new channel `name` (after the old one left, at most `waitMs`), or null once `cancelled()`. */
export async function openChannel(name: string, options: ChannelOptions, cancelled: () => boolean, waitMs = 10_000): Promise<RealtimeChannel | null> {
  const until = Date.now() + waitMs;
  while (held(name) && Date.now() < until && !cancelled()) await new Promise((resolve) => setTimeout(resolve, 25));
  return cancelled() ? null : supabaseClient.channel(name, options);
}
