import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendPlacementNotice } from "../../src/features/placement-info/placement-notice.service.ts";
import { eventually } from "../support/eventually.ts";
import {
  grantStaffRole,
  type ParticipantDays,
  REGIONAL_HOLIDAY,
  startParticipantDays,
} from "./participant-days-fixture.ts";

/** Monday 23 Nov 2026, 07:15 WIB. */
const MONDAY_0715 = "2026-11-23T00:15:00Z";

describe("a participant's days: placement, schedule and check-in", () => {
  let days: ParticipantDays;
  beforeAll(async () => {
    days = await startParticipantDays(MONDAY_0715);
  });
  afterAll(() => days.stop());

  const checkIns = (index: number) =>
    days.bot.db.prisma.checkIn.findMany({ where: { enrollmentId: days.enrollmentOf(index) } });

  it("sends the placement message with the map pin, mentor, dates and first day's agenda", async () => {
    const db = days.bot.db.prisma;
    const [unit0, unit1] = days.cohort.hostUnitIds;
    await db.scheduleItem.createMany({
      data: [
        {
          programId: days.cohort.programId,
          date: new Date("2026-11-23T00:00:00Z"),
          startTime: "08:00",
          endTime: "09:00",
          title: "Pembukaan & <orientasi>",
          place: "Aula BPSDM",
        },
        {
          programId: days.cohort.programId,
          hostUnitId: unit0 ?? null,
          date: new Date("2026-11-23T00:00:00Z"),
          startTime: "09:30",
          title: "Pengenalan bidang diklat",
        },
        {
          programId: days.cohort.programId,
          hostUnitId: unit1 ?? null,
          date: new Date("2026-11-23T00:00:00Z"),
          startTime: "09:30",
          title: "Agenda unit lain",
        },
      ],
    });
    // A bot can only write to someone who has opened the chat with it.
    const user = days.participant(0);
    user.sendCommand("/start");
    await user.waitForMessage(/Halo lagi/);
    const result = await sendPlacementNotice(
      days.bot.app.bot.api,
      days.bot.app.deps,
      days.enrollmentOf(0),
    );
    expect(result).toEqual({ sent: true });
    const message = await user.waitForMessage(/Penempatan magang Bapak\/Ibu/);
    const unit = days.unitOf(0);
    expect(message.text).toContain(unit.name);
    expect(message.text).toContain(unit.address);
    expect(message.text).toContain(`Pembimbing: ${unit.mentorName} (${unit.mentorPhone})`);
    expect(message.text).toContain("Senin, 23 November 2026 s.d. Jumat, 4 Desember 2026");
    expect(message.text).toContain("08:00–09:00 WIB Pembukaan & <orientasi> — Aula BPSDM");
    expect(message.text).toContain("09:30 WIB Pengenalan bidang diklat");
    expect(message.text).not.toContain("Agenda unit lain");
    const venue = await days.bot.api.waitFor(
      (r) => r.method === "sendVenue" && String(r.chat_id) === String(user.id),
    );
    expect(venue.payload).toMatchObject({
      latitude: unit.latitude,
      longitude: unit.longitude,
      title: unit.shortName,
    });
    const enrollment = await db.enrollment.findUniqueOrThrow({
      where: { id: days.enrollmentOf(0) },
    });
    expect(enrollment.placementNotifiedAt?.toISOString()).toBe(new Date(MONDAY_0715).toISOString());
  });

  it("shows the placement again with /penempatan, and politely when not placed or registered", async () => {
    const user = days.participant(0);
    user.sendCommand("/penempatan");
    await days.bot.api.waitUntil(
      () => user.sent().filter((r) => r.method === "sendVenue").length === 2,
    );
    expect(user.texts().filter((t) => /Penempatan magang Bapak\/Ibu/.test(t))).toHaveLength(2);

    await days.bot.db.prisma.enrollment.update({
      where: { id: days.enrollmentOf(25) },
      data: { hostUnitId: null, placedAt: null },
    });
    const unplaced = days.participant(25);
    unplaced.sendCommand("/penempatan");
    await unplaced.waitForMessage(/belum menempatkan Bapak\/Ibu/);
    unplaced.sendCommand("/hadir");
    await days.bot.api.waitUntil(
      () => unplaced.texts().filter((t) => /belum menempatkan Bapak\/Ibu/.test(t)).length === 2,
    );

    const stranger = days.bot.api.user(799999);
    stranger.sendCommand("/jadwal");
    await stranger.waitForMessage(/belum terdaftar sebagai peserta/);
  });

  it("shows today's and this week's agenda with Indonesian names, WIB and days off", async () => {
    days.at("2026-11-24T01:00:00Z");
    await days.bot.db.prisma.scheduleItem.create({
      data: {
        programId: days.cohort.programId,
        date: new Date("2026-11-24T00:00:00Z"),
        startTime: "13:00",
        endTime: "15:30",
        title: "Diskusi kebijakan",
      },
    });
    const user = days.participant(0);
    user.sendCommand("/jadwal");
    const reply = await user.waitForMessage(/Jadwal kegiatan/);
    const text = reply.text ?? "";
    expect(text).toContain("BPSDM Jatim");
    expect(text).toContain(
      "Hari ini, Selasa, 24 November 2026\n• 13:00–15:30 WIB Diskusi kebijakan",
    );
    expect(text).toContain("Senin, 23 November 2026\n• 08:00–09:00 WIB Pembukaan");
    expect(text).toContain(`Kamis, 26 November 2026 — libur: ${REGIONAL_HOLIDAY.name}`);
    expect(text).toContain("Sabtu, 28 November 2026 — libur akhir pekan");
    expect(text).toContain("Minggu, 29 November 2026 — libur akhir pekan");
    // Sumatera Barat's regional day off is not Jawa Timur's.
    expect(text).not.toContain("Sumatera Barat");
    expect(text).toContain("Rabu, 25 November 2026\n• Belum ada agenda.");
  });

  it("records HADIR inside the geofence, with the reported accuracy", async () => {
    days.at(MONDAY_0715);
    const user = days.participant(1);
    user.sendCommand("/hadir");
    const prompt = await user.waitForMessage(/Presensi Senin, 23 November 2026/);
    expect(JSON.stringify(prompt.payload.reply_markup)).toContain("checkin:alt:izin");
    const hint = await user.waitForMessage(/Tekan tombol di bawah/);
    expect(hint.payload.reply_markup).toMatchObject({
      keyboard: [[{ request_location: true }]],
    });
    const unit = days.unitOf(1);
    user.sendLocation({
      latitude: unit.latitude + 0.0005,
      longitude: unit.longitude,
      horizontal_accuracy: 15,
      date: days.nowSeconds(),
    });
    const done = await user.waitForMessage(/Presensi tercatat/);
    expect(done.text).toContain("Hadir pukul 07:15 WIB, Senin, 23 November 2026");
    const [checkIn] = await checkIns(1);
    expect(checkIn).toMatchObject({
      status: "HADIR",
      insideGeofence: true,
      accuracyM: 15,
      review: "NONE",
    });
    expect(checkIn?.localDate.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(checkIn?.distanceM).toBeGreaterThan(40);
    expect(checkIn?.distanceM).toBeLessThan(70);
  });

  it("shows the check-in already recorded on a second attempt the same day", async () => {
    days.at("2026-11-23T02:00:00Z");
    const user = days.participant(1);
    user.sendCommand("/hadir");
    const reply = await user.waitForMessage(/sudah melakukan presensi hari ini/);
    expect(reply.text).toContain("Hadir, tercatat pukul 07:15 WIB");
    expect(await checkIns(1)).toHaveLength(1);
  });

  it("records TERLAMBAT after the start of the day", async () => {
    days.at("2026-11-23T00:45:00Z");
    const user = days.participant(2);
    user.sendCommand("/hadir");
    await user.waitForMessage(/Tekan tombol di bawah/);
    const unit = days.unitOf(2);
    user.sendLocation({
      latitude: unit.latitude,
      longitude: unit.longitude,
      date: days.nowSeconds(),
    });
    const done = await user.waitForMessage(/Presensi tercatat/);
    expect(done.text).toContain("Terlambat pukul 07:45 WIB");
    expect((await checkIns(2))[0]?.status).toBe("TERLAMBAT");
  });

  it("flags a check-in outside the geofence; a mentor of the unit confirms, others may not", async () => {
    days.at("2026-11-23T00:20:00Z");
    const mentor = await grantStaffRole(days, 790001, "MENTOR", 1, "Sri Wahyuni");
    await grantStaffRole(days, 790002, "MENTOR", 5, "Mentor Lain");
    const mentorChat = days.bot.api.user(790001);
    mentorChat.sendCommand("/help");
    await mentorChat.waitForMessage(/Bantuan Tandang/);
    const user = days.participant(3);
    user.sendCommand("/hadir");
    await user.waitForMessage(/Tekan tombol di bawah/);
    const unit = days.unitOf(3);
    user.sendLocation({
      latitude: unit.latitude + 0.02,
      longitude: unit.longitude,
      horizontal_accuracy: 10,
      date: days.nowSeconds(),
    });
    const flagged = await user.waitForMessage(/menunggu konfirmasi/);
    expect(flagged.text).toMatch(/berjarak 2,2 km dari BKD Jatim \(batas 200 m\)/);
    const [checkIn] = await checkIns(3);
    expect(checkIn).toMatchObject({ status: "HADIR", insideGeofence: false, review: "PENDING" });
    const id = checkIn?.id ?? "";

    const request = await mentorChat.waitForMessage(/Presensi di luar area kantor/);
    expect(request.text).toContain("2,2 km");
    expect(JSON.stringify(request.payload.reply_markup)).toContain(`checkin:review:${id}:ok`);

    const other = days.bot.api.user(790002);
    other.sendCommand("/help");
    const otherMessage = await other.waitForMessage(/Bantuan Tandang/);
    expect(other.texts().some((t) => /Presensi di luar area kantor/.test(t))).toBe(false);
    // Only answers to this press count, not earlier ones with the same words.
    const answersBefore = days.bot.api.callbackAnswers.length;
    const answeredSince = (pattern: RegExp, since: number) =>
      days.bot.api.callbackAnswers.slice(since).some((a) => pattern.test(String(a.text ?? "")));
    other.pressButton(otherMessage.message_id ?? 0, `checkin:review:${id}:ok`, {
      allowMissingButton: true,
    });
    await days.bot.api.waitUntil(() => answeredSince(/tidak berwenang/, answersBefore));
    expect((await checkIns(3))[0]?.review).toBe("PENDING");

    mentorChat.pressButton(request.message_id ?? 0, `checkin:review:${id}:ok`);
    await user.waitForMessage(/telah dikonfirmasi oleh pembimbing/);
    await mentorChat.waitForMessage(/telah Bapak\/Ibu konfirmasi/);
    const [reviewed] = await checkIns(3);
    expect(reviewed).toMatchObject({ review: "CONFIRMED", reviewedById: mentor.id });

    // The same button again: already decided, nothing changes.
    const answersBeforeRepeat = days.bot.api.callbackAnswers.length;
    mentorChat.pressButton(request.message_id ?? 0, `checkin:review:${id}:no`, {
      allowMissingButton: true,
    });
    await days.bot.api.waitUntil(() => answeredSince(/sudah ditinjau/, answersBeforeRepeat));
    expect((await checkIns(3))[0]?.review).toBe("CONFIRMED");
    expect(days.bot.api.unansweredCallbackQueries()).toEqual([]);
  });

  it("refuses a forwarded, a venue, a live and an old location, then accepts a current one", async () => {
    days.at("2026-11-23T00:10:00Z");
    const user = days.participant(4);
    const unit = days.unitOf(4);
    const here = { latitude: unit.latitude, longitude: unit.longitude };
    user.sendCommand("/hadir");
    await user.waitForMessage(/Tekan tombol di bawah/);
    user.sendLocation({ ...here, forwarded: true, date: days.nowSeconds() });
    await user.waitForMessage(/diteruskan dari pesan lain/);
    user.sendVenue({ ...here, title: "BPKAD", address: "Jl. Pahlawan", date: days.nowSeconds() });
    await user.waitForMessage(/dipilih dari daftar tidak dapat diterima/);
    user.sendLocation({ ...here, live_period: 900, date: days.nowSeconds() });
    await user.waitForMessage(/Lokasi langsung \(live location\)/);
    // Its updates arrive as edits: explained once more, then left alone.
    user.editLocation({ ...here, latitude: unit.latitude + 0.001 });
    await days.bot.api.waitUntil(
      () => user.texts().filter((t) => /Lokasi langsung \(live location\)/.test(t)).length === 2,
    );
    user.sendLocation({ ...here, date: days.nowSeconds() - 120 });
    await user.waitForMessage(/lebih dari satu menit yang lalu/);
    user.sendSticker();
    await user.waitForMessage(/Mohon kirim lokasi Bapak\/Ibu saat ini/);
    expect(await checkIns(4)).toHaveLength(0);
    user.sendLocation({ ...here, date: days.nowSeconds() });
    await user.waitForMessage(/Presensi tercatat/);
    expect(await checkIns(4)).toHaveLength(1);
  });

  it("says so on a Saturday and on the host province's holiday, naming it", async () => {
    const user = days.participant(5);
    days.at("2026-11-28T01:00:00Z");
    user.sendCommand("/hadir");
    await user.waitForMessage(/Sabtu, 28 November 2026, adalah hari libur akhir pekan/);
    days.at("2026-11-26T01:00:00Z");
    user.sendCommand("/hadir");
    const holiday = await user.waitForMessage(/adalah hari libur:/);
    expect(holiday.text).toContain(
      `Kamis, 26 November 2026, adalah hari libur: ${REGIONAL_HOLIDAY.name}`,
    );
    // Sumatera Barat's day off (Wednesday) is a working day in Jawa Timur.
    days.at("2026-11-25T01:00:00Z");
    user.sendCommand("/hadir");
    await user.waitForMessage(/Presensi Rabu, 25 November 2026/);
    user.sendCommand("/batal");
    await user.waitForMessage(/Dibatalkan/);
    expect(await checkIns(5)).toHaveLength(0);
  });

  it("says when the check-in window is closed or not open yet, and outside the program", async () => {
    const user = days.participant(6);
    days.at("2026-11-24T03:30:00Z");
    user.sendCommand("/hadir");
    const late = await user.waitForMessage(/sudah ditutup/);
    expect(late.text).toContain("06:00–10:00 WIB; sekarang pukul 10:30 WIB");
    days.at("2026-11-24T22:00:00Z");
    user.sendCommand("/hadir");
    await user.waitForMessage(/belum dibuka.*sekarang pukul 05:00 WIB/s);
    days.at("2026-12-08T01:00:00Z");
    user.sendCommand("/hadir");
    await user.waitForMessage(/Program telah berakhir pada Jumat, 4 Desember 2026/);
    expect(await checkIns(6)).toHaveLength(0);
  });

  it("records izin with its reason, re-asking on a sticker", async () => {
    days.at("2026-11-24T00:30:00Z");
    const user = days.participant(7);
    user.sendCommand("/hadir");
    const prompt = await user.waitForMessage(/Presensi Selasa, 24 November 2026/);
    user.pressButton(prompt.message_id ?? 0, "checkin:alt:izin");
    await user.waitForMessage(/Bapak\/Ibu memilih Izin/);
    user.sendSticker();
    await user.waitForMessage(/Mohon tuliskan alasan dalam bentuk teks/);
    user.sendText("Mengurus dokumen <keluarga> di kantor camat");
    const done = await user.waitForMessage(/Izin tercatat/);
    expect(done.text).toContain("Alasan: Mengurus dokumen <keluarga> di kantor camat");
    const [checkIn] = await checkIns(7);
    expect(checkIn).toMatchObject({
      status: "IZIN",
      reason: "Mengurus dokumen <keluarga> di kantor camat",
      latitude: null,
    });
  });

  it("resumes a check-in after a restart between /hadir and the location", async () => {
    days.at("2026-11-24T00:20:00Z");
    const user = days.participant(8);
    user.sendCommand("/hadir");
    await user.waitForMessage(/Tekan tombol di bawah/);
    await days.bot.restartBot();
    const unit = days.unitOf(8);
    user.sendLocation({
      latitude: unit.latitude,
      longitude: unit.longitude,
      date: days.nowSeconds(),
    });
    const done = await user.waitForMessage(/Presensi tercatat/);
    expect(done.text).toContain("Hadir pukul 07:20 WIB");
    expect(await checkIns(8)).toHaveLength(1);
  });

  it("starts the same check-in from the reminder's button", async () => {
    days.at("2026-11-24T00:25:00Z");
    const user = days.participant(9);
    user.sendCommand("/help");
    const message = await user.waitForMessage(/Bantuan Tandang/);
    user.pressButton(message.message_id ?? 0, "checkin:start", { allowMissingButton: true });
    await user.waitForMessage(/Presensi Selasa, 24 November 2026/);
    await eventually(async () => {
      const state = await days.bot.db.prisma.chatState.findUniqueOrThrow({
        where: { key: `flow:${user.id}` },
      });
      expect(state.value).toMatchObject({ flow: "checkin", step: "location" });
    });
  });

  it("asks for a selfie after the location when the program requires one", async () => {
    const db = days.bot.db.prisma;
    await db.program.update({
      where: { id: days.cohort.programId },
      data: { requireSelfie: true },
    });
    // /hadir and a location at the office, up to the selfie question.
    const locatedAtOffice = async (index: number) => {
      const user = days.participant(index);
      user.sendCommand("/hadir");
      await user.waitForMessage(/Tekan tombol di bawah/);
      const unit = days.unitOf(index);
      user.sendLocation({
        latitude: unit.latitude,
        longitude: unit.longitude,
        date: days.nowSeconds(),
      });
      await user.waitForMessage(/mewajibkan swafoto/);
      return user;
    };
    try {
      days.at("2026-11-24T00:05:00Z");
      const user = await locatedAtOffice(10);
      user.sendText("foto menyusul");
      await user.waitForMessage(/Mohon kirim satu swafoto/);
      expect(await checkIns(10)).toHaveLength(0);
      user.sendPhoto();
      await user.waitForMessage(/Presensi tercatat: Hadir pukul 07:05 WIB/);
      const [checkIn] = await checkIns(10);
      expect(checkIn?.photoFileId).toMatch(/^fake-photos-/);

      // A selfie long after the location does not complete it: the location is asked again.
      days.at("2026-11-24T00:10:00Z");
      const late = await locatedAtOffice(11);
      days.at("2026-11-24T00:25:00Z");
      late.sendPhoto();
      await late.waitForMessage(/sudah terlalu lama/);
      expect(await checkIns(11)).toHaveLength(0);
    } finally {
      await db.program.update({
        where: { id: days.cohort.programId },
        data: { requireSelfie: false },
      });
    }
  });
});
