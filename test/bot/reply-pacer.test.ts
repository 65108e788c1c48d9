import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { replyPacer } from "../../src/bot/reply-pacer.ts";
import { sleep } from "../../src/shared/sleep.ts";

// Fake timers reach the global setTimeout, not node:timers/promises under the shared sleep: here
// the pacer's waits (and the fake API's) go through the global one, so the fake clock moves them.
vi.mock("../../src/shared/sleep.ts", () => ({
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
}));

type Prev = Parameters<ReturnType<typeof replyPacer>>[0];

describe("reply pacer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A fake API: records when each call starts and finishes after `takesMs`. */
  function fakeApi(takesMs = 10) {
    const started: Array<{ chat: unknown; at: number }> = [];
    let running = 0;
    let mostRunning = 0;
    const prev = (async (_method: string, payload: { chat_id?: unknown }) => {
      started.push({ chat: payload?.chat_id, at: performance.now() });
      running++;
      mostRunning = Math.max(mostRunning, running);
      await sleep(takesMs);
      running--;
      return { ok: true, result: true };
    }) as unknown as Prev;
    return { prev, started, mostRunning: () => mostRunning };
  }

  const call = (pace: ReturnType<typeof replyPacer>, prev: Prev, payload: object) =>
    pace(prev, "sendMessage", payload as never);

  it("spaces calls to one chat by its gap, one at a time, and lets other chats through", async () => {
    const pace = replyPacer({ privateChatGapMs: 100, groupGapMs: 3000, maxConcurrent: 100 });
    const api = fakeApi();
    const t0 = performance.now();
    const calls = [
      call(pace, api.prev, { chat_id: 1, text: "a" }),
      call(pace, api.prev, { chat_id: 1, text: "b" }),
      call(pace, api.prev, { chat_id: 2, text: "c" }),
      call(pace, api.prev, { chat_id: -5, text: "d" }),
      call(pace, api.prev, { chat_id: -5, text: "e" }),
    ];
    await vi.advanceTimersByTimeAsync(5_000);
    await Promise.all(calls);
    const startsOf = (chat: number) =>
      api.started.filter((entry) => entry.chat === chat).map((entry) => entry.at - t0);
    expect(startsOf(1)).toEqual([0, 100]);
    expect(startsOf(2)).toEqual([0]);
    expect(startsOf(-5)).toEqual([0, 3000]);
  });

  it("keeps the gap for a chat's next call after its lane went quiet, not after that", async () => {
    const pace = replyPacer({ privateChatGapMs: 100, groupGapMs: 3000, maxConcurrent: 100 });
    const api = fakeApi(10);
    const t0 = performance.now();
    const first = call(pace, api.prev, { chat_id: 7 });
    await vi.advanceTimersByTimeAsync(20);
    await first;
    const second = call(pace, api.prev, { chat_id: 7 });
    await vi.advanceTimersByTimeAsync(500);
    await second;
    const third = call(pace, api.prev, { chat_id: 7 });
    await vi.advanceTimersByTimeAsync(20);
    await third;
    expect(api.started.map((entry) => entry.at - t0)).toEqual([0, 100, 520]);
  });

  it("caps calls in flight over all chats and passes calls without a chat straight through", async () => {
    const pace = replyPacer({ privateChatGapMs: 100, groupGapMs: 3000, maxConcurrent: 3 });
    const api = fakeApi(50);
    const calls = Array.from({ length: 10 }, (_, index) =>
      call(pace, api.prev, { chat_id: 100 + index }),
    );
    const unpaced = call(pace, api.prev, { offset: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(api.started.some((entry) => entry.chat === undefined)).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all([...calls, unpaced]);
    expect(api.started).toHaveLength(11);
    expect(api.mostRunning()).toBe(4); // three paced ones and the unpaced getUpdates-like call
  });
});
