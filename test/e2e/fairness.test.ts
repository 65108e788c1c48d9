import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fairnessLimits } from "../../src/bot/fairness.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";
import { freePort } from "../support/free-port.ts";

const help = /Bantuan Tandang/;
const tooFast = /mengirim pesan terlalu cepat/;

/** All of these updates are marked handled in the inbox: none is left to be replayed. */
async function allHandled(bot: TestBot, ids: number[]) {
  await eventually(
    async () => {
      const open = await bot.db.prisma.inboxUpdate.count({
        where: { updateId: { in: ids.map(BigInt) }, handledAt: null },
      });
      expect(open).toBe(0);
    },
    { timeoutMs: 120_000, intervalMs: 200 },
  );
}

describe("one user flooding the bot (polling)", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.stop());

  it("answers others, and sends the flooder one notice and drops the excess", {
    timeout: 180_000,
  }, async () => {
    const flooder = bot.api.user(7001);
    const other = bot.api.user(7002);
    const ids = Array.from({ length: 700 }, () => flooder.sendCommand("/help"));
    other.sendCommand("/help");
    await other.waitForMessage(help, { timeoutMs: 60_000 });
    await allHandled(bot, ids);
    await flooder.waitForMessage(tooFast, { timeoutMs: 60_000 });

    const texts = flooder.texts();
    expect(texts.filter((text) => tooFast.test(text))).toHaveLength(1);
    // The first arrives with nothing pending, the next `floodUpdates` count toward the limit.
    expect(texts.filter((text) => help.test(text))).toHaveLength(fairnessLimits.floodUpdates + 1);
    // Answered in order: the notice comes after the answers it did not cut off.
    expect(tooFast.test(texts.at(-1) ?? "")).toBe(true);
    // (That a user is served again once the window has passed is in test/bot/fairness.test.ts,
    // with an injected clock instead of a 10-second wait.)
  });
});

describe("one user flooding the bot (webhook)", () => {
  let bot: TestBot;
  beforeAll(async () => {
    const port = await freePort();
    bot = await startTestBot({
      env: {
        BOT_MODE: "webhook",
        WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
        WEBHOOK_SECRET: "webhook_secret-fair",
        WEBHOOK_HOST: "127.0.0.1",
        PORT: String(port),
      },
    });
  });
  afterAll(() => bot.stop());

  it("answers others during the flood and leaves nothing of it to replay", {
    timeout: 180_000,
  }, async () => {
    const flooder = bot.api.user(7101);
    const other = bot.api.user(7102);
    const ids = Array.from({ length: 300 }, () => flooder.sendCommand("/help"));
    other.sendCommand("/help");
    await other.waitForMessage(help, { timeoutMs: 60_000 });
    await allHandled(bot, ids);
    // Whether the webhook's one-at-a-time posts outran the handlers depends on the machine:
    // the flooder got at most one notice, and never fewer answers than the limit lets through.
    const texts = flooder.texts();
    expect(texts.filter((text) => tooFast.test(text)).length).toBeLessThanOrEqual(1);
    expect(texts.filter((text) => help.test(text)).length).toBeGreaterThanOrEqual(
      Math.min(ids.length, fairnessLimits.floodUpdates + 1),
    );
  });
});
