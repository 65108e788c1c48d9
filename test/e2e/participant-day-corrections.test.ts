import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CHECKIN_ATTEMPTS_PER_DAY } from "../../src/features/check-in/check-in.service.ts";
import { sendPlacementNotice } from "../../src/features/placement-info/placement-notice.service.ts";
import { eventually } from "../support/eventually.ts";
import { reply } from "../support/reply.ts";
import {
  grantStaffRole,
  type ParticipantDays,
  startParticipantDays,
  TELEGRAM_ID_BASE,
} from "./participant-days-fixture.ts";

const WAIT = { timeoutMs: 15_000 };

/** Does something as the user and waits for the bot's next message matching `matcher`. */

/** Tuesday 24 Nov 2026, 06:45 WIB (the program runs Mon 23 Nov – Fri 4 Dec, Jawa Timur). */
const TUESDAY_0645 = "2026-11-23T23:45:00Z";

describe("a participant's day: reminders, notices, retries, corrections and /status", () => {
  let days: ParticipantDays;
  const mentorId = 791001;
  const otherMentorId = 791002;
  const coordinatorId = 791003;
  let mentorPersonId = "";

  beforeAll(async () => {
    days = await startParticipantDays(TUESDAY_0645);
    const db = days.bot.db.prisma;
    // Participants 4 and 5 are at host unit 2; the other mentor is at unit 5.
    mentorPersonId = (await grantStaffRole(days, mentorId, "MENTOR", 2, "Mentor Unit Dua")).id;
    await grantStaffRole(days, otherMentorId, "MENTOR", 5, "Mentor Lain");
    await grantStaffRole(days, coordinatorId, "COORDINATOR", null, "Koordinator");
    for (const id of [mentorId, otherMentorId, coordinatorId]) {
      const staff = days.bot.api.user(id);
      await reply(staff, () => staff.sendCommand("/help"), /Bantuan/);
    }
    await db.scheduleItem.createMany({
      data: [
        {
          programId: days.cohort.programId,
          date: new Date("2026-11-23T00:00:00Z"),
          startTime: "08:00",
          title: "Pembukaan hari pertama",
        },
        {
          programId: days.cohort.programId,
          date: new Date("2026-11-24T00:00:00Z"),
          startTime: "08:30",
          title: "Diskusi hari Selasa",
        },
        {
          programId: days.cohort.programId,
          date: new Date("2026-11-25T00:00:00Z"),
          startTime: "09:00",
          title: "Rapat koordinasi hari Rabu",
        },
        {
          programId: days.cohort.programId,
          date: new Date("2026-11-27T00:00:00Z"),
          startTime: "13:00",
          title: "Evaluasi hari Jumat",
        },
      ],
    });
  }, 60_000);
  afterAll(() => days.stop());

  const checkInOf = (index: number, date: string) =>
    days.bot.db.prisma.checkIn.findUnique({
      where: {
        enrollmentId_localDate: {
          enrollmentId: days.enrollmentOf(index),
          localDate: new Date(`${date}T00:00:00Z`),
        },
      },
    });

  async function sendLocation(index: number, offsetDegrees: number, expect: RegExp) {
    const user = days.participant(index);
    const unit = days.unitOf(index);
    return reply(
      user,
      () =>
        user.sendLocation({
          latitude: unit.latitude + offsetDegrees,
          longitude: unit.longitude,
          date: days.nowSeconds(),
        }),
      expect,
    );
  }

  async function checkInFromOffice(index: number, offsetDegrees: number, expect: RegExp) {
    const user = days.participant(index);
    await reply(user, () => user.sendCommand("/hadir"), /Tekan tombol di bawah/);
    return sendLocation(index, offsetDegrees, expect);
  }

  it("skips, in the catch-up morning reminder, a participant who already checked in", async () => {
    await checkInFromOffice(0, 0, /Presensi tercatat/);
    const waiting = days.participant(1);
    await reply(waiting, () => waiting.sendCommand("/start"), /Halo lagi/);
    // 06:50 WIB: the 06:30 reminder was missed and is caught up now.
    days.at("2026-11-23T23:50:00Z");
    const morning = waiting.waitForMessage(/Selamat pagi/, { onlyNew: true, ...WAIT });
    const tick = await days.bot.app.background.scheduler.runTick();
    expect(tick.batches.map((batch) => batch.kind)).toContain("MORNING_REMINDER");
    const message = await morning;
    expect(message.text).toContain("Selasa, 24 November 2026");
    expect(message.text).toContain("Diskusi hari Selasa");
    const rows = await days.bot.db.prisma.outboxMessage.findMany({
      where: { kind: "morning_reminder" },
    });
    const chats = rows.map((row) => Number(row.chatId));
    expect(chats).toContain(TELEGRAM_ID_BASE + 1);
    expect(chats).not.toContain(TELEGRAM_ID_BASE + 0);
    expect(chats).toHaveLength(days.cohort.participants.length - 1);
    expect(
      days
        .participant(0)
        .texts()
        .some((text) => /Selamat pagi/.test(text)),
    ).toBe(false);
  });

  it("shows the current day's agenda in a placement notice, or the next working day's", async () => {
    // Wednesday 25 Nov, 08:00 WIB.
    days.at("2026-11-25T01:00:00Z");
    const user = days.participant(2);
    await reply(user, () => user.sendCommand("/start"), /Halo lagi/);
    const notice = user.waitForMessage(/Penempatan magang/, { onlyNew: true, ...WAIT });
    const result = await sendPlacementNotice(
      days.bot.app.bot.api,
      days.bot.app.deps,
      days.enrollmentOf(2),
    );
    expect(result).toEqual({ sent: true });
    const wednesday = (await notice).text ?? "";
    expect(wednesday).toContain("Agenda hari ini (Rabu, 25 November 2026)");
    expect(wednesday).toContain("09:00 WIB Rapat koordinasi hari Rabu");
    expect(wednesday).not.toContain("Pembukaan hari pertama");

    // Thursday 26 Nov is Jawa Timur's day off: the next working day is Friday.
    days.at("2026-11-26T01:00:00Z");
    const again = await reply(user, () => user.sendCommand("/penempatan"), /Penempatan magang/);
    expect(again.text).toContain("Agenda hari kerja berikutnya (Jumat, 27 November 2026)");
    expect(again.text).toContain("13:00 WIB Evaluasi hari Jumat");
    expect(again.text).not.toContain("Rapat koordinasi hari Rabu");
  });

  it("lets a flagged participant try again from the office within the window", async () => {
    // Wednesday 25 Nov, 07:10 WIB.
    days.at("2026-11-25T00:10:00Z");
    await checkInFromOffice(3, 0.02, /menunggu konfirmasi/);
    const user = days.participant(3);
    const prompt = await reply(user, () => user.sendCommand("/hadir"), /percobaan ke-2/);
    expect(prompt.text).toContain(`percobaan ke-2 dari ${MAX_CHECKIN_ATTEMPTS_PER_DAY} hari ini`);
    expect(prompt.text).not.toMatch(/sekali per hari|satu kali per hari/);
    await sendLocation(3, 0, /Presensi tercatat/);
    expect(await checkInOf(3, "2026-11-25")).toMatchObject({
      status: "HADIR",
      insideGeofence: true,
      review: "NONE",
      attempts: 2,
    });
    // Accepted now: no further attempt.
    await reply(user, () => user.sendCommand("/hadir"), /sudah melakukan presensi/);
  });

  it("after a rejection allows attempts up to the limit, then says so", async () => {
    days.at("2026-11-25T00:12:00Z");
    const user = days.participant(4);
    await checkInFromOffice(4, 0.02, /menunggu konfirmasi/);
    const mentor = days.bot.api.user(mentorId);
    const request = await mentor.waitForMessage(/Presensi di luar area kantor/, WAIT);
    const first = await checkInOf(4, "2026-11-25");
    const told = user.waitForMessage(/ditolak/, { onlyNew: true, ...WAIT });
    mentor.pressButton(request.message_id ?? 0, `checkin:review:${first?.id}:no`);
    expect((await told).text).toContain("mencoba lagi dengan /hadir");
    expect((await checkInOf(4, "2026-11-25"))?.review).toBe("REJECTED");

    for (let attempt = 2; attempt <= MAX_CHECKIN_ATTEMPTS_PER_DAY; attempt++) {
      await reply(user, () => user.sendCommand("/hadir"), new RegExp(`percobaan ke-${attempt}`));
      await sendLocation(4, 0.02, /menunggu konfirmasi/);
      expect(await checkInOf(4, "2026-11-25")).toMatchObject({
        review: "PENDING",
        attempts: attempt,
      });
    }
    const refused = await reply(user, () => user.sendCommand("/hadir"), /sudah melakukan/);
    expect(refused.text).toContain(`Batas ${MAX_CHECKIN_ATTEMPTS_PER_DAY} kali percobaan`);
    expect(
      await days.bot.db.prisma.checkIn.count({ where: { enrollmentId: days.enrollmentOf(4) } }),
    ).toBe(1);
  });

  it("does not offer another attempt once the window has closed", async () => {
    days.at("2026-11-25T00:15:00Z");
    await checkInFromOffice(5, 0.02, /menunggu konfirmasi/);
    // 10:30 WIB: the window (06:00–10:00) is closed.
    days.at("2026-11-25T03:30:00Z");
    const user = days.participant(5);
    const answer = await reply(user, () => user.sendCommand("/hadir"), /sudah melakukan/);
    expect(answer.text).not.toMatch(/percobaan/);
    expect((await checkInOf(5, "2026-11-25"))?.attempts).toBe(1);
  });

  it("counts check-ins awaiting review apart in /status, not as Hadir", async () => {
    days.at("2026-11-25T02:00:00Z");
    const coordinator = days.bot.api.user(coordinatorId);
    const status = await reply(
      coordinator,
      () => coordinator.sendCommand("/status"),
      /Presensi hari ini/,
    );
    // Participant 3 is Hadir; 4 and 5 wait for a review.
    expect(status.text).toMatch(/Hadir: 1\b/);
    expect(status.text).toMatch(/Menunggu tinjauan: 2\b/);
  });

  it("lets the participant's mentor correct a day with a reason, audited; others may not", async () => {
    days.at("2026-11-25T02:10:00Z");
    const nip = days.cohort.participants[5]?.nip ?? "";
    const participant = days.participant(5);
    await reply(participant, () => participant.sendCommand("/start"), /Halo lagi/);

    const other = days.bot.api.user(otherMentorId);
    await reply(
      other,
      () => other.sendCommand(`/koreksi ${nip} H kantor cabang`),
      /tidak berwenang/,
    );
    await reply(
      participant,
      () => participant.sendCommand(`/koreksi ${nip} H saya sudah hadir`),
      /hanya untuk koordinator/,
    );
    const group = days.bot.api.group(-100791001, "Pembimbing");
    group.addBot(mentorId);
    const inGroup = group.waitForMessage(/hanya dijawab di chat pribadi/, {
      onlyNew: true,
      ...WAIT,
    });
    group.sendCommand(mentorId, `/koreksi ${nip} H kantor cabang`);
    await inGroup;
    expect((await checkInOf(5, "2026-11-25"))?.review).toBe("PENDING");

    const mentor = days.bot.api.user(mentorId);
    await reply(mentor, () => mentor.sendCommand(`/koreksi ${nip} H`), /Cara pakai/);
    await reply(
      mentor,
      () => mentor.sendCommand(`/koreksi ${nip} 30-11-2026 H besok`),
      /tidak dapat dikoreksi/,
    );
    const toldParticipant = participant.waitForMessage(/dikoreksi/, { onlyNew: true, ...WAIT });
    const done = await reply(
      mentor,
      () => mentor.sendCommand(`/koreksi ${nip} H Kantor pindah ke <gedung B>, sudah dicek`),
      /dikoreksi/,
    );
    expect(done.text).toContain("25 November 2026");
    expect(done.text).toContain("→ Hadir");
    expect((await toldParticipant).text).toContain("Alasan: Kantor pindah ke <gedung B>");
    expect(await checkInOf(5, "2026-11-25")).toMatchObject({
      status: "HADIR",
      review: "CONFIRMED",
      reviewedById: mentorPersonId,
    });
    const audit = await days.bot.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: "checkin.corrected", actorId: mentorPersonId },
    });
    expect(audit.details).toMatchObject({
      day: "2026-11-25",
      from: "HADIR",
      fromReview: "PENDING",
      to: "HADIR",
      reason: "Kantor pindah ke <gedung B>, sudah dicek",
    });
    await eventually(async () => {
      const coordinator = days.bot.api.user(coordinatorId);
      const status = await reply(
        coordinator,
        () => coordinator.sendCommand("/status"),
        /Presensi hari ini/,
      );
      expect(status.text).toMatch(/Hadir: 2\b/);
      expect(status.text).toMatch(/Menunggu tinjauan: 1\b/);
    }, WAIT);
  });

  it("lets a coordinator mark an earlier day as absent (TK), which removes its check-in", async () => {
    const nip = days.cohort.participants[0]?.nip ?? "";
    expect(await checkInOf(0, "2026-11-24")).not.toBeNull();
    const coordinator = days.bot.api.user(coordinatorId);
    const done = await reply(
      coordinator,
      () => coordinator.sendCommand(`/koreksi ${nip} 24-11-2026 TK bukan dari kantor`),
      /dikoreksi/,
    );
    expect(done.text).toContain("Hadir → Tanpa keterangan");
    expect(await checkInOf(0, "2026-11-24")).toBeNull();
    const audit = await days.bot.db.prisma.auditEntry.findMany({
      where: { action: "checkin.corrected" },
    });
    expect(audit.map((entry) => (entry.details as { to?: string }).to)).toContain("ALPA");
  });
});
