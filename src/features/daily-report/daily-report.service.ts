import type { DbOrTx } from "../../db/client.ts";
import {
  appendDailyReportPhoto,
  findDailyReport,
  findDailyReportById,
  upsertDailyReportText,
} from "../../db/repositories/daily-reports.repository.ts";
import { dateColumn, isoDateOf } from "../../domain/time.ts";
import type { ParticipantPlacement } from "../shared/participant-placement.ts";

export const MAX_REPORT_PHOTOS = 5;
export const MAX_REPORT_LENGTH = 3500;

export type ReportDay =
  | { kind: "outside_program" }
  | { kind: "open"; localDate: string; existing: Awaited<ReturnType<typeof findDailyReport>> };

/** A daily report belongs to a day of the program, in the host province's date. */
export async function reportDay(db: DbOrTx, placement: ParticipantPlacement): Promise<ReportDay> {
  const { program, today } = placement;
  if (today < isoDateOf(program.startDate) || today > isoDateOf(program.endDate)) {
    return { kind: "outside_program" };
  }
  const existing = await findDailyReport(db, placement.enrollment.id, dateColumn(today));
  return { kind: "open", localDate: today, existing };
}

/** Creates today's report or replaces its text (and drops its photos). */
export function saveReportText(
  db: DbOrTx,
  placement: ParticipantPlacement,
  localDate: string,
  text: string,
  now: Date,
) {
  return upsertDailyReportText(db, {
    enrollmentId: placement.enrollment.id,
    programId: placement.program.id,
    localDate: dateColumn(localDate),
    text,
    at: now,
  });
}

export type PhotoOutcome =
  | { kind: "added"; count: number }
  | { kind: "full" }
  | { kind: "missing" };

/** Adds a photo to a report of the participant, up to MAX_REPORT_PHOTOS. */
export async function addReportPhoto(
  db: DbOrTx,
  enrollmentId: string,
  reportId: string,
  fileId: string,
  now: Date,
): Promise<PhotoOutcome> {
  const report = await findDailyReportById(db, reportId);
  if (!report || report.enrollmentId !== enrollmentId) return { kind: "missing" };
  if (report.photoFileIds.length >= MAX_REPORT_PHOTOS) return { kind: "full" };
  const updated = await appendDailyReportPhoto(db, reportId, fileId, now);
  return { kind: "added", count: updated.photoFileIds.length };
}

export function loadReport(db: DbOrTx, reportId: string) {
  return findDailyReportById(db, reportId);
}
