import { ATTENDANCE_STATUSES } from "../../domain/attendance.ts";
import { formatRate } from "../../domain/attendance-rate.ts";
import { formatNip } from "../../domain/nip.ts";
import { formatDateId } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import { criterionLabel } from "../shared/criterion-label.ts";
import { cellLabel, formatDecimal, formatMoment, formatPeriod } from "./document-format.ts";
import type { DossierData } from "./dossier-data.service.ts";
import { createPdf, fields, finishPdf, heading, paragraph, table, title } from "./pdf-layout.ts";

/**
 * The participant's dossier (A4 portrait): identity, placement and period, the attendance
 * calendar with totals and the rate, daily reports, final report, the mentor's assessment and
 * the participant's feedback. Pure: runs in a worker thread on plain data.
 */
export function buildDossierPdf(
  t: Translate,
  locale: Locale,
  data: DossierData,
): Promise<Uint8Array> {
  const zone = data.program.zoneLabel;
  const doc = createPdf({
    title: t("documents.dossier_title"),
    subject: `${data.person.fullName} — ${data.program.name}`,
  });
  title(doc, t("documents.dossier_title"), data.program.name);

  heading(doc, t("documents.section_identity"));
  fields(doc, [
    [t("documents.field_name"), data.person.fullName],
    [t("documents.field_nip"), data.person.nip ? formatNip(data.person.nip) : ""],
    [t("documents.field_position"), data.person.position ?? ""],
    [t("documents.field_own_agency"), data.person.ownAgency ?? ""],
  ]);

  heading(doc, t("documents.section_placement"));
  fields(doc, [
    [t("documents.field_program"), data.program.name],
    [t("documents.field_sending_province"), data.program.sendingProvinceName],
    [t("documents.field_host_province"), data.program.hostProvinceName],
    [t("documents.field_host_unit"), data.placement.hostUnitName ?? t("documents.not_placed")],
    [t("documents.field_mentor"), data.placement.mentorName ?? ""],
    [
      t("documents.field_period"),
      formatPeriod(t, locale, data.program.startDate, data.program.endDate),
    ],
  ]);

  heading(doc, t("documents.section_attendance"));
  if (data.days.length === 0) {
    paragraph(doc, t("documents.attendance_none"), { muted: true });
  } else {
    table(
      doc,
      [
        { header: t("documents.col_no"), width: 6, align: "right" },
        { header: t("documents.col_date"), width: 40 },
        { header: t("documents.col_status"), width: 34 },
        { header: t("documents.col_time", { zone }), width: 20 },
      ],
      data.days.map((day, index) => [
        String(index + 1),
        formatDateId(day.date, locale),
        cellLabel(t, day.cell),
        day.time,
      ]),
    );
    const totals = ATTENDANCE_STATUSES.map(
      (status) => `${t(`status.label.${status}`)}: ${data.counts[status]}`,
    );
    if (data.pending > 0) totals.push(`${t("status.label.PENDING")}: ${data.pending}`);
    fields(doc, [
      [t("documents.field_totals"), totals.join(" · ")],
      [
        t("documents.field_rate"),
        data.rate === null
          ? t("documents.rate_none")
          : t("documents.rate_value", {
              rate: formatRate(data.rate, locale),
              counted: data.days.length,
              total: data.programWorkingDays,
            }),
      ],
    ]);
    paragraph(doc, t("recap.rate_rule"), { muted: true });
  }

  heading(doc, t("documents.section_daily_reports"));
  if (data.dailyReports.length === 0) {
    paragraph(doc, t("documents.daily_reports_none"), { muted: true });
  } else {
    table(
      doc,
      [
        { header: t("documents.col_date"), width: 28 },
        { header: t("documents.col_summary"), width: 72 },
      ],
      data.dailyReports.map((report) => [
        formatDateId(report.date, locale),
        report.truncated ? `${report.excerpt}…` : report.excerpt,
      ]),
    );
  }

  heading(doc, t("documents.section_final_report"));
  if (!data.finalReport) {
    paragraph(doc, t("documents.final_report_none"), { muted: true });
  } else {
    fields(doc, [
      [t("documents.field_final_title"), data.finalReport.title ?? ""],
      [t("documents.field_final_file"), data.finalReport.fileName ?? ""],
      [t("documents.field_submitted"), formatMoment(locale, data.finalReport.submitted, zone)],
    ]);
  }

  heading(doc, t("documents.section_assessment"));
  if (!data.assessment) {
    paragraph(doc, t("documents.assessment_none"), { muted: true });
  } else {
    fields(doc, [
      ...data.assessment.scores.map((entry): [string, string] => [
        criterionLabel(t, entry.key),
        `${entry.score} / 5`,
      ]),
      [
        t("documents.field_average"),
        data.assessment.average === null ? "" : formatDecimal(data.assessment.average, locale),
      ],
      [t("documents.field_comment"), data.assessment.comment ?? ""],
      [t("documents.field_assessed"), formatMoment(locale, data.assessment.submitted, zone)],
    ]);
  }

  heading(doc, t("documents.section_feedback"));
  if (!data.feedback) {
    paragraph(doc, t("documents.feedback_none"), { muted: true });
  } else {
    fields(doc, [
      [t("recap.col_host_rating"), `${data.feedback.hostRating} / 5`],
      [t("recap.col_mentor_rating"), `${data.feedback.mentorRating} / 5`],
      [t("documents.field_comment"), data.feedback.comment ?? ""],
      [t("documents.field_submitted"), formatMoment(locale, data.feedback.submitted, zone)],
    ]);
  }

  const generated = formatMoment(locale, data.generated, zone);
  return finishPdf(doc, (page, pages) =>
    t("documents.footer", { generated, page, pages, name: data.person.fullName }),
  );
}
