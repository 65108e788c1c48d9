import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { rateBarChartSvg } from "../../../src/charts/rate-bar-chart.ts";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "../../../src/domain/attendance.ts";
import { attendanceRate, type DayCell, tallyCells } from "../../../src/domain/attendance-rate.ts";
import { recapChartInput } from "../../../src/features/recap/recap-chart.ts";
import { type RecapData, recapRates } from "../../../src/features/recap/recap-data.service.ts";
import {
  buildRecapCsv,
  buildRecapWorkbook,
  RATE_FORMAT,
  wrappedLines,
} from "../../../src/features/recap/recap-workbook.ts";
import { createI18n, translatorFor } from "../../../src/i18n/i18n.ts";
import { STATUS_PALETTE } from "../../../src/shared/status-palette.ts";

const t = translatorFor(createI18n(), "id");
const NIP = "197501011999042001";

function counts(cells: DayCell[]): Record<AttendanceStatus, number> {
  const result = Object.fromEntries(ATTENDANCE_STATUSES.map((s) => [s, 0])) as Record<
    AttendanceStatus,
    number
  >;
  for (const cell of cells) if (cell !== null && cell !== "PENDING") result[cell]++;
  return result;
}

/** Monday closed, Tuesday open (10:00): 26 participants, 1 checked in on Tuesday. */
function recapData(): RecapData {
  const statuses: DayCell[][] = Array.from({ length: 26 }, (_, index) => {
    if (index === 0) return ["HADIR", "HADIR"];
    if (index === 1) return ["PENDING", null];
    if (index === 2) return ["DINAS_LUAR", null];
    if (index === 3) return ["SAKIT", null];
    return ["ALPA", null];
  });
  return {
    program: {
      id: "p1",
      name: "Magang Nasional 2026",
      startDate: "2026-11-23",
      endDate: "2026-11-27",
      timeZone: "Asia/Jakarta",
      zoneLabel: "WIB",
      hostProvinceCode: "31",
      hostProvinceName: "DKI Jakarta",
      sendingProvinceName: "Sumatera Barat",
      checkInClosesAt: "12:00",
      workingWeekdays: [1, 2, 3, 4, 5],
      scopeUnitIds: null,
    },
    days: ["2026-11-23", "2026-11-24"],
    closed: [true, false],
    rows: statuses.map((cells, index) => ({
      enrollmentId: `e${index}`,
      fullName: `Peserta ${String(index).padStart(2, "0")}`,
      nip: index === 0 ? NIP : `19850312201001${String(1000 + index).slice(-4)}`,
      ownAgency: "Dinas Perhubungan, Provinsi Sumatera Barat",
      jabatan: "Analis Kebijakan",
      hostUnit: index % 2 === 0 ? "Bappeda" : "",
      statuses: cells,
      times: cells.map((cell) => (cell === null || cell === "ALPA" ? "" : "07:10")),
      counts: counts(cells),
      pending: cells.filter((cell) => cell === "PENDING").length,
      rate: attendanceRate(tallyCells(cells)),
    })),
    units: [
      { id: "u1", label: "Bappeda" },
      { id: null, label: "" },
    ],
    anonymous: [counts([]), counts([])],
    generatedAt: new Date("2026-11-24T03:00:00Z"),
    signature: { position: "Kepala Bidang PKT", name: "Dra. Siti Rahma", nip: NIP },
  };
}

describe("recap rates with the one definition", () => {
  it("gives Tuesday 1 of 26 (4%), not 100%, and Monday H+DL of 26", () => {
    const rates = recapRates(recapData());
    expect(rates.perDay[1]).toBeCloseTo(1 / 26);
    expect(rates.perDay[0]).toBeCloseTo(2 / 26);
    const input = recapChartInput(t, "id", recapData());
    expect(input.panels[0]?.bars.map((bar) => bar.rate)).toEqual(rates.perDay);
    expect(rateBarChartSvg(input)).toContain(">4%<");
    expect(rateBarChartSvg(input)).not.toContain(">100%<");
    expect(input.panels[0]?.bars.map((bar) => bar.label)).toEqual([
      "Senin, 23 November 2026",
      "Selasa, 24 November 2026 (berjalan)",
    ]);
  });
});

