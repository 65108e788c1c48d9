import { type RateChartInput, rateBarChartSvg } from "../../charts/rate-bar-chart.ts";
import { pngDimensions } from "../../charts/render-png.ts";
import { formatRate } from "../../domain/attendance-rate.ts";
import { formatNip } from "../../domain/nip.ts";
import { formatDateId } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import { formatDecimal, formatMoment, formatPeriod } from "./document-format.ts";
import {
  createPdf,
  fields,
  finishPdf,
  heading,
  image,
  paragraph,
  table,
  title,
} from "./pdf-layout.ts";
import type { ProgramReportData } from "./program-report-data.service.ts";

/** SVG to PNG; the worker passes resvg (render-png.ts), a test may pass anything. */
export type RenderPng = (svg: string) => Uint8Array;

/** The two charts of the report, with the recap chart's wording (recap-chart.ts). */
export function programReportCharts(
  t: Translate,
  locale: Locale,
  data: ProgramReportData,
): { perDay: RateChartInput; perUnit: RateChartInput } {
  const subtitle = data.scopeLabel
    ? `${data.program.name} — ${data.scopeLabel}`
    : data.program.name;
  return {
    perDay: {
      title: t("recap.chart_title"),
      subtitle,
      panels: [
        {
          title: t("recap.chart_per_day"),
          bars: data.perDay.map((day) => ({
            label: day.closed
              ? formatDateId(day.date, locale)
              : t("recap.chart_open_day", { date: formatDateId(day.date, locale) }),
            rate: day.rate,
          })),
        },
      ],
    },
    perUnit: {
      title: t("recap.chart_title"),
      subtitle,
      panels: [
        {
          title: t("recap.chart_per_unit"),
          bars: data.perUnit.map((unit) => ({
            label: unit.label ?? t("recap.unplaced"),
            rate: unit.rate,
          })),
        },
      ],
    },
  };
}

const rateText = (rate: number | null, locale: Locale) =>
  rate === null ? "–" : formatRate(rate, locale);

/**
 * The program report (A4 portrait) for officials and coordinators: summary figures, attendance
 * per day and per host agency (charts), the participants with rate, assessment average and
 * certificate status, feedback statistics and selected comments, and the return visit.
 * Pure: runs in a worker thread on plain data.
 */
