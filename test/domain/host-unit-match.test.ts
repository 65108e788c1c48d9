import { describe, expect, it } from "vitest";
import { cohortHostUnits } from "../../src/db/seed/sumbar-jatim-cohort.ts";
import { matchHostUnit } from "../../src/domain/host-unit-match.ts";
import { compactId, expandId } from "../../src/shared/compact-id.ts";

const units = cohortHostUnits.map((unit, index) => ({
  id: `unit-${index}`,
  name: unit.name,
  shortName: unit.shortName,
}));

function label(query: string): string {
  const match = matchHostUnit(query, units);
  return match.kind === "one" ? (match.unit.shortName ?? "") : match.kind;
}

describe("matchHostUnit", () => {
  it("finds a unit by short name, abbreviation, full name or a fragment", () => {
    expect(label("BKD Jatim")).toBe("BKD Jatim");
    expect(label("bkd")).toBe("BKD Jatim");
    expect(label("dishub")).toBe("Dishub Jatim");
    expect(label("Dinas Perhubungan Provinsi Sumatera Barat")).toBe("Dishub Jatim");
    expect(label("peternakan")).toBe("Disnak Jatim");
  });

  it("offers choices when the words fit several units, and nothing for nonsense", () => {
    const many = matchHostUnit("Dinas", units);
    expect(many.kind).toBe("many");
    expect(label("zzz")).toBe("none");
    expect(label("   ")).toBe("none");
  });
});

describe("compact ids", () => {
  it("round-trips a UUID in 22 characters and rejects anything else", () => {
    const uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const compact = compactId(uuid);
    expect(compact).toHaveLength(22);
    expect(expandId(compact)).toBe(uuid);
    expect(expandId("not-an-id")).toBeUndefined();
    expect(expandId("A".repeat(22))).toBeDefined();
  });
});
