import { describe, expect, it } from "vitest";
import {
  CALLBACK_DATA_MAX_BYTES,
  defineCallback,
  definedCallbacks,
  field,
} from "../../src/bot/callback-data.ts";
// Every feature's definitions are made when its module loads.
import "../../src/features/index.ts";

describe("callback data", () => {
  it("every feature's callbacks are defined, each building at most 64 bytes at its longest", () => {
    const prefixes = definedCallbacks.map((definition) => definition.prefix);
    const features = ["checkin", "daily_report", "final_report", "reg", "placement", "bc", "inv"];
    features.push("imp", "status", "prog", "libur", "own", "lang");
    for (const feature of features) {
      expect(
        prefixes.some((prefix) => prefix.startsWith(`${feature}:`) || prefix === feature),
      ).toBe(true);
    }
    for (const definition of definedCallbacks) {
      expect(definition.maxBytes, definition.prefix).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      const values = definition.longest;
      const data = definition.build(values);
      expect(Buffer.byteLength(data), definition.prefix).toBe(definition.maxBytes);
      expect(definition.parse(data), definition.prefix).toEqual(values);
      // Forged variants of real data: an extra part, another action, padded past 64 bytes.
      expect(definition.parse(`${data}:x`), data).toBeUndefined();
      expect(definition.parse(data.replace(definition.prefix, `${definition.prefix}x`))).toBe(
        undefined,
      );
      expect(definition.parse(data.padEnd(CALLBACK_DATA_MAX_BYTES + 1, "0"))).toBeUndefined();
    }
  });

  it("no two definitions accept the same data", () => {
    for (const definition of definedCallbacks) {
      const data = definition.build(definition.longest);
      const takers = definedCallbacks.filter((other) => other.parse(data) !== undefined);
      expect(
        takers.map((other) => other.prefix),
        data,
      ).toEqual([definition.prefix]);
    }
  });

  it("forged data is rejected: wrong shape, unknown action, extra parts, overlong", () => {
    const review = defineCallback("test:review", {
      id: field.uuid,
      decision: field.oneOf("ok", "no"),
    });
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    expect(review.parse(`test:review:${id}:ok`)).toEqual({ id, decision: "ok" });
    expect(review.parse(`test:review:${id}:maybe`)).toBeUndefined();
    expect(review.parse(`test:review:${id.toUpperCase()}:ok`)).toBeUndefined();
    expect(review.parse(`test:review:${id}`)).toBeUndefined();
    expect(review.parse(`test:review:${id}:ok:extra`)).toBeUndefined();
    expect(review.parse(`test:other:${id}:ok`)).toBeUndefined();
    expect(review.parse(`test:review:${id}:ok\n`)).toBeUndefined();
    expect(review.parse(undefined)).toBeUndefined();
    expect(review.parse(`test:review:${id}:${"o".repeat(80)}`)).toBeUndefined();
    expect(() => review.build({ id: "not-an-id", decision: "ok" })).toThrow();
    expect(() => review.build({ id, decision: "maybe" as "ok" })).toThrow();
  });

  it("a definition that could exceed 64 bytes is refused where it is made", () => {
    expect(() => defineCallback("test:too-long", { a: field.uuid, b: field.uuid })).toThrow(
      /bytes/,
    );
    expect(() => defineCallback("test:group", { a: field.matching("(a|b)", "a") })).toThrow();
  });

  it("an id-shaped value with a capturing-free pattern round-trips through the filter", () => {
    const pick = defineCallback("test:prog", { programId: field.uuid });
    const data = pick.build({ programId: "0f8fad5b-d9cb-469f-a165-70867728950e" });
    const match = pick.filter.exec(data);
    expect(match).not.toBeNull();
    expect(pick.values(match ?? "")).toEqual({ programId: "0f8fad5b-d9cb-469f-a165-70867728950e" });
  });
});
