import { describe, expect, it } from "vitest";
import {
  type AbortSignalLike,
  backoffDelay,
  sleep,
  wakeableSleep,
} from "../../src/shared/sleep.ts";

/** Like the `abort-controller` polyfill grammY and its runner use: not Node's own AbortSignal. */
function polyfillSignal(): AbortSignalLike & { abort(): void; listeners: number } {
  const listeners = new Set<() => void>();
  const signal = {
    aborted: false,
    get listeners() {
      return listeners.size;
    },
    addEventListener: (_type: "abort", listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: "abort", listener: () => void) => listeners.delete(listener),
    abort() {
      signal.aborted = true;
      for (const listener of [...listeners]) listener();
    },
  };
  return signal;
}

describe("sleep", () => {
  it("resolves, not rejects, when its signal aborts (Node's or a polyfill's), and lets go of it", async () => {
    const native = new AbortController();
    const first = sleep(600_000, native.signal);
    native.abort();
    await expect(first).resolves.toBeUndefined();

    const polyfill = polyfillSignal();
    const second = sleep(600_000, polyfill);
    expect(polyfill.listeners).toBe(1);
    polyfill.abort();
    await expect(second).resolves.toBeUndefined();
    expect(polyfill.listeners).toBe(0);
  });

  it("returns at once for a signal that has already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(600_000, controller.signal)).resolves.toBeUndefined();
  });

  it("is cut short by wake()", async () => {
    const { done, wake } = wakeableSleep(600_000);
    wake();
    wake();
    await expect(done).resolves.toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("doubles from the first delay and stops at the cap", () => {
    expect(
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, 250, 30_000)),
    ).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(backoffDelay(1_000, 2_000, 60_000)).toBe(60_000);
    expect(backoffDelay(-1, 500, 2_000)).toBe(500);
  });
});
