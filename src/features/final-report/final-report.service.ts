import type { DbOrTx } from "../../db/client.ts";
import {
  type FinalReportContent,
  findFinalReport,
  saveFeedback,
  saveFinalReport,
} from "../../db/repositories/final-reports.repository.ts";
import { addDays } from "../../domain/time.ts";
import type { ParticipantPlacement } from "../shared/participant-placement.ts";
import { loadProgramCalendar } from "../shared/program-calendar.ts";

/** Final reports are accepted from the program's last working day until this many days after. */
export const FINAL_REPORT_GRACE_DAYS = 14;

export type FinalReportWindow =
  | { kind: "not_yet"; opensOn: string; closesOn: string }
  | { kind: "closed"; closesOn: string }
  | { kind: "open"; closesOn: string };

export async function finalReportWindow(
  db: DbOrTx,
  placement: ParticipantPlacement,
): Promise<FinalReportWindow> {
  const calendar = await loadProgramCalendar(db, placement.program);
  const opensOn = calendar.lastWorkingDay();
  const closesOn = addDays(calendar.endDate, FINAL_REPORT_GRACE_DAYS);
  if (placement.today < opensOn) return { kind: "not_yet", opensOn, closesOn };
  if (placement.today > closesOn) return { kind: "closed", closesOn };
  return { kind: "open", closesOn };
}

export function findSubmittedFinalReport(db: DbOrTx, enrollmentId: string) {
  return findFinalReport(db, enrollmentId);
}

export function submitFinalReport(
  db: DbOrTx,
  enrollmentId: string,
  content: FinalReportContent,
  now: Date,
) {
  return saveFinalReport(db, enrollmentId, content, now);
}

export function submitFeedback(
  db: DbOrTx,
  enrollmentId: string,
  ratings: { hostRating: number; mentorRating: number },
  comment: string | null,
  now: Date,
) {
  return saveFeedback(db, { enrollmentId, ...ratings, comment, at: now });
}
