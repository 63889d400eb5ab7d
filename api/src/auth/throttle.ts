// Sign-in throttling by client address (accounts have their own lock in the database): failures in
// a sliding window slow the address down, and past a limit it must wait. In memory: a restart forgets
// it, which the per-account lock in the database does not.
export interface AddressThrottle {
  /** Seconds the address must still wait, or 0. */
  blockedFor(address: string): number;
  /** Counts a failure. */
  fail(address: string): void;
  /** Forgets an address after a successful sign-in. */
  clear(address: string): void;
}

/** A throttle allowing `limit` failures per `windowMs`, then blocking for the rest of the window. */
export function addressThrottle(limit = 20, windowMs = 15 * 60_000, now: () => number = Date.now): AddressThrottle {
  const failures = new Map<string, number[]>();
  const recent = (address: string) => (failures.get(address) ?? []).filter((t) => t > now() - windowMs);
  return {
    blockedFor(address) {
      const list = recent(address);
      failures.set(address, list);
      if (list.length < limit) return 0;
      return Math.ceil((list[0]! + windowMs - now()) / 1000);
    },
    fail(address) {
      const list = recent(address);
      list.push(now());
      failures.set(address, list);
      // Keep memory bounded when many addresses fail.
      if (failures.size > 50_000) failures.delete(failures.keys().next().value!);
    },
    clear(address) {
      failures.delete(address);
    },
  };
}
