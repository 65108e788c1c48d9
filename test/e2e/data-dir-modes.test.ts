import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeBotApi, startFakeBotApi } from "@tandang/fake-bot-api";
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeTelegramFile } from "../../src/features/final-report/final-report-file.ts";
import { testToken } from "../support/bot-harness.ts";
import { type BotProcess, spawnBot } from "../support/bot-process.ts";
import { openModes } from "../support/personal-data-search.ts";
import { createTestDatabase } from "../support/test-database.ts";

/**
 * DATA_DIR holds personal data (issue 9, item 6): after start, nothing in it may be readable by
 * group or others, whatever the database engine wrote, and received files are written 0600.
 * The check walks the directory, so it holds for PGlite, an embedded PostgreSQL server or none.
 */
describe("DATA_DIR file modes", () => {
  let api: FakeBotApi;
  let dataDir: string;
  let bot: BotProcess | undefined;
  const env: Record<string, string> = {};
  let closeDatabase: () => Promise<void> = async () => {};

  beforeAll(async () => {
    api = await startFakeBotApi();
    dataDir = join(await mkdtemp(join(tmpdir(), "tandang-modes-")), "data");
    // What an older version left: an open directory and a world-readable file.
    await mkdir(join(dataDir, "files"), { recursive: true, mode: 0o755 });
    await chmod(dataDir, 0o777);
    await writeFile(join(dataDir, "files", "old-export.json"), "{}", { mode: 0o666 });
    await chmod(join(dataDir, "files", "old-export.json"), 0o666);
    Object.assign(env, { BOT_TOKEN: testToken, TELEGRAM_API_ROOT: api.apiRoot, DATA_DIR: dataDir });
    const db = await createTestDatabase();
    if (db.url) {
      env.DATABASE_URL = db.url;
      closeDatabase = () => db.close();
    } else {
      await db.close();
    }
  });
  afterAll(async () => {
    if (bot && bot.child.exitCode === null) {
      bot.child.kill("SIGKILL");
      await bot.exited;
    }
    await api.stop();
    await closeDatabase();
    await rm(join(dataDir, ".."), { recursive: true, force: true });
  });

  it("after start, and after the bot wrote, nothing is group or other accessible", async () => {
    bot = spawnBot(env);
    await bot.waitForLog(/app\.started/);
    const user = api.user(4242);
    user.sendCommand("/start");
    await user.waitForMessage(/Selamat datang di Tandang/);
    user.sendCommand("/dataku");
    await user.waitForMessage(/Tidak ada data pribadi/);
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);

    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect(await openModes(dataDir)).toEqual([]);
  });

  it("a received file is written 0600 in a 0700 folder, whatever the umask", async () => {
    const files = await startFakeBotApi();
    try {
      files.user(77).sendDocument({
        file_name: "laporan.pdf",
        mime_type: "application/pdf",
        content: Buffer.from("%PDF-1.4 laporan"),
      });
      const telegram = new Api(testToken, { apiRoot: files.apiRoot });
      const [update] = await telegram.getUpdates();
      const fileId = update?.message?.document?.file_id ?? "";
      const previous = process.umask(0o000);
      let stored: { storedPath: string };
      try {
        stored = await storeTelegramFile(
          telegram,
          { telegramApiRoot: files.apiRoot, botToken: testToken, dataDir },
          fileId,
          "00000000-0000-4000-8000-000000000001",
          "laporan.pdf",
        );
      } finally {
        process.umask(previous);
      }
      expect((await stat(stored.storedPath)).mode & 0o777).toBe(0o600);
      expect(await openModes(dataDir)).toEqual([]);
    } finally {
      await files.stop();
    }
  });
});
