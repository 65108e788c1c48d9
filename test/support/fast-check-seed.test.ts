import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIXED_SEED, seedFromEnvironment } from "./fast-check-seed.ts";

describe("fast-check seed set-up", () => {
  it("uses the fixed seed unless FC_SEED asks for another", () => {
    expect(seedFromEnvironment(undefined)).toBe(FIXED_SEED);
    expect(seedFromEnvironment(" ")).toBe(FIXED_SEED);
    expect(seedFromEnvironment("42")).toBe(42);
    expect(Number.isSafeInteger(seedFromEnvironment("random"))).toBe(true);
    expect(() => seedFromEnvironment("banana")).toThrow(/FC_SEED/);
  });

  it("runs every property with the configured seed", () => {
    const expected = seedFromEnvironment(process.env.FC_SEED);
    expect(fc.readConfigureGlobal().seed).toBe(expected);
    const first: number[] = [];
    const second: number[] = [];
    fc.assert(
      fc.property(fc.integer(), (value) => void first.push(value)),
      { numRuns: 20 },
    );
    fc.assert(
      fc.property(fc.integer(), (value) => void second.push(value)),
      { numRuns: 20 },
    );
    expect(second).toEqual(first);
  });

  it("still fails a failing property, naming the seed to replay (prints an intended FAILED line)", () => {
    expect(() =>
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 100 }), (value) => value < 50),
        { numRuns: 200 },
      ),
    ).toThrow(/seed: -?\d+/);
  });

  it("still fails a failing async property (prints an intended FAILED line)", async () => {
    await expect(
      fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 100 }), async (value) => value < 50),
        { numRuns: 200 },
      ),
    ).rejects.toThrow(/seed: -?\d+/);
  });
});
