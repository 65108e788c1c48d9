import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import { issueInvite } from "../../../src/features/invites/invite.service.ts";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";

describe("roles: /beriperan, /cabutperan and staff invites (in process)", () => {
  let t: InProcessBot;
  let programId: string;
  beforeAll(async () => {
    t = await startInProcessBot({ env: { ADMIN_TELEGRAM_IDS: "900" } });
    programId = (await seedCohort(t.db.prisma, { startDate: "2026-11-30", participants: [] }))
      .programId;
  });
  afterAll(() => t.stop());

  const grantsOf = (telegramUserId: bigint) =>
    t.db.prisma.roleGrant.findMany({
      where: { person: { account: { telegramUserId } }, revokedAt: null },
    });

  it("lets an administrator give and take back the coordinator role", async () => {
    const future = t.user(501, { first_name: "Yusuf" });
    await future.sendCommand("/start");
    const admin = t.user(900);
    await admin.sendCommand("/beriperan 501 koordinator");
    expect(admin.lastText()).toBe(
      "Peran koordinator telah diberikan kepada Yusuf (dapat membuat program baru).",
    );
    expect((await grantsOf(501n)).map((g) => g.role)).toEqual(["COORDINATOR"]);
    // Their own menu now has the coordinator's commands.
    expect(
      t.calls.some(
        (call) =>
          call.method === "setMyCommands" &&
          (call.payload.scope as { chat_id?: number } | undefined)?.chat_id === 501,
      ),
    ).toBe(true);

    await admin.sendCommand("/cabutperan 501 koordinator");
    expect(admin.lastText()).toBe("1 peran koordinator telah dicabut.");
    expect(await grantsOf(501n)).toEqual([]);
  });

  it("refuses /beriperan to anyone but an administrator", async () => {
    const user = t.user(502);
    await user.sendCommand("/start");
    await user.sendCommand("/beriperan 502 koordinator");
    expect(user.lastText()).toMatch(/^Mohon maaf, perintah atau tombol ini hanya untuk/);
    expect(await grantsOf(502n)).toEqual([]);
  });

  it("explains what is missing: a user who never wrote, a program for a mentor", async () => {
    const admin = t.user(900);
    await admin.sendCommand("/beriperan 77777 koordinator");
    expect(admin.lastText()).toMatch(/belum pernah membuka bot ini/);
    await t.user(503).sendCommand("/start");
    await admin.sendCommand("/beriperan 503 pembimbing");
    expect(admin.lastText()).toMatch(/sebutkan juga id programnya/);
    await admin.sendCommand("/beriperan 503 raja");
    expect(admin.lastText()).toMatch(/^Cara pakai: \/beriperan/);
    expect(await grantsOf(503n)).toEqual([]);
  });

  it("makes whoever opens a one-use staff invite an official of its program, once", async () => {
    const invite = await issueInvite(t.db.prisma, {
      role: "OFFICIAL",
      programId,
      expiresAt: null,
      maxUses: 1,
      createdById: null,
    });
    const official = t.user(504, { first_name: "Hendra" });
    await official.sendCommand(`/start ${invite.code}`);
    expect(official.lastText()).toBe(
      "Terima kasih, Bapak/Ibu kini terdaftar sebagai pejabat untuk program Magang ASN Sumbar di Jatim 2024. Ketik /help untuk melihat perintah yang tersedia.",
    );
    const grants = await grantsOf(504n);
    expect(grants.map((g) => [g.role, g.programId])).toEqual([["OFFICIAL", programId]]);

    const latecomer = t.user(505);
    await latecomer.sendCommand(`/start ${invite.code}`);
    expect(latecomer.lastText()).toMatch(/sudah mencapai batas jumlah pemakaiannya/);
    expect(await grantsOf(505n)).toEqual([]);
  });
});
