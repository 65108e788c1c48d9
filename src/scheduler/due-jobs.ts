import { addDays, minutesOfDay, zonedDateTimeToInstant } from "../domain/time.ts";
import { isWorkingDay, nextWorkingDay } from "../domain/working-days.ts";
import type { JobKind } from "../generated/prisma/enums.ts";

/** What the scheduler needs of a program to know when its jobs fall (dates as YYYY-MM-DD). */
export interface ProgramCalendar {
  startDate: string;
  endDate: string;
  workingWeekdays: readonly number[];
  morningReminderAt: string;
  startOfDayAt: string;
  checkInClosesAt: string;
  checkInNudgeMinutes: number;
  eveningReminderAt: string;
  dailyRecapAt: string;
  preStartReminderAt: string;
}

export interface JobSlot {
  kind: JobKind;
  /** The program day the job belongs to, in the host province's zone. */
  localDate: string;
  /** The set time: the last message should have left by then. */
  dueAt: Date;
}

/**
 * The jobs of one program on one local date, whatever the time now. Daily jobs run on working
 * days within the program; the pre-start notice on the calendar day before it starts; the
 * last-day notice on its last day (at the start of the working day, after the morning reminder).
 */
export function jobSlotsOn(
  program: ProgramCalendar,
  localDate: string,
  timeZone: string,
  daysOff: ReadonlySet<string> | ReadonlyMap<string, string>,
): JobSlot[] {
  const slots: JobSlot[] = [];
  const at = (kind: JobKind, clockTime: string) =>
    slots.push({ kind, localDate, dueAt: zonedDateTimeToInstant(localDate, clockTime, timeZone) });
  if (localDate === addDays(program.startDate, -1)) at("PRE_START", program.preStartReminderAt);
  // Certificates go out on the first working day after the end (daysOff must cover the days
  // between; see CERTIFICATE_WINDOW_DAYS).
  if (
    localDate > program.endDate &&
    localDate ===
      nextWorkingDay(program.endDate, { workingWeekdays: program.workingWeekdays, daysOff })
  ) {
    at("CERTIFICATE_DELIVERY", program.startOfDayAt);
  }
  const inProgram = program.startDate <= localDate && localDate <= program.endDate;
  if (!inProgram) return slots;
  const working = isWorkingDay(localDate, { workingWeekdays: program.workingWeekdays, daysOff });
  if (working) {
    at("MORNING_REMINDER", program.morningReminderAt);
    at("CHECKIN_NUDGE", nudgeTime(program.checkInClosesAt, program.checkInNudgeMinutes));
    at("EVENING_REMINDER", program.eveningReminderAt);
    at("DAILY_RECAP", program.dailyRecapAt);
  }
  if (localDate === program.endDate) at("LAST_DAY", program.startOfDayAt);
  return slots;
}

/** How many days after its end a program is still looked at (certificate delivery). */
export const CERTIFICATE_WINDOW_DAYS = 14;

/** "HH:mm" that many minutes before the check-in window closes (not before midnight). */
export function nudgeTime(checkInClosesAt: string, minutesBefore: number): string {
  const minutes = Math.max(0, minutesOfDay(checkInClosesAt) - Math.max(0, minutesBefore));
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * How long before its set time a batch must be created so that the last of `recipients`
 * messages leaves by then at `ratePerSecond`: ceil(N / rate) seconds plus a margin.
 */
export function leadTimeMs(recipients: number, ratePerSecond: number, marginMs: number): number {
  return Math.ceil(recipients / ratePerSecond) * 1000 + marginMs;
}

/**
 * True from `leadMs` before the set time until `graceMs` after it: early enough to be on time,
 * and a tick that was missed (the process was down) still catches up within the grace window.
 */
export function isInCreationWindow(now: Date, dueAt: Date, leadMs: number, graceMs: number) {
  const t = now.getTime();
  return t >= dueAt.getTime() - leadMs && t <= dueAt.getTime() + graceMs;
}
