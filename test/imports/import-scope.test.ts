import { describe, expect, it } from "vitest";
import { validateSheet } from "../../src/imports/validate-import.ts";

// A coordinator limited to BKD Jatim (u1): rows for another agency, or for the whole program,
// are problems named by line and column; rows for BKD Jatim pass.
const today = new Date("2026-11-24T00:00:00Z");
const agencies = [
  { id: "u1", name: "Badan Kepegawaian Daerah Provinsi Jawa Timur", shortName: "BKD Jatim" },
  { id: "u2", name: "Dinas Perhubungan Provinsi Jawa Timur", shortName: "Dishub Jatim" },
];
const limited = { today, agencies, scopeUnitIds: ["u1"] };
const sheet = (headers: string[], ...rows: string[][]) => ({
  headers,
  rows: rows.map((cells, index) => ({ line: index + 2, cells })),
});
const where = (problems: { line: number; column: string; messageKey: string }[]) =>
  problems.map((p) => `${p.line}:${p.column}:${p.messageKey}`);

describe("imports by a coordinator limited to one host unit", () => {
  it("names schedule rows of another agency and program-wide rows", () => {
    const result = validateSheet("schedule", scheduleSheet(), limited);
    expect(where(result.problems)).toEqual([
      "3:instansi:imports.problem.outside_scope",
      "4:instansi:imports.problem.program_wide_outside_scope",
    ]);
    expect(result.rows.map((row) => row.line)).toEqual([2]);
    // The same file for the whole program has no problem.
    expect(validateSheet("schedule", scheduleSheet(), { today, agencies }).problems).toEqual([]);
  });

  it("lets it update its own agency only, never add or change another", () => {
    const result = validateSheet(
      "host_units",
      sheet(
        ["nama", "alamat"],
        ["Badan Kepegawaian Daerah Provinsi Jawa Timur", "Jl. Jemursari 186"],
        ["Dinas Perhubungan Provinsi Jawa Timur", "Jl. A. Yani 268"],
        ["Dinas Baru Provinsi Jawa Timur", "Jl. Baru 1"],
      ),
      limited,
    );
    expect(where(result.problems)).toEqual([
      "3:nama:imports.problem.outside_scope",
      "4:nama:imports.problem.outside_scope",
    ]);
  });
});

function scheduleSheet() {
  return sheet(
    ["tanggal", "mulai", "kegiatan", "instansi"],
    ["25-11-2026", "08:00", "Apel pagi", "BKD Jatim"],
    ["25-11-2026", "09:00", "Kunjungan", "Dishub Jatim"],
    ["25-11-2026", "10:00", "Pembukaan", ""],
  );
}
