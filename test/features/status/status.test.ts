import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantRole } from "../../support/factories.ts";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";
import { PARTICIPANT_BASE, seedWeekCohort } from "../cohort-fixture.ts";

describe("status: /status and /peserta for staff (in process)", () => {
  let t: InProcessBot;
  const coordinatorId = 720;
  const mentorId = 721;
  beforeAll(async () => {
    t = await startInProcessBot();
    const cohort = await seedWeekCohort(t);
    await grantRole(t.db.prisma, coordinatorId, "COORDINATOR", cohort.programId);
    // The mentor of the second unit (BKD Jatim: Yuliani Sari and Fitri Yanti).
    await grantRole(t.db.prisma, mentorId, "MENTOR", cohort.programId, cohort.hostUnitIds[1]);
    // Andi Putra checks in at BPSDM Jatim at 07:15 WIB.
    t.clock.set(new Date("2026-11-30T00:15:00Z"));
    const andi = t.user(PARTICIPANT_BASE);
    await andi.sendCommand("/hadir");
    await andi.sendLocation({ latitude: -7.2597, longitude: 112.6761 });
    t.clock.set(new Date("2026-11-30T01:00:00Z"));
  });
  afterAll(() => t.stop());

  it("shows the coordinator today's attendance of the whole program", async () => {
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/status");
    const text = coordinator.lastText();
    expect(text).toMatch(/^Presensi hari ini — Senin, 30 November 2026/);
    expect(text).toContain("Jumlah peserta: 4");
    expect(text).toMatch(/Belum presensi \(3\)/);
  });

  it("sends the attendance chart as a picture", async () => {
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/status grafik");
    const [chart] = coordinator.documents();
    expect(chart?.caption).toBe(
      "Grafik presensi hari ini per instansi penempatan — Magang ASN Sumbar di Jatim 2024",
    );
    expect(chart?.content.subarray(1, 4).toString()).toBe("PNG");
  });

  it("finds participants by name and shows the card of the one picked", async () => {
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/peserta putra");
    expect(coordinator.lastText()).toBe("Ditemukan 2 peserta. Silakan pilih:");
    expect(
      coordinator
        .last()
        .inline?.flat()
        .map((b) => b.text),
    ).toEqual(["Andi Putra", "Rahmat Syahputra"]);
    await coordinator.pressButton("Andi Putra");
    const card = coordinator.lastText();
    expect(card).toContain("Andi Putra");
    expect(card).toContain("Penempatan: BPSDM Jatim");
    expect(card).toContain("Hari ini: Hadir 07:15 WIB");
  });

  it("keeps a mentor to their own unit, even with another chat's button replayed", async () => {
    const mentor = t.user(mentorId);
    await mentor.sendCommand("/peserta putra");
    expect(mentor.lastText()).toBe("Peserta “putra” tidak ditemukan dalam program ini.");

    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/peserta putra");
    const andiButton = coordinator
      .last()
      .inline?.flat()
      .find((b) => b.text === "Andi Putra");
    const answer = await mentor.pressCallback(andiButton?.data ?? "");
    expect(answer).toBeDefined();
    expect(mentor.lastText()).toBe(
      "Data peserta tersebut tidak ditemukan atau tidak dapat Bapak/Ibu lihat.",
    );
    expect(mentor.texts().join("\n")).not.toContain("197501011999042001");
    expect(t.unansweredCallbackQueries()).toEqual([]);
  });

  it("refuses a participant", async () => {
    const participant = t.user(PARTICIPANT_BASE + 1);
    await participant.sendCommand("/status");
    expect(participant.lastText()).toMatch(/^Mohon maaf, perintah ini hanya untuk koordinator/);
  });
});
