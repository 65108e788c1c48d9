import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";

describe("the bot's core (polling, real HTTP to the fake Bot API)", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ env: { ADMIN_TELEGRAM_IDS: "900" } });
  });
  afterAll(() => bot.stop());

  it("answers /start in Indonesian, explaining how to join", async () => {
    const user = bot.api.user(101, { first_name: "Rina" });
    user.sendCommand("/start");
    const reply = await user.waitForMessage(/Selamat datang di Tandang, Rina/);
    expect(reply.text).toContain("tautan undangan");
  });

  it("switches to English with /bahasa and remembers it", async () => {
    const user = bot.api.user(102, { first_name: "Budi" });
    user.sendCommand("/bahasa");
    const menu = await user.waitForMessage(/Pilih bahasa/);
    user.pressButton(menu.message_id ?? 0, "lang:en");
    await user.waitForMessage(/Language switched to English/);
    user.sendCommand("/start");
    await user.waitForMessage(/Welcome to Tandang, Budi/);
    const account = await bot.db.prisma.telegramAccount.findUniqueOrThrow({
      where: { telegramUserId: 102n },
    });
    expect(account.locale).toBe("en");
    expect(bot.api.unansweredCallbackQueries()).toEqual([]);
  });

  it("lists in /help only what the user's role may do", async () => {
    const admin = bot.api.user(900, { first_name: "Admin" });
    admin.sendCommand("/help");
    const reply = await admin.waitForMessage(/Bantuan Tandang/);
    expect(reply.text).toContain("administrator");
    const stranger = bot.api.user(103);
    stranger.sendCommand("/help");
    const strangerReply = await stranger.waitForMessage(/Bantuan Tandang/);
    expect(strangerReply.text).not.toContain("administrator");
    expect(strangerReply.text).toContain("/bahasa");
  });

  it("answers a sticker, a voice note and an unknown command helpfully", async () => {
    const user = bot.api.user(104);
    user.sendSticker();
    await user.waitForMessage(/belum mengerti/);
    user.sendVoice();
    await bot.api.waitUntil(
      () => user.texts().filter((t) => /belum mengerti/.test(t)).length === 2,
    );
    user.sendCommand("/tidakada");
    await user.waitForMessage(/tidak dikenal/);
  });

  it("answers a button from an old message without doing anything", async () => {
    const user = bot.api.user(105);
    user.sendCommand("/bahasa");
    const menu = await user.waitForMessage(/Pilih bahasa/);
    user.pressButton(menu.message_id ?? 0, "old:button:42", { allowMissingButton: true });
    await bot.api.waitUntil(() =>
      bot.api.callbackAnswers.some((answer) => /tidak berlaku/.test(String(answer.text ?? ""))),
    );
  });

  it("handles an update delivered twice only once", async () => {
    const user = bot.api.user(106, { first_name: "Dua" });
    const first = user.sendCommand("/start");
    await user.waitForMessage(/Selamat datang/);
    const stored = await eventually(async () => {
      const row = await bot.db.prisma.inboxUpdate.findUniqueOrThrow({
        where: { updateId: BigInt(first) },
      });
      expect(row.handledAt).toBeInstanceOf(Date);
      return row;
    });
    // Telegram redelivers an update whose confirmation it did not get: same update_id.
    const again = await bot.app.inbox.accept([stored.payload as never]);
    expect(again).toEqual([]);
    await bot.app.inbox.drainPending();
    expect(user.texts().filter((t) => /Selamat datang/.test(t))).toHaveLength(1);
  });

  it("publishes its command menu in both languages", () => {
    expect(bot.api.commands().map((c) => c.command)).toContain("bahasa");
    expect(
      bot.api.commands({ language_code: "en" }).find((c) => c.command === "help")?.description,
    ).toBe("Commands for your role");
  });
});
