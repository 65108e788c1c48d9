import { ATTENDANCE_STATUSES, shortCode } from "../../domain/attendance.ts";
import { formatDateId, formatTimeWithZone, localDate } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import { safeCsv } from "../../shared/spreadsheet-cells.ts";
import type { RecapData } from "./recap-data.service.ts";
import { writeWorkbook } from "./workbook-buffer.ts";

const BOLD = { bold: true } as const;

function percent(rate: number | null): string {
  return rate === null ? "" : `${Math.round(rate * 1000) / 10}%`;
}

function generatedAt(data: RecapData, locale: Locale): string {
  const { timeZone } = data.program;
  return `${formatDateId(localDate(data.generatedAt, timeZone), locale)} ${formatTimeWithZone(
    data.generatedAt,
    timeZone,
  )}`;
}

function unitLabel(t: Translate, label: string): string {
  return label === "" ? t("recap.unplaced") : label;
}

/**
 * The rekap presensi officials expect: a summary sheet (per-participant counts and rate, with
 * the program, its dates and when it was made) and one sheet per working day with status codes.
 */
export function buildRecapWorkbook(t: Translate, locale: Locale, data: RecapData): Promise<Buffer> {
  const { program } = data;
  return writeWorkbook((workbook) => {
    workbook.creator = "Tandang";
    const summary = workbook.addWorksheet(t("recap.sheet_summary"));
    summary.addRow([t("recap.workbook_title")]).font = { bold: true, size: 14 };
    summary.addRow([t("recap.col_program"), program.name]).commit();
    summary
      .addRow([
        t("recap.col_period"),
        `${formatDateId(program.startDate, locale)} – ${formatDateId(program.endDate, locale)}`,
      ])
      .commit();
    summary.addRow([t("recap.col_generated"), generatedAt(data, locale)]).commit();
    summary.addRow([]).commit();
    const header = summary.addRow([
      t("recap.col_no"),
      t("recap.col_nip"),
      t("recap.col_name"),
      t("recap.col_own_agency"),
      t("recap.col_host_unit"),
      ...ATTENDANCE_STATUSES.map((status) => shortCode(status)),
      t("recap.col_days"),
      t("recap.col_rate"),
    ]);
    header.font = BOLD;
    header.commit();
    const closedDays = data.closed.filter(Boolean).length;
    data.rows.forEach((row, index) => {
      summary
        .addRow([
          index + 1,
          row.nip,
          row.fullName,
          row.ownAgency,
          unitLabel(t, row.hostUnit),
          ...ATTENDANCE_STATUSES.map((status) => row.counts[status]),
          closedDays,
          percent(row.rate),
        ])
        .commit();
    });
    summary.addRow([]).commit();
    const anonymousTotal = data.anonymous.reduce(
      (sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0),
      0,
    );
    if (anonymousTotal > 0) {
      summary.addRow([t("recap.anonymous_note", { count: anonymousTotal })]).commit();
    }
    summary
      .addRow([
        t("recap.legend", {
          codes: ATTENDANCE_STATUSES.map((s) => `${shortCode(s)} = ${t(`recap.status_${s}`)}`).join(
            ", ",
          ),
        }),
      ])
      .commit();
    summary.columns = [
      { width: 6 },
      { width: 22 },
      { width: 28 },
      { width: 40 },
      { width: 26 },
      ...ATTENDANCE_STATUSES.map(() => ({ width: 6 })),
      { width: 10 },
      { width: 12 },
    ];
    summary.commit();

    data.days.forEach((day, dayIndex) => {
      const sheet = workbook.addWorksheet(day);
      sheet.addRow([formatDateId(day, locale)]).font = BOLD;
      const dayHeader = sheet.addRow([
        t("recap.col_no"),
        t("recap.col_nip"),
        t("recap.col_name"),
        t("recap.col_host_unit"),
        t("recap.col_status"),
        t("recap.col_time", { zone: program.zoneLabel }),
      ]);
      dayHeader.font = BOLD;
      dayHeader.commit();
      data.rows.forEach((row, index) => {
        sheet
          .addRow([
            index + 1,
            row.nip,
            row.fullName,
            unitLabel(t, row.hostUnit),
            shortCode(row.statuses[dayIndex] ?? null),
            row.times[dayIndex] ?? "",
          ])
          .commit();
      });
      const anonymous = data.anonymous[dayIndex];
      const anonymousCount = anonymous ? Object.values(anonymous).reduce((a, b) => a + b, 0) : 0;
      if (anonymousCount > 0) {
        sheet.addRow([]).commit();
        sheet.addRow([t("recap.anonymous_note", { count: anonymousCount })]).commit();
      }
      sheet.columns = [
        { width: 6 },
        { width: 22 },
        { width: 28 },
        { width: 26 },
        { width: 8 },
        { width: 14 },
      ];
      sheet.commit();
    });
  });
}

/** The same recap as one CSV table: a column per working day, then the counts and the rate. */
export function buildRecapCsv(t: Translate, data: RecapData): Buffer {
  const header = [
    t("recap.col_no"),
    t("recap.col_nip"),
    t("recap.col_name"),
    t("recap.col_own_agency"),
    t("recap.col_host_unit"),
    ...data.days,
    ...ATTENDANCE_STATUSES.map((status) => shortCode(status)),
    t("recap.col_rate"),
  ];
  const rows = data.rows.map((row, index) => [
    index + 1,
    row.nip,
    row.fullName,
    row.ownAgency,
    unitLabel(t, row.hostUnit),
    ...row.statuses.map((status) => shortCode(status)),
    ...ATTENDANCE_STATUSES.map((status) => row.counts[status]),
    percent(row.rate),
  ]);
  // A BOM so Excel opens the UTF-8 names correctly; NIPs stay text in a CSV.
  return Buffer.from(safeCsv([header, ...rows], { bom: true }), "utf8");
}
