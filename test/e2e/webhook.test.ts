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
        // Any free port; METRICS_HOST left at its default, 127.0.0.1.
        METRICS_PORT: "0",
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

  it("rejects a wrong secret of the same length, of another length, or none: nothing handled", async () => {
    const before = await bot.db.prisma.inboxUpdate.count();
    const user = bot.api.user(202, { first_name: "Penyusup" });
    const sameLength = `${secret.slice(0, -1)}X`;
    expect(sameLength).toHaveLength(secret.length);
    for (const header of [sameLength, "wrong", `${secret}-longer`, secret.slice(0, 1), undefined]) {
      const response = await fetch(`${base}/telegram/hook`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(header === undefined ? {} : { "x-telegram-bot-api-secret-token": header }),
        },
        body: JSON.stringify({
          update_id: 999999,
          message: {
            message_id: 1,
            date: 1,
            chat: { id: 202, type: "private", first_name: "Penyusup" },
            from: { id: 202, is_bot: false, first_name: "Penyusup" },
            text: "/help",
          },
        }),
      });
      expect(response.status, `secret header ${header}`).toBe(401);
    }
    expect(await bot.db.prisma.inboxUpdate.count()).toBe(before);
    // A real update afterwards is answered, and nothing was ever sent to the forged chat.
    const wati = bot.api.user(201, { first_name: "Wati" });
    wati.sendCommand("/help");
    await wati.waitForMessage(/./, { onlyNew: true });
    expect(user.sent()).toEqual([]);
  });

  it("does not serve /healthz or /metrics on the public webhook port", async () => {
    for (const path of ["/healthz", "/metrics", "/metrics?x=1", "/"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain("tandang_");
    }
  });

  it("serves /healthz and /metrics on the local listener, bound to 127.0.0.1", async () => {
    const address = bot.app.monitoringServer?.address();
    if (!address || typeof address === "string") throw new Error("no monitoring listener");
    expect(address.address).toBe("127.0.0.1");
    const local = `http://127.0.0.1:${address.port}`;
    const health = await fetch(`${local}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok");
    const metrics = await fetch(`${local}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("tandang_webhook_rejected_total 5");
    // The local listener has no webhook: an update posted there is refused.
    const posted = await fetch(`${local}/telegram/hook`, {
      method: "POST",
      headers: { "x-telegram-bot-api-secret-token": secret },
      body: "{}",
    });
    expect(posted.status).toBe(404);
  });
});
