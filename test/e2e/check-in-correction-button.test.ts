import type { SentRecord } from "@tandang/fake-bot-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply } from "../support/reply.ts";
import {
  grantStaffRole,
  type ParticipantDays,
  startParticipantDays,
} from "./participant-days-fixture.ts";

const WAIT = { timeoutMs: 15_000 };

/** Wednesday 25 Nov 2026, 07:10 WIB (the program runs Mon 23 Nov – Fri 4 Dec, Jawa Timur). */
const WEDNESDAY_0710 = "2026-11-25T00:10:00Z";

describe("the ✏️ Koreksi button on a check-in review request", () => {
  let days: ParticipantDays;
  const mentorId = 792001;
  const coordinatorId = 792002;
  let mentorPersonId = "";
  let coordinatorGrantId = "";
  let request: { mentor: SentRecord; coordinator: SentRecord; checkInId: string };

  const checkIn = () =>
    days.bot.db.prisma.checkIn.findUnique({
      where: {
        enrollmentId_localDate: {
          enrollmentId: days.enrollmentOf(4),
          localDate: new Date("2026-11-25T00:00:00Z"),
        },
      },
    });

  beforeAll(async () => {
    days = await startParticipantDays(WEDNESDAY_0710);
    // Participant 4 is at host unit 2, the mentor's unit.
    mentorPersonId = (await grantStaffRole(days, mentorId, "MENTOR", 2, "Mentor Unit Dua")).id;
    const coordinator = await grantStaffRole(days, coordinatorId, "COORDINATOR", null, "Koord");
    coordinatorGrantId = (
      await days.bot.db.prisma.roleGrant.findFirstOrThrow({ where: { personId: coordinator.id } })
    ).id;
    for (const id of [mentorId, coordinatorId]) {
      const staff = days.bot.api.user(id);
      await reply(staff, () => staff.sendCommand("/help"), /Bantuan/);
    }
    const user = days.participant(4);
    const unit = days.unitOf(4);
    const mentorAsked = days.bot.api
      .user(mentorId)
      .waitForMessage(/Presensi di luar area kantor/, WAIT);
    const coordinatorAsked = days.bot.api
      .user(coordinatorId)
      .waitForMessage(/Presensi di luar area kantor/, WAIT);
    await reply(user, () => user.sendCommand("/hadir"), /Tekan tombol di bawah/);
    await reply(
      user,
      () =>
        user.sendLocation({
          latitude: unit.latitude + 0.02,
          longitude: unit.longitude,
          date: days.nowSeconds(),
        }),
      /menunggu konfirmasi/,
    );
    request = {
      mentor: await mentorAsked,
      coordinator: await coordinatorAsked,
      checkInId: (await checkIn())?.id ?? "",
    };
  }, 60_000);
  afterAll(() => days.stop());

  it("is offered beside Konfirmasi and Tolak to every reviewer", () => {
    for (const message of [request.mentor, request.coordinator]) {
      const buttons = message.message?.reply_markup?.inline_keyboard ?? [];
      expect(buttons.map((row) => row.map((button) => button.text))).toEqual([
        ["✅ Konfirmasi", "❌ Tolak"],
        ["✏️ Koreksi"],
      ]);
      expect(buttons[1]?.[0]?.callback_data).toBe(`checkin:fix:${request.checkInId}`);
    }
  });

  it("checks the reviewer's rights again at the answer and at every press", async () => {
    const coordinator = days.bot.api.user(coordinatorId);
    const data = `checkin:fix:${request.checkInId}`;
    const prompt = await reply(
      coordinator,
      () => coordinator.pressButton(request.coordinator.message_id ?? 0, data),
      /Koreksi presensi/,
    );
    expect(prompt.text).toContain("Rabu, 25 November 2026");
    const person = await days.bot.db.prisma.person.findUniqueOrThrow({
      where: { id: days.cohort.participants[4]?.personId ?? "" },
    });
    expect(prompt.text).toContain(`Peserta: ${person.fullName}`);

    // Revoked while typing the answer: nothing changes.
    await days.bot.db.prisma.roleGrant.update({
      where: { id: coordinatorGrantId },
      data: { revokedAt: new Date("2026-11-25T00:11:00Z") },
    });
    await reply(coordinator, () => coordinator.sendText("H rapat di kantor"), /tidak berwenang/);
    expect(await checkIn()).toMatchObject({ review: "PENDING", status: "HADIR" });
    expect(
      await days.bot.db.prisma.chatState.count({ where: { key: `flow:${coordinatorId}` } }),
    ).toBe(0);

    // Revoked before pressing: an alert, no question asked.
    const answers = days.bot.api.callbackAnswers.length;
    coordinator.pressButton(request.coordinator.message_id ?? 0, data);
    await days.bot.api.waitUntil(() => days.bot.api.callbackAnswers.length > answers, WAIT);
    const answer = days.bot.api.callbackAnswers.at(-1);
    expect(answer).toMatchObject({ user_id: coordinatorId, show_alert: true });
    expect(answer?.text).toMatch(/tidak berwenang/);
    expect(
      await days.bot.db.prisma.chatState.count({ where: { key: `flow:${coordinatorId}` } }),
    ).toBe(0);
    expect(await checkIn()).toMatchObject({ review: "PENDING" });
  });

  it("lets the mentor correct the day with a code and reason, as /koreksi does", async () => {
    const mentor = days.bot.api.user(mentorId);
    const participant = days.participant(4);
    await reply(
      mentor,
      () => mentor.pressButton(request.mentor.message_id ?? 0, `checkin:fix:${request.checkInId}`),
      /Koreksi presensi/,
    );
    await reply(mentor, () => mentor.sendText("X tidak ada kode ini"), /KODE: H, TL, I, S, DL/);
    await reply(mentor, () => mentor.sendText("DL"), /KODE: H, TL, I, S, DL/);
    const told = participant.waitForMessage(/dikoreksi/, { onlyNew: true, ...WAIT });
    const done = await reply(
      mentor,
      () => mentor.sendText("dl rapat di kantor gubernur <lantai 3>"),
      /dikoreksi/,
    );
    expect(done.text).toContain("25 November 2026");
    expect(done.text).toContain("Hadir → Dinas luar");
    expect((await told).text).toContain("Alasan: rapat di kantor gubernur <lantai 3>");
    expect(await checkIn()).toMatchObject({
      status: "DINAS_LUAR",
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
      to: "DINAS_LUAR",
      reason: "rapat di kantor gubernur <lantai 3>",
    });
    expect(await days.bot.db.prisma.chatState.count({ where: { key: `flow:${mentorId}` } })).toBe(
      0,
    );
  });
});
