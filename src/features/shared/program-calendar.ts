import type { DbOrTx } from "../../db/client.ts";
import { findProgramDaysOff } from "../../db/repositories/holidays.repository.ts";
import { addDays, dateColumn, isoDateOf } from "../../domain/time.ts";
import {
  type DayStatus,
  dayStatus,
  daysOffFromHolidays,
  type WorkingDayRules,
  workingDaysBetween,
} from "../../domain/working-days.ts";

export { dateColumn, isoDateOf } from "../../domain/time.ts";

export interface CalendarProgram {
  id: string;
  hostProvinceCode: string;
  startDate: Date;
  endDate: Date;
  workingWeekdays: number[];
}

export interface ProgramCalendar {
  startDate: string;
  endDate: string;
  rules: WorkingDayRules;
  statusOn(isoDate: string): DayStatus;
  isWithinProgram(isoDate: string): boolean;
  workingDays(from: string, to: string): string[];
  /** The last working day of the program, or its end date when it has none. */
  lastWorkingDay(): string;
}

/**
 * The program's working days with its days off from the holiday table, loaded once for the
 * program's dates (and `extraTo`, e.g. the end of a week that runs past the program).
 */
export async function loadProgramCalendar(
  db: DbOrTx,
  program: CalendarProgram,
  extra: { from?: string; to?: string } = {},
): Promise<ProgramCalendar> {
  const startDate = isoDateOf(program.startDate);
  const endDate = isoDateOf(program.endDate);
  const from = extra.from ? earlierDate(extra.from, startDate) : startDate;
  const to = extra.to ? laterDate(extra.to, endDate) : endDate;
  const holidays = await findProgramDaysOff(db, program, dateColumn(from), dateColumn(to));
  const rules: WorkingDayRules = {
    workingWeekdays: program.workingWeekdays,
    daysOff: daysOffFromHolidays(
      holidays.map((holiday) => ({ date: isoDateOf(holiday.date), name: holiday.name })),
    ),
  };
  const workingDays = (a: string, b: string) => workingDaysBetween(a, b, rules);
  return {
    startDate,
    endDate,
    rules,
    statusOn: (isoDate) => dayStatus(isoDate, rules),
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
