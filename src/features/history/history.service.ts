import type { DbOrTx } from "../../db/client.ts";
import { listCheckInsOfEnrollment } from "../../db/repositories/check-ins.repository.ts";
import { listDailyReportsOfEnrollment } from "../../db/repositories/daily-reports.repository.ts";
import { type AttendanceSummary, summariseAttendance } from "../../domain/attendance.ts";
import { addDays } from "../../domain/time.ts";
import type { CheckIn, DailyReport } from "../../generated/prisma/client.ts";
import type { ParticipantPlacement } from "../placement-info/participant-placement.ts";
import { earlierDate, isoDateOf, loadProgramCalendar } from "../schedule/program-calendar.ts";

export interface ParticipantHistory {
  checkIns: CheckIn[];
  reports: DailyReport[];
  /** Working days so far: up to yesterday, and today once something was recorded for it. */
  workingDays: string[];
  summary: AttendanceSummary;
  pendingReviews: number;
  rejected: number;
  /** Working days so far with a daily report. */
  reportedDays: number;
}

/**
 * The participant's attendance and reports so far. A rejected check-in does not count as
 * presence (the day stays unrecorded); a pending one counts until someone decides.
 */
export async function loadParticipantHistory(
  db: DbOrTx,
  placement: ParticipantPlacement,
): Promise<ParticipantHistory> {
  const [checkIns, reports, calendar] = await Promise.all([
    listCheckInsOfEnrollment(db, placement.enrollment.id),
    listDailyReportsOfEnrollment(db, placement.enrollment.id),
    loadProgramCalendar(db, placement.program),
  ]);
  const { today } = placement;
  const yesterday = addDays(today, -1);
  const lastDay = earlierDate(yesterday, calendar.endDate);
  const workingDays = calendar.workingDays(calendar.startDate, lastDay);
  const recordedToday = checkIns.some((checkIn) => isoDateOf(checkIn.localDate) === today);
  if (recordedToday && today <= calendar.endDate && calendar.statusOn(today).status === "working") {
    workingDays.push(today);
  }
  const counted = checkIns
    .filter((checkIn) => checkIn.review !== "REJECTED")
    .map((checkIn) => ({ date: isoDateOf(checkIn.localDate), status: checkIn.status }));
  const working = new Set(workingDays);
  return {
    checkIns,
    reports,
    workingDays,
    summary: summariseAttendance(counted, workingDays),
    pendingReviews: checkIns.filter((checkIn) => checkIn.review === "PENDING").length,
    rejected: checkIns.filter((checkIn) => checkIn.review === "REJECTED").length,
    reportedDays: reports.filter((report) => working.has(isoDateOf(report.localDate))).length,
  };
}
