import { describe, expect, it } from "vitest";
import { cachedHealth } from "../../src/bot/http-server.ts";

describe("cached health check", () => {
  it("asks the database at most once per interval, shares a check in flight, and sees an outage after it", async () => {
    let now = 0;
    let queries = 0;
    let healthy = true;
    const health = cachedHealth(
      async () => {
        queries++;
        if (!healthy) throw new Error("database down");
        return true;
      },
      5_000,
      () => now,
    );
    const scrapes = await Promise.all(Array.from({ length: 50 }, () => health()));
    expect(scrapes.every(Boolean)).toBe(true);
    expect(queries).toBe(1);
    healthy = false;
    now = 4_999;
    expect(await health()).toBe(true);
    expect(queries).toBe(1);
    now = 5_000;
    expect(await health()).toBe(false);
    expect(queries).toBe(2);
    healthy = true;
    now = 10_000;
    expect(await health()).toBe(true);
  });
});
