import { assessmentJobOn } from "../domain/assessment.ts";
import type { ProgramCalendar } from "../domain/program-calendar.ts";
import { addDays, minutesOfDay, zonedDateTimeToInstant } from "../domain/time.ts";
import { nextWorkingDay } from "../domain/working-days.ts";
import type { JobKind } from "../generated/prisma/enums.ts";

/** A program's set times ("HH:mm" in the host province's zone) of the scheduler's jobs. */
export interface ProgramJobTimes {
  morningReminderAt: string;
  startOfDayAt: string;
  checkInClosesAt: string;
  checkInNudgeMinutes: number;
  eveningReminderAt: string;
  dailyRecapAt: string;
  preStartReminderAt: string;
  /** The last date mentors are reminded of missing assessments; none = seven days after the end. */
  assessmentClosesOn?: string | null;
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
 * Assessments (domain/assessment.ts): the request on the last working day and a reminder on each
 * working day after the end until the closing date, at the start of the working day; for these
 * `daysOff` must cover the date to the program's end date.
 */
export function jobSlotsOn(
  calendar: ProgramCalendar,
  times: ProgramJobTimes,
  localDate: string,
  timeZone: string,
): JobSlot[] {
  const slots: JobSlot[] = [];
  const at = (kind: JobKind, clockTime: string) =>
    slots.push({ kind, localDate, dueAt: zonedDateTimeToInstant(localDate, clockTime, timeZone) });
  if (localDate === addDays(calendar.startDate, -1)) at("PRE_START", times.preStartReminderAt);
  const assessment = assessmentJobOn(
    localDate,
    {
      startDate: calendar.startDate,
      endDate: calendar.endDate,
      closesOn: times.assessmentClosesOn ?? null,
    },
    calendar.rules,
  );
  if (assessment === "reminder") at("ASSESSMENT_REMINDER", times.startOfDayAt);
  // Certificates go out on the first working day after the end (the calendar's days off must
  // cover the days between; see CERTIFICATE_WINDOW_DAYS).
  if (
    localDate > calendar.endDate &&
    localDate === nextWorkingDay(calendar.endDate, calendar.rules)
  ) {
    at("CERTIFICATE_DELIVERY", times.startOfDayAt);
  }
  if (!calendar.isWithinProgram(localDate)) return slots;
  if (calendar.isWorkingDay(localDate)) {
    at("MORNING_REMINDER", times.morningReminderAt);
    at("CHECKIN_NUDGE", nudgeTime(times.checkInClosesAt, times.checkInNudgeMinutes));
    at("EVENING_REMINDER", times.eveningReminderAt);
    at("DAILY_RECAP", times.dailyRecapAt);
  }
  if (localDate === calendar.endDate) at("LAST_DAY", times.startOfDayAt);
  if (assessment === "request") at("ASSESSMENT_REQUEST", times.startOfDayAt);
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
