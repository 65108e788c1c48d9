import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cohortParticipants } from "../../src/db/seed/sumbar-jatim-cohort.ts";
import { parseDateInput, parseTimeInput } from "../../src/imports/cells.ts";
import { parseImportFile, validateSheet } from "../../src/imports/validate-import.ts";

const today = new Date("2026-11-24T00:00:00Z");
const agencies = [
  { id: "u1", name: "Badan Kepegawaian Daerah Provinsi Jawa Timur", shortName: "BKD Jatim" },
  { id: "u2", name: "Dinas Perhubungan Provinsi Jawa Timur", shortName: "Dishub Jatim" },
];
const context = { today, agencies };
const nip = cohortParticipants[0]?.nip ?? "";
const nip2 = cohortParticipants[1]?.nip ?? "";

const sheet = (headers: string[], ...rows: string[][]) => ({
  headers,
  rows: rows.map((cells, index) => ({ line: index + 2, cells })),
});

describe("cell parsers", () => {
  it("reads Indonesian and ISO dates and rejects impossible ones", () => {
    expect(parseDateInput("26-02-2024")).toBe("2024-02-26");
    expect(parseDateInput("1/3/2024")).toBe("2024-03-01");
    expect(parseDateInput("2024-02-26")).toBe("2024-02-26");
    expect(parseDateInput("30-02-2024")).toBeUndefined();
    expect(parseDateInput("2024/02/26")).toBeUndefined();
    expect(parseDateInput("besok")).toBeUndefined();
  });
  it("reads HH:mm and HH.mm times", () => {
    expect(parseTimeInput("8:00")).toBe("08:00");
    expect(parseTimeInput("13.30")).toBe("13:30");
    expect(parseTimeInput("24:00")).toBeUndefined();
    expect(parseTimeInput("8")).toBeUndefined();
  });
});

describe("roster validation", () => {
  it("accepts the cohort and English aliases in the header", () => {
    const result = validateSheet(
      "roster",
      sheet(
        ["NIP", "Name", "Position", "Own Agency", "Phone"],
        [nip, "Andi", "Analis", "BKD", "0812-6600-0100"],
      ),
      context,
    );
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      expect.objectContaining({
        line: 2,
        nama: "Andi",
        telepon: "081266000100",
        nip: { nip, kind: "PNS" },
      }),
    ]);
  });

  it("names every problem by line and column", () => {
    const result = validateSheet(
      "roster",
      sheet(
        ["nip", "nama", "telepon"],
        [nip, "Andi", ""],
        ["1985031220100110", "Budi", ""],
        [nip, "Citra", ""],
        [nip2, "", "abc"],
        [nip, "Andi", ""],
      ),
      context,
    );
    expect(result.rows).toHaveLength(1);
    expect(result.problems).toEqual([
      {
        line: 3,
        column: "nip",
        messageKey: "imports.problem.nip_wrong_length",
        value: "1985031220100110",
      },
      {
        line: 4,
        column: "nip",
        messageKey: "imports.problem.duplicate_nip",
        value: nip,
        params: { firstLine: 2 },
      },
      { line: 5, column: "nama", messageKey: "imports.problem.required", value: "" },
      { line: 5, column: "telepon", messageKey: "imports.problem.phone_invalid", value: "abc" },
      {
        line: 6,
        column: "-",
        messageKey: "imports.problem.duplicate_row",
        value: "",
        params: { firstLine: 2 },
      },
    ]);
  });

  it("reports missing required columns on line 1 and validates nothing else", () => {
    const result = validateSheet("roster", sheet(["nama", "jabatan"], ["Andi", "x"]), context);
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([
      { line: 1, column: "nip", messageKey: "imports.problem.missing_column", value: "" },
    ]);
  });
});

describe("host agencies, placements and schedule", () => {
  it("checks coordinate ranges and splits counterparts", () => {
    const result = validateSheet(
      "host_units",
      sheet(
        ["nama", "lat", "lon", "kapasitas", "padanan"],
        ["BKD Jatim", "-7,3305", "112.7344", "2", "BKD Sumbar; BPSDM Sumbar"],
        ["Dishub", "-97", "112", "2", ""],
        ["Bapenda", "-7.2", "112.7", "dua", ""],
        ["BPKAD", "-7.2", "", "2", ""],
      ),
      context,
    );
    expect(result.rows[0]).toMatchObject({
      lat: -7.3305,
      lon: 112.7344,
      padanan: ["BKD Sumbar", "BPSDM Sumbar"],
    });
    expect(result.problems.map((p) => [p.line, p.column, p.messageKey])).toEqual([
      [3, "lat", "imports.problem.latitude_range"],
      [4, "kapasitas", "imports.problem.whole_number_invalid"],
      [5, "lon", "imports.problem.coordinates_incomplete"],
    ]);
  });

  it("matches placements to agencies by name or short name and flags unknown ones", () => {
    const result = validateSheet(
      "placements",
      sheet(["nip", "instansi"], [nip, "bkd jatim"], [nip2, "Dinas Entah"]),
      { ...context, placeableNips: new Set([nip]) },
    );
    expect(result.rows).toEqual([expect.objectContaining({ hostUnitId: "u1", line: 2 })]);
    expect(result.problems.map((p) => [p.line, p.column, p.messageKey])).toEqual([
      [3, "nip", "imports.problem.nip_not_on_roster"],
      [3, "instansi", "imports.problem.unknown_agency"],
    ]);
  });

  it("checks schedule dates and times", () => {
    const result = validateSheet(
      "schedule",
      sheet(
        ["tanggal", "mulai", "selesai", "kegiatan", "instansi"],
        ["30-11-2026", "08:00", "10:00", "Pembukaan", ""],
        ["2026-11-31", "08:00", "", "Kunjungan", ""],
        ["01-12-2026", "10:00", "09:00", "Diskusi", "Dishub Jatim"],
      ),
      context,
    );
    expect(result.rows).toEqual([
      expect.objectContaining({ tanggal: "2026-11-30", mulai: "08:00", hostUnitId: null }),
    ]);
    expect(result.problems.map((p) => [p.line, p.column, p.messageKey])).toEqual([
      [3, "tanggal", "imports.problem.date_invalid"],
      [4, "selesai", "imports.problem.end_before_start"],
    ]);
  });
});

describe("reading files", () => {
  it("reads CSV with ; as Excel writes it in Indonesian, counting lines as the file shows them", async () => {
    const content = Buffer.from(`\uFEFFnip;nama\n${nip};Andi\n\n${nip};Andi\n`);
    const result = await parseImportFile("roster", content, "csv", context);
    expect(result.problems).toEqual([
      {
        line: 4,
        column: "-",
        messageKey: "imports.problem.duplicate_row",
        value: "",
        params: { firstLine: 2 },
      },
    ]);
  });

  it("reads XLSX with numeric cells and real dates", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheetXlsx = workbook.addWorksheet("jadwal");
    sheetXlsx.addRow(["tanggal", "mulai", "kegiatan"]);
    sheetXlsx.addRow([new Date(Date.UTC(2026, 10, 30)), "08:00", "Pembukaan"]);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const result = await parseImportFile("schedule", content, "xlsx", context);
    expect(result.problems).toEqual([]);
    expect(result.rows[0]).toMatchObject({
      tanggal: "2026-11-30",
      mulai: "08:00",
      kegiatan: "Pembukaan",
    });
  });

  it("reports an unreadable XLSX instead of throwing", async () => {
    const result = await parseImportFile("roster", Buffer.from("not a zip"), "xlsx", context);
    expect(result.problems[0]?.messageKey).toBe("imports.problem.unreadable");
  });
});
