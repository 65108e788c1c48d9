import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";
import { PARTICIPANT_BASE, seedWeekCohort } from "../cohort-fixture.ts";

describe("history: /riwayat (in process)", () => {
  let t: InProcessBot;
  beforeAll(async () => {
    t = await startInProcessBot();
    await seedWeekCohort(t);
  });
  afterAll(() => t.stop());

  it("counts the working days so far, with the day checked in and the days left unrecorded", async () => {
    t.clock.set(new Date("2026-11-30T00:15:00Z"));
    const participant = t.user(PARTICIPANT_BASE);
    // Monday 07:15 WIB at the office of BPSDM Jatim; a sticker first is not a location.
    await participant.sendCommand("/hadir");
    expect(participant.replyKeyboard()).toEqual([["📍 Kirim lokasi saya"]]);
    await participant.sendSticker();
    expect(participant.lastText()).toMatch(/^Mohon kirim lokasi Bapak\/Ibu saat ini/);
    await participant.sendLocation({ latitude: -7.2597, longitude: 112.6761 });
    expect(participant.lastText()).toMatch(
      /^✅ Presensi tercatat: Hadir pukul 07:15 WIB, Senin, 30 November 2026\./,
    );

    t.clock.set(new Date("2026-12-02T10:00:00Z")); // Wednesday 17:00 WIB
    await participant.sendCommand("/riwayat");
    const text = participant.lastText();
    expect(text).toMatch(/^📊 Riwayat Bapak\/Ibu — Magang ASN Sumbar di Jatim 2024/);
    expect(text).toContain("Hari kerja sejauh ini: 3");
    expect(text).toContain(
      "Hadir: 1 · Terlambat: 0 · Izin: 0 · Sakit: 0 · Dinas luar: 0 · Belum tercatat: 2",
    );
    expect(text).toMatch(/Tingkat kehadiran: 33,3%/);
    expect(text).toContain("Laporan harian: 0 dari 3 hari kerja");
  });

  it("counts nothing for a participant who never checked in", async () => {
    t.clock.set(new Date("2026-12-02T10:00:00Z"));
    const participant = t.user(PARTICIPANT_BASE + 1);
    await participant.sendCommand("/riwayat");
    expect(participant.lastText()).toContain("Hadir: 0 ·");
    expect(participant.lastText()).toContain("Belum tercatat: 3");
  });

  it("tells a stranger to register first", async () => {
    const stranger = t.user(640);
    await stranger.sendCommand("/riwayat");
    expect(stranger.lastText()).toMatch(/^Bapak\/Ibu belum terdaftar sebagai peserta program/);
  });
});
