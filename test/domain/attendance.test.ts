import { describe, expect, it } from "vitest";
import {
  ATTENDANCE_SHORT_CODES,
  ATTENDANCE_STATUSES,
  type AttendanceRecord,
  classifyCheckIn,
  isAttendanceStatus,
  summariseAttendance,
} from "../../src/domain/attendance.ts";

const hours = { startOfDay: "07:30", windowStart: "05:00", windowEnd: "12:00" };

describe("classifyCheckIn", () => {
  it("is on time up to and including the start minute", () => {
    expect(classifyCheckIn({ ...hours, localTime: "06:45" })).toBe("HADIR");
    expect(classifyCheckIn({ ...hours, localTime: "07:30" })).toBe("HADIR");
  });

  it("is late after the start minute", () => {
    expect(classifyCheckIn({ ...hours, localTime: "07:31" })).toBe("TERLAMBAT");
    expect(classifyCheckIn({ ...hours, localTime: "12:00" })).toBe("TERLAMBAT");
  });

  it("is outside the window before it opens or after it closes", () => {
    expect(classifyCheckIn({ ...hours, localTime: "04:59" })).toBe("OUTSIDE_WINDOW");
    expect(classifyCheckIn({ ...hours, localTime: "05:00" })).toBe("HADIR");
    expect(classifyCheckIn({ ...hours, localTime: "12:01" })).toBe("OUTSIDE_WINDOW");
  });

  it("applies a grace period when one is granted", () => {
    expect(classifyCheckIn({ ...hours, localTime: "07:40", graceMinutes: 10 })).toBe("HADIR");
    expect(classifyCheckIn({ ...hours, localTime: "07:41", graceMinutes: 10 })).toBe("TERLAMBAT");
  });

  it("rejects malformed times and windows", () => {
    expect(() => classifyCheckIn({ ...hours, localTime: "7:30" })).toThrow(RangeError);
    expect(() =>
      classifyCheckIn({ ...hours, localTime: "07:30", windowStart: "13:00", windowEnd: "12:00" }),
    ).toThrow(RangeError);
    expect(() => classifyCheckIn({ ...hours, localTime: "07:30", graceMinutes: -1 })).toThrow(
      RangeError,
    );
  });
});

describe("summariseAttendance", () => {
  const week = ["2024-02-26", "2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"];

  it("counts statuses and the attendance rate", () => {
    const records: AttendanceRecord[] = [
      { date: "2024-02-26", status: "HADIR" },
      { date: "2024-02-27", status: "TERLAMBAT" },
      { date: "2024-02-28", status: "DINAS_LUAR" },
      { date: "2024-02-29", status: "SAKIT" },
      { date: "2024-03-01", status: "ALPA" },
    ];
    const summary = summariseAttendance(records, week);
    expect(summary).toEqual({
      expectedDays: 5,
      counts: { HADIR: 1, TERLAMBAT: 1, IZIN: 0, SAKIT: 1, DINAS_LUAR: 1, ALPA: 1 },
      unrecorded: 0,
      presentDays: 3,
      rate: 0.6,
      ignoredRecords: 0,
    });
  });

  it("counts missing days as unrecorded and ignores days outside the period", () => {
    const summary = summariseAttendance(
      [
        { date: "2024-02-26", status: "HADIR" },
        { date: "2024-03-02", status: "HADIR" },
      ],
      week,
    );
    expect(summary).toMatchObject({ unrecorded: 4, presentDays: 1, rate: 0.2, ignoredRecords: 1 });
  });

  it("lets a later record for the same day correct an earlier one", () => {
    const summary = summariseAttendance(
      [
        { date: "2024-02-26", status: "ALPA" },
        { date: "2024-02-26", status: "IZIN" },
      ],
      ["2024-02-26"],
    );
    expect(summary.counts).toMatchObject({ ALPA: 0, IZIN: 1 });
    expect(summary.rate).toBe(0);
  });

  it("has no rate when no day was expected", () => {
    expect(summariseAttendance([], []).rate).toBeNull();
  });

  it("counts a duplicated expected day once", () => {
    expect(summariseAttendance([], ["2024-02-26", "2024-02-26"]).expectedDays).toBe(1);
  });
});

describe("statuses", () => {
  it("has a recap code for every status", () => {
    for (const status of ATTENDANCE_STATUSES) expect(ATTENDANCE_SHORT_CODES[status]).toBeTruthy();
    expect(ATTENDANCE_SHORT_CODES.ALPA).toBe("TK");
  });

  it("recognises status strings", () => {
    expect(isAttendanceStatus("DINAS_LUAR")).toBe(true);
    expect(isAttendanceStatus("CUTI")).toBe(false);
  });
});
