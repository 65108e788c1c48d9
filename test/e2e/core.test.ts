import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";

// Single replies of /start, /bahasa, /help and the fallback are tested in process:
// test/features/core/core.test.ts. Here: what needs the inbox and the start-up over HTTP.
describe("the bot's core (polling, real HTTP to the fake Bot API)", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ env: { ADMIN_TELEGRAM_IDS: "900" } });
  });
  afterAll(() => bot.stop());

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
