import { describe, expect, it } from "vitest";
import { shortCode, summariseAttendance } from "../../src/domain/attendance.ts";
import {
  attendanceRate,
  countedDays,
  type DayCell,
  dayCell,
  isPresentCell,
  tallyCells,
} from "../../src/domain/attendance-rate.ts";

describe("the one attendance-rate definition", () => {
  it("counts H, TL and DL as present; I, S, TK, pending and open days as not present", () => {
    const present: DayCell[] = ["HADIR", "TERLAMBAT", "DINAS_LUAR"];
    const absent: DayCell[] = ["IZIN", "SAKIT", "ALPA", "PENDING", null];
    expect(present.map(isPresentCell)).toEqual([true, true, true]);
    expect(absent.map(isPresentCell)).toEqual([false, false, false, false, false]);
  });

  it("keeps excused days and today in the denominator", () => {
    // Monday H, Tuesday S, today (open) not checked in yet.
    expect(attendanceRate(tallyCells(["HADIR", "SAKIT", null]))).toBeCloseTo(1 / 3);
    expect(tallyCells(["HADIR", "PENDING", null])).toEqual({ counted: 3, present: 1, pending: 1 });
  });

  it("gives 1 of 26 present on an open day as about 4%, not 100%", () => {
    const day: DayCell[] = ["HADIR", ...Array.from({ length: 25 }, () => null)];
    const rate = attendanceRate(tallyCells(day));
    expect(rate).toBeCloseTo(1 / 26);
    expect(Math.round((rate ?? 0) * 100)).toBe(4);
  });

  it("has no rate before the first working day and refuses an impossible tally", () => {
    expect(attendanceRate({ counted: 0, present: 0 })).toBeNull();
    expect(() => attendanceRate({ counted: 1, present: 2 })).toThrow(RangeError);
  });

  it("turns records into cells: pending apart, rejected as no record", () => {
    expect(dayCell({ status: "HADIR", review: "PENDING" }, true)).toBe("PENDING");
    expect(dayCell({ status: "HADIR", review: "REJECTED" }, true)).toBe("ALPA");
    expect(dayCell({ status: "HADIR", review: "REJECTED" }, false)).toBeNull();
    expect(dayCell({ status: "TERLAMBAT", review: "CONFIRMED" }, false)).toBe("TERLAMBAT");
    expect(dayCell(undefined, true)).toBe("ALPA");
    expect(dayCell(undefined, false)).toBeNull();
    expect(shortCode("PENDING")).toBe("H?");
  });

  it("counts today and the days before it, never a later day", () => {
    const days = ["2026-03-02", "2026-03-03", "2026-03-04"];
    expect(countedDays(days, "2026-03-03")).toEqual(["2026-03-02", "2026-03-03"]);
  });

  it("agrees with the participant summary /riwayat shows", () => {
    const summary = summariseAttendance(
      [{ date: "2026-03-02", status: "HADIR" }],
      ["2026-03-02", "2026-03-03", "2026-03-04"],
    );
    expect(summary.rate).toBe(attendanceRate(tallyCells(["HADIR", null, null])));
  });
});
