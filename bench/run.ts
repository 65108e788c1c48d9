/**
 * `npm run bench`: the bot in a child process against the fake Bot API, on the embedded server and (when
 * 127.0.0.1:5432 answers) PostgreSQL, each figure over several runs with its spread. Prints a
 * markdown table and writes it to bench/RESULTS.md (between the markers, keeping the analysis).
 *
 *   --runs N        runs per figure (default 3; 1 with --quick)
 *   --quick         2,000 participants instead of 10,000, one run
 *   --only 1,3      scenarios to run (1 broadcast, 2 reminder, 3 check-ins, 4 status/rekap,
 *                   5 footprint: memory and start-up of the compiled bot,
 *                   heavy: /help latency during a 5 MB import,
 *                   flood: others' /help during one user's 700-message flood,
 *                   dossiers: 1,000 participant dossier PDFs in the worker pool; not in the default)
 *                   certs: 1,000 certificate PDFs in the worker pool, time and peak memory)
 *   --db embedded   only one database kind (embedded or postgres)
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { printError, printLine } from "../src/shared/terminal.ts";
import { type DatabaseKind, postgresAvailable } from "./bench-database.ts";
import { certificateCount, certificatesScenario } from "./certificates-scenario.ts";
import { DOSSIER_COUNT, dossiersScenario } from "./dossiers-scenario.ts";
import { footprintScenario } from "./footprint.ts";
import { heavyImportScenario } from "./heavy-import-scenario.ts";
import {
  broadcastScenario,
  checkInScenario,
  floodScenario,
  type Measurement,
  morningReminderScenario,
  type ScenarioContext,
  staffViewsScenario,
} from "./scenarios.ts";
import { summarize } from "./stats.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string" },
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    db: { type: "string" },
    window: { type: "string" },
  },
});
const quick = values.quick ?? false;
const runs = Number(values.runs ?? (quick ? 1 : 3));
const size = quick ? 2_000 : 10_000;
const window = Number(values.window ?? 500);
const only = new Set(
  (values.only ?? "1,2,3,4,5,heavy,flood,certs").split(",").map((part) => part.trim()),
);

interface Row {
  scenario: string;
  db: DatabaseKind;
  figure: string;
  target: string;
  values: number[];
  digits: number;
  /** true: met, false: missed, undefined: no target. */
  met?: boolean;
}

const rows: Row[] = [];
const started = Date.now();

