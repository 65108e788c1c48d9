import { setTimeout as delay } from "node:timers/promises";

/**
 * An abort signal as grammY and its runner hand them out: Node's own, or the `abort-controller`
 * polyfill's (which node:timers/promises does not accept), so `sleep` links it to its own.
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** Waits `ms`, or less when `signal` aborts: it resolves either way and never rejects on abort. */
export async function sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
  if (!signal) return delay(Math.max(0, ms));
  if (signal.aborted) return;
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal.addEventListener("abort", abort);
  try {
    await delay(Math.max(0, ms), undefined, { signal: controller.signal });
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    signal.removeEventListener("abort", abort);
  }
}

/** A sleep that `wake()` cuts short (a new job arrived, the worker stops). */
export function wakeableSleep(ms: number): { done: Promise<void>; wake: () => void } {
  const controller = new AbortController();
  return { done: sleep(ms, controller.signal), wake: () => controller.abort() };
}

/** Capped exponential backoff: `firstMs` doubled per attempt (0 = the first retry), at most `maxMs`. */
export function backoffDelay(attempt: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(Math.max(0, attempt), 30));
}
