import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { testToken } from "../support/bot-harness.ts";
import { spawnBot } from "../support/bot-process.ts";
import { type FakeBotApi, startFakeBotApi } from "../support/fake-bot-api/index.ts";
import { createTestDatabase } from "../support/test-database.ts";

/**
 * The real program in its own process: start, answer, SIGTERM in the middle of a burst, start
 * again. Every update Telegram delivered is answered exactly once across the restart.
 */
/** A fake Bot API, a data directory and, on a PostgreSQL run, a fresh server database. */
function useBotEnvironment(prefix: string) {
  const context = {
    api: undefined as unknown as FakeBotApi,
    dataDir: "",
    env: {} as Record<string, string>,
  };
  let closeDatabase: () => Promise<void> = async () => {};
  beforeAll(async () => {
    context.api = await startFakeBotApi();
    context.dataDir = mkdtempSync(join(tmpdir(), prefix));
    context.env = {
      BOT_TOKEN: testToken,
      TELEGRAM_API_ROOT: context.api.apiRoot,
      DATA_DIR: context.dataDir,
    };
    const db = await createTestDatabase();
    context.env.DATABASE_URL = db.url;
    closeDatabase = () => db.close();
  });
  afterAll(async () => {
    await context.api.stop();
    await closeDatabase();
    rmSync(context.dataDir, { recursive: true, force: true });
  });
  return context;
}

describe("the bot process", () => {
  const context = useBotEnvironment("tandang-process-");

  it("refuses to start without a token, in one line naming the variable", async () => {
    const bot = spawnBot({ DATA_DIR: context.dataDir });
    expect(await bot.exited).toBe(1);
    expect(bot.output().trim()).toMatch(
      /^Tandang cannot start: BOT_TOKEN is missing: .*@BotFather/,
    );
    expect(bot.output().trim().split("\n")).toHaveLength(1);
  });

  it("answers /start in Indonesian, and loses or repeats nothing across a SIGTERM under load", async () => {
    const first = spawnBot(context.env);
    await first.waitForLog(/app\.started/);
    const users = Array.from({ length: 120 }, (_, index) => context.api.user(5000 + index));
    users[0]?.sendCommand("/start");
    await users[0]?.waitForMessage(/Selamat datang di Tandang/);

    for (const user of users) user.sendCommand("/help");
    // Stop while the burst is being handled.
    await context.api.waitUntil(
      () => context.api.sent().filter((r) => /Bantuan Tandang/.test(r.text ?? "")).length >= 5,
    );
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain("app.stopped");

    const second = spawnBot(context.env);
    await second.waitForLog(/app\.started/);
    await context.api.waitUntil(
      () => users.every((user) => user.texts().some((t) => /Bantuan Tandang/.test(t))),
      {
        timeoutMs: 30_000,
      },
    );
    for (const user of users) {
      expect(user.texts().filter((t) => /Bantuan Tandang/.test(t))).toHaveLength(1);
    }
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});

describe("the bot process killed with SIGKILL", () => {
  const context = useBotEnvironment("tandang-kill-");

  it("answers every update after a restart; only replies in flight at the kill may repeat", async () => {
    const first = spawnBot(context.env);
    await first.waitForLog(/app\.started/);
    const users = Array.from({ length: 60 }, (_, index) => context.api.user(6000 + index));
    // Slow replies keep updates in flight when the process dies.
    const slow = context.api.injectFault({
      method: "sendMessage",
      kind: "slow",
      delayMs: 400,
      times: 1000,
    });
    for (const user of users) user.sendCommand("/help");
    await context.api.waitUntil(
      () => context.api.sent().filter((r) => /Bantuan Tandang/.test(r.text ?? "")).length >= 3,
      {
        timeoutMs: 20_000,
      },
    );
    first.child.kill("SIGKILL");
    await first.exited;
    slow.clear();
    // What the dead process had taken but not finished: the only updates that may repeat.
    const db = await openDatabase({
      databaseUrl: context.env.DATABASE_URL,
      dataDir: context.dataDir,
    });
    const unfinished = await db.prisma.inboxUpdate.count({ where: { handledAt: null } });
    await db.close();
    expect(unfinished).toBeGreaterThan(0);

    const second = spawnBot(context.env);
    await second.waitForLog(/app\.started/);
    await context.api.waitUntil(
      () => users.every((user) => user.texts().some((t) => /Bantuan Tandang/.test(t))),
      {
        timeoutMs: 30_000,
      },
    );
    const repeated = users.filter((user) => user.texts().length > 1).length;
    for (const user of users) expect(user.texts().length).toBeLessThanOrEqual(2);
    // A repeat needs a reply that left before the kill for an update not yet marked done.
    expect(repeated).toBeLessThanOrEqual(unfinished);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});
