import type { DbOrTx } from "../../db/client.ts";
import { listCheckInsOfEnrollment } from "../../db/repositories/check-ins.repository.ts";
import { listDailyReportsOfEnrollment } from "../../db/repositories/daily-reports.repository.ts";
import { type AttendanceSummary, summariseAttendance } from "../../domain/attendance.ts";
import { earlierDate } from "../../domain/program-calendar.ts";
import { isoDateOf } from "../../domain/time.ts";
import type { CheckIn, DailyReport } from "../../generated/prisma/client.ts";
import type { ParticipantPlacement } from "../shared/participant-placement.ts";
import { loadProgramCalendar } from "../shared/program-calendar.ts";

export interface ParticipantHistory {
  checkIns: CheckIn[];
  reports: DailyReport[];
  /** Working days so far, today included (the one rate definition, domain/attendance-rate.ts). */
  workingDays: string[];
  summary: AttendanceSummary;
  pendingReviews: number;
  rejected: number;
  /** Working days so far with a daily report. */
  reportedDays: number;
}

/**
 * The participant's attendance and reports so far. A rejected check-in does not count as
 * presence (the day stays unrecorded); a pending one is shown apart and is not present until
 * a reviewer confirms it.
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
  const lastDay = earlierDate(today, calendar.endDate);
  const workingDays = calendar.workingDays(calendar.startDate, lastDay);
  const counted = checkIns
    .filter((checkIn) => checkIn.review !== "REJECTED" && checkIn.review !== "PENDING")
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
