/**
 * Calendar and clock arithmetic for Indonesian time zones.
 *
 * Nothing here reads the system clock: callers pass the instant (`now`) they mean, so the same
 * code serves live handlers, scheduled jobs and tests. Calendar dates travel as ISO strings
 * ("YYYY-MM-DD") because a date in a province is not an instant.
 */

export type IndonesianZone = "WIB" | "WITA" | "WIT";
export type DisplayLocale = "id" | "en";

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

const ZONE_BY_TIME_ZONE: Readonly<Record<string, IndonesianZone>> = {
  "Asia/Jakarta": "WIB",
  // Kalimantan Barat and Tengah keep their own IANA id but share WIB (UTC+7).
  "Asia/Pontianak": "WIB",
  "Asia/Makassar": "WITA",
  // Legacy alias of Asia/Makassar that some systems still report.
  "Asia/Ujung_Pandang": "WITA",
  "Asia/Jayapura": "WIT",
};

const DAY_NAMES: Readonly<Record<DisplayLocale, readonly string[]>> = {
  id: ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
  en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
};

// Written out rather than taken from Intl: Node builds without full ICU lack "id" data.
const MONTH_NAMES: Readonly<Record<DisplayLocale, readonly string[]>> = {
  id: [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
  ],
  en: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
};

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function isValidIsoDate(value: string): boolean {
  return tryParseIsoDate(value) !== undefined;
}

export function isValidClockTime(value: string): boolean {
  return CLOCK_TIME_PATTERN.test(value);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes since local midnight of a "HH:mm" string. */
export function minutesOfDay(clockTime: string): number {
  const match = CLOCK_TIME_PATTERN.exec(clockTime);
  if (!match) throw new RangeError(`Expected "HH:mm", got "${clockTime}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function zoneLabelFor(timeZone: string): IndonesianZone | undefined {
  return ZONE_BY_TIME_ZONE[timeZone];
}

/** The calendar date ("YYYY-MM-DD") that `instant` falls on in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = zonedParts(instant, timeZone);
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

/** The wall-clock time ("HH:mm", 24-hour) of `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): string {
  const parts = zonedParts(instant, timeZone);
  return `${pad(parts.hour, 2)}:${pad(parts.minute, 2)}`;
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (WIB = 420). */
export function timeZoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = zonedParts(instant, timeZone);
  const wallClockAsUtc = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  const instantWithoutMs = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallClockAsUtc - instantWithoutMs) / MS_PER_MINUTE);
}

/**
 * The instant at which the wall clock in `timeZone` shows `clockTime` on `isoDate`.
 * Indonesia has no daylight saving time, but the offset is looked up rather than assumed so
 * other zones work too: a time skipped by a DST jump resolves to the later offset, a repeated
 * time to the earlier occurrence.
 */
export function zonedDateTimeToInstant(isoDate: string, clockTime: string, timeZone: string): Date {
  const { year, month, day } = parseIsoDate(isoDate);
  const minutes = minutesOfDay(clockTime);
  const wallClockAsUtc = Date.UTC(year, month - 1, day) + minutes * MS_PER_MINUTE;
  const firstGuess = wallClockAsUtc - offsetMs(new Date(wallClockAsUtc), timeZone);
  const secondGuess = wallClockAsUtc - offsetMs(new Date(firstGuess), timeZone);
  if (firstGuess === secondGuess) return new Date(firstGuess);
  const earlier = Math.min(firstGuess, secondGuess);
  return localTime(new Date(earlier), timeZone) === clockTime
    ? new Date(earlier)
    : new Date(Math.max(firstGuess, secondGuess));
}

export function addDays(isoDate: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Expected whole days, got ${days}`);
  return formatUtcDate(new Date(utcMidnight(isoDate) + days * MS_PER_DAY));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / MS_PER_DAY);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(isoDate: string): number {
  const sundayBased = new Date(utcMidnight(isoDate)).getUTCDay();
  return sundayBased === 0 ? 7 : sundayBased;
}

/** "Senin, 26 Februari 2024" (id) or "Monday, 26 February 2024" (en). */
export function formatDateId(isoDate: string, locale: DisplayLocale = "id"): string {
  const { year, month, day } = parseIsoDate(isoDate);
  const dayName = DAY_NAMES[locale][dayOfWeek(isoDate) - 1];
  const monthName = MONTH_NAMES[locale][month - 1];
  return `${dayName}, ${day} ${monthName} ${year}`;
}

/**
 * "07:30 WIB". Without a label the Indonesian zone name is used, or "UTC+7"-style for zones
 * outside Indonesia.
 */
export function formatTimeWithZone(instant: Date, timeZone: string, zoneLabel?: string): string {
  const label = zoneLabel ?? zoneLabelFor(timeZone) ?? utcOffsetLabel(instant, timeZone);
  return `${localTime(instant, timeZone)} ${label}`;
}

function utcOffsetLabel(instant: Date, timeZone: string): string {
  const offset = timeZoneOffsetMinutes(instant, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const hours = Math.floor(Math.abs(offset) / 60);
  const minutes = Math.abs(offset) % 60;
  return `UTC${sign}${hours}${minutes === 0 ? "" : `:${pad(minutes, 2)}`}`;
}

function offsetMs(instant: Date, timeZone: string): number {
  return timeZoneOffsetMinutes(instant, timeZone) * MS_PER_MINUTE;
}

interface ZonedParts extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      // h23, not hour12:false, which renders midnight as "24" in some ICU versions.
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The last whole second asked for, per zone. formatToParts costs ~20 µs; a check-in asks for the
 * same second several times (local date, time, the label), and so do concurrent updates. The
 * parts depend only on the whole second (no zone offset has a fraction of one).
 */
const lastSecond = new Map<string, { second: number; parts: Readonly<ZonedParts> }>();

function zonedParts(instant: Date, timeZone: string): Readonly<ZonedParts> {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Invalid Date");
  const second = Math.floor(ms / 1000);
  const last = lastSecond.get(timeZone);
  if (last?.second === second) return last.parts;
  const values: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) values[part.type] = part.value;
  const yearOfEra = Number(values.year);
  const parts = Object.freeze({
    year: values.era === "BC" ? 1 - yearOfEra : yearOfEra,
    month: Number(values.month),
    day: Number(values.day),
    hour: Number(values.hour),
    minute: Number(values.minute),
    second: Number(values.second),
  });
  // One entry per zone that formatterFor accepted (it throws on an unknown one first).
  lastSecond.set(timeZone, { second, parts });
  return parts;
}

function tryParseIsoDate(value: string): CalendarDate | undefined {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function parseIsoDate(value: string): CalendarDate {
  const parsed = tryParseIsoDate(value);
  if (!parsed) throw new RangeError(`Expected a real date as "YYYY-MM-DD", got "${value}"`);
  return parsed;
}

export function daysInMonth(year: number, month: number): number {
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  return lastDay.getUTCDate();
}

function utcMidnight(isoDate: string): number {
  const { year, month, day } = parseIsoDate(isoDate);
  const date = new Date(0);
  // setUTCFullYear avoids Date.UTC's mapping of years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function formatUtcDate(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** A `@db.Date` column as "YYYY-MM-DD" (Prisma hands it over at UTC midnight). */
export function isoDateOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "YYYY-MM-DD" as the value a `@db.Date` column expects. */
export function dateColumn(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}
