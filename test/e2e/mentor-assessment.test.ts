import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openData,
  rateData,
  saveData,
  skipCommentData,
} from "../../src/features/assessment/assessment.keyboards.ts";
import { loadAssessmentsForProgram } from "../../src/features/assessment/assessment.service.ts";
import { createI18n, translatorFor } from "../../src/i18n/i18n.ts";
import { reply } from "../support/reply.ts";
import {
  grantStaffRole,
  type ParticipantDays,
  startParticipantDays,
} from "./participant-days-fixture.ts";

/**
 * The mentor's assessment (issue 13, item 1) over the fake Bot API, with the clock moved through
 * the end of the program (Mon 23 Nov – Fri 4 Dec 2026, Jawa Timur, WIB; closes Fri 11 Dec).
 */
const WAIT = { timeoutMs: 15_000 };
const THURSDAY_0730 = "2026-12-03T00:30:00Z";
const FRIDAY_0730 = "2026-12-04T00:30:00Z";
const SATURDAY_0730 = "2026-12-05T00:30:00Z";
const MONDAY_0730 = "2026-12-07T00:30:00Z";
/** Monday 14 Dec 2026, 09:00 WIB: a working day after the closing date (Friday 11 Dec). */
const AFTER_CLOSING = "2026-12-14T02:00:00Z";

const MENTOR = 790101;
const UNIT_COORDINATOR = 790102;
const COORDINATOR = 790103;
const OFFICIAL = 790104;

