/**
 * Heavy work off the event loop: a coordinator imports a 5 MB roster CSV (about 19,000 rows,
 * under the 20,000-row cap, so it is parsed and checked in full) while other users keep asking
 * /help. Figures: their /help latency (p50/p99) during the import, the import's time to its
 * answer, and the bot process's peak memory (VmHWM; worker threads are in the same process).
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { startFakeBotApi } from "@tandang/fake-bot-api";
import { addDays } from "../src/domain/time.ts";
import { sleep } from "../src/shared/sleep.ts";
import { createBenchDatabase, prepareDatabase } from "./bench-database.ts";
import { seedBenchProgram, seedCoordinator } from "./bench-seed.ts";
import { spawnBot } from "./bot-handle.ts";
import { botEnv } from "./harness.ts";
import type { Measurement, ScenarioContext } from "./scenarios.ts";
import { percentile } from "./stats.ts";

const coordinatorId = 900_000_101;
const helpUserBase = 900_100_000;
const helpUsers = 20;
const importBytes = 5 * 1024 * 1024 - 4 * 1024;

/** A roster CSV of valid, distinct rows filling `bytes` (long but realistic cells). */
export function benchRosterCsv(bytes: number): Buffer {
  const lines = ["nip,nama,jabatan,unit_asal,telepon"];
  let size = (lines[0]?.length ?? 0) + 1;
  for (let i = 0; ; i++) {
    const birth = addDays("1970-01-01", i % 5000).replaceAll("-", "");
    const nip = `${birth}201001${1}${String(1 + Math.floor(i / 5000)).padStart(3, "0")}`;
    const line = [
      nip,
      `Peserta Magang Nomor ${i} Binti Abdullah Nasution Siregar Harahap Lubis`,
      "Analis Sumber Daya Manusia Aparatur Ahli Muda pada Bidang Pengembangan Kompetensi",
      "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah Provinsi Sumatera Barat",
      `+62812${String(66_000_000 + i)}`,
    ].join(",");
    if (size + line.length + 1 > bytes) break;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join("\n"));
}

/** VmHWM of another process (Linux), in MB; NaN elsewhere. */
function peakRssOfProcessMb(pid: number | undefined): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export async function heavyImportScenario(context: ScenarioContext): Promise<Measurement> {
  const database = await createBenchDatabase(context.kind);
  try {
    await prepareDatabase(database, async (db) => {
      const program = await seedBenchProgram(db.prisma, {
        tag: "hi",
        name: "Magang Uji Impor",
        hostProvinceCode: "35",
        startDate: "2026-11-23",
        endDate: "2026-11-27",
      });
      await seedCoordinator(db.prisma, program.programId, coordinatorId);
    });
    // Rate limits off: the figure is the bot's own delay, not Telegram's per-chat pacing.
    const api = await startFakeBotApi({ enforceRateLimits: false });
    try {
      const bot = await spawnBot(
        "bench/bot-child.ts",
        botEnv(api, { ...database.env, BENCH_CLOCK: "2026-11-24T01:00:00Z" }),
      );
      let rssMb = Number.NaN;
      try {
        const csv = benchRosterCsv(importBytes);
        const rows = csv.toString("utf8").split("\n").length - 1;
        const users = Array.from({ length: helpUsers }, (_, i) =>
          api.user(helpUserBase + i, { first_name: `Tamu ${i}` }),
        );
        const askHelp = async (index: number) => {
          const user = users[index % users.length];
          if (!user) throw new Error("no user");
          const started = performance.now();
          const reply = user.waitForMessage(/Bantuan Tandang/, {
            onlyNew: true,
            timeoutMs: 120_000,
          });
          user.sendCommand("/help");
          await reply;
          return performance.now() - started;
        };
        // Warm-up: every /help user once (their first update creates their account).
        for (let i = 0; i < users.length; i++) await askHelp(i);
        const idle: number[] = [];
        for (let i = 0; i < 10; i++) idle.push(await askHelp(i));
        const rssBeforeMb = peakRssOfProcessMb(bot.child.pid);

        const coordinator = api.user(coordinatorId, { first_name: "Koordinator" });
        const started = performance.now();
        const answered = coordinator.waitForMessage(/Pratinjau impor|Mohon maaf|masalah/i, {
          onlyNew: true,
          timeoutMs: 300_000,
        });
        coordinator.sendDocument({
          file_name: "peserta.csv",
          mime_type: "text/csv",
          content: csv,
          caption: "/impor peserta",
        });
        let done = false;
        let importMs = Number.NaN;
        const answer = answered.then((record) => {
          done = true;
          importMs = performance.now() - started;
          return record;
        });
        const during: number[] = [];
        for (let i = 0; !done; i++) {
          during.push(await askHelp(i));
          await sleep(100);
        }
        const record = await answer;
        context.log(`  import of ${rows} rows answered: ${(record.text ?? "").split("\n")[0]}`);
        rssMb = await bot.stop();
        const sorted = [...during].sort((a, b) => a - b);
        const idleSorted = [...idle].sort((a, b) => a - b);
        return {
          rows,
          importMs,
          previewed: /Pratinjau impor/.test(record.text ?? "") ? 1 : 0,
          helpCount: during.length,
          helpP50Ms: percentile(sorted, 50),
          helpP99Ms: percentile(sorted, 99),
          helpMaxMs: sorted.at(-1) ?? Number.NaN,
          idleHelpP50Ms: percentile(idleSorted, 50),
          rssBeforeMb,
          rssMb,
        };
      } catch (error) {
        context.log(bot.output().slice(-3000));
        throw error;
      } finally {
        if (Number.isNaN(rssMb)) {
          await bot.stop().catch(() => bot.child.kill("SIGKILL"));
        }
      }
    } finally {
      await api.stop();
    }
  } finally {
    await database.drop();
  }
}
