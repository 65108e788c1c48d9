/**
 * The bot under benchmark, in its own process (so its peak RSS is its own): the same
 * composition root as `npm start`, configured from the environment, with a clock the harness
 * moves over IPC and the scheduler's tick run on request instead of by cron.
 */
import { performance } from "node:perf_hooks";
import { startApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import type { Clock } from "../src/shared/clock.ts";
import type { ChildReport, ParentCommand } from "./ipc.ts";
import { cpuMs, peakRssKb } from "./peak-rss.ts";
import { countSqlStatements, sqlStatements, tallySqlStatements } from "./sql-tally.ts";

let offsetMs = process.env.BENCH_CLOCK ? Date.parse(process.env.BENCH_CLOCK) - Date.now() : 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

const send = (report: ChildReport) => process.send?.(report);

countSqlStatements();
if (process.env.BENCH_SQL_LOG) tallySqlStatements(process.env.BENCH_SQL_LOG);

const config = await loadConfig();
const logger = createLogger(config.logLevel);
const app = await startApp(config, {
  logger,
  clock,
  schedulerCron: false,
  pollingTimeoutSeconds: 1,
});
send({ type: "ready", offsetMs, cpuMs: cpuMs(), sqlStatements: sqlStatements() });

process.on("message", (command: ParentCommand) => {
  void (async () => {
    switch (command.type) {
      case "set-clock":
        offsetMs = Date.parse(command.at) - Date.now();
        send({ type: "clock", offsetMs });
        return;
      case "tick": {
        const started = performance.now();
        const result = await app.background.scheduler.runTick();
        send({
          type: "ticked",
          ms: performance.now() - started,
          messages: result.batches.reduce((sum, batch) => sum + batch.messages, 0),
          batches: result.batches.length,
        });
        return;
      }
      case "stop":
        await app.stop();
        send({
          type: "stopped",
          maxRssKb: peakRssKb(),
          cpuMs: cpuMs(),
          sqlStatements: sqlStatements(),
        });
        setTimeout(() => process.exit(0), 50);
        return;
    }
  })().catch((error: unknown) => {
    send({ type: "error", message: String((error as Error)?.stack ?? error) });
  });
});
