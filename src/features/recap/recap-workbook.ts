import type ExcelJS from "exceljs";
import type { RecapSignature } from "../../config.ts";
import { ATTENDANCE_STATUSES, shortCode } from "../../domain/attendance.ts";
import { attendanceRate, type DayCell, formatRate } from "../../domain/attendance-rate.ts";
import { formatNip } from "../../domain/nip.ts";
import { formatDateId, formatTimeWithZone, localDate, parseIsoDate } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import { neutraliseFormula, safeCsv } from "../../shared/spreadsheet-cells.ts";
import { type PaletteKey, STATUS_PALETTE } from "../../shared/status-palette.ts";
import { type RecapData, recapTotals } from "./recap-data.service.ts";
import { writeWorkbook } from "./workbook-buffer.ts";

const BOLD = { bold: true } as const;
const HEADER_FILL = "FF1F4E79";
/** Rates are numbers in 0..1 shown as percentages, so a spreadsheet can sort and sum them. */
export const RATE_FORMAT = "0.0%";
/** Rows above the summary table: title, program and period, generated, blank. */
const SUMMARY_HEADER_ROW = 5;
const GRID_HEADER_ROW = 4;

function argb(hex: string): string {
  return `FF${hex.replace("#", "").toUpperCase()}`;
}

function generatedAt(data: RecapData, locale: Locale): string {
  const { timeZone } = data.program;
  return `${formatDateId(localDate(data.generatedAt, timeZone), locale)} ${formatTimeWithZone(
    data.generatedAt,
    timeZone,
  )}`;
}

function period(data: RecapData, locale: Locale): string {
  const { program } = data;
  return `${formatDateId(program.startDate, locale)} – ${formatDateId(program.endDate, locale)}`;
}

/** No, NIP, name, jabatan, home and host agency: the columns that say who a row is. */
function participantHeaders(t: Translate): string[] {
  return [
    t("recap.col_no"),
    t("recap.col_nip"),
    t("recap.col_name"),
    t("recap.col_jabatan"),
    t("recap.col_own_agency"),
    t("recap.col_host_unit"),
  ];
}

/** H … TK, pending, working days counted, rate. */
function countHeaders(t: Translate): string[] {
  return [
    ...ATTENDANCE_STATUSES.map((status) => shortCode(status)),
    shortCode("PENDING"),
    t("recap.col_days"),
    t("recap.col_rate"),
  ];
}

function unitLabel(t: Translate, label: string): string {
  return label === "" ? t("recap.unplaced") : label;
}

function paletteKey(cell: DayCell): PaletteKey {
  return cell === null ? "missing" : cell;
}

/** "23/11": a day column of the grid, short enough for A4 landscape. */
function dayColumnLabel(day: string): string {
  const { month, day: dayOfMonth } = parseIsoDate(day);
  return `${String(dayOfMonth).padStart(2, "0")}/${String(month).padStart(2, "0")}`;
}

/** A printable table sheet: header frozen (and the first columns), A4 landscape, widths. */
function tableSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  headerRow: number,
  widths: number[],
  frozenColumns = 0,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: "frozen", xSplit: frozenColumns, ySplit: headerRow }],
    pageSetup: printSetup(headerRow),
  });
  sheet.columns = widths.map((width) => ({ width }));
  return sheet;
}

