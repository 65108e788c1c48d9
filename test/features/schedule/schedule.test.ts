import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";
import { PARTICIPANT_BASE, seedWeekCohort } from "../cohort-fixture.ts";

describe("schedule: /jadwal (in process)", () => {
  let t: InProcessBot;
  beforeAll(async () => {
    t = await startInProcessBot();
    await seedWeekCohort(t);
  });
  afterAll(() => t.stop());

  it("shows today and the week in the host province's time (WIB for Jawa Timur)", async () => {
    const participant = t.user(PARTICIPANT_BASE);
    await participant.sendCommand("/jadwal");
    const text = participant.lastText();
    expect(text).toMatch(/^🗓 Jadwal kegiatan — BPSDM Jatim \(waktu WIB\)/);
    expect(text).toMatch(/Hari ini, .*30 November 2026/);
    expect(text).toContain("Minggu ini");
  });

  it("says the program is over once it is, and shows the last week", async () => {
    t.clock.set(new Date("2026-12-08T02:00:00Z"));
    try {
      const participant = t.user(PARTICIPANT_BASE + 1);
      await participant.sendCommand("/jadwal");
      expect(participant.lastText()).toMatch(/Program telah berakhir/);
    } finally {
      t.clock.set(new Date("2026-11-30T01:00:00Z"));
    }
  });

  it("explains instead of a schedule to someone who is not a participant", async () => {
    const stranger = t.user(620);
    await stranger.sendCommand("/jadwal");
    expect(stranger.lastText()).toMatch(/^Bapak\/Ibu belum terdaftar sebagai peserta program/);
  });

  it("answers a sticker sent instead of a command without a schedule", async () => {
    const participant = t.user(PARTICIPANT_BASE + 2);
    await participant.sendSticker();
    expect(participant.lastText()).toMatch(/belum mengerti/);
    expect(participant.texts().join("\n")).not.toMatch(/Jadwal kegiatan/);
  });
});
