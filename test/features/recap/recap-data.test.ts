import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import { findProgramWithProvinces } from "../../../src/db/repositories/program-lookup.repository.ts";
import { type SeededCohort, seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import { formatRate } from "../../../src/domain/attendance-rate.ts";
import { loadRecapData, recapRates } from "../../../src/features/recap/recap-data.service.ts";
import { toStaffProgram } from "../../../src/features/shared/staff-program.service.ts";
import { computeDailyStatus } from "../../../src/features/status/daily-status.service.ts";
import { renderTotals } from "../../../src/features/status/status.render.ts";
import { createI18n, translatorFor } from "../../../src/i18n/i18n.ts";
import { createTestDatabase } from "../../support/test-database.ts";

// Tuesday 24 Nov 2026, 09:00 WIB: Monday has closed, Tuesday's window is still open.
const tuesdayMorning = new Date("2026-11-24T02:00:00Z");
const monday = new Date("2026-11-23T00:00:00Z");
const tuesday = new Date("2026-11-24T00:00:00Z");

describe("recap data with the one rate definition (real database)", () => {
  let db: Database;
  let cohort: SeededCohort;

  beforeAll(async () => {
    db = await createTestDatabase();
    cohort = await seedCohort(db.prisma, {
      startDate: "2026-11-23",
      telegramIdBase: 7_100_000,
      placed: true,
    });
    const enrollments = await db.prisma.enrollment.findMany({
      where: { programId: cohort.programId },
      select: { id: true, hostUnitId: true },
    });
    const base = (index: number) => ({
      enrollmentId: enrollments[index]?.id ?? "",
      programId: cohort.programId,
      hostUnitId: enrollments[index]?.hostUnitId ?? null,
    });
    await db.prisma.checkIn.createMany({
      data: [
        // Monday: everyone but two checked in; one check-in awaits review, one was rejected.
        ...enrollments.slice(2).map((_, offset) => ({
          ...base(offset + 2),
          localDate: monday,
          status: "HADIR" as const,
          recordedAt: new Date("2026-11-23T00:05:00Z"),
        })),
        {
          ...base(0),
          localDate: monday,
          status: "HADIR",
          review: "PENDING",
          recordedAt: new Date("2026-11-23T00:06:00Z"),
        },
        {
          ...base(1),
          localDate: monday,
          status: "HADIR",
          review: "REJECTED",
          recordedAt: new Date("2026-11-23T00:07:00Z"),
        },
        // Tuesday so far: one of them.
        {
          ...base(2),
          localDate: tuesday,
          status: "HADIR",
          recordedAt: new Date("2026-11-24T00:10:00Z"),
        },
      ],
    });
  }, 120_000);
  afterAll(() => db.close());

  it("counts today for everyone, pending apart, rejected as no record", async () => {
    const found = await findProgramWithProvinces(db.prisma, cohort.programId);
    if (!found) throw new Error("program");
    const data = await loadRecapData(db.prisma, toStaffProgram(found, null), tuesdayMorning);
    const total = data.rows.length;
    expect(total).toBe(cohort.participants.length);
    expect(total).toBeGreaterThan(10);
    expect(data.days).toEqual(["2026-11-23", "2026-11-24"]);

    const rates = recapRates(data);
    expect(rates.perDay[0]).toBeCloseTo((total - 2) / total);
    // One of all checked in on the open day: a few percent, never 100%.
    expect(rates.perDay[1]).toBeCloseTo(1 / total);

    const pending = data.rows.filter((row) => row.statuses[0] === "PENDING");
    expect(pending).toHaveLength(1);
    expect(pending[0]?.pending).toBe(1);
    expect(pending[0]?.counts.HADIR).toBe(0);
    expect(pending[0]?.rate).toBe(0);
    const rejected = data.rows.filter((row) => row.statuses[0] === "ALPA");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.times[0]).toBe("");
    const both = data.rows.filter((row) => row.statuses[1] === "HADIR");
    expect(both).toHaveLength(1);
    expect(both[0]?.counts.HADIR).toBe(2);
    expect(both[0]?.rate).toBe(1);
    // Present Monday, not yet Tuesday: one of two working days so far.
    const mondayOnly = data.rows.filter(
      (row) => row.statuses[0] === "HADIR" && row.statuses[1] === null,
    );
    expect(mondayOnly.length).toBe(total - 3);
    for (const row of mondayOnly) expect(row.rate).toBe(0.5);
    expect(data.rows.every((row) => typeof row.jabatan === "string")).toBe(true);
  });

  it("shows /status the same day rate: one of all so far on the open day", async () => {
    const found = await findProgramWithProvinces(db.prisma, cohort.programId);
    if (!found) throw new Error("program");
    const program = toStaffProgram(found, null);
    const status = await computeDailyStatus(db.prisma, program, "2026-11-24", tuesdayMorning);
    const total = cohort.participants.length;
    const lines = renderTotals(translatorFor(createI18n(), "id"), status, "id");
    expect(formatRate(1 / total, "id")).toMatch(/^\d,\d%$/);
    expect(lines.at(-1)).toBe(
      `📈 Kehadiran: <b>${formatRate(1 / total, "id")}</b> (H + TL + DL dari ${total} peserta)`,
    );
  });
});