/** A4 landscape, fitted to one page wide, the header row repeated on every page. */
function printSetup(headerRow: number): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerRow}:${headerRow}`,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
}

function styleHeader(row: ExcelJS.Row): void {
  row.height = 30;
  row.eachCell((cell) => {
    cell.font = { bold: true, color: { argb: "FFFFFFFF" } };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: HEADER_FILL } };
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    cell.border = { bottom: { style: "thin" } };
  });
}

/**
 * A participant row as printed: every cell at the top of its row, the running number centred
 * (it sat against the NIP), long texts (names, jabatan, agencies) wrapped within their column
 * instead of running under the next one, and the row as tall as its longest wrapped text:
 * LibreOffice keeps a row without a height at one line, so wrapped lines overprinted the next
 * row. Both seen in LibreOffice's print of the recap.
 */
function styleBodyRow(
  row: ExcelJS.Row,
  widths: readonly number[],
  columns: { wrap: readonly number[]; center?: readonly number[] },
): void {
  let lines = 1;
  row.eachCell({ includeEmpty: true }, (cell, column) => {
    const center = column === 1 || columns.center?.includes(column);
    const wrap = columns.wrap.includes(column);
    cell.alignment = {
      vertical: "top",
      ...(center ? { horizontal: "center" as const } : {}),
      ...(wrap ? { wrapText: true } : {}),
    };
    if (wrap && typeof cell.value === "string") {
      lines = Math.max(lines, wrappedLines(cell.value, widths[column - 1] ?? 10));
    }
  });
  if (lines > 1) row.height = LINE_HEIGHT * lines;
}

/** Points per line of 11-point text. */
const LINE_HEIGHT = 15;

/**
 * How many lines a text takes when wrapped at word boundaries in a column `width` characters
 * wide (Excel's unit: the width of a digit; most letters are narrower, about 1.2 of them fit
 * per unit in LibreOffice's print).
 */
export function wrappedLines(text: string, width: number): number {
  // LibreOffice printed 42 characters of agency name on one line of a 36-wide column.
  const capacity = Math.max(1, Math.floor(width * 1.2) - 1);
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const length = word.length;
    const needed = used === 0 ? length : used + 1 + length;
    if (needed <= capacity) {
      used = needed;
      continue;
    }
    if (used > 0) lines++;
    // A word longer than the column breaks over as many lines as it needs.
    lines += Math.ceil(length / capacity) - 1;
    used = length % capacity || capacity;
  }
  return lines;
}

/** The legend rows: each code on its own fill, with its meaning. */
function addLegend(t: Translate, sheet: ExcelJS.Worksheet, codeColumn: number): void {
  sheet.addRow([]).commit();
  const heading = sheet.addRow([]);
  heading.getCell(codeColumn).value = t("recap.legend_heading");
  heading.font = BOLD;
  heading.commit();
  const entries: { key: PaletteKey; code: string; label: string }[] = [
    ...ATTENDANCE_STATUSES.map((status) => ({
      key: status,
      code: shortCode(status),
      label: t(`recap.status_${status}`),
    })),
    { key: "PENDING", code: shortCode("PENDING"), label: t("recap.status_PENDING") },
    { key: "missing", code: "", label: t("recap.status_open") },
  ];
  for (const entry of entries) {
    const row = sheet.addRow([]);
    const code = row.getCell(codeColumn);
    code.value = entry.code;
    paint(code, entry.key);
    row.getCell(codeColumn + 1).value = entry.label;
    row.commit();
  }
}

function paint(cell: ExcelJS.Cell, key: PaletteKey): void {
  const colours = STATUS_PALETTE[key];
  cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(colours.fill) } };
  cell.font = { bold: true, color: { argb: argb(colours.text) } };
  cell.alignment = { horizontal: "center", vertical: "top" };
}

/**
 * The notes under the table (column A) and, on the same rows to the right, "Mengetahui," +
 * position, room to sign, name and NIP (blank lines when not configured). Side by side, so
 * the signature block does not add rows of its own after the notes: LibreOffice printed the
 * 25-participant recap with "Mengetahui," on page 1 and the rest of the block on page 2.
 */
function addNotesAndSignature(
  t: Translate,
  sheet: ExcelJS.Worksheet,
  notes: string[],
  column: number,
  signature: RecapSignature | undefined,
): void {
  const lines: { text: string; bold?: boolean }[] = [
    { text: t("recap.signature_known") },
    { text: signature?.position || t("recap.signature_position_blank") },
    { text: "" },
    { text: "" },
    { text: "" },
    { text: signature?.name || t("recap.signature_name_blank"), bold: true },
    { text: t("recap.signature_nip", { nip: signature?.nip ? formatNip(signature.nip) : "" }) },
  ];
  sheet.addRow([]).commit();
  for (let index = 0; index < Math.max(notes.length, lines.length); index++) {
    const row = sheet.addRow([]);
    const note = notes[index];
    if (note !== undefined) row.getCell(1).value = neutraliseFormula(note);
    const line = lines[index];
    if (line) {
      const cell = row.getCell(column);
      // Set cell by cell, outside addRow's neutralisation: the configured texts get it here.
      cell.value = neutraliseFormula(line.text);
      if (line.bold) cell.font = { bold: true, underline: true };
    }
    row.commit();
  }
}

function addTitle(
  t: Translate,
  locale: Locale,
  sheet: ExcelJS.Worksheet,
  title: string,
  data: RecapData,
) {
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet
    .addRow([t("recap.period_title", { program: data.program.name, period: period(data, locale) })])
    .commit();
  sheet.addRow([`${t("recap.col_generated")}: ${generatedAt(data, locale)}`]).commit();
}

/**
 * The rekap presensi a BPSDM prints and files: a summary sheet (per-participant counts and
 * the rate as a number, totals, legend, signature), a per-day grid with coloured codes, and
 * one sheet per working day with the check-in times. Every rate comes from attendance-rate.ts.
 */
export function buildRecapWorkbook(t: Translate, locale: Locale, data: RecapData): Promise<Buffer> {
  return writeWorkbook((workbook) => {
    workbook.creator = "Tandang";
    addSummarySheet(t, locale, workbook, data);
    addGridSheet(t, locale, workbook, data);
    addDaySheets(t, locale, workbook, data);
  });
}

function addSummarySheet(
  t: Translate,
  locale: Locale,
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  data: RecapData,
): void {
  const headers = [...participantHeaders(t), ...countHeaders(t)];
  const widths = [5, 21, 28, 22, 36, 22, ...ATTENDANCE_STATUSES.map(() => 6), 6, 10, 11];
  const summary = tableSheet(workbook, t("recap.sheet_summary"), SUMMARY_HEADER_ROW, widths, 3);
  addTitle(t, locale, summary, t("recap.workbook_title"), data);
  summary.addRow([]).commit();
  const header = summary.addRow(headers);
  styleHeader(header);
  header.commit();
  const counted = data.days.length;
  const rateColumn = headers.length;
  data.rows.forEach((row, index) => {
    const added = summary.addRow([
      index + 1,
      row.nip,
      row.fullName,
      row.jabatan,
      row.ownAgency,
      unitLabel(t, row.hostUnit),
      ...ATTENDANCE_STATUSES.map((status) => row.counts[status]),
      row.pending,
      counted,
      row.rate,
    ]);
    styleBodyRow(added, widths, { wrap: [3, 4, 5, 6] });
    added.getCell(rateColumn).numFmt = RATE_FORMAT;
    added.commit();
  });
  const totals = recapTotals(data);
  const totalsRow = summary.addRow([
    t("recap.totals"),
    "",
    "",
    "",
    "",
    "",
    ...ATTENDANCE_STATUSES.map((status) =>
      data.rows.reduce((sum, row) => sum + row.counts[status], 0),
    ),
    totals.pending,
    totals.counted,
    attendanceRate(totals),
  ]);
  totalsRow.font = BOLD;
  totalsRow.getCell(rateColumn).numFmt = RATE_FORMAT;
  totalsRow.eachCell((cell) => {
    cell.border = { top: { style: "thin" } };
  });
  totalsRow.commit();
  summary.autoFilter = {
    from: { row: SUMMARY_HEADER_ROW, column: 1 },
    to: { row: SUMMARY_HEADER_ROW + data.rows.length, column: rateColumn },
  };
  const anonymousTotal = data.anonymous.reduce(
    (sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0),
    0,
  );
  const notes = [
    t("recap.rate_rule"),
    ...(anonymousTotal > 0 ? [t("recap.anonymous_note", { count: anonymousTotal })] : []),
    t("recap.legend", {
      codes: [
        ...ATTENDANCE_STATUSES.map((s) => `${shortCode(s)} = ${t(`recap.status_${s}`)}`),
        `${shortCode("PENDING")} = ${t("recap.status_PENDING")}`,
      ].join(", "),
    }),
  ];
  addNotesAndSignature(t, summary, notes, rateColumn - 2, data.signature);
  summary.commit();
}

function addGridSheet(
  t: Translate,
  locale: Locale,
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  data: RecapData,
): void {
  const fixed = 4;
  const widths = [5, 21, 28, 22, ...data.days.map(() => 7), 11];
  const grid = tableSheet(workbook, t("recap.sheet_grid"), GRID_HEADER_ROW, widths, 3);
  addTitle(t, locale, grid, t("recap.grid_title", { program: data.program.name }), data);
  const header = grid.addRow([
    t("recap.col_no"),
    t("recap.col_nip"),
    t("recap.col_name"),
    t("recap.col_host_unit"),
    ...data.days.map(dayColumnLabel),
    t("recap.col_rate"),
  ]);
  styleHeader(header);
  header.commit();
  const rateColumn = fixed + data.days.length + 1;
  data.rows.forEach((row, index) => {
    const added = grid.addRow([
      index + 1,
      row.nip,
      row.fullName,
      unitLabel(t, row.hostUnit),
      ...row.statuses.map((cell) => shortCode(cell)),
      row.rate,
    ]);
    styleBodyRow(added, widths, { wrap: [3, 4] });
    row.statuses.forEach((cell, dayIndex) => {
      paint(added.getCell(fixed + 1 + dayIndex), paletteKey(cell));
    });
    added.getCell(rateColumn).numFmt = RATE_FORMAT;
    added.commit();
  });
  grid.autoFilter = {
    from: { row: GRID_HEADER_ROW, column: 1 },
    to: { row: GRID_HEADER_ROW + data.rows.length, column: rateColumn },
  };
  addLegend(t, grid, 2);
  grid.commit();
}

function addDaySheets(
  t: Translate,
  locale: Locale,
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  data: RecapData,
): void {
  data.days.forEach((day, dayIndex) => {
    const widths = [5, 21, 28, 26, 8, 14];
    const sheet = tableSheet(workbook, day, 2, widths);
    sheet.addRow([formatDateId(day, locale)]).font = BOLD;
    const dayHeader = sheet.addRow([
      t("recap.col_no"),
      t("recap.col_nip"),
      t("recap.col_name"),
      t("recap.col_host_unit"),
      t("recap.col_status"),
      t("recap.col_time", { zone: data.program.zoneLabel }),
    ]);
    styleHeader(dayHeader);
    dayHeader.commit();
    data.rows.forEach((row, index) => {
      const added = sheet.addRow([
        index + 1,
        row.nip,
        row.fullName,
        unitLabel(t, row.hostUnit),
        shortCode(row.statuses[dayIndex] ?? null),
        row.times[dayIndex] ?? "",
      ]);
      styleBodyRow(added, widths, { wrap: [3, 4], center: [5, 6] });
      added.commit();
    });
    sheet.autoFilter = {
      from: { row: 2, column: 1 },
      to: { row: 2 + data.rows.length, column: 6 },
    };
    const anonymous = data.anonymous[dayIndex];
    const anonymousCount = anonymous ? Object.values(anonymous).reduce((a, b) => a + b, 0) : 0;
    if (anonymousCount > 0) {
      sheet.addRow([]).commit();
      sheet.addRow([t("recap.anonymous_note", { count: anonymousCount })]).commit();
    }
    sheet.commit();
  });
}

/** "33,3%" in Indonesian, "33.3%" in English: what a spreadsheet of that locale reads as 0.333. */
function csvPercent(rate: number | null, locale: Locale): string {
  return rate === null ? "" : formatRate(rate, locale);
}

/**
 * The same recap as one CSV table for a spreadsheet set to Indonesian: UTF-8 with a BOM, `;`
 * between fields (the comma is the decimal separator there), the NIP in its printed grouping
 * "19750101 199904 2 001" so no spreadsheet turns it into 1.97501011999042E+17, and the rate
 * with the locale's decimal mark.
 */
export function buildRecapCsv(t: Translate, data: RecapData, locale: Locale = "id"): Buffer {
  const header = [...participantHeaders(t), ...data.days, ...countHeaders(t)];
  const rows = data.rows.map((row, index) => [
    index + 1,
    formatNip(row.nip),
    row.fullName,
    row.jabatan,
    row.ownAgency,
    unitLabel(t, row.hostUnit),
    ...row.statuses.map((status) => shortCode(status)),
    ...ATTENDANCE_STATUSES.map((status) => row.counts[status]),
    row.pending,
    data.days.length,
    csvPercent(row.rate, locale),
  ]);
  return Buffer.from(safeCsv([header, ...rows], { bom: true, delimiter: ";" }), "utf8");
}
