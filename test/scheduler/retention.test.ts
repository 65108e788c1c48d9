import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { erasePersonalDataPastRetention, retentionCutoff } from "../../src/scheduler/retention.ts";
import { createTestDatabase } from "../support/test-database.ts";

describe("retention of personal data", () => {
  let db: Database;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), "tandang-retention-"));
  });
  afterAll(async () => {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("erases participants 12 months after their program ended, keeping anonymous counts", async () => {
    const cohort = await seedCohort(db.prisma, {
      telegramIdBase: 910000,
      placed: true,
      startDate: "2024-02-26",
    });
    const first = cohort.participants[0];
    if (!first) throw new Error("seed gave no participants");
    await db.prisma.checkIn.create({
      data: {
        enrollmentId: first.enrollmentId,
        programId: cohort.programId,
        localDate: new Date("2024-02-26T00:00:00Z"),
        status: "HADIR",
      },
    });
    const logger = pino({ level: "silent" });

    // Eleven months after the end (1 Mar 2024): too early.
    expect(
      await erasePersonalDataPastRetention(db.prisma, new Date("2025-02-01T00:00:00Z"), logger, {
        dataDir,
      }),
    ).toBe(0);
    expect(await db.prisma.person.count()).toBe(26);

    const now = new Date("2025-03-02T00:00:00Z");
    expect(retentionCutoff(now).toISOString()).toBe("2024-03-02T00:00:00.000Z");
    let erased = 0;
    for (let round = 0; round < 5; round++)
      erased += await erasePersonalDataPastRetention(db.prisma, now, logger, { dataDir });
    expect(erased).toBe(26);
    expect(await db.prisma.person.count()).toBe(0);
    const anonymous = await db.prisma.anonymousAttendance.findMany({
      where: { programId: cohort.programId },
    });
    expect(anonymous.map((row) => [row.status, row.count])).toEqual([["HADIR", 1]]);
    const account = await db.prisma.telegramAccount.findUniqueOrThrow({
      where: { telegramUserId: first.telegramUserId },
    });
    expect(account.personId).toBeNull();
    expect(account.firstName).toBeNull();
  });

  it("keeps staff: a person who holds a role is not erased", async () => {
    const program = await db.prisma.program.findFirstOrThrow();
    const staff = await db.prisma.person.create({
      data: {
        fullName: "Koordinator Lama",
        roles: { create: { role: "COORDINATOR", programId: program.id } },
        enrollments: { create: { programId: program.id } },
      },
    });
    await erasePersonalDataPastRetention(
      db.prisma,
      new Date("2030-01-01T00:00:00Z"),
      pino({ level: "silent" }),
      { dataDir },
    );
    expect(await db.prisma.person.findUnique({ where: { id: staff.id } })).not.toBeNull();
  });
});
