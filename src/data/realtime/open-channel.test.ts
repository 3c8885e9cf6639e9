import { describe, expect, it, vi } from 'vitest';

// A client that still holds a channel named "register:customers" (leaving) until `left` is called.
const held = vi.hoisted(() => ({ topics: ['realtime:register:customers'] }));
vi.mock('../supabase-client', () => ({
  supabaseClient: {
    getChannels: () => held.topics.map((topic) => ({ topic })),
    channel: (name: string) => {
      const channel = { topic: `realtime:${name}`, fresh: !held.topics.includes(`realtime:${name}`) };
      held.topics.push(channel.topic);
      return channel;
    },
  },
}));
import { openChannel } from './open-channel';

describe('a screen’s channel opens once the old one of its name has left', () => {
  it('waits while supabase-js still holds a leaving channel of the name, then opens a new one', async () => {
    setTimeout(() => held.topics.splice(0), 80);
    const channel = (await openChannel('register:customers', undefined, () => false)) as unknown as { fresh: boolean };
    expect(channel.fresh).toBe(true);
  });

  it('opens nothing for a screen that went away while it waited', async () => {
    held.topics.splice(0, held.topics.length, 'realtime:record:customers:1');
    let gone = false;
    setTimeout(() => (gone = true), 40);
    expect(await openChannel('record:customers:1', undefined, () => gone)).toBeNull();
    expect(held.topics).toEqual(['realtime:record:customers:1']);
  });
});
