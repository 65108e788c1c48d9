import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type FakeBotApi, startFakeBotApi } from "@tandang/fake-bot-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import {
  embeddedClusterDir,
  embeddedPasswordFile,
  runningServer,
} from "../../src/db/embedded-postgres.ts";
import { sleep } from "../../src/shared/sleep.ts";
import { testToken } from "../support/bot-harness.ts";
import { type BotProcess, spawnBot } from "../support/bot-process.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The default database: no DATABASE_URL, so the bot starts a PostgreSQL server in DATA_DIR
 * (as an unprivileged user when run as root), shares it with the CLI, stops it on SIGTERM,
 * and starts again after both were killed with SIGKILL.
 */
describe("the embedded PostgreSQL server (no DATABASE_URL)", () => {
  let api: FakeBotApi;
  let dataDir: string;
  let env: Record<string, string>;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    api = await startFakeBotApi();
    dataDir = mkdtempSync(join(tmpdir(), "tandang-embedded-"));
    env = { BOT_TOKEN: testToken, TELEGRAM_API_ROOT: api.apiRoot, DATA_DIR: dataDir };
  });
  afterEach(() => {
    for (const bot of bots.splice(0)) bot.child.kill("SIGKILL");
  });
  afterAll(async () => {
    await api.stop();
    killServer(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts its server in DATA_DIR, shares it with the CLI while the bot runs, and stops it with the bot", {
    timeout: 120_000,
  }, async () => {
    const bot = spawnBot(env);
    bots.push(bot);
    await bot.waitForLog(/app\.started/);
    const user = api.user(7101);
    user.sendCommand("/start");
    await user.waitForMessage(/Selamat datang di Tandang/);

    const server = runningServer(embeddedClusterDir(dataDir));
    if (!server || server === "starting") throw new Error("no embedded server is running");
    expect(serverUid(server.pid)).not.toBe(0);
    expect(statSync(embeddedPasswordFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(embeddedClusterDir(dataDir)).mode & 0o777).toBe(0o700);

    const cli = await runCliProcess(
      [
        "program",
        "create",
        "--name",
        "Magang Uji Bersama",
        "--sending",
        "Sumbar",
        "--host",
        "Jatim",
        "--start",
        "30-11-2026",
        "--end",
        "04-12-2026",
      ],
      env,
    );
    expect(cli.output).toMatch(/Magang Uji Bersama/);
    expect(cli.code).toBe(0);
    // The CLI left the server to the bot, which is still connected.
    expect(runningServer(embeddedClusterDir(dataDir))).toMatchObject({ pid: server.pid });
    const db = await openDatabase({ dataDir });
    expect(await db.prisma.program.count({ where: { name: "Magang Uji Bersama" } })).toBe(1);
    await db.close();

    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(runningServer(embeddedClusterDir(dataDir))).toBeUndefined();
    expect(isAlive(server.pid)).toBe(false);
  });

  it("starts again after the bot and its server were killed with SIGKILL (stale postmaster.pid)", {
    timeout: 120_000,
  }, async () => {
    const first = spawnBot(env);
    bots.push(first);
    await first.waitForLog(/app\.started/);
    const server = runningServer(embeddedClusterDir(dataDir));
    if (!server || server === "starting") throw new Error("no embedded server is running");
    first.child.kill("SIGKILL");
    await first.exited;
    process.kill(server.pid, "SIGKILL");
    await waitUntil(() => !isAlive(server.pid));

    const second = spawnBot(env);
    bots.push(second);
    await second.waitForLog(/app\.started/);
    const user = api.user(7102);
    user.sendCommand("/start");
    await user.waitForMessage(/Selamat datang di Tandang/);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(runningServer(embeddedClusterDir(dataDir))).toBeUndefined();
  });
});

function runCliProcess(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function serverUid(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("Uid:"));
  return Number(line?.split(/\s+/)[1]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killServer(dataDir: string): void {
  const server = runningServer(embeddedClusterDir(dataDir));
  if (server && server !== "starting") process.kill(server.pid, "SIGKILL");
}

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met within 20 s");
    await sleep(50);
  }
}