describe("the mentor's assessment at the end of the program", () => {
  let days: ParticipantDays;
  let names: string[];
  beforeAll(async () => {
    days = await startParticipantDays(THURSDAY_0730);
    const db = days.bot.db.prisma;
    // Unit 0 has a mentor; unit 1 none, so its unit-limited host coordinator assesses; the
    // sending side's coordinator follows the program but assesses nobody.
    await grantStaffRole(days, MENTOR, "MENTOR", 0, "Sri Wahyuni");
    await grantStaffRole(days, UNIT_COORDINATOR, "COORDINATOR", 1, "Koordinator Unit");
    await db.person.create({
      data: {
        fullName: "Koordinator Pengirim",
        account: { create: { telegramUserId: BigInt(COORDINATOR), firstName: "Koordinator" } },
        roles: {
          create: { role: "COORDINATOR", programId: days.cohort.programId, side: "SENDING" },
        },
      },
    });
    await db.person.create({
      data: {
        fullName: "Kepala Badan",
        account: { create: { telegramUserId: BigInt(OFFICIAL), firstName: "Kepala" } },
        roles: { create: { role: "OFFICIAL", programId: days.cohort.programId } },
      },
    });
    const people = await db.person.findMany({
      where: { id: { in: days.cohort.participants.map((p) => p.personId) } },
      select: { id: true, fullName: true },
    });
    names = days.cohort.participants.map(
      (p) => people.find((person) => person.id === p.personId)?.fullName ?? "",
    );
    // A bot can only write to someone who has opened the chat with it.
    for (const id of [MENTOR, UNIT_COORDINATOR, COORDINATOR, OFFICIAL]) {
      const staff = days.bot.api.user(id);
      await reply(staff, () => staff.sendCommand("/help"), /Bantuan/);
    }
    const participant = days.participant(0);
    await reply(participant, () => participant.sendCommand("/start"), /Halo lagi/);
  });
  afterAll(() => days.stop());

  const tick = async (iso: string) => {
    days.at(iso);
    return (await days.bot.app.background.scheduler.runTick()).batches.map((b) => b.kind);
  };
  const answeredSince = (pattern: RegExp, since: number) =>
    days.bot.api.callbackAnswers.slice(since).some((a) => pattern.test(String(a.text ?? "")));

  it("lists /penilaian in the mentor's /help", () => {
    const help =
      days.bot.api
        .user(MENTOR)
        .texts()
        .find((t) => /Bantuan/.test(t)) ?? "";
    expect(help).toContain("/penilaian");
  });

  it("asks nobody before the last working day", async () => {
    expect(await tick(THURSDAY_0730)).not.toContain("ASSESSMENT_REQUEST");
  });

  it("asks each assessor on the last working day, one message per participant, once", async () => {
    const mentor = days.bot.api.user(MENTOR);
    const first = mentor.waitForMessage(new RegExp(names[0] ?? "-"), { onlyNew: true, ...WAIT });
    const second = mentor.waitForMessage(new RegExp(names[1] ?? "-"), { onlyNew: true, ...WAIT });
    expect(await tick(FRIDAY_0730)).toContain("ASSESSMENT_REQUEST");
    const request = await first;
    await second;
    expect(request.text).toContain("hari kerja terakhir");
    expect(request.text).toContain("Kriteria 1 dari 4: Disiplin");
    expect(request.text).toContain("sampai Jumat, 11 Desember 2026");
    expect(JSON.stringify(request.payload.reply_markup)).toContain(
      rateData(days.enrollmentOf(0), "5"),
    );
    const unitCoordinator = days.bot.api.user(UNIT_COORDINATOR);
    await unitCoordinator.waitForMessage(new RegExp(names[2] ?? "-"), WAIT);
    await unitCoordinator.waitForMessage(new RegExp(names[3] ?? "-"), WAIT);

    const rows = await days.bot.db.prisma.outboxMessage.findMany({
      where: { kind: "assessment_request" },
    });
    expect(rows.map((row) => Number(row.chatId)).sort()).toEqual([
      MENTOR,
      MENTOR,
      UNIT_COORDINATOR,
      UNIT_COORDINATOR,
    ]);
    // A second tick the same day (a restart, another instance) adds nothing.
    expect(await tick("2026-12-04T00:40:00Z")).not.toContain("ASSESSMENT_REQUEST");
    expect(
      await days.bot.db.prisma.outboxMessage.count({ where: { kind: "assessment_request" } }),
    ).toBe(4);
    expect(
      days.bot.api
        .user(COORDINATOR)
        .texts()
        .some((t) => /Kriteria 1/.test(t)),
    ).toBe(false);
  });

  it("refuses a participant pressing a mentor's button, and a mentor another unit's participant", async () => {
    const participant = days.participant(0);
    const own = participant.lastSent();
    const before = days.bot.api.callbackAnswers.length;
    participant.pressButton(own?.message_id ?? 0, rateData(days.enrollmentOf(0), "5"), {
      allowMissingButton: true,
    });
    await days.bot.api.waitUntil(() => answeredSince(/tidak dapat menilai peserta ini/, before));

    const mentor = days.bot.api.user(MENTOR);
    const mentorMessage = mentor.lastSent();
    const again = days.bot.api.callbackAnswers.length;
    mentor.pressButton(mentorMessage?.message_id ?? 0, saveData(days.enrollmentOf(2), "5555"), {
      allowMissingButton: true,
    });
    await days.bot.api.waitUntil(() => answeredSince(/tidak dapat menilai peserta ini/, again));
    const forged = days.bot.api.callbackAnswers.length;
    mentor.pressButton(mentorMessage?.message_id ?? 0, "asm:r:not-an-id:5", {
      allowMissingButton: true,
    });
    await days.bot.api.waitUntil(() => answeredSince(/tidak berlaku/, forged));
    expect(await days.bot.db.prisma.mentorAssessment.count()).toBe(0);
    expect(days.bot.api.unansweredCallbackQueries()).toEqual([]);
  });

  it("lets the mentor rate each criterion, save, and add a comment after a sticker", async () => {
    const mentor = days.bot.api.user(MENTOR);
    const enrollment = days.enrollmentOf(0);
    const request = await mentor.waitForMessage(new RegExp(names[0] ?? "-"), WAIT);
    const id = request.message_id ?? 0;
    const press = (data: string, matcher: RegExp) =>
      reply(mentor, () => mentor.pressButton(id, data), matcher);
    await press(rateData(enrollment, "4"), /Kriteria 2 dari 4: Inisiatif/);
    await press(rateData(enrollment, "45"), /Kriteria 3 dari 4: Kerja sama/);
    await press(rateData(enrollment, "453"), /Kriteria 4 dari 4: Kualitas kerja/);
    const summary = await press(rateData(enrollment, "4534"), /Rata-rata: 4,00/);
    expect(summary.text).toContain("• Disiplin: 4");
    expect(summary.text).toContain("• Kualitas kerja: 4");
    const ask = mentor.waitForMessage(/Ada komentar untuk/, { onlyNew: true, ...WAIT });
    await press(saveData(enrollment, "4534"), /Penilaian tersimpan \(rata-rata 4,00\)/);
    await ask;
    const saved = await days.bot.db.prisma.mentorAssessment.findUniqueOrThrow({
      where: { enrollmentId: enrollment },
    });
    const mentorPerson = await days.bot.db.prisma.telegramAccount.findUniqueOrThrow({
      where: { telegramUserId: BigInt(MENTOR) },
    });
    expect(saved.scores).toEqual({ discipline: 4, initiative: 5, cooperation: 3, work_quality: 4 });
    expect(saved.assessorId).toBe(mentorPerson.personId);
    // The clock of the second tick, 07:40 WIB.
    expect(saved.submittedAt?.toISOString()).toBe("2026-12-04T00:40:00.000Z");

    await reply(mentor, () => mentor.sendSticker(), /Mohon kirim komentar dalam bentuk teks/);
    await reply(
      mentor,
      () => mentor.sendText("Teliti & rajin <b>sekali</b>"),
      /Penilaian dan komentar untuk .* tersimpan/,
    );
    const commented = await days.bot.db.prisma.mentorAssessment.findUniqueOrThrow({
      where: { enrollmentId: enrollment },
    });
    expect(commented.comment).toBe("Teliti & rajin <b>sekali</b>");
    const audit = await days.bot.db.prisma.auditEntry.findMany({
      where: { action: { startsWith: "assessment." } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((entry) => [entry.action, (entry.details as { part?: string }).part])).toEqual(
      [
        ["assessment.submitted", "scores"],
        ["assessment.changed", "comment"],
      ],
    );
    expect(audit[0]?.actorId).toBe(mentorPerson.personId);
  });

  it("lets the mentor change it: «Ubah» starts again, and the change is audited", async () => {
    const mentor = days.bot.api.user(MENTOR);
    const enrollment = days.enrollmentOf(0);
    const request = await mentor.waitForMessage(new RegExp(names[0] ?? "-"), WAIT);
    const id = request.message_id ?? 0;
    await reply(
      mentor,
      () => mentor.pressButton(id, rateData(enrollment, "")),
      /Kriteria 1 dari 4/,
    );
    await reply(mentor, () => mentor.pressButton(id, rateData(enrollment, "5")), /Kriteria 2/);
    await reply(mentor, () => mentor.pressButton(id, rateData(enrollment, "55")), /Kriteria 3/);
    await reply(mentor, () => mentor.pressButton(id, rateData(enrollment, "555")), /Kriteria 4/);
    await reply(mentor, () => mentor.pressButton(id, rateData(enrollment, "5554")), /4,75/);
    const ask = await reply(
      mentor,
      () => mentor.pressButton(id, saveData(enrollment, "5554")),
      /Komentar sebelumnya: «Teliti & rajin <b>sekali<\/b>»/,
    );
    await reply(
      mentor,
      () => mentor.pressButton(ask.message_id ?? 0, skipCommentData(enrollment)),
      /Penilaian untuk .* tersimpan/,
    );
    const changed = await days.bot.db.prisma.mentorAssessment.findUniqueOrThrow({
      where: { enrollmentId: enrollment },
    });
    expect(changed.scores).toEqual({
      discipline: 5,
      initiative: 5,
      cooperation: 5,
      work_quality: 4,
    });
    expect(changed.comment).toBe("Teliti & rajin <b>sekali</b>");
    expect(
      await days.bot.db.prisma.auditEntry.count({
        where: { action: "assessment.changed", details: { path: ["part"], equals: "scores" } },
      }),
    ).toBe(1);
  });

  it("shows coordinators who is assessed and who is missing, within their scope", async () => {
    const coordinator = days.bot.api.user(COORDINATOR);
    const overview = await reply(
      coordinator,
      () => coordinator.sendCommand("/penilaian"),
      /Penilaian Peserta oleh Pembimbing/,
    );
    const text = overview.text ?? "";
    expect(text).toContain(`Sudah dinilai: 1 dari ${days.cohort.participants.length} peserta.`);
    expect(text).toContain(`${days.unitOf(0).shortName} — 1/2 (dinilai pembimbing)`);
    expect(text).toContain(`✅ ${names[0]} — rata-rata 4,75`);
    expect(text).toContain(`⏳ ${names[1]} — belum dinilai`);
    expect(text).toContain(
      `${days.unitOf(2).shortName} — 0/2 (belum ada pembimbing di bot, dinilai koordinator)`,
    );
    expect(text).toContain("belum ada penilai");
    // Not an assessor: no buttons.
    expect(overview.payload.reply_markup).toBeUndefined();

    const unitCoordinator = days.bot.api.user(UNIT_COORDINATOR);
    const scoped = await reply(
      unitCoordinator,
      () => unitCoordinator.sendCommand("/penilaian"),
      /Penilaian Peserta oleh Pembimbing/,
    );
    expect(scoped.text).toContain("Sudah dinilai: 0 dari 2 peserta.");
    expect(scoped.text).not.toContain(names[0] ?? "-");
    expect(JSON.stringify(scoped.payload.reply_markup)).toContain(openData(days.enrollmentOf(2)));

    // The mentor sees their own unit, with a button per participant to assess or change.
    const mentor = days.bot.api.user(MENTOR);
    const own = await reply(
      mentor,
      () => mentor.sendCommand("/penilaian"),
      /Penilaian Peserta oleh Pembimbing/,
    );
    expect(own.text).toContain("Sudah dinilai: 1 dari 2 peserta.");
    const ownButtons = JSON.stringify(own.payload.reply_markup);
    expect(ownButtons).toContain(openData(days.enrollmentOf(1)));
    expect(ownButtons).toContain(openData(days.enrollmentOf(0)));
    expect(ownButtons).not.toContain(openData(days.enrollmentOf(2)));

    // An official reads the whole program, without buttons.
    const official = days.bot.api.user(OFFICIAL);
    const read = await reply(
      official,
      () => official.sendCommand("/penilaian"),
      /Penilaian Peserta oleh Pembimbing/,
    );
    expect(read.text).toContain(
      `Sudah dinilai: 1 dari ${days.cohort.participants.length} peserta.`,
    );
    expect(read.payload.reply_markup).toBeUndefined();

    const participant = days.participant(0);
    await reply(
      participant,
      () => participant.sendCommand("/penilaian"),
      /hanya untuk koordinator/,
    );
  });

  it("reminds on the next working day only of the missing ones, not on the weekend", async () => {
    expect(await tick(SATURDAY_0730)).not.toContain("ASSESSMENT_REMINDER");
    const mentor = days.bot.api.user(MENTOR);
    const reminder = mentor.waitForMessage(/Pengingat penilaian peserta/, {
      onlyNew: true,
      ...WAIT,
    });
    expect(await tick(MONDAY_0730)).toContain("ASSESSMENT_REMINDER");
    const message = await reminder;
    expect(message.text).toContain(names[1]);
    expect(message.text).not.toContain(names[0]);
    expect(message.text).toContain("belum memberi penilaian untuk 1 peserta");
    const markup = JSON.stringify(message.payload.reply_markup);
    expect(markup).toContain(openData(days.enrollmentOf(1)));
    expect(markup).not.toContain(openData(days.enrollmentOf(0)));
    const unitReminder = await days.bot.api
      .user(UNIT_COORDINATOR)
      .waitForMessage(/Pengingat penilaian peserta/, WAIT);
    expect(unitReminder.text).toContain("untuk 2 peserta");
    const rows = await days.bot.db.prisma.outboxMessage.findMany({
      where: { kind: "assessment_reminder" },
    });
    expect(rows.map((row) => Number(row.chatId)).sort()).toEqual([MENTOR, UNIT_COORDINATOR]);

    // The reminder's button opens the rating in a new message.
    const opened = await reply(
      mentor,
      () => mentor.pressButton(message.message_id ?? 0, openData(days.enrollmentOf(1))),
      /Kriteria 1 dari 4: Disiplin/,
    );
    expect(opened.text).toContain(names[1]);
  });

  it("shows after the end the program whose assessment is open, though the next one runs", async () => {
    const db = days.bot.db.prisma;
    const ended = await db.program.findUniqueOrThrow({ where: { id: days.cohort.programId } });
    const next = await db.program.create({
      data: {
        name: "Program Berikutnya",
        sendingProvinceCode: ended.sendingProvinceCode,
        hostProvinceCode: ended.hostProvinceCode,
        startDate: new Date("2026-12-07T00:00:00Z"),
        endDate: new Date("2026-12-18T00:00:00Z"),
      },
    });
    const account = await db.telegramAccount.findUniqueOrThrow({
      where: { telegramUserId: BigInt(COORDINATOR) },
    });
    await db.roleGrant.create({
      data: {
        personId: account.personId ?? "",
        role: "COORDINATOR",
        programId: next.id,
        side: "SENDING",
      },
    });
    const coordinator = days.bot.api.user(COORDINATOR);
    const overview = await reply(
      coordinator,
      () => coordinator.sendCommand("/penilaian"),
      /Penilaian Peserta oleh Pembimbing/,
    );
    expect(overview.text).toContain(ended.name);
    expect(overview.text).not.toContain("Program Berikutnya");
  });

  it("gives the documents the scores, average, comment and criteria labels", async () => {
    const t = translatorFor(createI18n("id"), "id");
    const result = await loadAssessmentsForProgram(days.bot.db.prisma, days.cohort.programId, t);
    expect(result.criteria.map((criterion) => criterion.label)).toEqual([
      "Disiplin",
      "Inisiatif",
      "Kerja sama",
      "Kualitas kerja",
    ]);
    expect([...result.byEnrollment.keys()]).toEqual([days.enrollmentOf(0)]);
    expect(result.byEnrollment.get(days.enrollmentOf(0))).toMatchObject({
      average: 4.75,
      comment: "Teliti & rajin <b>sekali</b>",
    });
  });

  it("refuses changes after the closing date", async () => {
    days.at(AFTER_CLOSING);
    const mentor = days.bot.api.user(MENTOR);
    const request = await mentor.waitForMessage(new RegExp(names[0] ?? "-"), WAIT);
    const before = days.bot.api.callbackAnswers.length;
    mentor.pressButton(request.message_id ?? 0, rateData(days.enrollmentOf(0), ""));
    await days.bot.api.waitUntil(() =>
      answeredSince(/sudah ditutup pada Jumat, 11 Desember 2026/, before),
    );
    // Saving is refused too, and the stored assessment stays as it was.
    const stored = () =>
      days.bot.db.prisma.mentorAssessment.findUnique({
        where: { enrollmentId: days.enrollmentOf(0) },
      });
    const kept = await stored();
    const beforeSave = days.bot.api.callbackAnswers.length;
    mentor.pressButton(request.message_id ?? 0, saveData(days.enrollmentOf(0), "1111"), {
      allowMissingButton: true,
    });
    await days.bot.api.waitUntil(() =>
      answeredSince(/sudah ditutup pada Jumat, 11 Desember 2026/, beforeSave),
    );
    expect(await stored()).toEqual(kept);
    // A working day after the closing date: no reminder any more.
    expect(await tick(AFTER_CLOSING)).not.toContain("ASSESSMENT_REMINDER");
  });
});
