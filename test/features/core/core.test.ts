import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCohort } from "../../../src/db/seed/seed-cohort.ts";
import { grantRole } from "../../support/factories.ts";
import { type InProcessBot, startInProcessBot } from "../../support/in-process-bot.ts";

describe("core: /start, /help, /bahasa and the fallback (in process)", () => {
  let t: InProcessBot;
  beforeAll(async () => {
    t = await startInProcessBot({ env: { ADMIN_TELEGRAM_IDS: "900" } });
  });
  afterAll(() => t.stop());

  it("answers /start in Indonesian, explaining how to join", async () => {
    const user = t.user(101, { first_name: "Rina" });
    await user.sendCommand("/start");
    expect(user.lastText()).toMatch(/Selamat datang di Tandang, Rina/);
    expect(user.lastText()).toContain("tautan undangan");
  });

  it("switches to English with /bahasa and remembers it", async () => {
    const user = t.user(102, { first_name: "Budi" });
    await user.sendCommand("/bahasa");
    expect(user.lastText()).toMatch(/Pilih bahasa/);
    const answer = await user.pressButton(/English/);
    expect(answer).toBeDefined();
    expect(user.texts().join("\n")).toMatch(/Language switched to English/);
    await user.sendCommand("/start");
    expect(user.lastText()).toMatch(/Welcome to Tandang, Budi/);
    const account = await t.db.prisma.telegramAccount.findUniqueOrThrow({
      where: { telegramUserId: 102n },
    });
    expect(account.locale).toBe("en");
  });

  it("lists in /help only what the user's role may do", async () => {
    const admin = t.user(900, { first_name: "Admin" });
    await admin.sendCommand("/help");
    expect(admin.lastText()).toMatch(/Bantuan Tandang/);
    expect(admin.lastText()).toContain("administrator");
    const stranger = t.user(103);
    await stranger.sendCommand("/help");
    expect(stranger.lastText()).toMatch(/Bantuan Tandang/);
    expect(stranger.lastText()).not.toContain("administrator");
    expect(stranger.lastText()).toContain("/bahasa");
  });

  it("shows an official only the official's role and commands in /help", async () => {
    const program = await seedCohort(t.db.prisma, { startDate: "2026-11-30", participants: [] });
    await grantRole(t.db.prisma, 106, "OFFICIAL", program.programId);
    const official = t.user(106, { first_name: "Bu Kadis" });
    await official.sendCommand("/help");
    const help = official.lastText();
    expect(help).toMatch(/Peran Bapak\/Ibu: pejabat\n/);
    expect(help).not.toContain("/hadir");
    expect(help).toContain("/rekap");
    expect(help).toContain("docs/panduan-panitia.md");
  });

  it("answers a sticker, a photo, a voice note and an unknown command helpfully", async () => {
    const user = t.user(104);
    await user.sendSticker();
    expect(user.lastText()).toMatch(/belum mengerti/);
    await user.sendPhoto();
    expect(user.sinceLastAction().map((m) => m.text)).toEqual([
      expect.stringMatching(/belum mengerti/),
    ]);
    await user.sendVoice();
    expect(user.sinceLastAction().map((m) => m.text)).toEqual([
      expect.stringMatching(/belum mengerti/),
    ]);
    await user.sendCommand("/tidakada");
    expect(user.lastText()).toMatch(/tidak dikenal/);
  });

  it("answers a button from an old message without doing anything", async () => {
    const user = t.user(105);
    await user.sendCommand("/bahasa");
    const answer = await user.pressCallback("old:button:42");
    expect(answer?.text).toMatch(/tidak berlaku/);
    expect(t.unansweredCallbackQueries()).toEqual([]);
    expect(t.errors()).toEqual([]);
  });
});
