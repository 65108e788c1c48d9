import { describe, expect, it } from "vitest";
import { HOLIDAYS_2026 } from "../../src/domain/holidays-2026.ts";
import {
  dayStatus,
  daysOffFromHolidays,
  isWorkingDay,
  nextWorkingDay,
  workingDaysBetween,
} from "../../src/domain/working-days.ts";

describe("isWorkingDay", () => {
  it("works Monday to Friday by default", () => {
    expect(isWorkingDay("2024-02-26")).toBe(true);
    expect(isWorkingDay("2024-03-01")).toBe(true);
    expect(isWorkingDay("2024-03-02")).toBe(false);
    expect(isWorkingDay("2024-03-03")).toBe(false);
  });

  it("skips days off given as an array, a set or a map", () => {
    const day = "2026-03-19";
    expect(isWorkingDay(day)).toBe(true);
    expect(isWorkingDay(day, { daysOff: [day] })).toBe(false);
    expect(isWorkingDay(day, { daysOff: new Set([day]) })).toBe(false);
    expect(isWorkingDay(day, { daysOff: new Map([[day, "Nyepi"]]) })).toBe(false);
  });

  it("honours custom working weekdays", () => {
    const sixDayWeek = { workingWeekdays: [1, 2, 3, 4, 5, 6] };
    expect(isWorkingDay("2024-03-02", sixDayWeek)).toBe(true);
    expect(isWorkingDay("2024-03-03", sixDayWeek)).toBe(false);
    expect(() => isWorkingDay("2024-03-03", { workingWeekdays: [0] })).toThrow(RangeError);
  });
});

describe("workingDaysBetween", () => {
  it("covers the Sumbar–Jatim internship week (Mon 26 Feb – Fri 1 Mar 2024)", () => {
    expect(workingDaysBetween("2024-02-26", "2024-03-01")).toEqual([
      "2024-02-26",
      "2024-02-27",
      "2024-02-28",
      "2024-02-29",
      "2024-03-01",
    ]);
  });

  it("skips weekends and holidays, ends inclusive", () => {
    const daysOff = daysOffFromHolidays(HOLIDAYS_2026);
    expect(workingDaysBetween("2026-03-16", "2026-03-27", { daysOff })).toEqual([
      "2026-03-16",
      "2026-03-17",
      "2026-03-25",
      "2026-03-26",
      "2026-03-27",
    ]);
  });

  it("is empty when the end is before the start", () => {
    expect(workingDaysBetween("2024-03-01", "2024-02-26")).toEqual([]);
  });

  it("counts 2026's working days after national holidays and cuti bersama", () => {
    const daysOff = daysOffFromHolidays(HOLIDAYS_2026);
    const weekdays = workingDaysBetween("2026-01-01", "2026-12-31");
    const workingDays = workingDaysBetween("2026-01-01", "2026-12-31", { daysOff });
    const daysOffOnWeekdays = HOLIDAYS_2026.filter((holiday) => weekdays.includes(holiday.date));
    expect(weekdays).toHaveLength(261);
    expect(workingDays).toHaveLength(261 - daysOffOnWeekdays.length);
    // Idulfitri 21 Mar is a Saturday; 22 Mar, Paskah (5 Apr) and Waisak (31 May) are Sundays.
    expect(daysOffOnWeekdays).toHaveLength(HOLIDAYS_2026.length - 4);
  });
});

describe("nextWorkingDay", () => {
  it("skips the weekend", () => {
    expect(nextWorkingDay("2024-03-01")).toBe("2024-03-04");
  });

  it("skips the Idulfitri break", () => {
    const daysOff = daysOffFromHolidays(HOLIDAYS_2026);
    expect(nextWorkingDay("2026-03-17", { daysOff })).toBe("2026-03-25");
  });

  it("can include the given day", () => {
    expect(nextWorkingDay("2024-02-26", {}, { includeGivenDay: true })).toBe("2024-02-26");
    expect(nextWorkingDay("2024-03-02", {}, { includeGivenDay: true })).toBe("2024-03-04");
  });

  it("gives up when no weekday is worked", () => {
    expect(nextWorkingDay("2024-03-01", { workingWeekdays: [] })).toBeUndefined();
  });
});

describe("dayStatus", () => {
  const daysOff = daysOffFromHolidays(HOLIDAYS_2026);

  it("names holidays from the map", () => {
    expect(dayStatus("2026-03-19", { daysOff })).toEqual({
      status: "holiday",
      holidayName: "Hari Suci Nyepi (Tahun Baru Saka 1948)",
    });
    expect(dayStatus("2026-03-20", { daysOff })).toEqual({
      status: "holiday",
      holidayName: "Cuti Bersama Idulfitri 1447 H",
    });
  });

  it("reports a holiday without a name when days off are a plain list", () => {
    expect(dayStatus("2026-03-19", { daysOff: ["2026-03-19"] })).toEqual({ status: "holiday" });
  });

  it("prefers the holiday name over 'weekend' for a holiday on a Sunday", () => {
    expect(dayStatus("2026-03-22", { daysOff })).toMatchObject({ status: "holiday" });
    expect(dayStatus("2026-03-22")).toEqual({ status: "weekend" });
  });

  it("reports ordinary days", () => {
    expect(dayStatus("2026-03-25", { daysOff })).toEqual({ status: "working" });
    expect(dayStatus("2026-03-28", { daysOff })).toEqual({ status: "weekend" });
  });

  it("rejects malformed dates", () => {
    expect(() => dayStatus("2026-02-30")).toThrow(RangeError);
  });
});
