import type { DbOrTx } from "../../db/client.ts";
import { listHostUnitsOfProgram } from "../../db/repositories/program-lookup.repository.ts";
import {
  listDailyReportsOn,
  listFinalReportsAndFeedback,
  listRecapParticipants,
} from "../../db/repositories/recap-export.repository.ts";
import { dateColumn, formatDateId, formatTimeWithZone, localDate } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import { programWorkingDays, type StaffProgram } from "../shared/staff-program.service.ts";
import { writeWorkbook } from "./workbook-buffer.ts";

const BOLD = { bold: true } as const;

/**
 * /rekap laporan: the daily reports (read a day at a time, so long texts of a large cohort are
 * never all in memory), then the final reports and the feedback ratings of every participant.
 */
export async function buildReportsWorkbook(
  db: DbOrTx,
  t: Translate,
  locale: Locale,
  program: StaffProgram,
  now: Date,
): Promise<Buffer> {
  const scope = program.scopeUnitIds ?? undefined;
  const today = localDate(now, program.timeZone);
  const [participants, units, days, finals] = await Promise.all([
    listRecapParticipants(db, program.id, scope),
    listHostUnitsOfProgram(db, program.id),
    programWorkingDays(db, program),
    listFinalReportsAndFeedback(db, program.id, scope),
  ]);
  const unitLabel = new Map(units.map((unit) => [unit.id, unit.shortName ?? unit.name]));
  const byEnrollment = new Map(participants.map((row) => [row.enrollmentId, row]));
  const when = (at: Date) =>
    `${localDate(at, program.timeZone)} ${formatTimeWithZone(at, program.timeZone)}`;

  return writeWorkbook(async (workbook) => {
    workbook.creator = "Tandang";
    const daily = workbook.addWorksheet(t("recap.sheet_daily_reports"));
    daily.addRow([t("recap.reports_title"), program.name]).font = BOLD;
    daily.addRow([t("recap.col_generated"), when(now)]).commit();
    const dailyHeader = daily.addRow([
      t("recap.col_date"),
      t("recap.col_nip"),
      t("recap.col_name"),
      t("recap.col_host_unit"),
      t("recap.col_report"),
      t("recap.col_photos"),
      t("recap.col_sent_at"),
    ]);
    dailyHeader.font = BOLD;
    dailyHeader.commit();
    for (const day of days.filter((candidate) => candidate <= today)) {
      const reports = await listDailyReportsOn(db, program.id, dateColumn(day), scope);
      for (const report of reports) {
        const person = byEnrollment.get(report.enrollmentId);
        daily
          .addRow([
            formatDateId(day, locale),
            person?.nip ?? "",
            person?.fullName ?? "",
            person?.hostUnitId ? (unitLabel.get(person.hostUnitId) ?? "") : "",
            report.text,
            report.photoFileIds.length,
            when(report.createdAt),
          ])
          .commit();
      }
    }
    daily.columns = [
      { width: 28 },
      { width: 22 },
      { width: 28 },
      { width: 24 },
      { width: 80 },
      { width: 8 },
      { width: 22 },
    ];
    daily.commit();

    const finalSheet = workbook.addWorksheet(t("recap.sheet_final_reports"));
    const feedbackSheet = workbook.addWorksheet(t("recap.sheet_feedback"));
    const finalHeader = finalSheet.addRow([
      t("recap.col_nip"),
      t("recap.col_name"),
      t("recap.col_host_unit"),
      t("recap.col_final_status"),
      t("recap.col_sent_at"),
      t("recap.col_file"),
      t("recap.col_summary"),
    ]);
    finalHeader.font = BOLD;
    finalHeader.commit();
    const feedbackHeader = feedbackSheet.addRow([
      t("recap.col_nip"),
      t("recap.col_name"),
      t("recap.col_host_unit"),
      t("recap.col_host_rating"),
      t("recap.col_mentor_rating"),
      t("recap.col_comment"),
    ]);
    feedbackHeader.font = BOLD;
    feedbackHeader.commit();
    const finalsById = new Map(finals.map((row) => [row.id, row]));
    for (const person of participants) {
      const entry = finalsById.get(person.enrollmentId);
      const unit = person.hostUnitId ? (unitLabel.get(person.hostUnitId) ?? "") : "";
      const final = entry?.finalReport;
      finalSheet
        .addRow([
          person.nip ?? "",
          person.fullName,
          unit,
          t(final ? "recap.final_submitted" : "recap.final_missing"),
          final ? when(final.submittedAt) : "",
          final?.fileName ?? "",
          final?.text ?? "",
        ])
        .commit();
      const feedback = entry?.feedback;
      if (feedback) {
        feedbackSheet
          .addRow([
            person.nip ?? "",
            person.fullName,
            unit,
            feedback.hostRating,
            feedback.mentorRating,
            feedback.comment ?? "",
          ])
          .commit();
      }
    }
    finalSheet.columns = [
      { width: 22 },
      { width: 28 },
      { width: 24 },
      { width: 16 },
      { width: 22 },
      { width: 30 },
      { width: 60 },
    ];
    feedbackSheet.columns = [
      { width: 22 },
      { width: 28 },
      { width: 24 },
      { width: 12 },
      { width: 12 },
      { width: 60 },
    ];
    finalSheet.commit();
    feedbackSheet.commit();
  });
}
