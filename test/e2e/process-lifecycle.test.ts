import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeBotApi, startFakeBotApi } from "@tandang/fake-bot-api";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { testToken } from "../support/bot-harness.ts";
import { spawnBot } from "../support/bot-process.ts";
import { eventually } from "../support/eventually.ts";
import { freePort } from "../support/free-port.ts";
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

describe("the bot process", { timeout: 240_000 }, () => {
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
    expect(await exitWithin(first)).toBe(0);
    expect(first.output()).toContain("app.stopped");

    const second = spawnBot(context.env);
    await second.waitForLog(/app\.started/);
    await context.api.waitUntil(
      () => users.every((user) => user.texts().some((t) => /Bantuan Tandang/.test(t))),
      {
        timeoutMs: 60_000,
      },
    );
    for (const user of users) {
      expect(user.texts().filter((t) => /Bantuan Tandang/.test(t))).toHaveLength(1);
    }
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});

describe("the bot process killed with SIGKILL", { timeout: 240_000 }, () => {
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
        timeoutMs: 60_000,
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
        timeoutMs: 60_000,
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

/** Resolves with the exit code, or fails if the process is still running after `ceilingMs`. */
function exitWithin(bot: ReturnType<typeof spawnBot>, ceilingMs = 30_000) {
  return Promise.race([
    bot.exited,
    new Promise<never>((_, reject) =>
      setTimeout(
        () =>
          reject(new Error(`still running ${ceilingMs} ms later:\n${bot.output().slice(-2000)}`)),
        ceilingMs,
      ).unref(),
    ),
  ]);
}

/** The lines a person reads: everything but the JSON log lines. */
function plainLines(output: string): string[] {
  return output.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("{"));
}

// Each test starts the real program (seconds of start-up on a loaded machine): generous ceilings.
describe("the bot process when Telegram is unreachable or refuses the token", {
  timeout: 180_000,
}, () => {
  const context = useBotEnvironment("tandang-unreachable-");

  it("says in one line that Telegram cannot be reached, keeps retrying, and stops on SIGTERM", async () => {
    const port = await freePort();
    const root = `http://127.0.0.1:${port}`;
    const bot = spawnBot({ ...context.env, TELEGRAM_API_ROOT: root });
    const line = (seconds: number) =>
      new RegExp(
        `^Telegram tidak dapat dihubungi / cannot reach Telegram at ${root.replaceAll(".", "\\.")}: ECONNREFUSED; retrying in ${seconds} s$`,
        "m",
      );
    await bot.waitForLog(line(2));
    // Still trying, with a longer wait: the second attempt failed the same way.
    await bot.waitForLog(line(4));
    bot.child.kill("SIGTERM");
    expect(await exitWithin(bot)).toBe(0);
    expect(bot.output()).not.toMatch(/^\s+at /m);
    for (const text of plainLines(bot.output()))
      expect(text).toMatch(line(Number(/in (\d+) s$/.exec(text)?.[1])));
  });

  it("exits non-zero with one line when Telegram refuses the token (401)", async () => {
    const refusing = createServer((_request, response) => {
      response.writeHead(401, { "content-type": "application/json" });
      response.end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => new Promise<void>((resolve) => refusing.close(() => resolve())));
    const address = refusing.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const bot = spawnBot({ ...context.env, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` });
    expect(await exitWithin(bot, 60_000)).toBe(1);
    const lines = plainLines(bot.output());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/refused the bot token \(401\).*BOT_TOKEN.*@BotFather/);
    expect(bot.output()).not.toContain("GrammyError");
    expect(bot.output()).not.toContain(testToken);
  });

  it("stops on SIGTERM after the Bot API went away, and leaves nothing unhandled", async () => {
    // Its own update_ids: the data directory is shared with the next test, whose fake API also
    // counts from 1, and the inbox would skip that test's updates as already seen.
    const api = await startFakeBotApi({ firstUpdateId: 900_000 });
    let apiStopped = false;
    onTestFinished(() => (apiStopped ? undefined : api.stop()));
    const bot = spawnBot({ ...context.env, TELEGRAM_API_ROOT: api.apiRoot });
    await bot.waitForLog(/app\.started/);
    const user = api.user(6501);
    user.sendCommand("/start");
    await user.waitForMessage(/Selamat datang di Tandang/, { timeoutMs: 60_000 });
    await api.stop();
    apiStopped = true;
    bot.child.kill("SIGTERM");
    expect(await exitWithin(bot)).toBe(0);
    expect(bot.output()).toContain("app.stopped");
  });

  it("exits at once on a second signal while the first stop is still waiting", async () => {
    const bot = spawnBot(context.env);
    await bot.waitForLog(/app\.started/);
    // A reply that hangs keeps the update in flight: the first stop waits for it.
    const hanging = context.api.injectFault({
      method: "sendMessage",
      kind: "slow",
      delayMs: 120_000,
      times: 10,
    });
    onTestFinished(() => hanging.clear());
    const user = context.api.user(6502);
    const updateId = user.sendCommand("/help");
    // (Polled: a call that has not finished is not recorded yet, so waitUntil would not look.)
    await eventually(() => expect(hanging.hits).toBeGreaterThan(0), { timeoutMs: 60_000 });
    // Two different signals back to back (two SIGTERMs could merge into one pending signal):
    // the second arrives while the first stop waits for the hanging reply, however slow the
    // machine, and the process exits at once instead of finishing that stop.
    bot.child.kill("SIGTERM");
    bot.child.kill("SIGINT");
    expect(await exitWithin(bot)).toBe(1);
    expect(bot.output()).toContain("app.stopping");
    expect(bot.output()).toContain("app.stopped_at_once");
    expect(bot.output()).not.toMatch(/"msg":"app\.stopped"/);
    // The interrupted update is still in the inbox, not marked handled: the next start has it.
    const db = await openDatabase({
      databaseUrl: context.env.DATABASE_URL,
      dataDir: context.dataDir,
    });
    const row = await db.prisma.inboxUpdate.findUnique({ where: { updateId: BigInt(updateId) } });
    await db.close();
    expect(row).not.toBeNull();
    expect(row?.handledAt).toBeNull();
  });
});
