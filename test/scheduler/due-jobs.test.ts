import { describe, expect, it } from "vitest";
import { programCalendar } from "../../src/domain/program-calendar.ts";
import {
  isInCreationWindow,
  jobSlotsOn,
  leadTimeMs,
  nudgeTime,
  type ProgramJobTimes,
} from "../../src/scheduler/due-jobs.ts";

const calendar = (daysOff: string[] = [], endDate = "2026-11-27") =>
  programCalendar("2026-11-23", endDate, {
    workingWeekdays: [1, 2, 3, 4, 5],
    daysOff: new Set(daysOff),
  });

const times: ProgramJobTimes = {
  morningReminderAt: "06:30",
  startOfDayAt: "07:30",
  checkInClosesAt: "10:00",
  checkInNudgeMinutes: 30,
  eveningReminderAt: "16:00",
  dailyRecapAt: "17:00",
  preStartReminderAt: "16:00",
};

const kindsOn = (date: string, daysOff: string[] = []) =>
  jobSlotsOn(calendar(daysOff), times, date, "Asia/Makassar").map((slot) => slot.kind);

describe("the jobs of a program day", () => {
  it("puts the daily jobs on working days at the program's times, in its zone", () => {
    const slots = jobSlotsOn(calendar(), times, "2026-11-24", "Asia/Makassar");
    expect(slots.map((slot) => [slot.kind, slot.dueAt.toISOString()])).toEqual([
      ["MORNING_REMINDER", "2026-11-23T22:30:00.000Z"],
      ["CHECKIN_NUDGE", "2026-11-24T01:30:00.000Z"],
      ["EVENING_REMINDER", "2026-11-24T08:00:00.000Z"],
      ["DAILY_RECAP", "2026-11-24T09:00:00.000Z"],
    ]);
  });

  it("sends the pre-start notice the calendar day before, and the last-day notice on the last day", () => {
    expect(kindsOn("2026-11-22")).toEqual(["PRE_START"]);
    expect(kindsOn("2026-11-27")).toContain("LAST_DAY");
    expect(kindsOn("2026-11-21")).toEqual([]);
    expect(kindsOn("2026-11-28")).toEqual([]);
  });

  it("has no daily jobs on a weekend or a day off", () => {
    expect(kindsOn("2026-11-25", ["2026-11-25"])).toEqual([]);
    const weekendProgram = calendar([], "2026-11-30");
    expect(jobSlotsOn(weekendProgram, times, "2026-11-28", "Asia/Jakarta")).toEqual([]);
  });

  it("nudges the set minutes before check-in closes, never before midnight", () => {
    expect(nudgeTime("10:00", 30)).toBe("09:30");
    expect(nudgeTime("00:15", 30)).toBe("00:00");
  });
});

describe("when a batch is created", () => {
  it("starts early enough for the last message to leave by the set time", () => {
    // 10,000 reminders at 30/s take 334 s: the batch is created 334 s plus the margin ahead.
    expect(leadTimeMs(10_000, 30, 60_000)).toBe(394_000);
    expect(leadTimeMs(0, 30, 60_000)).toBe(60_000);
    expect(leadTimeMs(10_000, 1000, 0)).toBe(10_000);
  });

  it("opens the lead time before the set time and closes after the grace window", () => {
    const due = new Date("2026-11-24T06:30:00Z");
    const at = (iso: string) => isInCreationWindow(new Date(iso), due, 60_000, 7_200_000);
    expect(at("2026-11-24T06:28:59Z")).toBe(false);
    expect(at("2026-11-24T06:29:00Z")).toBe(true);
    expect(at("2026-11-24T08:30:00Z")).toBe(true);
    expect(at("2026-11-24T08:30:01Z")).toBe(false);
  });
});

describe("the certificate delivery day", () => {
  // Assessment reminders also fall on working days after the end; only certificates count here.
  const certificateSlots = (date: string, daysOff: string[] = []) =>
    jobSlotsOn(calendar(daysOff), times, date, "Asia/Makassar").filter(
      (slot) => slot.kind === "CERTIFICATE_DELIVERY",
    );

  it("falls on the first working day after the end, at the start of the day", () => {
    // The program ends on Friday 27 November: Monday 30 November.
    expect(certificateSlots("2026-11-27")).toEqual([]);
    expect(certificateSlots("2026-11-28")).toEqual([]);
    expect(certificateSlots("2026-11-29")).toEqual([]);
    expect(certificateSlots("2026-11-30")).toEqual([
      {
        kind: "CERTIFICATE_DELIVERY",
        localDate: "2026-11-30",
        dueAt: new Date("2026-11-29T23:30:00.000Z"),
      },
    ]);
    expect(certificateSlots("2026-12-01")).toEqual([]);
  });

  it("skips a day off after the end", () => {
    expect(certificateSlots("2026-11-30", ["2026-11-30"])).toEqual([]);
    expect(certificateSlots("2026-12-01", ["2026-11-30"]).map((slot) => slot.kind)).toEqual([
      "CERTIFICATE_DELIVERY",
    ]);
  });
});
