// Supervision of the stack's parts: a part that dies is started again with backoff (0.5 s doubling
// to 10 s; back to 0.5 s once it has run a minute), each restart logged. The daemon owns one
// Supervised per part; the gateway asks it whether a part is up, `status` shows its state.

/** A started part: its process (when it has one of its own), how it ends, and how to stop it. */
export type PartHandle = {
  pid: number | undefined;
  /** Resolves with how the part ended ("signal SIGKILL", "code 1") when it ends by itself or is stopped. */
  exited: Promise<string>;
  stop(): Promise<void>;
};

export type PartState = 'starting' | 'up' | 'restarting' | 'down';

export type PartStatus = {
  state: PartState;
  pid: number | null;
  /** When the part last came up (ISO), null while it is not up. */
  upSince: string | null;
  restarts: number;
  lastExit: string | null;
};

const firstDelayMs = 500;
const maxDelayMs = 10_000;
const stableMs = 60_000;

export class Supervised {
  private handle: PartHandle | null = null;
  private state: PartState = 'starting';
  private upSince: Date | null = null;
  private downSince: Date | null = null;
  private restarts = 0;
  private failures = 0;
  private lastExit: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempt: Promise<void> | null = null;
  private stopping = false;

  constructor(
    readonly name: string,
    private readonly start: (restart: { downSince: Date | null }) => Promise<PartHandle>,
    private readonly log: (line: string) => void,
    private readonly changed: () => void = () => undefined,
  ) {}

  /** The first start: a failure is the caller's (the stack does not come up), not retried. */
  async startFirst(): Promise<void> {
    this.handle = await this.start({ downSince: null });
    this.markUp();
    this.watch(this.handle);
  }

  isUp(): boolean {
    return this.state === 'up';
  }

  status(): PartStatus {
    return {
      state: this.state,
      pid: this.state === 'up' ? (this.handle?.pid ?? null) : null,
      upSince: this.upSince?.toISOString() ?? null,
      restarts: this.restarts,
      lastExit: this.lastExit,
    };
  }

  /** Restarts a running part on purpose (a part it depends on came back), counted as a restart. */
  async restart(reason: string): Promise<void> {
    if (this.stopping || this.state !== 'up' || !this.handle) return;
    const handle = this.handle;
    this.handle = null;
    this.setDown('restarting', reason);
    this.log(`[stack] restarting ${this.name}: ${reason}`);
    await handle.stop().catch(() => undefined);
    this.schedule(0);
  }

  /** Stops the part for good: no restart after this, also not one already planned. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.attempt?.catch(() => undefined);
    const handle = this.handle;
    this.handle = null;
    this.state = 'down';
    if (handle) await handle.stop();
  }

  /** Marks the part stopping without waiting: set for every part before any of them is stopped. */
  beginStop(): void {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private markUp(): void {
    this.state = 'up';
    this.upSince = new Date();
    this.downSince = null;
    this.changed();
  }

  private setDown(state: PartState, why: string): void {
    this.state = state;
    this.lastExit = why;
    this.downSince ??= new Date();
    this.upSince = null;
    this.changed();
  }

  private watch(handle: PartHandle): void {
    void handle.exited.then((how) => {
      if (this.stopping || this.handle !== handle) return;
      this.handle = null;
      const ranMs = this.upSince ? Date.now() - this.upSince.getTime() : 0;
      if (ranMs >= stableMs) this.failures = 0;
      this.setDown('restarting', how);
      const delay = this.nextDelay();
      this.log(`[stack] ${this.name} exited (${how}); restarting in ${(delay / 1000).toFixed(1)}s`);
      this.schedule(delay);
    });
  }

  private nextDelay(): number {
    const delay = Math.min(firstDelayMs * 2 ** this.failures, maxDelayMs);
    this.failures += 1;
    return delay;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.attempt = this.tryStart().finally(() => {
        this.attempt = null;
      });
    }, delayMs);
  }

  private async tryStart(): Promise<void> {
    if (this.stopping) return;
    let handle: PartHandle;
    try {
      handle = await this.start({ downSince: this.downSince });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.lastExit = `restart failed: ${why}`;
      const delay = this.nextDelay();
      this.log(`[stack] ${this.name} did not start (${why}); trying again in ${(delay / 1000).toFixed(1)}s`);
      this.schedule(delay);
      return;
    }
    if (this.stopping) {
      await handle.stop().catch(() => undefined);
      return;
    }
    const downFor = this.downSince ? (Date.now() - this.downSince.getTime()) / 1000 : 0;
    this.handle = handle;
    this.restarts += 1;
    this.log(`[stack] ${this.name} is up again after ${downFor.toFixed(1)}s (restart ${this.restarts}, pid ${handle.pid ?? 'in-process'})`);
    this.markUp();
    this.watch(handle);
  }
}

/** How a child process ended, in words for the log and `status`. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code ?? '?'}`;
}
