import { describe, expect, it } from "vitest";
import { createAttemptLimiter } from "../../../src/features/certificate/attempt-limiter.ts";

describe("the verification attempt limiter", () => {
  it("allows the limit per key within the window, then again once it slides on", () => {
    const limiter = createAttemptLimiter({ limit: 3, windowMs: 60_000 });
    expect([0, 1, 2, 3].map((at) => limiter.allow("a", at * 1000))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(limiter.allow("b", 4000)).toBe(true);
    expect(limiter.allow("a", 59_000)).toBe(false);
    expect(limiter.allow("a", 60_001)).toBe(true);
  });

  it("forgets the oldest keys past its size", () => {
    const limiter = createAttemptLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2 });
    expect(limiter.allow("a", 0)).toBe(true);
    expect(limiter.allow("b", 0)).toBe(true);
    expect(limiter.allow("c", 0)).toBe(true);
    expect(limiter.allow("a", 1)).toBe(true);
    expect(limiter.allow("c", 1)).toBe(false);
  });
});
