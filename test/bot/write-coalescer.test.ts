import { describe, expect, it } from "vitest";
import { createWriteCoalescer } from "../../src/bot/write-coalescer.ts";

describe("write coalescer", () => {
  it("writes what arrives while a write is in flight as one batch, results in order", async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const coalescer = createWriteCoalescer<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((item) => item * 10);
    });
    const first = coalescer.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [2, 3, 4].map((item) => coalescer.submit(item));
    expect(coalescer.pending()).toBe(4);
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    await coalescer.drain();
    expect(coalescer.pending()).toBe(0);
  });

  it("rejects every caller of a failed batch and keeps serving later ones", async () => {
    let fail = true;
    const coalescer = createWriteCoalescer<string, string>(async (items) => {
      if (fail) throw new Error("database unavailable");
      return items;
    });
    const failed = await Promise.allSettled([coalescer.submit("a"), coalescer.submit("b")]);
    expect(failed.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await coalescer.submit("c")).toBe("c");
  });

  it("splits a long queue at maxBatch", async () => {
    const sizes: number[] = [];
    const coalescer = createWriteCoalescer<number, null>(
      async (items) => {
        sizes.push(items.length);
        return items.map(() => null);
      },
      { maxBatch: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((item) => coalescer.submit(item)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