describe("chart readability", () => {
  it("draws no text under 14 px when the chart is shown 1080 px wide", () => {
    const svg = rateBarChartSvg(recapChartInput(t, "id", recapData()));
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.min(...sizes) * (1080 / width)).toBeGreaterThanOrEqual(14);
  });

  it("gives every status its own colour (Okabe–Ito), Hadir and Dinas luar apart", () => {
    const fills = Object.values(STATUS_PALETTE).map((entry) => entry.fill.toUpperCase());
    expect(new Set(fills).size).toBe(fills.length);
    expect(STATUS_PALETTE.HADIR.fill).not.toBe(STATUS_PALETTE.DINAS_LUAR.fill);
  });
});

describe("recap CSV for an Indonesian spreadsheet", () => {
  it("has a BOM, `;` separators, the NIP kept whole as text and the rate with a comma", () => {
    const csv = buildRecapCsv(t, recapData(), "id");
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString("utf8").slice(1);
    expect(text.split("\n")[0]?.split(";").length).toBeGreaterThan(10);
    const rows = parse(text, { delimiter: ";" }) as string[][];
    const header = rows[0] ?? [];
    const first = rows[1] ?? [];
    const nip = first[header.indexOf("NIP")] ?? "";
    // Spaces make it text to every spreadsheet; the digits are exactly the 18 of the NIP.
    expect(nip).toBe("19750101 199904 2 001");
    expect(nip.replaceAll(" ", "")).toBe(NIP);
    expect(first[header.indexOf("Instansi asal")]).toBe(
      "Dinas Perhubungan, Provinsi Sumatera Barat",
    );
    expect(first.at(-1)).toBe("100,0%");
    const pending = rows[2] ?? [];
    expect(pending[6]).toBe("H?");
    expect(pending.at(-1)).toBe("0,0%");
  });
});

describe("wrapped lines of a text in a column", () => {
  it("counts word-wrapped lines, breaking words longer than the column", () => {
    expect(wrappedLines("", 10)).toBe(1);
    expect(wrappedLines("BPSDM Jatim", 22)).toBe(1);
    // Capacity 11: "Badan" | "Pengembangan" (12, over two lines) | "Sumber Daya".
    expect(wrappedLines("Badan Pengembangan Sumber Daya", 10)).toBe(4);
    expect(wrappedLines("Dinas Perhubungan, Provinsi Sumatera Barat", 36)).toBe(1);
    expect(wrappedLines("Badan Pengembangan Sumber Daya Manusia Provinsi Sumatera Barat", 36)).toBe(
      2,
    );
  });
});

