import ExcelJS from "exceljs";
import type { Translate } from "../i18n/i18n.ts";
import { neutraliseRow, safeCsv } from "../shared/spreadsheet-cells.ts";
import { columnsOf, type ImportKind, importKindWord } from "./import-kinds.ts";

/**
 * The example files coordinators fill in, shared by `/template` in the bot and
 * `npm run cli -- template`: the data sheet first (the importer reads the first sheet) with the
 * Indonesian headers and an example row, then a "Petunjuk" sheet explaining every column.
 */
export function templateFileBase(kind: ImportKind): string {
  return `contoh-${importKindWord[kind]}`;
}

function templateRows(kind: ImportKind): string[][] {
  const columns = columnsOf[kind];
  return [columns.map((c) => c.header), columns.map((c) => c.example)];
}

export function importTemplateCsv(kind: ImportKind): string {
  return safeCsv(templateRows(kind));
}

export async function importTemplateXlsx(kind: ImportKind, t: Translate): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(importKindWord[kind]);
  for (const row of templateRows(kind)) sheet.addRow(neutraliseRow(row));
  // NIPs and phone numbers are text: as numbers Excel would round them and drop the "+".
  sheet.getColumn(1).numFmt = "@";
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  columnsOf[kind].forEach((column, index) => {
    sheet.getColumn(index + 1).width = Math.min(
      48,
      Math.max(12, column.header.length, column.example.length) + 2,
    );
  });

  const help = workbook.addWorksheet(t("templates.sheet_name"));
  help.getColumn(1).width = 22;
  help.getColumn(2).width = 12;
  help.getColumn(3).width = 70;
  help.addRow([t(`templates.title.${kind}`)]).font = { bold: true, size: 13 };
  for (const line of t("templates.steps", { command: importKindWord[kind] }).split("\n"))
    help.addRow([line]);
  help.addRow([]);
  help.addRow([
    t("templates.head_column"),
    t("templates.head_required"),
    t("templates.head_meaning"),
  ]).font = { bold: true };
  for (const column of columnsOf[kind]) {
    help.addRow(
      neutraliseRow([
        column.header,
        column.required ? t("templates.required") : t("templates.optional"),
        t(`templates.column.${kind}.${column.header}`),
      ]),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
