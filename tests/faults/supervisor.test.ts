// The supervisor's rules on their own (no stack): a part that dies is started again after 0.5 s,
// doubling to 10 s while it keeps dying, back to 0.5 s once it ran a minute; every restart is
// logged and counted; nothing is restarted once stopping began.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Supervised, type PartHandle } from '../../supabase/local/supervisor.ts';

type FakePart = { handles: { die(how: string): void; stopped: boolean }[]; start: () => Promise<PartHandle>; failNext: number };

function fakePart(): FakePart {
  const part: FakePart = {
    handles: [],
    failNext: 0,
    start: async () => {
      if (part.failNext > 0) {
        part.failNext -= 1;
        throw new Error('port still held');
      }
      let die: (how: string) => void = () => undefined;
      const exited = new Promise<string>((resolve) => (die = resolve));
      const handle = { die, stopped: false };
      part.handles.push(handle);
      return {
        pid: 1000 + part.handles.length,
        exited,
        stop: async () => {
          handle.stopped = true;
          die('code 0');
        },
      };
    },
  };
  return part;
}

let lines: string[];
const log = (line: string) => lines.push(line);
const delays = () => lines.flatMap((l) => /in (\d+\.\d)s/.exec(l)?.[1] ?? []).map(Number);

beforeEach(() => {
  vi.useFakeTimers();
  lines = [];
});
afterEach(() => vi.useRealTimers());

describe('the supervisor', () => {
  it('restarts a part that dies after 0.5 s, doubling to at most 10 s, and logs and counts each restart', async () => {
    const part = fakePart();
    const supervised = new Supervised('postgrest', part.start, log);
    await supervised.startFirst();
    for (let i = 0; i < 7; i += 1) {
      part.handles.at(-1)?.die('signal SIGKILL');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(supervised.isUp()).toBe(true);
    }
    expect(delays()).toEqual([0.5, 1, 2, 4, 8, 10, 10]);
    expect(supervised.status()).toMatchObject({ state: 'up', pid: 1008, restarts: 7, lastExit: 'signal SIGKILL' });
    expect(lines.filter((l) => l.includes('is up again'))).toHaveLength(7);
  });

  it('starts counting from 0.5 s again once the part has run a minute', async () => {
    const part = fakePart();
    const supervised = new Supervised('auth', part.start, log);
    await supervised.startFirst();
    for (let i = 0; i < 3; i += 1) {
      part.handles.at(-1)?.die('code 1');
      await vi.advanceTimersByTimeAsync(5_000);
    }
    await vi.advanceTimersByTimeAsync(61_000);
    part.handles.at(-1)?.die('code 1');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(delays()).toEqual([0.5, 1, 2, 0.5]);
  });

  it('tries again, later each time, when the part cannot start yet', async () => {
    const part = fakePart();
    const supervised = new Supervised('postgres', part.start, log);
    await supervised.startFirst();
    part.failNext = 2;
    part.handles[0].die('signal SIGKILL');
    await vi.advanceTimersByTimeAsync(600);
    expect(supervised.status().state).toBe('restarting');
    expect(lines.some((l) => l.includes('did not start (port still held)'))).toBe(true);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(supervised.status()).toMatchObject({ state: 'up', restarts: 1 });
    expect(delays()).toEqual([0.5, 1, 2]);
  });

  it('restarts nothing once stopping began, also not a restart already planned', async () => {
    const part = fakePart();
    const supervised = new Supervised('functions', part.start, log);
    await supervised.startFirst();
    part.handles[0].die('signal SIGKILL');
    supervised.beginStop();
    await supervised.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(part.handles).toHaveLength(1);
    expect(supervised.status().state).toBe('down');

    const other = fakePart();
    const running = new Supervised('scheduler', other.start, log);
    await running.startFirst();
    await running.stop();
    expect(other.handles[0].stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(other.handles).toHaveLength(1);
  });
});
