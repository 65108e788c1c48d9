import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import { seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import { cohortParticipants } from "../../../src/db/seed/sumbar-jatim-cohort.ts";
import {
  assessIdentity,
  checkAttemptLimit,
  recordIdentityRefusal,
} from "../../../src/features/registration/identity.service.ts";
import {
  IDENTITY_ATTEMPT_WINDOW_MINUTES,
  MAX_REFUSED_ATTEMPTS_PER_ACCOUNT,
} from "../../../src/features/registration/identity-limits.ts";
import { createTestDatabase } from "../../support/test-database.ts";

const t0 = new Date("2026-11-24T01:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe("identity service (SQL)", () => {
  let db: Database;
  let programId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    programId = (await seedCohort(db.prisma, { startDate: "2026-11-30" })).programId;
  });
  afterAll(() => db.close());

  it("proves a NIP only by the roster phone, however it is written", async () => {
    const row = cohortParticipants[0];
    if (!row) throw new Error("seed");
    const data = { programId, usesRoster: true };
    const stranger = { telegramUserId: 1n, personId: null };
    const local = `0${row.phone.slice(3)}`;
    expect(await assessIdentity(db.prisma, data, row.nip, local, stranger)).toMatchObject({
      kind: "proven",
      roster: { fullName: row.fullName },
    });
    expect(await assessIdentity(db.prisma, data, row.nip, "+6281100000000", stranger)).toEqual({
      kind: "unproven",
      reason: "phone_mismatch",
    });
    expect(
      await assessIdentity(db.prisma, data, "199001012015031002", row.phone, stranger),
    ).toEqual({ kind: "unproven", reason: "unknown_nip" });
    await db.prisma.rosterEntry.update({
      where: { programId_nip: { programId, nip: row.nip } },
      data: { phone: null },
    });
    expect(await assessIdentity(db.prisma, data, row.nip, row.phone, stranger)).toEqual({
      kind: "unproven",
      reason: "no_roster_phone",
    });
  });

  it("counts refused attempts per account in a sliding window and says when to try again", async () => {
    const registrant = { telegramUserId: 77n, personId: null };
    const data = { programId, inviteCode: "kode-uji" };
    const who = { telegramUserId: 77n, inviteCode: "kode-uji" };
    for (let i = 0; i < MAX_REFUSED_ATTEMPTS_PER_ACCOUNT; i++) {
      expect(await checkAttemptLimit(db.prisma, "account", who, minutes(i))).toEqual({ ok: true });
      await recordIdentityRefusal(
        db.prisma,
        { registrant, data, outcome: "phone_mismatch", nip: "199001012015031002" },
        minutes(i),
      );
    }
    // Attempts at minutes 0..4: at minute 10 the oldest leaves the window at minute 60.
    expect(await checkAttemptLimit(db.prisma, "account", who, minutes(10))).toEqual({
      ok: false,
      retryInMinutes: IDENTITY_ATTEMPT_WINDOW_MINUTES - 10,
    });
    expect(
      await checkAttemptLimit(db.prisma, "account", who, minutes(IDENTITY_ATTEMPT_WINDOW_MINUTES)),
    ).toEqual({ ok: true });
    // Another account is not held back by this one.
    expect(
      await checkAttemptLimit(db.prisma, "account", { ...who, telegramUserId: 78n }, minutes(10)),
    ).toEqual({ ok: true });
    const audit = await db.prisma.auditEntry.findMany({
      where: { action: "registration.refused" },
    });
    expect(audit).toHaveLength(MAX_REFUSED_ATTEMPTS_PER_ACCOUNT);
    expect(JSON.stringify(audit.map((entry) => entry.details))).not.toContain("199001012015031002");
  });
});
