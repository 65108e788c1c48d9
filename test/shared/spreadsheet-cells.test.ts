import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { writeWorkbook } from "../../src/features/recap/workbook-buffer.ts";
import {
  neutraliseFormula,
  neutraliseRow,
  restoreNeutralised,
  safeCsv,
} from "../../src/shared/spreadsheet-cells.ts";

const hostile = ['=HYPERLINK("http://x","y")', "+1", "-1+1", "@SUM(A1:A2)", "\tfoo", "\rfoo"];

describe("formula neutralisation in exports", () => {
  it.each(hostile)("prefixes %j with an apostrophe", (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
    expect(restoreNeutralised(neutraliseFormula(value))).toBe(value);
  });

  it("leaves ordinary text and plain negative numbers as they are", () => {
    for (const value of ["Andi Putra", "-7,2575", "-7.3305", "-12", "", "a=b", "1+1"]) {
      expect(neutraliseFormula(value)).toBe(value);
    }
  });

  it("never touches numbers passed as numbers (negative included)", () => {
    expect(neutraliseRow([-5, 0, 3.5, "=1", null])).toEqual([-5, 0, 3.5, "'=1", null]);
  });

  it("writes no live formula into a CSV", () => {
    const csv = safeCsv([["nama", "nilai"], ...hostile.map((value) => [value, -3])]);
    const records = parse(csv, { relax_quotes: true }) as string[][];
    const names = records.slice(1).map((row) => row[0]);
    expect(names).toEqual(hostile.map((value) => `'${value}`));
    for (const name of names) expect(name?.[0]).toBe("'");
    expect(records.slice(1).map((row) => row[1])).toEqual(hostile.map(() => "-3"));
  });

  it("writes every text cell of an XLSX as inert text; numbers stay numbers", async () => {
    const xlsx = await writeWorkbook((workbook) => {
      const sheet = workbook.addWorksheet("rekap");
      for (const value of hostile) sheet.addRow([value, -42]).commit();
      sheet.commit();
    });
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = read.worksheets[0];
    const cells: ExcelJS.Cell[] = [];
    sheet?.eachRow((row) => {
      cells.push(row.getCell(1));
      expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(2).value).toBe(-42);
    });
    // XML reads a carriage return back as a line feed; the apostrophe is what matters.
    expect(cells.map((cell) => cell.value)).toEqual(
      hostile.map((value) => `'${value}`.replace(/\r/g, "\n")),
    );
    for (const cell of cells) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    expect(xlsx.toString("latin1")).not.toContain("<f>");
  });
});
