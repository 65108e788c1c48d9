import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantRole } from "../../support/factories.ts";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";
import { seedWeekCohort } from "../cohort-fixture.ts";

describe("audit: /audit (in process)", () => {
  let t: InProcessBot;
  let programId: string;
  beforeAll(async () => {
    t = await startInProcessBot({ env: { ADMIN_TELEGRAM_IDS: "900" } });
    programId = (await seedWeekCohort(t, { count: 2 })).programId;
  });
  afterAll(() => t.stop());

  it("says the log is empty before anything was done", async () => {
    const admin = t.user(900);
    await admin.sendCommand("/audit");
    expect(admin.lastText()).toBe("Catatan audit masih kosong.");
  });

  it("lists what staff did, newest first, with who did it and the program, in WIB", async () => {
    await grantRole(t.db.prisma, 710, "COORDINATOR", programId);
    await t.db.prisma.person.updateMany({
      where: { account: { telegramUserId: 710n } },
      data: { fullName: "Wati Koordinator" },
    });
    const coordinator = t.user(710);
    await coordinator.sendCommand("/libur tambah 02-12-2026 Rapat kerja");
    await coordinator.sendCommand("/libur hapus 02-12-2026");
    const admin = t.user(900);
    await admin.sendCommand("/audit 5");
    const lines = admin.lastText().split("\n");
    expect(lines[0]).toBe("Catatan audit (2 terbaru):");
    expect(lines[1]).toBe(
      "2026-11-30 08:00 WIB · day_off.removed · Wati Koordinator · Magang ASN Sumbar di Jatim 2024",
    );
    expect(lines[2]).toMatch(/^2026-11-30 08:00 WIB · day_off\.added · Wati Koordinator/);
  });

  it("is for administrators only: a coordinator is refused", async () => {
    const coordinator = t.user(710);
    await coordinator.sendCommand("/audit");
    expect(coordinator.lastText()).toMatch(/^Mohon maaf, perintah atau tombol ini hanya untuk/);
  });
});
