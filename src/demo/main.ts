import { resolve } from "node:path";
import { ConfigError, loadDemoConfig } from "../config.ts";
import { formatDateId, formatTimeWithZone, localDate } from "../domain/time.ts";
import { systemClock } from "../shared/clock.ts";
import { printError, printLine } from "../shared/terminal.ts";
import { parseDemoArgs } from "./demo-args.ts";
import { demoClockAt } from "./demo-clock.ts";
import { DemoDataDirError } from "./demo-data-dir.ts";
import { DEMO_TIME_ZONE } from "./seed-demo.ts";
import { startDemo } from "./start-demo.ts";
import { runTerminalChat } from "./terminal-chat.ts";

/**
 * `npm run demo`: no token, no network. Options: --terminal (chat here instead of the browser),
 * --reset (start from fresh demo data), --port N (or DEMO_PORT), --at HH:MM (pretend it is that
 * time in Jawa Timur, e.g. to try the morning check-in at night).
 */
const args = parseDemoArgs(process.argv.slice(2));
if (args.help || args.error) {
  if (args.error) printError(args.error);
  printLine("Usage: npm run demo -- [--terminal] [--reset] [--port N] [--at HH:MM]");
  process.exit(args.error ? 2 : 0);
}

let config: Awaited<ReturnType<typeof loadDemoConfig>>;
try {
  config = await loadDemoConfig(args.port === undefined ? {} : { port: args.port });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  printError(`The demo cannot start: ${error.message}`);
  process.exit(1);
}

const clock =
  args.at === undefined ? systemClock : demoClockAt(args.at, systemClock, DEMO_TIME_ZONE);
if (!clock) {
  printError(`--at ${args.at}: expected a time such as 07:45 or 2026-11-24T07:45 (WIB)`);
  process.exit(2);
}

printLine("Tandang demo: starting the built-in Bot API, the bot and its database…");
let demo: Awaited<ReturnType<typeof startDemo>>;
try {
  demo = await startDemo({
    port: config.port,
    dataDir: config.dataDir,
    reset: args.reset,
    clock,
    web: !args.terminal,
    logLevel: config.logLevel,
  });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") {
    printError(`The demo cannot start: port ${config.port} is in use; try --port 0 or DEMO_PORT.`);
    process.exit(1);
  }
  if (error instanceof DemoDataDirError) {
    printError(`The demo cannot start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const { world } = demo;
printLine(
  `Program: ${world.programName}, ${world.startDate} – ${world.endDate}` +
    (world.freshlySeeded ? " (demo data just created)" : " (demo data kept from an earlier run)"),
);
if (world.endDate < localDate(clock.now(), DEMO_TIME_ZONE)) {
  printLine("Note: the demo week is over; `npm run demo -- --reset` moves it to this week.");
}
if (args.at !== undefined) {
  const now = clock.now();
  printLine(
    `Demo time: ${formatDateId(localDate(now, DEMO_TIME_ZONE), "en")}, ${formatTimeWithZone(now, DEMO_TIME_ZONE)} (--at)`,
  );
}
printLine(
  `Data: ${resolve(config.dataDir)}  ·  log: ${demo.logFile ?? "-"}  ·  fresh start: --reset`,
);
printLine(
  `Invite for the new participant: /start ${world.inviteCode}  (NIP ${world.newcomer.nip})`,
);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) process.exit(1);
  stopping = true;
  printLine("\nStopping the demo…");
  try {
    await demo.stop();
    process.exit(0);
  } catch (error) {
    printError(`The demo did not stop cleanly: ${String(error)}`);
    process.exit(1);
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown());

if (args.terminal) {
  runTerminalChat(demo.chat, config.dataDir, () => void shutdown());
} else {
  printLine();
  printLine(`Open the web chat: ${demo.url}`);
  printLine("Stop with Ctrl+C.");
}
