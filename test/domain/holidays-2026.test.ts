import { describe, expect, it } from "vitest";
import { HOLIDAYS_2026, proposeHolidayCandidates } from "../../src/domain/holidays-2026.ts";
import { isValidIsoDate } from "../../src/domain/time.ts";

const datesOf = (kind: string) =>
  HOLIDAYS_2026.filter((holiday) => holiday.kind === kind).map((holiday) => holiday.date);

describe("HOLIDAYS_2026", () => {
  it("has the 17 national holidays of the SKB", () => {
    expect(datesOf("national")).toEqual([
      "2026-01-01",
      "2026-01-16",
      "2026-02-17",
      "2026-03-19",
      "2026-03-21",
      "2026-03-22",
      "2026-04-03",
      "2026-04-05",
      "2026-05-01",
      "2026-05-14",
      "2026-05-27",
      "2026-05-31",
      "2026-06-01",
      "2026-06-16",
      "2026-08-17",
      "2026-08-25",
      "2026-12-25",
    ]);
  });

  it("has the 8 cuti bersama days of the SKB", () => {
    expect(datesOf("cuti_bersama")).toEqual([
      "2026-02-16",
      "2026-03-18",
      "2026-03-20",
      "2026-03-23",
      "2026-03-24",
      "2026-05-15",
      "2026-05-28",
      "2026-12-24",
    ]);
  });

  it("lists real, unique, sorted 2026 dates", () => {
    const dates = HOLIDAYS_2026.map((holiday) => holiday.date);
    expect(dates.every((date) => isValidIsoDate(date) && date.startsWith("2026-"))).toBe(true);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
  });
});

describe("proposeHolidayCandidates", () => {
  it("returns the decreed table for 2026, needing no review", () => {
    const candidates = proposeHolidayCandidates(2026);
    expect(candidates).toHaveLength(25);
    expect(candidates.every((item) => item.source === "skb" && !item.needsReview)).toBe(true);
  });

  it("proposes library dates for other years, all to be reviewed", () => {
    const candidates = proposeHolidayCandidates(2027);
    expect(candidates.length).toBeGreaterThan(10);
    for (const candidate of candidates) {
      expect(candidate).toMatchObject({ source: "date-holidays", needsReview: true });
      expect(candidate.date.startsWith("2027-")).toBe(true);
    }
    expect(candidates.map((item) => item.date)).toContain("2027-08-17");
    expect(candidates.some((item) => item.kind === "cuti_bersama")).toBe(false);
  });

  it("adds Easter Sunday two days after Good Friday", () => {
    const easter = proposeHolidayCandidates(2027).find((item) =>
      item.reviewHints.includes("derived_from_good_friday"),
    );
    expect(easter?.date).toBe("2027-03-28");
  });

  it("renames the library's mislabelled Isra Mikraj and flags Islamic dates", () => {
    const candidates = proposeHolidayCandidates(2027);
    const israMikraj = candidates.filter((item) => item.name.startsWith("Isra Mikraj"));
    expect(israMikraj.length).toBeGreaterThanOrEqual(1);
    expect(israMikraj[0]?.reviewHints).toEqual(["islamic_date_estimate", "renamed_from_library"]);
    expect(candidates.filter((item) => item.name.startsWith("Maulid"))).toHaveLength(1);
  });

  it("rejects a non-integer year", () => {
    expect(() => proposeHolidayCandidates(2027.5)).toThrow(RangeError);
  });
});
