import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import { findProgramWithProvinces } from "../../../src/db/repositories/program-lookup.repository.ts";
import { type SeededCohort, seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import { toStaffProgram } from "../../../src/features/shared/staff-program.service.ts";
import { computeDailyStatus } from "../../../src/features/status/daily-status.service.ts";
import type { AttendanceStatus } from "../../../src/generated/prisma/enums.ts";
import { createTestDatabase } from "../../support/test-database.ts";

const day = "2026-11-24";
const windowOpen = new Date("2026-11-24T01:00:00Z"); // 08:00 WIB
const windowClosed = new Date("2026-11-24T05:00:00Z"); // 12:00 WIB

describe("daily status counting (SQL)", () => {
  let db: Database;
  let cohort: SeededCohort;
  beforeAll(async () => {
    db = await createTestDatabase();
    cohort = await seedCohort(db.prisma, {
      telegramIdBase: 710000,
      placed: true,
      startDate: "2026-11-23",
    });
    // Unit 0 (two people): one present, one sick. Unit 1: one late. Three more present elsewhere.
    const statuses: [number, AttendanceStatus][] = [
      [0, "HADIR"],
      [1, "SAKIT"],
      [2, "TERLAMBAT"],
      [4, "HADIR"],
      [6, "DINAS_LUAR"],
      [8, "IZIN"],
    ];
    for (const [index, status] of statuses) {
      const participant = cohort.participants[index];
      if (!participant) throw new Error("seed");
      await db.prisma.checkIn.create({
        data: {
          enrollmentId: participant.enrollmentId,
          programId: cohort.programId,
          hostUnitId: cohort.hostUnitIds[Math.floor(index / 2)] ?? null,
          localDate: new Date(`${day}T00:00:00Z`),
          status,
          recordedAt: new Date("2026-11-24T00:20:00Z"),
        },
      });
    }
    // Awaiting review (outside the geofence) is counted apart; a rejected one counts as missing.
    for (const [index, review] of [
      [10, "PENDING"],
      [12, "REJECTED"],
    ] as const) {
      await db.prisma.checkIn.create({
        data: {
          enrollmentId: cohort.participants[index]?.enrollmentId ?? "",
          programId: cohort.programId,
          hostUnitId: cohort.hostUnitIds[index / 2] ?? null,
          localDate: new Date(`${day}T00:00:00Z`),
          status: "HADIR",
          insideGeofence: false,
          review,
          recordedAt: new Date("2026-11-24T00:25:00Z"),
        },
      });
    }
    // A check-in of the day before must not count today.
    await db.prisma.checkIn.create({
      data: {
        enrollmentId: cohort.participants[3]?.enrollmentId ?? "",
        programId: cohort.programId,
        localDate: new Date("2026-11-23T00:00:00Z"),
        status: "HADIR",
      },
    });
    await db.prisma.anonymousAttendance.createMany({
      data: [
        {
          programId: cohort.programId,
          localDate: new Date(`${day}T00:00:00Z`),
          status: "HADIR",
          count: 2,
        },
        {
          programId: cohort.programId,
          localDate: new Date("2026-11-23T00:00:00Z"),
          status: "HADIR",
          count: 5,
        },
      ],
    });
  });
  afterAll(() => db.close());

  async function program(scopeUnitId: string | null = null) {
    const found = await findProgramWithProvinces(db.prisma, cohort.programId);
    if (!found) throw new Error("program");
    return toStaffProgram(found, scopeUnitId === null ? null : [scopeUnitId]);
  }

  it("counts per status and unit, with the anonymous counts in the totals", async () => {
    const status = await computeDailyStatus(db.prisma, await program(), day, windowOpen);
    expect(status.closed).toBe(false);
    expect(status.totals).toEqual({
      HADIR: 4,
      TERLAMBAT: 1,
      IZIN: 1,
      SAKIT: 1,
      DINAS_LUAR: 1,
      pending: 1,
      missing: 19,
      expected: 28,
    });
    expect(status.anonymous).toBe(2);
    expect(status.units).toHaveLength(13);
    const first = status.units.find((unit) => unit.hostUnitId === cohort.hostUnitIds[0]);
    expect(first?.counts).toMatchObject({ HADIR: 1, SAKIT: 1, missing: 0, expected: 2 });
    const second = status.units.find((unit) => unit.hostUnitId === cohort.hostUnitIds[1]);
    expect(second?.counts).toMatchObject({ TERLAMBAT: 1, missing: 1, expected: 2 });
    const pendingUnit = status.units.find((unit) => unit.hostUnitId === cohort.hostUnitIds[5]);
    expect(pendingUnit?.counts).toMatchObject({ HADIR: 0, pending: 1, missing: 1, expected: 2 });
    const rejectedUnit = status.units.find((unit) => unit.hostUnitId === cohort.hostUnitIds[6]);
    expect(rejectedUnit?.counts).toMatchObject({ HADIR: 0, pending: 0, missing: 2, expected: 2 });
  });

  it("names those missing, limited, and calls them alpa once the window closed", async () => {
    const status = await computeDailyStatus(db.prisma, await program(), day, windowClosed, {
      missingLimit: 5,
    });
    expect(status.closed).toBe(true);
    expect(status.missingNames).toHaveLength(5);
    const names = status.missingNames.map((row) => row.fullName);
    expect(names).toEqual([...names].sort());
    const checkedIn = await db.prisma.person.findUnique({
      where: { id: cohort.participants[0]?.personId ?? "" },
    });
    expect(names).not.toContain(checkedIn?.fullName);
  });

  it("limits a unit-scoped viewer to that unit, without anonymous counts", async () => {
    const unitId = cohort.hostUnitIds[1] ?? "";
    const status = await computeDailyStatus(db.prisma, await program(unitId), day, windowOpen);
    expect(status.units.map((unit) => unit.hostUnitId)).toEqual([unitId]);
    expect(status.totals).toMatchObject({ TERLAMBAT: 1, missing: 1, expected: 2, HADIR: 0 });
    expect(status.anonymous).toBe(0);
  });

  it("leaves withdrawn participants out", async () => {
    await db.prisma.enrollment.update({
      where: { id: cohort.participants[25]?.enrollmentId ?? "" },
      data: { status: "WITHDRAWN" },
    });
    const status = await computeDailyStatus(db.prisma, await program(), day, windowOpen);
    expect(status.totals.expected).toBe(27);
    await db.prisma.enrollment.update({
      where: { id: cohort.participants[25]?.enrollmentId ?? "" },
      data: { status: "REGISTERED" },
    });
  });
});
