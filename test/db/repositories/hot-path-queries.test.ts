import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import { touchAccount } from "../../../src/db/repositories/accounts.repository.ts";
import { deleteChatState } from "../../../src/db/repositories/chat-state.repository.ts";
import {
  insertCheckIn,
  type NewCheckIn,
} from "../../../src/db/repositories/check-ins.repository.ts";
import { findEnrollmentsWithProgram } from "../../../src/db/repositories/enrollments.repository.ts";
import { loadUpdateContext } from "../../../src/db/repositories/update-context.repository.ts";
import { seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import { isUniqueViolation } from "../../../src/features/check-in/check-in.service.ts";
import { createTestDatabase } from "../../support/test-database.ts";

/** The hand-written queries of the update hot path must return what Prisma's includes return. */
describe("hot-path queries", () => {
  let database: Database;
  let cohort: Awaited<ReturnType<typeof seedCohort>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    cohort = await seedCohort(database.prisma, {
      telegramIdBase: 720000,
      placed: true,
      startDate: "2026-11-23",
    });
  });
  afterAll(() => database.close());

  const viaPrisma = (personId: string) =>
    database.prisma.enrollment.findMany({
      where: {
        personId,
        status: { not: "WITHDRAWN" },
        program: { status: { in: ["ACTIVE", "FINISHED"] } },
      },
      include: {
        program: { include: { hostProvince: true, sendingProvince: true } },
        hostUnit: true,
      },
      orderBy: { program: { startDate: "asc" } },
    });

  it("reads an enrollment with program, provinces and host unit exactly as include does", async () => {
    const db = database.prisma;
    const participant = cohort.participants[0];
    if (!participant) throw new Error("no participant");
    // Every kind of column set: a bigint chat id, timestamps with milliseconds, arrays, nulls.
    await db.program.update({
      where: { id: cohort.programId },
      data: { coordinatorChatId: -1001234567890123n, workingWeekdays: [1, 2, 3, 4, 5, 6] },
    });
    await db.enrollment.update({
      where: { id: participant.enrollmentId },
      data: { placedAt: new Date("2026-11-20T03:04:05.678Z"), placementNotifiedAt: null },
    });
    const raw = await findEnrollmentsWithProgram(db, participant.personId);
    expect(raw).toHaveLength(1);
    expect(raw).toEqual(await viaPrisma(participant.personId));
    expect(raw[0]?.program.coordinatorChatId).toBe(-1001234567890123n);
    expect(raw[0]?.hostUnit?.latitude).toEqual(expect.any(Number));
  });

  it("gives a null host unit before placement and skips withdrawn enrollments", async () => {
    const db = database.prisma;
    const [, second, third] = cohort.participants;
    if (!second || !third) throw new Error("no participants");
    await db.enrollment.update({ where: { id: second.enrollmentId }, data: { hostUnitId: null } });
    await db.enrollment.update({
      where: { id: third.enrollmentId },
      data: { status: "WITHDRAWN" },
    });
    const unplaced = await findEnrollmentsWithProgram(db, second.personId);
    expect(unplaced[0]?.hostUnit).toBeNull();
    expect(unplaced).toEqual(await viaPrisma(second.personId));
    expect(await findEnrollmentsWithProgram(db, third.personId)).toEqual([]);
  });

  it("loads account, active grants and flow state in one query, refreshing lastSeen hourly", async () => {
    const db = database.prisma;
    const participant = cohort.participants[3];
    if (!participant) throw new Error("no participant");
    const id = participant.telegramUserId;
    const key = `flow:${id}`;
    const seenAt = new Date("2026-11-24T00:00:00Z");
    await db.telegramAccount.update({
      where: { telegramUserId: id },
      data: { lastSeenAt: seenAt, unreachableAt: null },
    });
    await db.roleGrant.create({
      data: { personId: participant.personId, role: "MENTOR", programId: cohort.programId },
    });
    await db.roleGrant.create({
      data: {
        personId: participant.personId,
        role: "OFFICIAL",
        programId: cohort.programId,
        side: "HOST",
        revokedAt: seenAt,
      },
    });
    const stateWritten = new Date("2026-11-24T00:10:00Z");
    await db.chatState.create({
      data: { key, value: { flow: "checkin", step: "location" }, updatedAt: stateWritten },
    });

    const within = await loadUpdateContext(db, id, key, new Date("2026-11-24T00:30:00Z"));
    expect(within).toEqual({
      personId: participant.personId,
      locale: null,
      grants: [{ role: "MENTOR", programId: cohort.programId, hostUnitId: null, side: null }],
      state: { flow: "checkin", step: "location" },
      stateUpdatedAt: stateWritten,
    });
    const account = () => db.telegramAccount.findUniqueOrThrow({ where: { telegramUserId: id } });
    expect((await account()).lastSeenAt).toEqual(seenAt);

    const later = new Date("2026-11-24T01:30:00Z");
    await db.chatState.delete({ where: { key } });
    await db.telegramAccount.update({
      where: { telegramUserId: id },
      data: { unreachableAt: seenAt, unreachableWhy: "blocked" },
    });
    expect((await loadUpdateContext(db, id, key, later))?.state).toBeNull();
    expect(await account()).toMatchObject({
      lastSeenAt: later,
      unreachableAt: null,
      unreachableWhy: null,
    });

    expect(await loadUpdateContext(db, 999_999_999n, "flow:999999999", later)).toBeUndefined();
    await touchAccount(db, { telegramUserId: 999_999_999n, firstName: "Baru" }, later);
    expect(await loadUpdateContext(db, 999_999_999n, "flow:999999999", later)).toMatchObject({
      personId: null,
      grants: [],
    });
  });

  it("gives the same rows through node-postgres and inside a Prisma transaction", async () => {
    const db = database.prisma;
    const participant = cohort.participants[4];
    if (!participant) throw new Error("no participant");
    const id = participant.telegramUserId;
    const key = `flow:${id}`;
    await db.chatState.create({ data: { key, value: { flow: "checkin", step: "location" } } });
    const at = new Date("2026-11-24T02:00:00Z");
    const direct = {
      context: await loadUpdateContext(db, id, key, at),
      enrollments: await findEnrollmentsWithProgram(db, participant.personId),
    };
    const inTransaction = await db.$transaction(async (tx) => ({
      context: await loadUpdateContext(tx, id, key, at),
      enrollments: await findEnrollmentsWithProgram(tx, participant.personId),
    }));
    expect(inTransaction).toEqual(direct);
    expect(direct.context?.state).toEqual({ flow: "checkin", step: "location" });

    await db.$transaction((tx) => deleteChatState(tx, key));
    expect(await db.chatState.findUnique({ where: { key } })).toBeNull();
    await db.chatState.create({ data: { key, value: {} } });
    await deleteChatState(db, key);
    expect(await db.chatState.findUnique({ where: { key } })).toBeNull();
  });

  it("inserts a check-in and returns the row as Prisma reads it, on both paths", async () => {
    const db = database.prisma;
    const [first, second] = cohort.participants;
    if (!first || !second) throw new Error("no participants");
    const record = (enrollmentId: string, localDate: string): NewCheckIn => ({
      enrollmentId,
      programId: cohort.programId,
      hostUnitId: cohort.hostUnitIds[0] ?? null,
      localDate: new Date(`${localDate}T00:00:00Z`),
      status: "TERLAMBAT",
      latitude: -7.250123456789,
      longitude: 112.7501,
      accuracyM: 15.5,
      distanceM: 1234,
      insideGeofence: false,
      photoFileId: null,
      review: "PENDING",
      recordedAt: new Date("2026-11-24T01:02:03.456Z"),
    });
    const direct = await insertCheckIn(db, record(first.enrollmentId, "2026-11-24"));
    expect(direct).toEqual(await db.checkIn.findUniqueOrThrow({ where: { id: direct.id } }));
    expect(direct).toMatchObject({ attempts: 1, reviewedAt: null, reason: null });
    expect(direct.localDate).toEqual(new Date("2026-11-24T00:00:00Z"));

    const inTransaction = await db.$transaction((tx) =>
      insertCheckIn(tx, {
        ...record(second.enrollmentId, "2026-11-25"),
        status: "IZIN",
        reason: "Urusan keluarga",
        latitude: null,
        longitude: null,
        accuracyM: null,
        distanceM: null,
        insideGeofence: null,
        review: undefined,
      }),
    );
    expect(inTransaction).toEqual(
      await db.checkIn.findUniqueOrThrow({ where: { id: inTransaction.id } }),
    );
    expect(inTransaction).toMatchObject({ review: "NONE", reason: "Urusan keluarga" });

    // The day's second check-in is a unique violation on both paths (insertOnce relies on it).
    const again = record(first.enrollmentId, "2026-11-24");
    const directError = await insertCheckIn(db, again).catch((error: unknown) => error);
    expect(isUniqueViolation(directError)).toBe(true);
    const txError = await db
      .$transaction((tx) => insertCheckIn(tx, again))
      .catch((error: unknown) => error);
    expect(isUniqueViolation(txError)).toBe(true);
  });
});