export function buildProgramReportPdf(
  t: Translate,
  locale: Locale,
  data: ProgramReportData,
  renderPng: RenderPng,
): Promise<Uint8Array> {
  const zone = data.program.zoneLabel;
  const doc = createPdf({ title: t("documents.report_title"), subject: data.program.name });
  title(
    doc,
    t("documents.report_title"),
    data.scopeLabel ? `${data.program.name} — ${data.scopeLabel}` : data.program.name,
  );

  heading(doc, t("documents.section_summary"));
  const summary: [string, string][] = [
    [t("documents.field_program"), data.program.name],
    [
      t("documents.field_provinces"),
      t("documents.provinces_value", {
        sending: data.program.sendingProvinceName,
        host: data.program.hostProvinceName,
      }),
    ],
    [
      t("documents.field_period"),
      formatPeriod(t, locale, data.program.startDate, data.program.endDate),
    ],
  ];
  if (data.scopeLabel) summary.push([t("documents.field_host_unit"), data.scopeLabel]);
  summary.push(
    [t("documents.field_participants"), String(data.participants)],
    [
      t("documents.field_working_days"),
      t("documents.working_days_value", {
        counted: data.countedDays,
        total: data.programWorkingDays,
      }),
    ],
    [
      t("documents.field_overall_rate"),
      data.rate === null
        ? t("documents.rate_none")
        : t("documents.overall_rate_value", {
            rate: formatRate(data.rate, locale),
            present: data.totals.present,
            counted: data.totals.counted,
          }),
    ],
    [
      t("documents.field_assessments"),
      data.assessments.average === null
        ? t("documents.assessments_none")
        : t("documents.assessments_value", {
            count: data.assessments.count,
            total: data.participants,
            average: formatDecimal(data.assessments.average, locale),
          }),
    ],
    [
      t("documents.field_certificates"),
      t("documents.certificates_value", {
        valid: data.certificates.valid,
        revoked: data.certificates.revoked,
        none: Math.max(0, data.participants - data.certificates.valid - data.certificates.revoked),
      }),
    ],
  );
  if (data.returnVisit) {
    summary.push([
      t("documents.field_return_visit"),
      t(`documents.return_visit_${data.returnVisit.kind}`, {
        program: data.returnVisit.name,
        province: data.returnVisit.hostProvinceName,
        period: formatPeriod(t, locale, data.returnVisit.startDate, data.returnVisit.endDate),
      }),
    ]);
  }
  fields(doc, summary, 170);
  paragraph(doc, t("recap.rate_rule"), { muted: true });

  const charts = programReportCharts(t, locale, data);
  const draw = (input: RateChartInput) => {
    const png = renderPng(rateBarChartSvg(input));
    const size = pngDimensions(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
    image(doc, png, size ? size.height / size.width : 0.6);
  };
  heading(doc, t("documents.section_per_day"));
  if (data.perDay.length === 0) paragraph(doc, t("documents.attendance_none"), { muted: true });
  else draw(charts.perDay);

  heading(doc, t("documents.section_per_unit"));
  if (data.perUnit.length > 0) {
    draw(charts.perUnit);
    table(
      doc,
      [
        { header: t("recap.col_host_unit"), width: 60 },
        { header: t("documents.col_participants"), width: 20, align: "right" },
        { header: t("recap.col_rate"), width: 20, align: "right" },
      ],
      data.perUnit.map((unit) => [
        unit.label ?? t("recap.unplaced"),
        String(unit.participants),
        rateText(unit.rate, locale),
      ]),
    );
  }

  heading(doc, t("documents.section_participants"));
  if (data.rows.length === 0) {
    paragraph(doc, t("documents.participants_none"), { muted: true });
  } else {
    table(
      doc,
      [
        { header: t("documents.col_no"), width: 5, align: "right" },
        { header: t("recap.col_name"), width: 22 },
        { header: t("recap.col_nip"), width: 22 },
        { header: t("recap.col_host_unit"), width: 17 },
        { header: t("recap.col_rate"), width: 10, align: "right" },
        { header: t("documents.col_assessment"), width: 10, align: "right" },
        { header: t("documents.col_certificate"), width: 12 },
      ],
      data.rows.map((row, index) => [
        String(index + 1),
        row.fullName,
        row.nip ? formatNip(row.nip) : "",
        row.hostUnit || t("recap.unplaced"),
        rateText(row.rate, locale),
        row.assessmentAverage === null ? "–" : formatDecimal(row.assessmentAverage, locale),
        t(`documents.certificate_${row.certificate ?? "NONE"}`),
      ]),
    );
  }

  heading(doc, t("documents.section_feedback_stats"));
  const feedback = data.feedback;
  if (feedback.count === 0) {
    paragraph(doc, t("documents.feedback_stats_none"), { muted: true });
  } else {
    fields(
      doc,
      [
        [
          t("documents.field_responses"),
          t("documents.responses_value", { count: feedback.count, total: data.participants }),
        ],
        [
          t("recap.col_host_rating"),
          feedback.hostAverage === null
            ? "–"
            : `${formatDecimal(feedback.hostAverage, locale)} / 5`,
        ],
        [
          t("recap.col_mentor_rating"),
          feedback.mentorAverage === null
            ? "–"
            : `${formatDecimal(feedback.mentorAverage, locale)} / 5`,
        ],
      ],
      170,
    );
    table(
      doc,
      [
        { header: t("documents.col_rating"), width: 40 },
        ...[1, 2, 3, 4, 5].map((score) => ({
          header: String(score),
          width: 12,
          align: "right" as const,
        })),
      ],
      [
        [t("recap.col_host_rating"), ...feedback.hostDistribution.map(String)],
        [t("recap.col_mentor_rating"), ...feedback.mentorDistribution.map(String)],
      ],
    );
    if (feedback.comments.length > 0) {
      paragraph(doc, t("documents.comments_heading"));
      for (const comment of feedback.comments) paragraph(doc, `“${comment}”`, { muted: true });
    }
  }

  const generated = formatMoment(locale, data.generated, zone);
  return finishPdf(doc, (page, pages) => t("documents.footer", { generated, page, pages }));
}
