import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";
import { PARTICIPANT_BASE, seedWeekCohort } from "../cohort-fixture.ts";

describe("daily-report: /laporan (in process)", () => {
  let t: InProcessBot;
  beforeAll(async () => {
    t = await startInProcessBot();
    // One participant, registered but not placed until the second test.
    await seedWeekCohort(t, { placed: false, count: 1 });
  });
  afterAll(() => t.stop());

  const reportsOf = (telegramUserId: number) =>
    t.db.prisma.dailyReport.findMany({
      where: { enrollment: { person: { account: { telegramUserId: BigInt(telegramUserId) } } } },
    });

  it("refuses a participant who is not placed yet", async () => {
    const waiting = t.user(PARTICIPANT_BASE);
    await waiting.sendCommand("/laporan");
    expect(waiting.lastText()).toMatch(/koordinator belum menempatkan Bapak\/Ibu/);
  });

  it("saves the text at once, then photos, and finishes with «Selesai»", async () => {
    const hostUnit = await t.db.prisma.hostUnit.findFirstOrThrow();
    await t.db.prisma.enrollment.updateMany({
      data: { hostUnitId: hostUnit.id, placedAt: t.clock.now() },
    });
    t.clock.set(new Date("2026-11-30T09:00:00Z")); // Monday 16:00 WIB
    const participant = t.user(PARTICIPANT_BASE);
    await participant.sendCommand("/laporan");
    expect(participant.lastText()).toMatch(/^📝 Laporan harian .*30 November 2026/);

    await participant.sendSticker();
    expect(participant.lastText()).toMatch(/^Mohon tuliskan laporan dalam bentuk teks/);
    expect(await reportsOf(PARTICIPANT_BASE)).toEqual([]);

    await participant.sendText("Mempelajari alur layanan kepegawaian dan sistem arsip digital.");
    expect(participant.lastText()).toMatch(/^✅ Laporan tersimpan\./);
    const [saved] = await reportsOf(PARTICIPANT_BASE);
    expect(saved?.text).toBe("Mempelajari alur layanan kepegawaian dan sistem arsip digital.");

    await participant.sendPhoto();
    expect(participant.lastText()).toMatch(/^Foto 1\/\d tersimpan/);
    await participant.pressButton("✅ Selesai");
    expect(participant.lastText()).toBe("✅ Laporan harian tersimpan dengan 1 foto. Terima kasih!");
  });

  it("shows the day's report on a second /laporan and keeps it with «Biarkan»", async () => {
    const participant = t.user(PARTICIPANT_BASE);
    await participant.sendCommand("/laporan");
    expect(participant.lastText()).toMatch(/^📝 Bapak\/Ibu sudah mengirim laporan untuk/);
    expect(participant.lastText()).toContain("Foto: 1");
    const answer = await participant.pressButton("Biarkan");
    expect(answer?.text).toBe("Laporan tidak diubah.");
    expect(await reportsOf(PARTICIPANT_BASE)).toHaveLength(1);
  });

  it("answers «Ganti laporan» pressed the next day as a button of another day", async () => {
    const participant = t.user(PARTICIPANT_BASE);
    await participant.sendCommand("/laporan");
    const yesterdays = participant.last();
    t.clock.set(new Date("2026-12-01T02:00:00Z"));
    await participant.pressButton("✏️ Ganti laporan", { message: yesterdays });
    expect(participant.lastText()).toBe(
      "Tombol ini berasal dari hari lain. Ketik /laporan untuk laporan hari ini.",
    );
    const [kept] = await reportsOf(PARTICIPANT_BASE);
    expect(kept?.text).toBe("Mempelajari alur layanan kepegawaian dan sistem arsip digital.");
  });
});
