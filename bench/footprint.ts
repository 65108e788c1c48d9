import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startFakeBotApi } from "@tandang/fake-bot-api";
import { sleep } from "../src/shared/sleep.ts";
import { createBenchDatabase, prepareDatabase } from "./bench-database.ts";
import { startFlags } from "./bot-handle.ts";
import { pssMb, treeMemory } from "./process-memory.ts";
import type { Measurement, ScenarioContext } from "./scenarios.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const token = "123456789:BENCH-footprint";
/**
 * 5. Footprint: `npm start`'s compiled bot (node dist/src/main.js) on a data directory that
 * already exists, against the fake Bot API. Ready = the first getUpdates reaching the API;
 * idle = PSS of the whole process tree (the bot and, embedded, its PostgreSQL server) 5 s after
 * the first /start was answered.
 */
export async function footprintScenario(context: ScenarioContext): Promise<Measurement> {
  buildOnce();
  const database = await createBenchDatabase(context.kind);
  try {
    // First start: initdb (embedded) and the migrations; measured is the start after it.
    const breakdown = await prepareDatabase(database, (db) => memoryBreakdown(db.url));
    const api = await startFakeBotApi();
    try {
      const started = performance.now();
      const child = spawn(process.execPath, [...startFlags, "dist/src/main.js"], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? "",
          LOG_LEVEL: "warn",
          BOT_TOKEN: token,
          TELEGRAM_API_ROOT: api.apiRoot,
          ...database.env,
        },
        stdio: ["ignore", "inherit", "inherit"],
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      try {
        await api.waitUntil(() => api.hasWaitingPoll(), { timeoutMs: 120_000 });
        const readyMs = performance.now() - started;
        const user = api.user(990_001);
        user.sendCommand("/start");
        await user.waitForMessage(/Selamat datang/, { timeoutMs: 60_000 });
        await sleep(5_000);
        const idle = treeMemory(child.pid ?? 0);
        child.kill("SIGTERM");
        const code = await exited;
        if (code !== 0) throw new Error(`the bot exited with ${code}`);
        return {
          readyMs,
          idleTreeMb: idle.totalMb,
          idleBotMb: idle.rootMb,
          idleServerMb: idle.childrenMb,
          processes: idle.processes,
          ...breakdown,
        };
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    } finally {
      await api.stop();
    }
  } finally {
    await database.drop();
  }
}

let built = false;
function buildOnce(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("npm run build failed");
  built = true;
}

/**
 * Where the bot's memory goes, each step a fresh Node process (PSS after the step):
 * Node alone; + grammY with a Bot; + the pg adapter and Prisma's client with its query
 * compiler (WebAssembly), having run one query.
 */
async function memoryBreakdown(url: string): Promise<Measurement> {
  const steps = {
    nodeMb: "",
    grammyMb: `const { Bot } = await import("grammy"); globalThis.bot = new Bot("${token}");`,
    prismaMb: `const { Bot } = await import("grammy"); globalThis.bot = new Bot("${token}");
      const { openDatabase } = await import("./dist/src/db/client.js");
      const db = await openDatabase({ databaseUrl: process.env.URL, poolSize: 10 });
      await db.prisma.province.findFirst(); globalThis.db = db;`,
  };
  const result: Measurement = {};
  for (const [name, code] of Object.entries(steps)) {
    // A script of its own (node -e): it has only what it imports.
    const script = `${code}
      await (await import("node:timers/promises")).setTimeout(1000);
      process.send?.(0); process.stdout.write("ready\\n"); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, [...startFlags, "--input-type=module", "-e", script], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", URL: url },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", () => resolve());
      child.once("exit", (code) => reject(new Error(`breakdown step ${name} exited with ${code}`)));
    });
    result[name] = pssMb(child.pid ?? 0);
    child.kill("SIGKILL");
  }
  return result;
}
