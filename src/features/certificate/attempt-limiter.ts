/**
 * A sliding window of attempts per key (a Telegram user, an IP address): verification answers
 * at most `limit` lookups per key per window, so nobody can walk through candidate numbers.
 * Kept in memory; a restart forgets it, which only resets the window.
 */
export interface AttemptLimiter {
  /** Records an attempt at `nowMs`; false when the key is over its limit (not recorded). */
  allow(key: string, nowMs: number): boolean;
}

export function createAttemptLimiter(options: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
}): AttemptLimiter {
  const hits = new Map<string, number[]>();
  const maxKeys = options.maxKeys ?? 10_000;
  return {
    allow: (key, nowMs) => {
      const since = nowMs - options.windowMs;
      const recent = (hits.get(key) ?? []).filter((at) => at > since);
      if (recent.length >= options.limit) {
        hits.set(key, recent);
        return false;
      }
      recent.push(nowMs);
      hits.delete(key);
      hits.set(key, recent);
      // The oldest keys go first when too many are kept (insertion order is recency).
      while (hits.size > maxKeys) {
        const oldest = hits.keys().next().value;
        if (oldest === undefined) break;
        hits.delete(oldest);
      }
      return true;
    },
  };
}
