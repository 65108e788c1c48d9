import { describe, expect, it } from "vitest";
import {
  addDays,
  dayOfWeek,
  daysBetween,
  formatDateId,
  formatTimeWithZone,
  isValidIsoDate,
  localDate,
  localTime,
  minutesOfDay,
  timeZoneOffsetMinutes,
  zonedDateTimeToInstant,
  zoneLabelFor,
} from "../../src/domain/time.ts";

describe("localDate and localTime", () => {
  it("puts Jayapura on the next day while Jakarta is still on the previous one", () => {
    const instant = new Date("2026-02-25T16:30:00Z");
    expect(localDate(instant, "Asia/Jakarta")).toBe("2026-02-25");
    expect(localTime(instant, "Asia/Jakarta")).toBe("23:30");
    expect(localDate(instant, "Asia/Makassar")).toBe("2026-02-26");
    expect(localTime(instant, "Asia/Makassar")).toBe("00:30");
    expect(localDate(instant, "Asia/Jayapura")).toBe("2026-02-26");
    expect(localTime(instant, "Asia/Jayapura")).toBe("01:30");
  });

  it("gives each instant its own second, zone and day when asked in any order", () => {
    // Around midnight in Jakarta and a DST change in New York: the same second twice in a
    // row, the next and previous ones, and zones taking turns.
    const asked: Array<[string, string]> = [
      ["2026-02-25T16:59:59.000Z", "Asia/Jakarta"],
      ["2026-02-25T16:59:59.999Z", "Asia/Jakarta"],
      ["2026-02-25T17:00:00.000Z", "Asia/Jakarta"],
      ["2026-02-25T17:00:00.000Z", "Asia/Jayapura"],
      ["2026-02-25T16:59:59.500Z", "Asia/Jakarta"],
      ["2026-03-08T06:59:59.900Z", "America/New_York"],
      ["2026-03-08T07:00:00.100Z", "America/New_York"],
      ["1969-12-31T23:59:59.500Z", "Asia/Jakarta"],
      ["1970-01-01T00:00:00.000Z", "Asia/Jakarta"],
    ];
    const reference = (instant: Date, timeZone: string) =>
      new Intl.DateTimeFormat("en-CA", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      })
        .format(instant)
        .replace(", ", " ");
    for (const [iso, zone] of asked) {
      const instant = new Date(iso);
      expect(`${localDate(instant, zone)} ${localTime(instant, zone)}`).toBe(
        reference(instant, zone),
      );
    }
  });

  it("shows midnight as 00:00, not 24:00", () => {
    expect(localTime(new Date("2026-02-25T17:00:00Z"), "Asia/Jakarta")).toBe("00:00");
  });

  it("reads the Indonesian offsets", () => {
    const instant = new Date("2026-02-26T00:00:00Z");
    expect(timeZoneOffsetMinutes(instant, "Asia/Jakarta")).toBe(420);
    expect(timeZoneOffsetMinutes(instant, "Asia/Pontianak")).toBe(420);
    expect(timeZoneOffsetMinutes(instant, "Asia/Makassar")).toBe(480);
    expect(timeZoneOffsetMinutes(instant, "Asia/Jayapura")).toBe(540);
  });
});

