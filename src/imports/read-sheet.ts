import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { lazyModule } from "../shared/lazy-module.ts";

const excel = lazyModule<typeof ExcelJS>("exceljs");

/** A spreadsheet as plain text cells; `line` is the line number people see (header = 1). */
export interface SheetRow {
  line: number;
  cells: string[];
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

export type SpreadsheetFormat = "csv" | "xlsx";

export class UnreadableSheetError extends Error {
  override name = "UnreadableSheetError";
}

export function spreadsheetFormatOf(fileName: string | undefined): SpreadsheetFormat | undefined {
  const extension = fileName?.split(".").pop()?.toLowerCase();
  return extension === "csv" || extension === "xlsx" ? extension : undefined;
}

export async function readSheet(content: Buffer, format: SpreadsheetFormat): Promise<Sheet> {
  try {
    return format === "csv" ? readCsv(content) : await readXlsx(content);
  } catch (error) {
    throw new UnreadableSheetError(error instanceof Error ? error.message : String(error));
  }
}

function readCsv(content: Buffer): Sheet {
  const text = content.toString("utf8");
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  // Excel set to Indonesian writes ";" because "," is the decimal separator there.
  const delimiter =
    (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const records = parse(text, {
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_empty_lines: false,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return toSheet(records.map(({ record, info }) => ({ line: info.lines, cells: record })));
}

async function readXlsx(content: Buffer): Promise<Sheet> {
  const workbook = new (excel().Workbook)();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) {
      cells.push(cellText(row.getCell(column).value));
    }
    rows.push({ line: rowNumber, cells });
  });
  return toSheet(rows);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    // Excel dates carry no zone: exceljs gives them as UTC midnight (or UTC clock time).
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(11, 16);
  }
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("text" in value) return String(value.text);
    if ("result" in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    return "";
  }
  return String(value);
}

function toSheet(rows: SheetRow[]): Sheet {
  const [header, ...body] = rows;
  return {
    headers: (header?.cells ?? []).map((cell) => cell.trim()),
    rows: body
      .map((row) => ({ line: row.line, cells: row.cells.map((cell) => cell.trim()) }))
      .filter((row) => row.cells.some((cell) => cell !== "")),
  };
}
