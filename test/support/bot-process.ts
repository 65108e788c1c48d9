import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inject, onTestFinished } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Every bot process a test starts is listed in this run's directory (one file per pid) until it
 * has exited; the global teardown kills whatever a crashed test left behind.
 */
function pidDirectory(): string | undefined {
  try {
    return inject("processDirectory");
  } catch {
    return undefined;
  }
}

export interface BotProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when ended by a signal). */
  exited: Promise<number | null>;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it is gone. */
  kill(graceMs?: number): Promise<void>;
}

/**
 * Starts the bot from its sources (tsx src/main.ts; `npm start` runs the same code compiled), as a
 * separate process. Called inside a test, the process is killed when the test ends, passed or failed.
 */
export function spawnBot(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const directory = pidDirectory();
  const pidFile =
    child.pid === undefined || !directory ? undefined : join(directory, String(child.pid));
  if (directory && pidFile) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(pidFile, "src/main.ts");
  }
  let output = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let gone = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      gone = true;
      if (pidFile) rmSync(pidFile, { force: true });
      resolve(code);
    }),
  );
  const kill = async (graceMs = 15_000) => {
    if (gone) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  try {
    onTestFinished(() => kill());
  } catch {
    // Not inside a test (a hook or a script): the caller kills it; the teardown is the backstop.
  }
  return {
    child,
    output: () => output,
    exited,
    kill,
    waitForLog: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `no log line matching ${pattern} within ${timeoutMs} ms:\n${output.slice(-2000)}`,
            ),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

/** Kills the bot processes listed in `directory` that are still this program (teardown). */
export function killLeftoverBots(directory: string): number {
  let killed = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync(directory);
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    // A pid may have been reused since: only a process still running our entry point, in this
    // checkout, is killed.
    let commandLine = "";
    let cwd = "";
    try {
      commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      commandLine = "";
    }
    const ours = join(cwd, "/") === join(root, "/") && commandLine.includes("src/main.ts");
    if (Number.isInteger(pid) && ours) {
      try {
        process.kill(pid, "SIGKILL");
        killed += 1;
      } catch {
        // Gone in the meantime.
      }
    }
    rmSync(join(directory, entry), { force: true });
  }
  return killed;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Where spawnBot lists the processes it started (see global-setup.ts). */
    processDirectory: string;
  }
}
