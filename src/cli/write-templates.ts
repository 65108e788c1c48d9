import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { columnsOf, importKinds, importKindWord } from "../imports/import-kinds.ts";
import { neutraliseRow, safeCsv } from "../shared/spreadsheet-cells.ts";

/** Example files with the expected Indonesian headers and one example row, as CSV and XLSX. */
export async function writeImportTemplates(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const kind of importKinds) {
    const columns = columnsOf[kind];
    const rows = [columns.map((c) => c.header), columns.map((c) => c.example)];
    const base = join(dir, `contoh-${importKindWord[kind]}`);
    await writeFile(`${base}.csv`, safeCsv(rows));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(importKindWord[kind]);
    for (const row of rows) sheet.addRow(neutraliseRow(row));
    // NIPs and phone numbers are text: as numbers Excel would round them and drop the "+".
    sheet.getColumn(1).numFmt = "@";
    sheet.getRow(1).font = { bold: true };
    await workbook.xlsx.writeFile(`${base}.xlsx`);
    written.push(`${base}.csv`, `${base}.xlsx`);
  }
  return written;
}
