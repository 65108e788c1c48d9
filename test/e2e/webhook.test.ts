import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";
import { eventually } from "../support/eventually.ts";
import { freePort } from "../support/free-port.ts";

describe("webhook mode", () => {
  let bot: TestBot;
  let base: string;
  const secret = "webhook_secret-123";

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    bot = await startTestBot({
      env: {
        BOT_MODE: "webhook",
        WEBHOOK_URL: `${base}/telegram/hook`,
        WEBHOOK_SECRET: secret,
        WEBHOOK_HOST: "127.0.0.1",
        PORT: String(port),
      },
    });
  });
  afterAll(() => bot.stop());

  it("registers its webhook with the secret token", () => {
    expect(bot.api.webhookInfo().url).toBe(`${base}/telegram/hook`);
  });

  it("answers updates Telegram posts to it", async () => {
    const user = bot.api.user(201, { first_name: "Wati" });
    user.sendCommand("/start");
    await user.waitForMessage(/Selamat datang di Tandang, Wati/);
    const id = user.sendCommand("/bahasa");
    await user.waitForMessage(/Pilih bahasa/);
    await eventually(async () => {
      const row = await bot.db.prisma.inboxUpdate.findUniqueOrThrow({
        where: { updateId: BigInt(id) },
      });
      expect(row.handledAt).not.toBeNull();
    });
  });

  it("rejects a post without the right secret and changes nothing", async () => {
    const before = await bot.db.prisma.inboxUpdate.count();
    const response = await fetch(`${base}/telegram/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong" },
      body: JSON.stringify({ update_id: 999999, message: { text: "/start" } }),
    });
    expect(response.status).toBe(401);
    expect(await bot.db.prisma.inboxUpdate.count()).toBe(before);
  });

  it("serves /healthz and /metrics", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok");
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("tandang_webhook_rejected_total 1");
  });
});
