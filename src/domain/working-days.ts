/**
 * Working-day calendar. Days off are decreed yearly and change mid-year, so they always come
 * from the caller (the holiday table), never from a built-in list.
 */

import { addDays, dayOfWeek, parseIsoDate } from "./time.ts";

export const DEFAULT_WORKING_WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5];

/** How far `nextWorkingDay` looks before concluding there is none. */
const MAX_SEARCH_DAYS = 366;

export interface WorkingDayRules {
  /** ISO weekdays, 1 = Monday … 7 = Sunday; Monday–Friday when omitted. */
  workingWeekdays?: readonly number[];
  /**
   * Dates ("YYYY-MM-DD") off work regardless of weekday: national holidays, cuti bersama,
   * program-specific days. A Map also supplies the name `dayStatus` reports.
   */
  daysOff?: ReadonlySet<string> | readonly string[] | ReadonlyMap<string, string>;
}

export type DayStatus =
  | { status: "working" }
  | { status: "weekend" }
  | { status: "holiday"; holidayName?: string };

export function isWorkingDay(isoDate: string, rules: WorkingDayRules = {}): boolean {
  return statusOn(isoDate, compileRules(rules)).status === "working";
}

/**
 * A day off takes precedence over a weekend, so a holiday on a Sunday is reported by name
 * rather than as an ordinary weekend.
 */
export function dayStatus(isoDate: string, rules: WorkingDayRules = {}): DayStatus {
  return statusOn(isoDate, compileRules(rules));
}

/** Working days from `start` to `end`, both inclusive; empty when `end` is before `start`. */
export function workingDaysBetween(
  start: string,
  end: string,
  rules: WorkingDayRules = {},
): string[] {
  parseIsoDate(start);
  parseIsoDate(end);
  const compiled = compileRules(rules);
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) {
    if (statusOn(day, compiled).status === "working") days.push(day);
  }
  return days;
}

/**
 * The first working day strictly after `isoDate` (or on it, with `includeGivenDay`);
 * undefined when none falls within a year, e.g. when no weekday is a working day.
 */
export function nextWorkingDay(
  isoDate: string,
  rules: WorkingDayRules = {},
  { includeGivenDay = false }: { includeGivenDay?: boolean } = {},
): string | undefined {
  const compiled = compileRules(rules);
  let day = includeGivenDay ? isoDate : addDays(isoDate, 1);
  for (let step = 0; step <= MAX_SEARCH_DAYS; step++, day = addDays(day, 1)) {
    if (statusOn(day, compiled).status === "working") return day;
  }
  return undefined;
}

/** Builds the `daysOff` map from holiday rows, keeping the first name given for a date. */
export function daysOffFromHolidays(
  holidays: Iterable<{ date: string; name: string }>,
): Map<string, string> {
  const daysOff = new Map<string, string>();
  for (const holiday of holidays) {
    if (!daysOff.has(holiday.date)) daysOff.set(holiday.date, holiday.name);
  }
  return daysOff;
}

interface CompiledRules {
  workingWeekdays: ReadonlySet<number>;
  /** Date → holiday name, or undefined when the caller gave no name. */
  daysOff: ReadonlyMap<string, string | undefined>;
}

function compileRules(rules: WorkingDayRules): CompiledRules {
  const weekdays = rules.workingWeekdays ?? DEFAULT_WORKING_WEEKDAYS;
  for (const weekday of weekdays) {
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      throw new RangeError(`Working weekdays are 1 (Monday) to 7 (Sunday), got ${weekday}`);
    }
  }
  const daysOff = new Map<string, string | undefined>();
  if (rules.daysOff instanceof Map) {
    for (const [date, name] of rules.daysOff) daysOff.set(date, name);
  } else if (rules.daysOff) {
    for (const date of rules.daysOff as Iterable<string>) daysOff.set(date, undefined);
  }
  return { workingWeekdays: new Set(weekdays), daysOff };
}

function statusOn(isoDate: string, rules: CompiledRules): DayStatus {
  parseIsoDate(isoDate);
  if (rules.daysOff.has(isoDate)) {
    const holidayName = rules.daysOff.get(isoDate);
    return holidayName ? { status: "holiday", holidayName } : { status: "holiday" };
  }
  return rules.workingWeekdays.has(dayOfWeek(isoDate))
    ? { status: "working" }
    : { status: "weekend" };
}
