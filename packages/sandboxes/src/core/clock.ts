/** Time as the sandbox sees it: tests pass their own `now` to move past token lifetimes and grace periods. */
export interface SandboxClock {
  now(): number;
}

export const systemClock: SandboxClock = { now: () => Date.now() };

export const clockFrom = (now?: () => number): SandboxClock => (now ? { now } : systemClock);

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
