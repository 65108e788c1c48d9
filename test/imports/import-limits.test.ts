import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { defaultImportLimits, ImportLimitError } from "../../src/imports/import-limits.ts";
import { readSheet } from "../../src/imports/read-sheet.ts";
import { checkZipLimits } from "../../src/imports/zip-guard.ts";
import { xlsxBomb } from "../support/zip-files.ts";

const limits = { ...defaultImportLimits, maxRows: 50 };

async function xlsxOf(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("data");
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function refusal(run: () => unknown): ImportLimitError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportLimitError) return error;
    throw error;
  }
  return undefined;
}

const header = ["nip", "nama"];
const rowsOf = (count: number) =>
  Array.from({ length: count }, (_, i) => [
    `19850312201001${String(i).padStart(4, "0")}`,
    `P ${i}`,
  ]);

describe("import caps", () => {
  it("reads a CSV with exactly the row cap, refuses one row more", async () => {
    const csv = (count: number) =>
      Buffer.from([header, ...rowsOf(count)].map((row) => row.join(",")).join("\n"));
    expect((await readSheet(csv(50), "csv", limits)).rows).toHaveLength(50);
    await expect(readSheet(csv(51), "csv", limits)).rejects.toMatchObject({
      limit: "rows",
      max: 50,
    });
  });

  it("does not count blank lines towards the row cap", async () => {
    const lines = [header.join(","), ...rowsOf(50).map((row) => `${row.join(",")}\n\n`)];
    expect((await readSheet(Buffer.from(lines.join("\n")), "csv", limits)).rows).toHaveLength(50);
  });

  it("refuses an XLSX over the row cap", async () => {
    await expect(readSheet(await xlsxOf([header, ...rowsOf(51)]), "xlsx", limits)).rejects.toEqual(
      new ImportLimitError("rows", 50),
    );
  });

  it("lets a normal XLSX through the zip guard", async () => {
    const file = await xlsxOf([header, ...rowsOf(50)]);
    expect(refusal(() => checkZipLimits(file, defaultImportLimits))).toBeUndefined();
    expect((await readSheet(file, "xlsx", limits)).rows).toHaveLength(50);
  });

  it("refuses a zip bomb (400 MB sheet) by its unpacked size, before opening it", async () => {
    const bomb = xlsxBomb(400);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    expect(refusal(() => checkZipLimits(bomb, defaultImportLimits))).toMatchObject({
      limit: "unpacked",
      max: 50,
    });
    await expect(readSheet(bomb, "xlsx")).rejects.toMatchObject({ limit: "unpacked" });
  });

  it("refuses an absurd compression ratio under the size cap", () => {
    const bomb = xlsxBomb(20);
    expect(refusal(() => checkZipLimits(bomb, defaultImportLimits))).toMatchObject({
      limit: "ratio",
      max: 200,
    });
  });

  it("refuses a directory that understates a part, without unpacking past the declared size", () => {
    const liar = xlsxBomb(400, { declaredSheetBytes: 10_000 });
    expect(refusal(() => checkZipLimits(liar, defaultImportLimits))).toMatchObject({
      limit: "unpacked",
    });
  });

  it("reports a broken zip as unreadable, not as a cap", async () => {
    await expect(readSheet(Buffer.from("not a zip at all"), "xlsx")).rejects.toMatchObject({
      name: "UnreadableSheetError",
    });
  });
});

describe("the zip-bomb test file itself", () => {
  it("is a real XLSX: a small one passes the guard's inflate check and opens", async () => {
    const small = xlsxBomb(3);
    const generous = { ...defaultImportLimits, maxCompressionRatio: 100_000, maxRows: 100 };
    expect(refusal(() => checkZipLimits(small, generous))).toBeUndefined();
    const sheet = await readSheet(small, "xlsx", generous);
    expect(sheet.headers[0]?.length ?? 0).toBeGreaterThan(3_000_000);
  });
});
