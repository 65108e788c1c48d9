import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.ts";
import { type SeededCohort, seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import { resolveProgramScope } from "../../../src/features/access/scope.ts";
import {
  issueEligibleIn,
  revokeProgramCertificate,
  verifyCertificate,
} from "../../../src/features/certificate/certificate.service.ts";
import { erasePerson, exportPersonData } from "../../../src/features/own-data/own-data.service.ts";
import { createI18n, translatorFor } from "../../../src/i18n/i18n.ts";
import { createLogger } from "../../../src/logger.ts";
import { createTestDatabase } from "../../support/test-database.ts";

const DAYS = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"];
const LAST_DAY = new Date("2026-12-04T09:00:00Z");

describe("the certificate service with the database", () => {
  let database: Database;
  let cohort: SeededCohort;
  const enrollment = (index: number) => cohort.participants[index]?.enrollmentId ?? "";

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.prisma;
    cohort = await seedCohort(db, { telegramIdBase: 830000, placed: true, startDate: DAYS[0] });
    // Participants 0–3 (units 0 and 1, two each) attended every day and reported.
    for (const index of [0, 1, 2, 3]) {
      await db.checkIn.createMany({
        data: DAYS.map((day) => ({
          enrollmentId: enrollment(index),
          programId: cohort.programId,
          localDate: new Date(`${day}T00:00:00Z`),
          status: "HADIR" as const,
          recordedAt: new Date(`${day}T00:10:00Z`),
        })),
      });
      await db.finalReport.create({ data: { enrollmentId: enrollment(index), text: "Laporan" } });
    }
  });
  afterAll(() => database?.close());

  it("refuses to issue before the program's last day", async () => {
    const outcome = await issueEligibleIn(database.prisma, {
      programId: cohort.programId,
      hostUnitIds: null,
      actorId: null,
      now: new Date("2026-12-03T09:00:00Z"),
    });
    expect(outcome).toEqual({ kind: "too_early", endDate: "2026-12-04" });
  });

  it("issues only within a unit-limited coordinator's units, with distinct numbers", async () => {
    const unit = cohort.hostUnitIds[0] ?? "";
    const outcome = await database.prisma.$transaction((tx) =>
      issueEligibleIn(tx, {
        programId: cohort.programId,
        hostUnitIds: [unit],
        actorId: null,
        now: LAST_DAY,
      }),
    );
    if (outcome.kind !== "done") throw new Error(outcome.kind);
    expect(outcome.summary.issued.map((c) => c.enrollmentId).sort()).toEqual(
      [enrollment(0), enrollment(1)].sort(),
    );
    expect(new Set(outcome.summary.issued.map((c) => c.number)).size).toBe(2);
    expect(outcome.summary.issued.map((c) => c.number.slice(0, 13)).sort()).toEqual([
      "TDG/2026/0001",
      "TDG/2026/0002",
    ]);
    // Again for the whole program: the others get theirs, nobody a second one.
    const again = await database.prisma.$transaction((tx) =>
      issueEligibleIn(tx, {
        programId: cohort.programId,
        hostUnitIds: null,
        actorId: null,
        now: LAST_DAY,
      }),
    );
    if (again.kind !== "done") throw new Error(again.kind);
    expect(again.summary.issued.map((c) => c.enrollmentId).sort()).toEqual(
      [enrollment(2), enrollment(3)].sort(),
    );
    expect(again.summary.already).toBe(2);
  });

  it("does not let a coordinator of another unit revoke a certificate", async () => {
    const certificate = await database.prisma.certificate.findFirstOrThrow({
      where: { enrollmentId: enrollment(0) },
    });
    const actor = {
      telegramUserId: 1n,
      personId: null,
      locale: null,
      isAdmin: false,
      grants: [
        {
          role: "COORDINATOR" as const,
          programId: cohort.programId,
          hostUnitId: cohort.hostUnitIds[1] ?? null,
          side: "HOST" as const,
        },
      ],
    };
    const scope = resolveProgramScope(actor, cohort.programId, "manage");
    if (!scope) throw new Error("no scope");
    const outcome = await revokeProgramCertificate(database.prisma, {
      scope,
      number: certificate.number,
      reason: "uji",
      actorId: null,
      now: LAST_DAY,
      language: () => ({ t: translatorFor(createI18n(), "id"), locale: "id" }),
    });
    expect(outcome).toEqual({ kind: "unknown" });
    expect(
      await database.prisma.outboxMessage.count({ where: { kind: "certificate_revoked" } }),
    ).toBe(0);
    expect((await verifyCertificate(database.prisma, certificate.number))?.status).toBe("VALID");
  });

  it("lists the certificates in the holder's data export and erases them with the person", async () => {
    const certificate = await database.prisma.certificate.findFirstOrThrow({
      where: { enrollmentId: enrollment(0) },
    });
    const personId = cohort.participants[0]?.personId ?? "";
    const exported = await exportPersonData(database.prisma, personId, LAST_DAY);
    const document = JSON.parse(exported?.content.toString("utf8") ?? "{}");
    expect(document.certificates).toEqual([
      expect.objectContaining({ number: certificate.number, status: "VALID" }),
    ]);
    expect(await verifyCertificate(database.prisma, certificate.number)).toMatchObject({
      status: "VALID",
      startDate: "2026-11-30",
      endDate: "2026-12-04",
    });
    await erasePerson(database.prisma, personId, {
      now: LAST_DAY,
      logger: createLogger("silent"),
      dataDir: "/nonexistent-tandang-test",
      compact: false,
    });
    expect(await verifyCertificate(database.prisma, certificate.number)).toBeUndefined();
    expect(
      await database.prisma.certificate.count({ where: { enrollmentId: enrollment(0) } }),
    ).toBe(0);
  });

  it("removes an erased signatory from the program's certificates", async () => {
    const db = database.prisma;
    const signatory = await db.person.create({
      data: { fullName: "Hendra Wijaya Kusuma", nip: "197001011995031001" },
    });
    await db.program.update({
      where: { id: cohort.programId },
      data: {
        certificateSignatories: [
          { name: "Hendra Wijaya Kusuma", position: "Kepala", nip: "197001011995031001" },
          { name: "Sri Lestari", position: "Sekretaris" },
        ],
      },
    });
    await erasePerson(db, signatory.id, {
      now: LAST_DAY,
      logger: createLogger("silent"),
      dataDir: "/nonexistent-tandang-test",
      compact: false,
    });
    const program = await db.program.findUniqueOrThrow({ where: { id: cohort.programId } });
    expect(program.certificateSignatories).toEqual([
      { name: "Sri Lestari", position: "Sekretaris" },
    ]);
  });

  it("leaves a namesake signatory alone: another person named the same is not the signatory", async () => {
    const db = database.prisma;
    const namesake = await db.person.create({
      data: { fullName: "Budi Santoso", nip: "198002022005011002" },
    });
    const signatories = [
      { name: "Dr. Budi Santoso, M.Si", position: "Kepala BPSDM", nip: "196501011990031001" },
      { name: "Budi Santoso", position: "Sekretaris", nip: "196601011991031002" },
    ];
    await db.program.update({
      where: { id: cohort.programId },
      data: { certificateSignatories: signatories },
    });
    const exported = await exportPersonData(db, namesake.id, LAST_DAY);
    const document = JSON.parse(exported?.content.toString("utf8") ?? "{}");
    expect(document.certificateSignatories ?? null).toBeNull();
    await erasePerson(db, namesake.id, {
      now: LAST_DAY,
      logger: createLogger("silent"),
      dataDir: "/nonexistent-tandang-test",
      compact: false,
    });
    const program = await db.program.findUniqueOrThrow({ where: { id: cohort.programId } });
    expect(program.certificateSignatories).toEqual(signatories);
  });

  it("issues once when a coordinator and the delivery job issue at the same moment", async () => {
    const db = database.prisma;
    await db.certificate.deleteMany({ where: { programId: cohort.programId } });
    const issue = () =>
      db.$transaction((tx) =>
        issueEligibleIn(tx, {
          programId: cohort.programId,
          hostUnitIds: null,
          actorId: null,
          now: LAST_DAY,
        }),
      );
    const outcomes = await Promise.all([issue(), issue()]);
    const issued = outcomes.flatMap((outcome) =>
      outcome.kind === "done" ? outcome.summary.issued : [],
    );
    const rows = await db.certificate.findMany({ where: { programId: cohort.programId } });
    expect(rows).toHaveLength(issued.length);
    expect(new Set(rows.map((row) => row.enrollmentId)).size).toBe(rows.length);
    // Participants 1–3 remain (0 was erased).
    expect(rows).toHaveLength(3);
  });
});
