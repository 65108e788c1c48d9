import { addDays } from "./time.ts";
import {
  type DayStatus,
  dayStatus,
  type WorkingDayRules,
  workingDaysBetween,
} from "./working-days.ts";

/**
 * A program's calendar: its dates ("YYYY-MM-DD", in the host province) and its working-day
 * rules (working weekdays, days off). The one calendar type: features show days with it, the
 * scheduler decides which jobs fall on a day with it. Loaded from the holiday table by
 * `loadProgramCalendar` (src/features/shared/program-calendar.ts).
 */
export interface ProgramCalendar {
  startDate: string;
  endDate: string;
  rules: WorkingDayRules;
  statusOn(isoDate: string): DayStatus;
  isWorkingDay(isoDate: string): boolean;
  isWithinProgram(isoDate: string): boolean;
  workingDays(from: string, to: string): string[];
  /** The last working day of the program, or its end date when it has none. */
  lastWorkingDay(): string;
}

export function programCalendar(
  startDate: string,
  endDate: string,
  rules: WorkingDayRules,
): ProgramCalendar {
  const workingDays = (a: string, b: string) => workingDaysBetween(a, b, rules);
  return {
    startDate,
    endDate,
    rules,
    statusOn: (isoDate) => dayStatus(isoDate, rules),
    isWorkingDay: (isoDate) => dayStatus(isoDate, rules).status === "working",
    isWithinProgram: (isoDate) => startDate <= isoDate && isoDate <= endDate,
    workingDays,
    lastWorkingDay: () => workingDays(startDate, endDate).at(-1) ?? endDate,
  };
}

/** The earlier of two "YYYY-MM-DD" dates (ISO dates compare as strings). */
export function earlierDate(a: string, b: string): string {
  return a.localeCompare(b) <= 0 ? a : b;
}

export function laterDate(a: string, b: string): string {
  return a.localeCompare(b) >= 0 ? a : b;
}

/** Monday of the ISO week that contains `isoDate`. */
export function mondayOf(isoDate: string, weekday: number): string {
  return addDays(isoDate, 1 - weekday);
}
