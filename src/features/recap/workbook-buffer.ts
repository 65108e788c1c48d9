import { PassThrough } from "node:stream";
import type ExcelJS from "exceljs";
import { lazyModule } from "../../shared/lazy-module.ts";
import { neutraliseRow } from "../../shared/spreadsheet-cells.ts";

const excel = lazyModule<typeof ExcelJS>("exceljs");

/**
 * Builds an XLSX with exceljs' streaming writer: rows are committed as they are added, so a
 * 10,000-participant recap never holds the whole sheet model in memory; the zipped bytes are
 * collected into one Buffer for sendDocument. Every row added through it has its text cells
 * neutralised (no cell a participant typed can become a formula); numbers stay numbers.
 */
export async function writeWorkbook(
  build: (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void> | void,
): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  const workbook = new (excel().stream.xlsx.WorkbookWriter)({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  await build(withSafeRows(workbook));
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}

function withSafeRows(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
): ExcelJS.stream.xlsx.WorkbookWriter {
  const addWorksheet = workbook.addWorksheet.bind(workbook);
  workbook.addWorksheet = (...args: Parameters<typeof addWorksheet>) => {
    const sheet = addWorksheet(...args);
    const addRow = sheet.addRow.bind(sheet);
    sheet.addRow = (values: unknown, style?: string) =>
      addRow(Array.isArray(values) ? neutraliseRow(values) : values, style);
    return sheet;
  };
  return workbook;
}