function log(line: string) {
  printLine(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`);
}

async function repeat(
  label: string,
  kind: DatabaseKind,
  run: (context: ScenarioContext) => Promise<Measurement>,
): Promise<Measurement[]> {
  const results: Measurement[] = [];
  for (let index = 0; index < runs; index++) {
    log(`${label} on ${kind}, run ${index + 1}/${runs}…`);
    try {
      const result = await run({ kind, size, log });
      log(`  ${JSON.stringify(roundAll(result))}`);
      results.push(result);
    } catch (error) {
      printError(`  ${label} on ${kind} failed: ${(error as Error).stack ?? error}`);
    }
  }
  return results;
}

function roundAll(measurement: Measurement): Measurement {
  return Object.fromEntries(
    Object.entries(measurement).map(([key, value]) => [key, Math.round(value * 1000) / 1000]),
  );
}

function add(
  scenario: string,
  kind: DatabaseKind,
  figure: string,
  target: string,
  results: Measurement[],
  key: string,
  digits: number,
  check?: (value: number) => boolean,
) {
  const list = results.map((result) => result[key] ?? Number.NaN);
  const finite = list.filter(Number.isFinite);
  const met = check && finite.length ? finite.every(check) : undefined;
  rows.push({ scenario, db: kind, figure, target, values: list, digits, met });
}

function addRss(scenario: string, kind: DatabaseKind, results: Measurement[], key = "rssMb") {
  add(scenario, kind, "peak RSS of the bot (MB)", "< 300", results, key, 0, (mb) => mb < 300);
}

async function benchmark(kind: DatabaseKind) {
  const n = size.toLocaleString("en-US");
  if (only.has("5")) {
    const label = "5. footprint: npm start (compiled), existing data directory";
    const results = await repeat(label, kind, footprintScenario);
    add(
      label,
      kind,
      "ready: start → first getUpdates (ms)",
      "≤ 5000",
      results,
      "readyMs",
      0,
      (v) => v <= 5000,
    );
    if (kind === "embedded") {
      add(
        label,
        kind,
        "idle PSS, whole process tree (MB)",
        "≤ 150",
        results,
        "idleTreeMb",
        1,
        (v) => v <= 150,
      );
      add(label, kind, "  of which the bot's Node process (MB)", "", results, "idleBotMb", 1);
      add(label, kind, "  of which the PostgreSQL server (MB)", "", results, "idleServerMb", 1);
      add(label, kind, "  processes in the tree", "", results, "processes", 0);
    } else {
      add(
        label,
        kind,
        "idle PSS, the bot process alone (MB)",
        "≤ 120",
        results,
        "idleBotMb",
        1,
        (v) => v <= 120,
      );
    }
    add(label, kind, "breakdown: Node alone (MB)", "", results, "nodeMb", 1);
    add(label, kind, "breakdown: + grammY and a Bot (MB)", "", results, "grammyMb", 1);
    add(
      label,
      kind,
      "breakdown: + pg, Prisma client and query compiler, one query (MB)",
      "",
      results,
      "prismaMb",
      1,
    );
  }
  if (only.has("heavy")) await heavyImport(kind);
  // Plain data, no database: once, on the first database kind.
  if (only.has("dossiers") && kind === kinds[0]) await dossiers(kind);
  // No database in it: measured once, with the first database kind.
  if (only.has("certs") && kind === kinds[0]) await certificates(kind);
  if (only.has("4")) {
    const label = `4. /status, /rekap (${n} participants × 5 days)`;
    const results = await repeat(label, kind, staffViewsScenario);
    add(
      label,
      kind,
      "/status latency, worst of 3 (ms)",
      "< 1000",
      results,
      "statusMs",
      0,
      (v) => v < 1000,
    );
    add(
      label,
      kind,
      "/rekap latency to the first answer (the chart), worst of 2 (ms)",
      "< 1000",
      results,
      "recapFirstMs",
      0,
      (v) => v < 1000,
    );
    add(label, kind, "/rekap latency to the last file, worst of 2 (ms)", "", results, "recapMs", 0);
    add(
      label,
      kind,
      "replies that were the error apology",
      "0",
      results,
      "apologies",
      0,
      (v) => v === 0,
    );
    addRss(label, kind, results);
  }
  if (only.has("3")) {
    for (const mode of ["polling", "webhook"] as const) {
      const label = `3. ${n} check-ins, ${mode}`;
      const results = await repeat(label, kind, (context) =>
        checkInScenario(context, mode, window),
      );
      const target = kind === "postgres" ? "≥ 500" : "";
      add(
        label,
        kind,
        "check-ins handled per second",
        target,
        results,
        "rate",
        0,
        kind === "postgres" ? (v) => v >= 500 : undefined,
      );
      add(label, kind, "latency p50 (ms)", "", results, "p50Ms", 0);
      add(label, kind, "latency p99 (ms)", "", results, "p99Ms", 0);
      add(
        label,
        kind,
        "check-ins in the database",
        `= ${n}`,
        results,
        "recorded",
        0,
        (v) => v === size,
      );
      add(
        label,
        kind,
        "answers other than “recorded”",
        "0",
        results,
        "wrongAnswers",
        0,
        (v) => v === 0,
      );
      add(label, kind, "bare grammY bot, updates per second", "", results, "bareRate", 0);
      add(label, kind, "bare grammY bot, latency p50 (ms)", "", results, "bareP50Ms", 0);
      add(label, kind, "bare grammY bot, latency p99 (ms)", "", results, "bareP99Ms", 0);
      add(label, kind, "Tandang ÷ bare grammY (throughput)", "", results, "ratio", 2);
      add(label, kind, "bot CPU per check-in (ms)", "", results, "botCpuMsPerCheckIn", 2);
      add(
        label,
        kind,
        "SQL statements per check-in (bot → database)",
        "",
        results,
        "sqlPerCheckIn",
        2,
      );
      if (kind === "postgres") {
        add(label, kind, "PostgreSQL CPU per check-in (ms)", "", results, "dbCpuMsPerCheckIn", 2);
      }
      add(
        label,
        kind,
        "harness + fake API CPU per check-in (ms)",
        "",
        results,
        "harnessCpuMsPerCheckIn",
        2,
      );
      add(
        label,
        kind,
        "bare grammY bot, CPU per update (ms)",
        "",
        results,
        "bareCpuMsPerUpdate",
        2,
      );
      addRss(label, kind, results);
      add(
        label,
        kind,
        "peak PSS of the whole process tree (MB)",
        "≤ 300",
        results,
        "peakTreePssMb",
        0,
        (mb) => mb <= 300,
      );
      add(label, kind, "  of which the embedded server (MB)", "", results, "peakServerPssMb", 0);
      add(label, kind, "peak RSS of the bare bot (MB)", "", results, "bareRssMb", 0);
    }
  }
  if (only.has("1")) {
    for (const rate of [1000, 30]) {
      const label = `1. broadcast to ${n} at ${rate}/s${rate > 30 ? " (paid)" : ""}`;
      const results = await repeat(label, kind, (context) => broadcastScenario(context, rate));
      add(
        label,
        kind,
        "achieved ÷ configured rate",
        "≥ 0.95",
        results,
        "ratio",
        3,
        (v) => v >= 0.95,
      );
      add(label, kind, "achieved messages per second", "", results, "rate", 1);
      add(label, kind, "first message after “send” (s)", "", results, "firstAfterConfirmS", 2);
      add(label, kind, "429 answers after “send”", "0", results, "violations", 0, (v) => v === 0);
      add(label, kind, "duplicate deliveries", "0", results, "duplicates", 0, (v) => v === 0);
      addRss(label, kind, results);
    }
  }
  if (only.has("flood")) {
    const label = "flood: 700 /help from one user, 10 others asking /help";
    const results = await repeat(label, kind, floodScenario);
    const p99 = "others' /help latency p99 (ms)";
    add(label, kind, p99, "< 1000", results, "otherP99Ms", 0, (v) => v < 1000);
    add(label, kind, "others' /help latency p50 (ms)", "", results, "otherP50Ms", 0);
    add(label, kind, "same, before the flood: p99 (ms)", "", results, "quietP99Ms", 0);
    add(label, kind, "same, before the flood: p50 (ms)", "", results, "quietP50Ms", 0);
    add(label, kind, "flooder: /help answered", "21", results, "flooderAnswers", 0);
    add(label, kind, "flooder: notices", "1", results, "flooderNotices", 0, (v) => v === 1);
  }
  if (only.has("2")) {
    const label = `2. morning reminder, ${n} over WIB/WITA/WIT`;
    const results = await repeat(label, kind, morningReminderScenario);
    add(label, kind, "time to build the three batches (ms)", "", results, "buildMs", 0);
    for (const zone of ["WIT", "WITA", "WIB"]) {
      add(label, kind, `${zone}: first message vs 06:30 (s)`, "", results, `first${zone}`, 1);
      add(
        label,
        kind,
        `${zone}: last message vs 06:30 (s)`,
        "≤ 0",
        results,
        `last${zone}`,
        1,
        (v) => v <= 0,
      );
    }
    add(label, kind, "429 answers", "0", results, "violations", 0, (v) => v === 0);
    addRss(label, kind, results);
  }
}

async function heavyImport(kind: DatabaseKind) {
  const label = "heavy. another user's /help while a 5 MB CSV import is parsed";
  const results = await repeat(label, kind, heavyImportScenario);
  add(label, kind, "rows in the file (all parsed and checked)", "", results, "rows", 0);
  add(label, kind, "import: time to its preview (ms)", "", results, "importMs", 0);
  add(
    label,
    kind,
    "import answered with the preview",
    "1",
    results,
    "previewed",
    0,
    (v) => v === 1,
  );
  add(label, kind, "/help answers during the import", "", results, "helpCount", 0);
  add(label, kind, "/help latency p50 (ms)", "< 1000", results, "helpP50Ms", 0, (v) => v < 1000);
  add(label, kind, "/help latency p99 (ms)", "< 1000", results, "helpP99Ms", 0, (v) => v < 1000);
  add(label, kind, "/help latency max (ms)", "", results, "helpMaxMs", 0);
  add(label, kind, "/help latency p50 with no import (ms)", "", results, "idleHelpP50Ms", 0);
  add(label, kind, "peak RSS of the bot before the import (MB)", "", results, "rssBeforeMb", 0);
  addRss(label, kind, results);
}

async function dossiers(kind: DatabaseKind) {
  const label = `dossiers. ${DOSSIER_COUNT.toLocaleString("en-US")} participant dossiers (PDF) in the worker pool`;
  const results = await repeat(label, kind, (context) => dossiersScenario(context));
  add(
    label,
    kind,
    "dossiers built",
    String(DOSSIER_COUNT),
    results,
    "dossiers",
    0,
    (v) => v === DOSSIER_COUNT,
  );
  add(label, kind, "all of them (ms)", "", results, "totalMs", 0);
  add(label, kind, "wall time per dossier (ms)", "", results, "perDossierMs", 1);
  add(label, kind, "CPU time per dossier, all threads (ms)", "", results, "cpuPerDossierMs", 1);
  add(label, kind, "one job, p95 (ms)", "", results, "jobP95Ms", 0);
  add(label, kind, "PDF size, mean (KB)", "", results, "avgKb", 1);
  add(
    label,
    kind,
    "peak RSS of the process, threads included (MB)",
    "< 300",
    results,
    "peakRssMb",
    0,
    (mb) => mb < 300,
  );
}

async function certificates(kind: DatabaseKind) {
  const label = `certs. ${certificateCount.toLocaleString("en-US")} certificate PDFs in the worker pool`;
  const results = await repeat(label, kind, certificatesScenario);
  add(label, kind, "time for all (ms)", "", results, "totalMs", 0);
  add(label, kind, "PDFs per second", "", results, "perSecond", 1);
  add(label, kind, "one PDF, p50 (ms)", "", results, "p50Ms", 0);
  add(label, kind, "one PDF, p99 (ms)", "", results, "p99Ms", 0);
  add(label, kind, "PDF size, mean (KB)", "", results, "meanKb", 1);
  add(label, kind, "worker threads", "", results, "threads", 0);
  add(label, kind, "peak RSS of the process before (MB)", "", results, "rssBeforeMb", 0);
  add(label, kind, "peak RSS of the process, threads included (MB)", "", results, "rssMb", 0);
}

function table(): string {
  const lines = [
    "| scenario | db | figure | target | result: mean (min–max) | met |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of rows) {
    const verdict = row.met === undefined ? "" : row.met ? "yes" : "**MISSED**";
    lines.push(
      `| ${row.scenario} | ${row.db} | ${row.figure} | ${row.target} | ${summarize(row.values, row.digits)} | ${verdict} |`,
    );
  }
  return lines.join("\n");
}

const kinds: DatabaseKind[] = [];
if (!values.db || values.db === "embedded") kinds.push("embedded");
if ((!values.db || values.db === "postgres") && (await postgresAvailable())) kinds.push("postgres");
for (const kind of kinds) await benchmark(kind);

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const header = [
  `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${
    quick
      ? `**--quick: ${size.toLocaleString("en-US")} participants instead of 10,000**`
      : "full size (10,000 participants)"
  }, ${runs} run(s) per figure, ${minutes} min in all.`,
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}. Databases: ${kinds.join(", ")}.`,
  `Scenarios run: ${[...only].join(", ")}; check-in window ${window} outstanding updates.`,
].join("\n");
const output = `${header}\n\n${table()}`;
printLine(`\n${output}`);

const resultsPath = fileURLToPath(new URL("RESULTS.md", import.meta.url));
const begin = "<!-- bench:begin -->";
const end = "<!-- bench:end -->";
const current = existsSync(resultsPath)
  ? readFileSync(resultsPath, "utf8")
  : `# Benchmark results\n\n${begin}\n${end}\n`;
const updated = current.includes(begin)
  ? `${current.slice(0, current.indexOf(begin) + begin.length)}\n${output}\n${current.slice(current.indexOf(end))}`
  : `${current}\n${begin}\n${output}\n${end}\n`;
writeFileSync(resultsPath, updated);
log(`written to ${resultsPath}`);
process.exit(0);
