import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngDimensions } from "../../../src/charts/render-png.ts";
import type { Database } from "../../../src/db/client.ts";
import { findProgramWithProvinces } from "../../../src/db/repositories/program-lookup.repository.ts";
import { seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import { buildDailyRecap } from "../../../src/features/recap/daily-recap.ts";
import { renderRecapChart } from "../../../src/features/recap/recap-chart.ts";
import { loadRecapData, recapRates } from "../../../src/features/recap/recap-data.service.ts";
import { buildRecapCsv, buildRecapWorkbook } from "../../../src/features/recap/recap-workbook.ts";
import { toStaffProgram } from "../../../src/features/shared/staff-program.service.ts";
import { computeDailyStatus } from "../../../src/features/status/daily-status.service.ts";
import type { AttendanceStatus } from "../../../src/generated/prisma/enums.ts";
import { createI18n, translatorFor } from "../../../src/i18n/i18n.ts";
import { createTestDatabase } from "../../support/test-database.ts";

const PARTICIPANTS = 10_000;
const days = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"];
// Saturday: every working day of the week has closed.
const saturday = new Date("2026-11-28T03:00:00Z");
const i18n = createI18n();
const t = translatorFor(i18n, "id");

function statusFor(index: number, dayIndex: number): AttendanceStatus | undefined {
  const roll = (index * 7 + dayIndex * 13) % 100;
  if (roll < 80) return "HADIR";
  if (roll < 88) return "TERLAMBAT";
  if (roll < 91) return "IZIN";
  if (roll < 93) return "SAKIT";
  if (roll < 95) return "DINAS_LUAR";
  return undefined; // alpa
}

function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  return work().then((result) => {
    process.stdout.write(`[recap-bench] ${label}: ${Math.round(performance.now() - started)} ms\n`);
    return result;
  });
}

