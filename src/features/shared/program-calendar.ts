import type { DbOrTx } from "../../db/client.ts";
import { findProgramDaysOff } from "../../db/repositories/holidays.repository.ts";
import {
  earlierDate,
  laterDate,
  type ProgramCalendar,
  programCalendar,
} from "../../domain/program-calendar.ts";
import { dateColumn, isoDateOf } from "../../domain/time.ts";
import { daysOffFromHolidays } from "../../domain/working-days.ts";

export interface CalendarProgram {
  id: string;
  hostProvinceCode: string;
  startDate: Date;
  endDate: Date;
  workingWeekdays: number[];
}

/**
 * The one loader of a program's calendar: its working days with its days off from the holiday
 * table, loaded once for the program's dates (and `extra`, e.g. the end of a week that runs past
 * the program, or the scheduler's yesterday before the program starts).
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
  return programCalendar(startDate, endDate, {
    workingWeekdays: program.workingWeekdays,
    daysOff: daysOffFromHolidays(
      holidays.map((holiday) => ({ date: isoDateOf(holiday.date), name: holiday.name })),
    ),
  });
}
