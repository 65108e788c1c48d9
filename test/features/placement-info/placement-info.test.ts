import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import { cohortParticipants } from "../../../src/db/seed/sumbar-jatim-cohort.ts";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";
import { PARTICIPANT_BASE, PROGRAM_START, seedWeekCohort } from "../cohort-fixture.ts";

describe("placement-info: /penempatan (in process)", () => {
  let t: InProcessBot;
  beforeAll(async () => {
    t = await startInProcessBot();
    await seedWeekCohort(t);
    // A second cohort registered but not placed yet.
    await seedCohort(t.db.prisma, {
      startDate: PROGRAM_START,
      telegramIdBase: PARTICIPANT_BASE + 100,
      participants: cohortParticipants.slice(4, 5),
    });
  });
  afterAll(() => t.stop());

  it("sends the placement again with the office's address, mentor and map pin", async () => {
    const participant = t.user(PARTICIPANT_BASE);
    await participant.sendCommand("/penempatan");
    const text = participant.texts().join("\n");
    expect(text).toMatch(/Penempatan magang Bapak\/Ibu/);
    expect(text).toContain(
      "Instansi penempatan: Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Timur",
    );
    expect(text).toContain("Alamat: Jl. Balongsari Tama No. 1, Surabaya");
    expect(text).toMatch(/Pembimbing: Dwi Hartono/);
    expect(text).toMatch(/WIB/);
    const pin = t.calls.find(
      (call) =>
        (call.method === "sendVenue" || call.method === "sendLocation") &&
        call.payload.chat_id === PARTICIPANT_BASE,
    );
    expect(pin?.payload).toMatchObject({ latitude: -7.2597, longitude: 112.6761 });
  });

  it("tells a registered participant without a placement that it is coming", async () => {
    const waiting = t.user(PARTICIPANT_BASE + 100);
    await waiting.sendCommand("/penempatan");
    expect(waiting.lastText()).toMatch(/koordinator belum menempatkan Bapak\/Ibu/);
    expect(
      t.calls.some(
        (call) => call.method === "sendVenue" && call.payload.chat_id === PARTICIPANT_BASE + 100,
      ),
    ).toBe(false);
  });

  it("tells a stranger to register first", async () => {
    const stranger = t.user(630);
    await stranger.sendCommand("/penempatan");
    expect(stranger.lastText()).toMatch(/^Bapak\/Ibu belum terdaftar sebagai peserta program/);
  });
});