describe("rekap presensi for 10,000 participants × 5 days", () => {
  let db: Database;
  let programId: string;
  let expectedAlpa = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    const cohort = await seedCohort(db.prisma, { startDate: days[0] });
    programId = cohort.programId;
    const persons = Array.from({ length: PARTICIPANTS }, (_, index) => ({
      id: randomUUID(),
      fullName: `Peserta ${String(index).padStart(5, "0")}`,
      nip: `1985031220100${String(index).padStart(5, "0")}`,
      ownAgency: "Dinas Perhubungan Provinsi Sumatera Barat",
    }));
    const enrollments = persons.map((person, index) => ({
      id: randomUUID(),
      programId,
      personId: person.id,
      hostUnitId: cohort.hostUnitIds[index % cohort.hostUnitIds.length] ?? null,
    }));
    await timed("seed", async () => {
      for (let start = 0; start < PARTICIPANTS; start += 2_500) {
        await db.prisma.person.createMany({ data: persons.slice(start, start + 2_500) });
        await db.prisma.enrollment.createMany({ data: enrollments.slice(start, start + 2_500) });
      }
      for (const [dayIndex, day] of days.entries()) {
        const rows = enrollments.flatMap((enrollment, index) => {
          const status = statusFor(index, dayIndex);
          if (!status) {
            expectedAlpa++;
            return [];
          }
          return [
            {
              enrollmentId: enrollment.id,
              programId,
              hostUnitId: enrollment.hostUnitId,
              localDate: new Date(`${day}T00:00:00Z`),
              status,
              recordedAt: new Date(`${day}T00:${String(index % 60).padStart(2, "0")}:00Z`),
            },
          ];
        });
        for (let start = 0; start < rows.length; start += 5_000) {
          await db.prisma.checkIn.createMany({ data: rows.slice(start, start + 5_000) });
        }
      }
      await db.prisma.anonymousAttendance.create({
        data: { programId, localDate: new Date(`${days[1]}T00:00:00Z`), status: "HADIR", count: 3 },
      });
    });
  }, 300_000);
  afterAll(() => db.close());

  async function program() {
    const found = await findProgramWithProvinces(db.prisma, programId);
    if (!found) throw new Error("program");
    return toStaffProgram(found, null);
  }

  it("counts one day's status in SQL", async () => {
    const status = await timed("status (one day, 10k)", async () =>
      computeDailyStatus(db.prisma, await program(), days[0] ?? "", saturday),
    );
    expect(status.totals.expected).toBe(PARTICIPANTS);
    const recorded =
      status.totals.HADIR +
      status.totals.TERLAMBAT +
      status.totals.IZIN +
      status.totals.SAKIT +
      status.totals.DINAS_LUAR;
    expect(recorded + status.totals.missing).toBe(PARTICIPANTS);
    expect(status.missingNames).toHaveLength(15);
  });

  it("builds a workbook with a summary sheet and a sheet per day, plus CSV and chart", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const data = await timed("load recap data", async () =>
      loadRecapData(db.prisma, await program(), saturday),
    );
    const xlsx = await timed("xlsx", () => buildRecapWorkbook(t, "id", data));
    const csv = await timed("csv", async () => buildRecapCsv(t, data));
    const png = await timed("chart", async () => renderRecapChart(t, "id", data));
    process.stdout.write(
      `[recap-bench] xlsx ${Math.round(xlsx.length / 1024)} KiB, csv ${Math.round(csv.length / 1024)} KiB, heap +${Math.round((process.memoryUsage().heapUsed - heapBefore) / 1048576)} MiB\n`,
    );

    expect(data.days).toEqual(days);
    const alpa = data.rows.reduce((sum, row) => sum + row.counts.ALPA, 0);
    expect(alpa).toBe(expectedAlpa);
    const rates = recapRates(data);
    // Tuesday includes the three anonymous presences.
    expect(rates.perDay[1]).toBeGreaterThan(0.9);
    expect(rates.perUnit).toHaveLength(13);
    expect(pngDimensions(png)?.width).toBe(1080);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      "Ringkasan",
      "Grid harian",
      ...days,
    ]);
    const summary = workbook.getWorksheet("Ringkasan");
    expect(summary?.getCell("A6").value).toBe(1);
    expect(summary?.getCell("C6").value).toBe("Peserta 00000");
    expect(summary?.getCell("B6").value).toBe("198503122010000000");
    const lastRow = summary?.getRow(5 + PARTICIPANTS);
    expect(lastRow?.getCell(3).value).toBe("Peserta 09999");
    // H, TL, I, S, DL, TK, H?, working days (all five closed), rate.
    expect(lastRow?.getCell(14).value).toBe(5);
    expect(typeof lastRow?.getCell(15).value).toBe("number");
    expect(summary?.getCell(`A${6 + PARTICIPANTS}`).value).toBe("Jumlah");
    const notes = [
      summary?.getCell(`A${9 + PARTICIPANTS}`).value,
      summary?.getCell(`A${10 + PARTICIPANTS}`).value,
    ].map(String);
    expect(notes[0]).toContain("3 data presensi anonim");
    expect(notes[1]).toContain("TK = Tanpa keterangan");
    const monday = workbook.getWorksheet(days[0] ?? "");
    expect(monday?.getCell("A1").value).toBe("Senin, 23 November 2026");
    expect(monday?.getRow(2).values).toEqual([
      undefined,
      "No",
      "NIP",
      "Nama",
      "Instansi penempatan",
      "Status",
      "Jam presensi (WIB)",
    ]);
    expect(monday?.getCell("E3").value).toBe("H");
    expect(monday?.getCell("F3").value).toBe("07:00");
    expect(monday?.rowCount).toBe(2 + PARTICIPANTS);
    expect(csv.toString("utf8").split("\n").length).toBeGreaterThanOrEqual(PARTICIPANTS + 1);
  }, 120_000);

  it("builds the daily recap text for coordinators (and its chart)", async () => {
    const recap = await buildDailyRecap(db.prisma, programId, days[1] ?? "", "id", {
      withChart: true,
      i18n,
    });
    expect(recap?.text).toContain("Rekap harian");
    expect(recap?.text).toContain("Selasa, 24 November 2026");
    expect(recap?.text).toContain(`Jumlah peserta: <b>${PARTICIPANTS + 3}</b>`);
    expect(recap?.text).toContain("Tanpa keterangan (");
    expect(recap?.text).toContain("Laporan harian masuk: <b>0</b> dari 10000");
    expect(recap?.text.length ?? 0).toBeLessThan(4096);
    expect(pngDimensions(recap?.chart ?? Buffer.alloc(0))?.width).toBe(1080);
    expect(await buildDailyRecap(db.prisma, randomUUID(), days[1] ?? "", "en")).toBeUndefined();
  });
});
