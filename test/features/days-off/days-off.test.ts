import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantRole } from "../../support/factories.ts";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";
import { PARTICIPANT_BASE, seedWeekCohort } from "../cohort-fixture.ts";

describe("days-off: /libur (in process)", () => {
  let t: InProcessBot;
  let programId: string;
  const coordinatorId = 610;
  beforeAll(async () => {
    t = await startInProcessBot({ env: { ADMIN_TELEGRAM_IDS: "900" } });
    programId = (await seedWeekCohort(t)).programId;
    await grantRole(t.db.prisma, coordinatorId, "COORDINATOR", programId);
  });
  afterAll(() => t.stop());

  it("lets the coordinator add a program day off, list it, and the participant sees it in /jadwal", async () => {
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/libur tambah 03-12-2026 Rapat kerja daerah");
    expect(coordinator.lastText()).toMatch(
      /^✅ .*3 Desember 2026 \(Rapat kerja daerah\) ditambahkan sebagai hari libur\.$/,
    );
    await coordinator.sendCommand("/libur");
    expect(coordinator.lastText()).toMatch(/^Hari libur program Magang ASN Sumbar di Jatim 2024/);
    expect(coordinator.lastText()).toMatch(/3 Desember 2026: Rapat kerja daerah \(libur program\)/);

    const participant = t.user(PARTICIPANT_BASE);
    await participant.sendCommand("/jadwal");
    expect(participant.lastText()).toMatch(/3 Desember 2026 — libur: Rapat kerja daerah/);

    await coordinator.sendCommand("/libur hapus 03-12-2026");
    expect(coordinator.lastText()).toMatch(
      /Hari libur program pada .*3 Desember 2026 telah dihapus/,
    );
    await coordinator.sendCommand("/libur hapus 03-12-2026");
    expect(coordinator.lastText()).toMatch(/^Tidak ada hari libur program pada/);
  });

  it("refuses /libur to a participant and changes nothing", async () => {
    const participant = t.user(PARTICIPANT_BASE + 1);
    await participant.sendCommand("/libur tambah 02-12-2026 Libur sendiri");
    expect(participant.lastText()).toMatch(/^Mohon maaf, perintah atau tombol ini hanya untuk/);
    expect(await t.db.prisma.holiday.count({ where: { programId } })).toBe(0);
  });

  it("answers an impossible date with how to write it", async () => {
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/libur tambah 31-02-2026 Tanggal khayalan");
    expect(coordinator.lastText()).toMatch(/^Cara pakai:\n\/libur — daftar hari libur program/);
    await coordinator.sendCommand("/libur nasional 17-08-2026 Hari Kemerdekaan");
    expect(coordinator.lastText()).toMatch(/^Mohon maaf, perintah atau tombol ini hanya untuk/);
  });

  it("re-checks a forged program button: another program's id is refused with an alert", async () => {
    // With two programs the coordinator picks one with a button.
    const second = await t.db.prisma.program.create({
      data: {
        name: "Magang ASN Sumbar di Jatim 2027",
        sendingProvinceCode: "13",
        hostProvinceCode: "35",
        startDate: new Date("2027-02-01T00:00:00Z"),
        endDate: new Date("2027-02-05T00:00:00Z"),
        status: "ACTIVE",
      },
    });
    await grantRole(t.db.prisma, coordinatorId, "COORDINATOR", second.id);
    const foreign = await t.db.prisma.program.create({
      data: {
        name: "Program provinsi lain",
        sendingProvinceCode: "35",
        hostProvinceCode: "13",
        startDate: new Date("2027-02-01T00:00:00Z"),
        endDate: new Date("2027-02-05T00:00:00Z"),
        status: "ACTIVE",
      },
    });
    const coordinator = t.user(coordinatorId);
    await coordinator.sendCommand("/libur tambah 04-02-2027 Rapat");
    const picker = coordinator.last();
    expect(picker.text).toBe("Untuk program yang mana? Silakan pilih:");
    const genuine = picker.inline?.flat().find((b) => b.text.endsWith("2027"))?.data ?? "";
    expect(genuine).toContain(second.id);

    const forged = await coordinator.pressCallback(genuine.replace(second.id, foreign.id), picker);
    expect(forged?.show_alert).toBe(true);
    expect(forged?.text).toMatch(/^Mohon maaf, perintah atau tombol ini hanya untuk/);
    expect(await t.db.prisma.holiday.count({ where: { programId: foreign.id } })).toBe(0);

    await coordinator.pressButton("Magang ASN Sumbar di Jatim 2027");
    expect(coordinator.lastText()).toMatch(/4 Februari 2027 \(Rapat\) ditambahkan/);
    expect(t.unansweredCallbackQueries()).toEqual([]);
  });
});
