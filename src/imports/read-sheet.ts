import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { lazyModule } from "../shared/lazy-module.ts";
import { restoreNeutralised } from "../shared/spreadsheet-cells.ts";
import { defaultImportLimits, ImportLimitError, type ImportLimits } from "./import-limits.ts";
import { BrokenZipError, checkZipLimits } from "./zip-guard.ts";

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

/**
 * The first sheet as text cells. Refuses with ImportLimitError past the row cap (counting stops
 * there) and, for XLSX, before opening it when the zip unpacks past its caps.
 */
export async function readSheet(
  content: Buffer,
  format: SpreadsheetFormat,
  limits: ImportLimits = defaultImportLimits,
): Promise<Sheet> {
  try {
    return format === "csv" ? readCsv(content, limits) : await readXlsx(content, limits);
  } catch (error) {
    if (error instanceof ImportLimitError) throw error;
    throw new UnreadableSheetError(error instanceof Error ? error.message : String(error));
  }
}

function readCsv(content: Buffer, limits: ImportLimits): Sheet {
  const text = content.toString("utf8");
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  // Excel set to Indonesian writes ";" because "," is the decimal separator there.
  const delimiter =
    (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let rows = 0;
  // Counts the records with any content as they are parsed; stops at the first one too many.
  const countRows = (entry: { record: string[] }) => {
    if (entry.record.some((cell) => cell.trim() !== "")) {
      rows++;
      if (rows > limits.maxRows + 1) throw new ImportLimitError("rows", limits.maxRows);
    }
    return entry;
  };
  const records = parse(text, {
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_empty_lines: false,
    info: true,
    // With `info`, each record arrives as { record, info }: counted, then kept as it is.
    on_record: countRows as never,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return toSheet(records.map(({ record, info }) => ({ line: info.lines, cells: record })));
}

async function readXlsx(content: Buffer, limits: ImportLimits): Promise<Sheet> {
  try {
    checkZipLimits(content, limits);
  } catch (error) {
    if (error instanceof BrokenZipError) throw new UnreadableSheetError(error.message);
    throw error;
  }
  const workbook = new (excel().Workbook)();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  // The header row plus the data rows.
  if (sheet.actualRowCount > limits.maxRows + 1) {
    throw new ImportLimitError("rows", limits.maxRows);
  }
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
      .map((row) => ({
        line: row.line,
        cells: row.cells.map((cell) => restoreNeutralised(cell.trim())),
      }))
      .filter((row) => row.cells.some((cell) => cell !== "")),
  };
}
