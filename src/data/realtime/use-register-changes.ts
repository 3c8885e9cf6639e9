// Live registers (issue 19): a register's inserts, updates and deletes as they happen, and who is
// where on it (presence), through the app's supabase-js client — the same code against hosted
// Supabase Realtime and the embedded stack's (supabase/local/realtime/). Only rows the person may
// read arrive (the server checks RLS per change and per presence). When the channel rejoins after
// a break (the service restarted, the network dropped), the caller is told so it can refetch.
import { useQueryClient } from '@tanstack/react-query';
import type { RealtimeChannel, RealtimePostgresChangesPayload } from '@supabase/supabase-js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { keys } from '../keys';
import { invalidateRegister } from '../registers/invalidate-register';
import { useSignedInUserId } from '../session/signed-in-user';
import { supabaseClient } from '../supabase-client';
import { openChannel } from './open-channel';

export type RegisterChange = {
  type: 'INSERT' | 'UPDATE' | 'DELETE';
  /** The row after the change (empty for a delete). */
  row: Record<string, unknown>;
  /** The row before it (update, delete). */
  old: Record<string, unknown>;
  committedAt: string;
};

/** Someone on the register: what they said they are doing (the row and cell being edited). */
export type PresenceEntry = { key: string; register?: string; row_id?: string; cell?: string; name?: string; [meta: string]: unknown };

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'off';

type Options = {
  onChange?: (change: RegisterChange) => void;
  /** Called when the channel is live again after a break: what changed meanwhile should be refetched. */
  onRejoin?: () => void;
  /** This person's presence key (e.g. the operator id); no presence when absent. */
  presenceKey?: string;
  /**
   * The channel's name (default `register:<name>`): presence is shared by those on one channel, and
   * supabase-js hands back an open channel of the same name, so two screens that may overlap while one
   * unmounts use two names.
   */
  topic?: string;
};

export function toRegisterChange(payload: RealtimePostgresChangesPayload<Record<string, unknown>>): RegisterChange {
  return {
    type: payload.eventType,
    row: (payload.new ?? {}) as Record<string, unknown>,
    old: (payload.old ?? {}) as Record<string, unknown>,
    committedAt: payload.commit_timestamp,
  };
}

/** Who is where: each tab's place, keyed by its person (the `person` a tab tracks with its place). */
export function presenceEntries(state: Record<string, Record<string, unknown>[]>): PresenceEntry[] {
  return Object.entries(state).flatMap(([key, metas]) => metas.map((meta) => ({ ...meta, key: typeof meta.person === 'string' ? meta.person : key })));
}

// Each tab joins presence under its own key (person/tab) and moves by leaving its old place before
// taking the new one. supabase-js 2.109's presence rewrites the places already held under a key when
// another joins it, after which their leave no longer matches and the old place stays on screen
// (fixed in realtime-js 2.119, which needs Node 22); one place per key never meets that.
let tabs = 0;

export function useRegisterChanges(register: string | undefined, options: Options = {}) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [presence, setPresence] = useState<PresenceEntry[]>([]);
  const channelRef = useRef<RealtimeChannel | null>(null);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const queryClient = useQueryClient();
  const user = useSignedInUserId();
  const presenceKey = options.presenceKey;
  const [tab] = useState(() => `${Date.now().toString(36)}${(tabs++).toString(36)}`);
  const tracking = useRef<Promise<unknown>>(Promise.resolve());
  const tracked = useRef(false);
  const unsaid = useRef<Record<string, unknown> | null>(null);
  const topic = options.topic ?? (register ? `register:${register}` : '');

  useEffect(() => {
    if (!register || !user) return undefined;
    let joinedBefore = false;
    let disposed = false;
    let channel: RealtimeChannel | null = null;
    void openChannel(topic, presenceKey ? { config: { presence: { key: `${presenceKey}/${tab}` } } } : undefined, () => disposed).then((opened) => {
      if (!opened) return;
      channel = opened.on('postgres_changes', { event: '*', schema: 'public', table: register }, (payload) =>
        latest.current.onChange?.(toRegisterChange(payload as RealtimePostgresChangesPayload<Record<string, unknown>>)),
      );
      if (presenceKey) opened.on('presence', { event: 'sync' }, () => setPresence(presenceEntries(opened.presenceState())));
      opened.subscribe((state) => {
        if (state === 'SUBSCRIBED') {
          setStatus('live');
          if (joinedBefore) {
            if (latest.current.onRejoin) latest.current.onRejoin();
            else void invalidateRegister(queryClient, user, { register });
          }
          joinedBefore = true;
        } else if (state === 'CHANNEL_ERROR' || state === 'TIMED_OUT') {
          setStatus('reconnecting');
        } else if (state === 'CLOSED') {
          setStatus('off');
        }
      });
      channelRef.current = opened;
      tracked.current = false;
      // A place said before the channel was open is said now.
      const said = unsaid.current;
      unsaid.current = null;
      if (said && presenceKey) {
        tracked.current = true;
        const first = () => opened.track({ ...said, person: presenceKey });
        tracking.current = tracking.current.then(first, first);
      }
    });
    return () => {
      disposed = true;
      channelRef.current = null;
      setPresence([]);
      if (channel) void supabaseClient.removeChannel(channel);
    };
  }, [register, topic, user, presenceKey, tab, queryClient]);

  /** Says where this person is (e.g. { register, row_id, cell, name }); others who may read that row see it. */
  const track = useCallback(
    (meta: Record<string, unknown>) => {
      const move = async () => {
        const channel = channelRef.current;
        if (!channel) {
          unsaid.current = meta;
          return;
        }
        if (tracked.current) await channel.untrack();
        tracked.current = true;
        await channel.track({ ...meta, person: presenceKey });
      };
      tracking.current = tracking.current.then(move, move);
      return tracking.current;
    },
    [presenceKey],
  );
  const untrack = useCallback(() => {
    const leave = async () => {
      tracked.current = false;
      unsaid.current = null;
      await channelRef.current?.untrack();
    };
    tracking.current = tracking.current.then(leave, leave);
    return tracking.current;
  }, []);
  return { status, presence, track, untrack };
}

/** The to-do bell follows new and changed notifications of the person live (and after a rejoin). */
export function useLiveNotifications(): void {
  const queryClient = useQueryClient();
  const user = useSignedInUserId();
  useEffect(() => {
    if (!user) return undefined;
    // At most once a second, and a list on its way is not cancelled: under a stream of to-dos (a busy
    // morning) each change restarting the fetch would keep the list from ever arriving.
    let waiting: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      waiting ??= setTimeout(() => {
        waiting = null;
        void queryClient.invalidateQueries({ queryKey: keys.refineData('notifications') }, { cancelRefetch: false });
      }, 1000);
    };
    let disposed = false;
    let channel: RealtimeChannel | null = null;
    void openChannel('notifications:mine', undefined, () => disposed).then((opened) => {
      if (!opened) return;
      channel = opened.on('postgres_changes', { event: '*', schema: 'public', table: 'notifications' }, refresh).subscribe((state) => {
        if (state === 'SUBSCRIBED') refresh();
      });
    });
    return () => {
      disposed = true;
      if (waiting) clearTimeout(waiting);
      if (channel) void supabaseClient.removeChannel(channel);
    };
  }, [user, queryClient]);
}
