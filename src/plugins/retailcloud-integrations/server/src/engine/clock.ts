/**
 * Time as the engine sees it: when a lease expires, when it is renewed, when a run's heartbeat is due and when a run
 * counts as abandoned. The real clock unless a test puts its own in (the plugin's `clock` service, `use()`), so tests
 * move time forward instead of sleeping until a lease or a heartbeat runs out.
 */
export interface Clock {
  now(): number;
  /** Call `fn` every `ms` until the returned function is called (the process does not wait for it to exit). */
  every(ms: number, fn: () => unknown): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** The app's clock: real by default; `use()` puts another in its place (timers already running keep their clock). */
export interface SwitchableClock extends Clock {
  use(clock: Clock | null): void;
}

export const switchableClock = (): SwitchableClock => {
  let current: Clock = systemClock;
  return {
    now: () => current.now(),
    every: (ms, fn) => current.every(ms, fn),
    use(clock) {
      current = clock ?? systemClock;
    },
  };
};

interface Repeating {
  due: number;
  ms: number;
  fn: () => unknown;
}

/**
 * A clock that moves only when told (tests): `advance(ms)` moves it forward, running every repeating callback that
 * falls due on the way, in time order, and waiting for what each returns before going on.
 */
export class ManualClock implements Clock {
  private readonly timers = new Set<Repeating>();

  constructor(private current = Date.now()) {}

  now(): number {
    return this.current;
  }

  every(ms: number, fn: () => unknown): () => void {
    const timer: Repeating = { due: this.current + ms, ms: Math.max(1, ms), fn };
    this.timers.add(timer);
    return () => {
      this.timers.delete(timer);
    };
  }

  async advance(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      const next = [...this.timers].filter((t) => t.due <= until).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.current = Math.max(this.current, next.due);
      next.due += next.ms;
      await next.fn();
    }
    this.current = until;
  }
}