describe("recap workbook a BPSDM can print", () => {
  it("has widths, frozen header, filter, numeric rates, totals, grid with legend, signature", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildRecapWorkbook(t, "id", recapData())) as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      "Ringkasan",
      "Grid harian",
      "2026-11-23",
      "2026-11-24",
    ]);
    const summary = workbook.getWorksheet("Ringkasan");
    if (!summary) throw new Error("no summary");
    expect(summary.getColumn(3).width).toBe(28);
    expect(summary.views[0]).toMatchObject({ state: "frozen", ySplit: 5, xSplit: 3 });
    expect(summary.autoFilter).toBeTruthy();
    expect(summary.pageSetup).toMatchObject({
      orientation: "landscape",
      paperSize: 9,
      fitToWidth: 1,
    });
    expect(String(summary.getCell("A2").value)).toContain("Magang Nasional 2026");
    const header = summary.getRow(5).values as unknown[];
    expect(header).toContain("Jabatan");
    const rateColumn = header.length - 1;
    const first = summary.getRow(6);
    expect(first.getCell(2).value).toBe(NIP);
    expect(first.getCell(4).value).toBe("Analis Kebijakan");
    expect(first.getCell(rateColumn).value).toBe(1);
    expect(first.getCell(rateColumn).numFmt).toBe(RATE_FORMAT);
    const totals = summary.getRow(6 + 26);
    expect(totals.getCell(1).value).toBe("Jumlah");
    expect(totals.getCell(rateColumn).value).toBeCloseTo(3 / 52);
    const texts = summary
      .getSheetValues()
      .flat()
      .filter((v): v is string => typeof v === "string");
    expect(texts).toContain("Mengetahui,");
    expect(texts).toContain("Kepala Bidang PKT");
    expect(texts).toContain("Dra. Siti Rahma");
    expect(texts).toContain("NIP. 19750101 199904 2 001");

    const grid = workbook.getWorksheet("Grid harian");
    if (!grid) throw new Error("no grid");
    expect(grid.views[0]).toMatchObject({ state: "frozen", ySplit: 4 });
    expect(grid.autoFilter).toBeTruthy();
    expect(grid.getRow(4).getCell(5).value).toBe("23/11");
    const monday = grid.getRow(5).getCell(5);
    expect(monday.value).toBe("H");
    expect((monday.fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FF009E73");
    const dinas = grid.getRow(7).getCell(5);
    expect(dinas.value).toBe("DL");
    expect((dinas.fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FF0072B2");
    expect(grid.getRow(6).getCell(5).value).toBe("H?");
    expect(grid.getRow(5).getCell(7).numFmt).toBe(RATE_FORMAT);
    const gridTexts = grid
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === "string");
    expect(gridTexts).toContain("Keterangan kode");
    expect(gridTexts).toContain("Tanpa keterangan");
    expect(gridTexts).toContain("Hadir, menunggu tinjauan (belum dihitung hadir)");
  });

  it("prints long agency names wrapped in their column and the running number centred", async () => {
    const data = recapData();
    const long = data.rows[1];
    if (long) long.ownAgency = "Badan Pengembangan Sumber Daya Manusia Provinsi Sumatera Barat";
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildRecapWorkbook(t, "id", data)) as never);
    const summary = workbook.getWorksheet("Ringkasan");
    const grid = workbook.getWorksheet("Grid harian");
    const day = workbook.getWorksheet("2026-11-23");
    if (!summary || !grid || !day) throw new Error("sheets missing");
    // LibreOffice printed "Dinas Perhubungan, Provinsi Sumatera Barat" cut off by the next column.
    const first = summary.getRow(6);
    expect(first.getCell(5).value).toBe("Dinas Perhubungan, Provinsi Sumatera Barat");
    for (const column of [3, 4, 5, 6]) {
      expect(first.getCell(column).alignment).toMatchObject({ wrapText: true, vertical: "top" });
    }
    expect(first.getCell(2).alignment?.wrapText).toBeFalsy();
    // 62 characters in a 36-wide column: two lines, so that row is two lines tall.
    expect(summary.getRow(7).height).toBe(30);
    expect(first.height ?? 15).toBe(15);
    // The signature block sits beside the notes, not after them (it split over two pages).
    let ruleRow = 0;
    summary.eachRow((row, number) => {
      if (String(row.getCell(1).value).startsWith("Kehadiran = ")) ruleRow = number;
    });
    expect(ruleRow).toBeGreaterThan(6 + 26);
    const signatureCells = (summary.getRow(ruleRow).values as unknown[]).filter(
      (value) => value === "Mengetahui,",
    );
    expect(signatureCells).toHaveLength(1);
    // Rows whose texts fit keep the default height.
    expect(grid.getRow(5).height ?? 15).toBe(15);
    expect(first.getCell(1).alignment).toMatchObject({ horizontal: "center" });
    expect(grid.getRow(5).getCell(1).alignment).toMatchObject({ horizontal: "center" });
    expect(grid.getRow(5).getCell(3).alignment).toMatchObject({ wrapText: true });
    expect(day.getRow(3).getCell(1).alignment).toMatchObject({ horizontal: "center" });
    expect(day.getRow(3).getCell(5).alignment).toMatchObject({ horizontal: "center" });
    expect(day.getRow(3).getCell(4).alignment).toMatchObject({ wrapText: true });
  });

  it("keeps a hostile jabatan or signature text inert, and leaves blanks to sign by hand", async () => {
    const data = recapData();
    const first = data.rows[0];
    if (first) first.jabatan = '=HYPERLINK("http://x","y")';
    data.signature = { position: "=1+1" };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildRecapWorkbook(t, "id", data)) as never);
    const summary = workbook.getWorksheet("Ringkasan");
    expect(summary?.getCell("D6").value).toBe(`'=HYPERLINK("http://x","y")`);
    const texts = summary?.getSheetValues().flat() ?? [];
    expect(texts).toContain("'=1+1");
    expect(texts).toContain("(....................................)");
    expect(texts.some((value) => typeof value === "object" && value !== null)).toBe(false);
    const csv = buildRecapCsv(t, data, "id").toString("utf8");
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
  });
});
