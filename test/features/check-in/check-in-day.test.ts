import { describe, expect, it } from "vitest";
import { dayStatus } from "../../../src/domain/working-days.ts";
import {
  checkLocationMessage,
  evaluateCheckInDay,
  formatDistance,
} from "../../../src/features/check-in/check-in-day.ts";

const window = { checkInOpensAt: "06:00", checkInClosesAt: "10:00", startOfDayAt: "07:30" };
const calendar = {
  startDate: "2026-11-23",
  endDate: "2026-12-04",
  statusOn: (date: string) =>
    dayStatus(date, { daysOff: new Map([["2026-11-26", "Hari Jadi Provinsi"]]) }),
};
const evaluate = (iso: string, timeZone = "Asia/Jakarta") =>
  evaluateCheckInDay(new Date(iso), timeZone, window, calendar);

describe("evaluateCheckInDay", () => {
  it("is on time up to the start of the day and late after it, in the host zone", () => {
    expect(evaluate("2026-11-24T00:30:00Z")).toEqual({
      kind: "open",
      localDate: "2026-11-24",
      localTime: "07:30",
      status: "HADIR",
    });
    expect(evaluate("2026-11-24T00:31:00Z")).toMatchObject({ status: "TERLAMBAT" });
    // 07:31 in Makassar (WITA) is 06:31 in Jakarta: the same instant is late there only.
    expect(evaluate("2026-11-23T23:31:00Z", "Asia/Makassar")).toMatchObject({
      status: "TERLAMBAT",
      localTime: "07:31",
    });
  });

  it("uses the host province's date around midnight UTC", () => {
    // 23:30 UTC on Sunday is Monday 06:30 WIB.
    expect(evaluate("2026-11-22T23:30:00Z")).toMatchObject({
      kind: "open",
      localDate: "2026-11-23",
    });
  });

  it("names the reason when there is no check-in", () => {
    expect(evaluate("2026-11-22T01:00:00Z")).toEqual({
      kind: "before_program",
      startDate: "2026-11-23",
    });
    expect(evaluate("2026-12-07T01:00:00Z")).toEqual({
      kind: "after_program",
      endDate: "2026-12-04",
    });
    expect(evaluate("2026-11-28T01:00:00Z")).toEqual({ kind: "weekend", localDate: "2026-11-28" });
    expect(evaluate("2026-11-26T01:00:00Z")).toEqual({
      kind: "holiday",
      localDate: "2026-11-26",
      holidayName: "Hari Jadi Provinsi",
    });
    expect(evaluate("2026-11-24T22:59:00Z")).toMatchObject({
      kind: "outside_window",
      tooEarly: true,
    });
    expect(evaluate("2026-11-24T03:01:00Z")).toMatchObject({
      kind: "outside_window",
      tooEarly: false,
      localTime: "10:01",
    });
    expect(evaluate("2026-11-24T03:00:00Z")).toMatchObject({ kind: "open", status: "TERLAMBAT" });
  });
});

describe("checkLocationMessage", () => {
  const now = new Date("2026-11-24T00:30:00Z");
  const seconds = now.getTime() / 1000;
  const location = { latitude: -7.26, longitude: 112.68, horizontal_accuracy: 12 };

  it("accepts a fresh location of one's own and keeps its accuracy", () => {
    expect(checkLocationMessage({ date: seconds - 60, location }, now)).toEqual({
      ok: true,
      latitude: -7.26,
      longitude: 112.68,
      accuracyM: 12,
    });
    expect(
      checkLocationMessage({ date: seconds, location: { latitude: 1, longitude: 2 } }, now),
    ).toMatchObject({ ok: true, accuracyM: null });
  });

  it("refuses forwarded, venue, live, stale and non-location messages", () => {
    const reason = (message: Parameters<typeof checkLocationMessage>[0]) => {
      const result = checkLocationMessage(message, now);
      return result.ok ? "ok" : result.reason;
    };
    expect(reason({ date: seconds, location, forward_origin: { type: "user" } })).toBe("forwarded");
    expect(reason({ date: seconds, location, venue: { title: "Kantor" } })).toBe("venue");
    expect(reason({ date: seconds, location: { ...location, live_period: 900 } })).toBe("live");
    expect(reason({ date: seconds - 61, location })).toBe("stale");
    expect(reason({ date: seconds })).toBe("not_location");
  });
});

describe("formatDistance", () => {
  it("shows metres below a kilometre and kilometres with the locale's decimal mark", () => {
    expect(formatDistance(349.6, "id")).toBe("350 m");
    expect(formatDistance(2224, "id")).toBe("2,2 km");
    expect(formatDistance(2224, "en")).toBe("2.2 km");
  });
});