describe("zonedDateTimeToInstant", () => {
  it("converts local wall-clock time to the instant", () => {
    expect(zonedDateTimeToInstant("2026-02-26", "06:30", "Asia/Jakarta").toISOString()).toBe(
      "2026-02-25T23:30:00.000Z",
    );
    expect(zonedDateTimeToInstant("2026-02-26", "06:30", "Asia/Jayapura").toISOString()).toBe(
      "2026-02-25T21:30:00.000Z",
    );
    expect(zonedDateTimeToInstant("2026-02-26", "00:00", "Asia/Makassar").toISOString()).toBe(
      "2026-02-25T16:00:00.000Z",
    );
  });

  it("round-trips through localDate and localTime", () => {
    const instant = zonedDateTimeToInstant("2024-02-29", "07:30", "Asia/Jayapura");
    expect(localDate(instant, "Asia/Jayapura")).toBe("2024-02-29");
    expect(localTime(instant, "Asia/Jayapura")).toBe("07:30");
  });

  it("handles daylight saving time where a zone has it", () => {
    // New York springs forward at 02:00 on 8 March 2026; 02:30 does not exist.
    expect(zonedDateTimeToInstant("2026-03-08", "02:30", "America/New_York").toISOString()).toBe(
      "2026-03-08T07:30:00.000Z",
    );
    // 01:30 on 1 November 2026 happens twice; the first (EDT) is chosen.
    expect(zonedDateTimeToInstant("2026-11-01", "01:30", "America/New_York").toISOString()).toBe(
      "2026-11-01T05:30:00.000Z",
    );
    expect(zonedDateTimeToInstant("2026-07-01", "09:00", "America/New_York").toISOString()).toBe(
      "2026-07-01T13:00:00.000Z",
    );
  });

  it("rejects malformed input", () => {
    expect(() => zonedDateTimeToInstant("2026-02-30", "06:30", "Asia/Jakarta")).toThrow(RangeError);
    expect(() => zonedDateTimeToInstant("2026-02-26", "24:00", "Asia/Jakarta")).toThrow(RangeError);
    expect(() => zonedDateTimeToInstant("2026-02-26", "06:30", "Asia/Nowhere")).toThrow(RangeError);
  });
});

describe("calendar arithmetic", () => {
  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-02-29", 1)).toBe("2024-03-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-02-26", 0)).toBe("2026-02-26");
  });

  it("counts days between dates", () => {
    expect(daysBetween("2024-02-26", "2024-03-01")).toBe(4);
    expect(daysBetween("2024-03-01", "2024-02-26")).toBe(-4);
  });

  it("numbers weekdays Monday 1 to Sunday 7", () => {
    expect(dayOfWeek("2024-02-26")).toBe(1);
    expect(dayOfWeek("2024-03-01")).toBe(5);
    expect(dayOfWeek("2024-03-03")).toBe(7);
  });

  it("validates dates", () => {
    expect(isValidIsoDate("2024-02-29")).toBe(true);
    expect(isValidIsoDate("2026-02-29")).toBe(false);
    expect(isValidIsoDate("2026-2-1")).toBe(false);
    expect(() => addDays("2026-13-01", 1)).toThrow(RangeError);
  });

  it("reads HH:mm as minutes", () => {
    expect(minutesOfDay("07:30")).toBe(450);
    expect(minutesOfDay("23:59")).toBe(1439);
    expect(() => minutesOfDay("7:30")).toThrow(RangeError);
  });
});

describe("formatting", () => {
  it("writes dates in Indonesian and English", () => {
    expect(formatDateId("2024-02-26", "id")).toBe("Senin, 26 Februari 2024");
    expect(formatDateId("2024-02-26", "en")).toBe("Monday, 26 February 2024");
    expect(formatDateId("2026-08-17")).toBe("Senin, 17 Agustus 2026");
    expect(formatDateId("2026-03-01", "id")).toBe("Minggu, 1 Maret 2026");
    expect(formatDateId("2026-01-02", "id")).toBe("Jumat, 2 Januari 2026");
  });

  it("writes times with the zone label", () => {
    const instant = new Date("2026-02-26T00:30:00Z");
    expect(formatTimeWithZone(instant, "Asia/Jakarta", "WIB")).toBe("07:30 WIB");
    expect(formatTimeWithZone(instant, "Asia/Jakarta")).toBe("07:30 WIB");
    expect(formatTimeWithZone(instant, "Asia/Makassar")).toBe("08:30 WITA");
    expect(formatTimeWithZone(instant, "Asia/Jayapura")).toBe("09:30 WIT");
    expect(formatTimeWithZone(instant, "Asia/Kolkata")).toBe("06:00 UTC+5:30");
  });

  it("maps IANA zones to Indonesian zone names", () => {
    expect(zoneLabelFor("Asia/Jakarta")).toBe("WIB");
    expect(zoneLabelFor("Asia/Pontianak")).toBe("WIB");
    expect(zoneLabelFor("Asia/Makassar")).toBe("WITA");
    expect(zoneLabelFor("Asia/Jayapura")).toBe("WIT");
    expect(zoneLabelFor("Europe/Amsterdam")).toBeUndefined();
  });
});
