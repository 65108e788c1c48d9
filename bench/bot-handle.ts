import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildReport, ParentCommand } from "./ipc.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

let compiled = false;
function compiledBenchChild(script: string): string {
  if (!compiled) {
    // `npm run build` first: it also links package.json, locales/, data/ and prisma/ into dist/,
    // which the compiled bot reads beside its code.
    const build = spawnSync(process.execPath, ["scripts/build.mjs"], {
      cwd: root,
      stdio: "inherit",
    });
    if (build.status !== 0) throw new Error("npm run build failed");
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.bench.json"], {
      cwd: root,
      stdio: "inherit",
    });
    if (result.status !== 0) throw new Error("compiling the bench's bot processes failed");
    compiled = true;
  }
  return join("dist", script.replace(/\.ts$/, ".js"));
}

/** The Node flags `npm start` passes (package.json), so that bench children run as it does. */
export const startFlags = readStartFlags();

function readStartFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const start = manifest.scripts.start.split(" ");
  return start.slice(1, start.indexOf("dist/src/main.js"));
}

/** A bot process (the real one or the bare grammY floor) driven over IPC. */
export interface BotHandle {
  child: ChildProcess;
  /** CPU time the bot process used between ready and stop (ms); NaN until stopped. */
  cpuMsSinceReady: number;
  /** SQL statements the bot sent between ready and stop; NaN until stopped (or for the bare bot). */
  sqlStatementsSinceReady: number;
  /** Offset of the bot's clock from real time (bot time = real time + offset). */
  offsetMs: number;
  setClock(at: Date): Promise<void>;
  tick(): Promise<Extract<ChildReport, { type: "ticked" }>>;
  /** Stops the bot gracefully and returns its peak resident memory in MB. */
  stop(): Promise<number>;
  output(): string;
}

export async function spawnBot(
  script: "bench/bot-child.ts" | "bench/bare-bot.ts",
  env: Record<string, string>,
): Promise<BotHandle> {
  // Profiling aids, off by default: e.g. BENCH_CHILD_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/p"
  // and BENCH_SQL_LOG=/tmp/sql.json (the bot child tallies its SQL statements there on stop).
  const flags = [
    ...startFlags,
    ...(process.env.BENCH_CHILD_NODE_FLAGS ?? "").split(" ").filter(Boolean),
  ];
  const sqlLog = process.env.BENCH_SQL_LOG ? { BENCH_SQL_LOG: process.env.BENCH_SQL_LOG } : {};
  // Compiled, as `npm start` runs the bot: tsx's loader thread and transpiled sources would add
  // tens of MB to what the bench reports.
  const child = spawn(process.execPath, [...flags, compiledBenchChild(script)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...sqlLog, ...env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const waiting: Array<{ type: string; resolve: (report: ChildReport) => void }> = [];
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) =>
      reject(new Error(`${script} exited with ${code}:\n${output.slice(-4000)}`)),
    ),
  );
  exited.catch(() => undefined);
  child.on("message", (report: ChildReport) => {
    if (report.type === "error") {
      output += `\n[ipc error] ${report.message}`;
      return;
    }
    const index = waiting.findIndex((entry) => entry.type === report.type);
    if (index >= 0) waiting.splice(index, 1)[0]?.resolve(report);
  });
  const expect = <T extends ChildReport["type"]>(type: T, timeoutMs = 600_000) =>
    Promise.race([
      new Promise<Extract<ChildReport, { type: T }>>((resolve) =>
        waiting.push({ type, resolve: resolve as (report: ChildReport) => void }),
      ),
      exited,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`${script}: no "${type}" within ${timeoutMs} ms\n${output}`)),
          timeoutMs,
        ).unref(),
      ),
    ]);
  const command = (message: ParentCommand) => child.send(message);

  const ready = await expect("ready", 120_000);
  const handle: BotHandle = {
    child,
    offsetMs: ready.offsetMs,
    cpuMsSinceReady: Number.NaN,
    sqlStatementsSinceReady: Number.NaN,
    setClock: async (at) => {
      command({ type: "set-clock", at: at.toISOString() });
      handle.offsetMs = (await expect("clock")).offsetMs;
    },
    tick: async () => {
      command({ type: "tick" });
      return expect("ticked");
    },
    stop: async () => {
      command({ type: "stop" });
      const stopped = await expect("stopped", 120_000);
      handle.cpuMsSinceReady = (stopped.cpuMs ?? Number.NaN) - (ready.cpuMs ?? Number.NaN);
      handle.sqlStatementsSinceReady =
        (stopped.sqlStatements ?? Number.NaN) - (ready.sqlStatements ?? Number.NaN);
      return stopped.maxRssKb / 1024;
    },
    output: () => output,
  };
  return handle;
}
