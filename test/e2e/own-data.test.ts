import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SeededCohort, seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { cohortParticipants } from "../../src/db/seed/sumbar-jatim-cohort.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { reply } from "../support/reply.ts";

const now = new Date("2026-11-24T00:30:00Z");
const monday = new Date("2026-11-23T00:00:00Z");

describe("a person's own data: /dataku and /hapusdata (UU 27/2022)", () => {
  let bot: TestBot;
  let cohort: SeededCohort;

  beforeAll(async () => {
    bot = await startTestBot({ clock: fixedClock(now) });
    const db = bot.db.prisma;
    cohort = await seedCohort(db, { startDate: "2026-11-23", telegramIdBase: 700, placed: true });
    // Two participants checked in on Monday; the first also reported and rated the host.
    for (const participant of cohort.participants.slice(0, 2)) {
      await db.checkIn.create({
        data: {
          enrollmentId: participant.enrollmentId,
          programId: cohort.programId,
          localDate: monday,
          status: "HADIR",
          latitude: -7.2597,
          longitude: 112.6761,
          accuracyM: 12,
          distanceM: 30,
          insideGeofence: true,
        },
      });
    }
    const first = cohort.participants[0];
    if (!first) throw new Error("the cohort has participants");
    await db.checkIn.create({
      data: {
        enrollmentId: first.enrollmentId,
        programId: cohort.programId,
        localDate: now,
        status: "SAKIT",
        reason: "Demam",
      },
    });
    await db.dailyReport.create({
      data: {
        enrollmentId: first.enrollmentId,
        programId: cohort.programId,
        localDate: monday,
        text: "Mempelajari aplikasi kepegawaian BKD Jatim",
      },
    });
    await db.finalReport.create({
      data: { enrollmentId: first.enrollmentId, text: "Laporan akhir magang" },
    });
    await db.feedback.create({
      data: { enrollmentId: first.enrollmentId, hostRating: 5, mentorRating: 4, comment: "Bagus" },
    });
  });
  afterAll(() => bot.stop());

  it("tells someone without data that nothing is stored", async () => {
    const stranger = bot.api.user(601);
    await reply(stranger, () => stranger.sendCommand("/dataku"), /Tidak ada data pribadi/);
    await reply(stranger, () => stranger.sendCommand("/hapusdata"), /Tidak ada data pribadi/);
  });

  it("/dataku sends everything stored about the person as a JSON file", async () => {
    const user = bot.api.user(700);
    const sent = await reply(user, () => user.sendCommand("/dataku"), /salinan seluruh data/);
    expect(sent.method).toBe("sendDocument");
    const upload = sent.uploads?.[0];
    expect(upload?.file_name).toBe("data-saya-2026-11-24.json");
    const content = bot.api.fileContent(upload?.file_id ?? "");
    const data = JSON.parse(String(content));
    const seeded = cohortParticipants[0];
    expect(data.person).toMatchObject({
      fullName: seeded?.fullName,
      nip: seeded?.nip,
      position: seeded?.position,
      ownAgency: seeded?.ownAgency,
      phone: seeded?.phone,
    });
    expect(data.telegramAccount.telegramUserId).toBe("700");
    expect(data.consents).toHaveLength(1);
    expect(data.enrollments).toHaveLength(1);
    const [enrollment] = data.enrollments;
    expect(enrollment.program.name).toBe("Magang ASN Sumbar di Jatim 2024");
    expect(enrollment.hostUnit.name).toMatch(/Jawa Timur/);
    expect(enrollment.checkIns.map((c: { status: string }) => c.status)).toEqual([
      "HADIR",
      "SAKIT",
    ]);
    expect(enrollment.checkIns[0]).toMatchObject({ localDate: "2026-11-23", accuracyM: 12 });
    expect(enrollment.dailyReports[0].text).toBe("Mempelajari aplikasi kepegawaian BKD Jatim");
    expect(enrollment.finalReport.text).toBe("Laporan akhir magang");
    expect(enrollment.feedback).toMatchObject({ hostRating: 5, mentorRating: 4 });
  });

  it("/hapusdata asks first, and cancelling keeps everything", async () => {
    const user = bot.api.user(700);
    const question = await reply(user, () => user.sendCommand("/hapusdata"), /yakin/);
    await reply(user, () => user.pressButton(question, "own:keep"), /tidak dihapus/);
    expect(await bot.db.prisma.person.count({ where: { nip: cohortParticipants[0]?.nip } })).toBe(
      1,
    );
  });

  it("erases the person, keeping only anonymous counts for the recap", async () => {
    const [first, second] = cohort.participants;
    if (!first || !second) throw new Error("the cohort has participants");
    const db = bot.db.prisma;
    const user = bot.api.user(700);
    const question = await reply(user, () => user.sendCommand("/hapusdata"), /yakin/);
    await reply(
      user,
      () => user.pressButton(question, `own:erase:${first.personId}`),
      /sudah dihapus/,
    );

    expect(await db.person.findUnique({ where: { id: first.personId } })).toBeNull();
    expect(await db.enrollment.count({ where: { personId: first.personId } })).toBe(0);
    expect(await db.checkIn.count({ where: { enrollmentId: first.enrollmentId } })).toBe(0);
    expect(await db.dailyReport.count({ where: { enrollmentId: first.enrollmentId } })).toBe(0);
    expect(await db.consentRecord.count({ where: { personId: first.personId } })).toBe(0);
    const account = await db.telegramAccount.findUniqueOrThrow({ where: { telegramUserId: 700n } });
    expect(account).toMatchObject({ personId: null, firstName: null, username: null });
    const anonymous = await db.anonymousAttendance.findMany({
      where: { programId: cohort.programId },
      orderBy: { status: "asc" },
    });
    expect(
      anonymous.map((row) => [row.localDate.toISOString().slice(0, 10), row.status, row.count]),
    ).toEqual([
      ["2026-11-23", "HADIR", 1],
      ["2026-11-24", "SAKIT", 1],
    ]);

    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "person.erased" } });
    const details = JSON.stringify(audit.details);
    expect(details).toContain('"checkIns":2');
    for (const personal of Object.values(cohortParticipants[0] ?? {})) {
      expect(details).not.toContain(personal);
    }
    expect(audit.actorId).toBeNull();

    // The old confirmation button does nothing more; /dataku now has nothing to send.
    await reply(
      user,
      () => user.pressButton(question, `own:erase:${first.personId}`, { allowMissingButton: true }),
      /sudah tidak berlaku/,
    );
    await reply(user, () => user.sendCommand("/dataku"), /Tidak ada data pribadi/);

    // A second participant, in English: the counts add up, the answer is in their language.
    await db.telegramAccount.update({ where: { telegramUserId: 701n }, data: { locale: "en" } });
    const other = bot.api.user(701);
    const otherQuestion = await reply(other, () => other.sendCommand("/hapusdata"), /Are you sure/);
    await reply(
      other,
      () => other.pressButton(otherQuestion, `own:erase:${second.personId}`),
      /has been deleted/,
    );
    const hadir = await db.anonymousAttendance.findUniqueOrThrow({
      where: {
        programId_localDate_status: {
          programId: cohort.programId,
          localDate: monday,
          status: "HADIR",
        },
      },
    });
    expect(hadir.count).toBe(2);
    const otherAccount = await db.telegramAccount.findUniqueOrThrow({
      where: { telegramUserId: 701n },
    });
    expect(otherAccount).toMatchObject({ personId: null, locale: "en" });
    expect(bot.api.unansweredCallbackQueries()).toEqual([]);
  });

  it("refuses a forged erase button naming someone else", async () => {
    const [, , victim] = cohort.participants;
    if (!victim) throw new Error("the cohort has participants");
    const attacker = bot.api.user(703);
    const question = await reply(attacker, () => attacker.sendCommand("/hapusdata"), /yakin/);
    await reply(
      attacker,
      () =>
        attacker.pressButton(question, `own:erase:${victim.personId}`, {
          allowMissingButton: true,
        }),
      /sudah tidak berlaku/,
    );
    expect(await bot.db.prisma.person.count({ where: { id: victim.personId } })).toBe(1);
    const attackerAccount = await bot.db.prisma.telegramAccount.findUniqueOrThrow({
      where: { telegramUserId: 703n },
    });
    expect(attackerAccount.personId).not.toBeNull();
  });
});
