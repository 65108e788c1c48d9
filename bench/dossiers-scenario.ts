import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "../src/domain/attendance.ts";
import { addDays, dayOfWeek } from "../src/domain/time.ts";
import type { DossierData } from "../src/features/documents/dossier-data.service.ts";
import { startFlags } from "./bot-handle.ts";
import type { Measurement, ScenarioContext } from "./scenarios.ts";

/**
 * `npm run bench -- --only dossiers`: 1,000 participant dossiers (PDF) built in the worker pool
 * (src/workers/heavy-work.ts, two threads as configured by default), the compiled code in a fresh
 * Node process, so its peak resident memory (VmHWM, worker threads included) is the dossiers'
 * alone. Plain data only: the database reads per dossier are measured by the /rekap scenarios.
 * Run alone: `npx tsx bench/dossiers-scenario.ts [count]`.
 */

const root = fileURLToPath(new URL("..", import.meta.url));
export const DOSSIER_COUNT = 1_000;

const sentences = [
  "Mengikuti apel pagi dan pengarahan kepala bidang.",
  "Mempelajari alur layanan kepegawaian dan sistem informasi ASN daerah.",
  "Berdiskusi dengan pembimbing tentang penerapan sistem merit.",
  "Menyusun catatan perbandingan tata kelola antara provinsi pengirim dan tuan rumah.",
  "Mengunjungi unit layanan terpadu dan mencatat praktik baik.",
];

/** A dossier as the worker receives it: 20 working days, a report on most, assessed, feedback. */
export function syntheticDossier(index: number): DossierData {
  const days: DossierData["days"] = [];
  for (let date = "2026-11-02"; days.length < 20; date = addDays(date, 1)) {
    if (dayOfWeek(date) > 5) continue;
    const pick = (index * 7 + days.length * 3) % 20;
    const cell: AttendanceStatus =
      pick < 15
        ? "HADIR"
        : pick < 17
          ? "TERLAMBAT"
          : pick < 18
            ? "IZIN"
            : pick < 19
              ? "SAKIT"
              : "ALPA";
    days.push({
      date,
      cell,
      time: cell === "HADIR" ? `07:2${pick % 10}` : cell === "TERLAMBAT" ? "08:05" : "",
    });
  }
  const counts = Object.fromEntries(ATTENDANCE_STATUSES.map((status) => [status, 0])) as Record<
    AttendanceStatus,
    number
  >;
  for (const day of days) if (day.cell !== null && day.cell !== "PENDING") counts[day.cell]++;
  const present = counts.HADIR + counts.TERLAMBAT + counts.DINAS_LUAR;
  const nip = `19${String(70 + (index % 25)).padStart(2, "0")}0312201001${String(1000 + (index % 9000)).slice(-4)}`;
  return {
    program: {
      name: "Magang ASN Sumbar di Jatim 2026",
      startDate: "2026-11-02",
      endDate: "2026-11-27",
      zoneLabel: "WIB",
      hostProvinceName: "Jawa Timur",
      sendingProvinceName: "Sumatera Barat",
    },
    person: {
      fullName: `Peserta Bench ${index + 1}`,
      nip,
      position: "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
      ownAgency: "Badan Kepegawaian Daerah Provinsi Sumatera Barat",
    },
    placement: {
      hostUnitName: "Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Timur",
      mentorName: "Sri Wahyuni",
    },
    days,
    programWorkingDays: 20,
    counts,
    pending: 0,
    rate: present / days.length,
    dailyReports: days
      .filter((_, at) => (at + index) % 5 !== 0)
      .map((day, at) => ({
        date: day.date,
        excerpt: [0, 1, 2, 3]
          .map((k) => sentences[(at + k + index) % sentences.length])
          .join(" ")
          .slice(0, 200),
        truncated: true,
      })),
    finalReport: {
      title: "Penerapan sistem merit dalam manajemen ASN di Provinsi Jawa Timur",
      fileName: "laporan-akhir.pdf",
      submitted: { date: "2026-11-27", time: "14:05" },
    },
    assessment: {
      scores: [
        { key: "discipline", score: 4 + (index % 2) },
        { key: "initiative", score: 4 },
        { key: "cooperation", score: 5 },
        { key: "work_quality", score: 3 + (index % 3) },
      ],
      average: (4 + (index % 2) + 4 + 5 + 3 + (index % 3)) / 4,
      comment: "Tekun, komunikatif, dan cepat memahami tugas.",
      submitted: { date: "2026-11-27", time: "15:00" },
    },
    feedback: {
      hostRating: 5,
      mentorRating: 4,
      comment: "Pembimbing sangat membantu.",
      submitted: { date: "2026-11-27", time: "16:00" },
    },
    generated: { date: "2026-11-30", time: "09:00" },
  };
}

// The child: compiled code, no tsx. Two jobs in flight per thread keep the pool busy without
// reaching its queue cap; the clock is the child's own.
const childScript = `
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const work = await import(pathToFileURL("dist/src/workers/heavy-work.js").href);
const inputs = JSON.parse(readFileSync(process.env.DOSSIERS_FILE, "utf8"));
const threads = work.defaultHeavyWorkSettings.threads;
const durations = [];
let bytes = 0, next = 0, largest = 0;
const started = performance.now();
const cpuStart = process.cpuUsage();
async function lane() {
  while (next < inputs.length) {
    const data = inputs[next++];
    const begun = performance.now();
    const pdf = await work.buildDossierPdfInWorker("id", data);
    durations.push(performance.now() - begun);
    bytes += pdf.length; largest = Math.max(largest, pdf.length);
  }
}
await Promise.all(Array.from({ length: threads * 2 }, lane));
const totalMs = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
await work.closeHeavyWork();
const status = readFileSync("/proc/self/status", "utf8");
const peakKb = Number(/^VmHWM:\\s+(\\d+)/m.exec(status)?.[1] ?? process.resourceUsage().maxRSS);
durations.sort((a, b) => a - b);
const at = (q) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))];
process.stdout.write(JSON.stringify({
  dossiers: durations.length, totalMs, perDossierMs: totalMs / durations.length,
  cpuPerDossierMs: (cpu.user + cpu.system) / 1000 / durations.length,
  jobP50Ms: at(0.5), jobP95Ms: at(0.95), avgKb: bytes / durations.length / 1024,
  largestKb: largest / 1024, peakRssMb: peakKb / 1024, threads,
}) + "\\n");
`;

export async function dossiersScenario(
  context: Pick<ScenarioContext, "log">,
  count = DOSSIER_COUNT,
): Promise<Measurement> {
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
  const dir = mkdtempSync(join(tmpdir(), "tandang-dossiers-"));
  try {
    const file = join(dir, "dossiers.json");
    writeFileSync(
      file,
      JSON.stringify(Array.from({ length: count }, (_, i) => syntheticDossier(i))),
    );
    context.log(`  building ${count} dossiers in the worker pool…`);
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [...startFlags, "--input-type=module", "-e", childScript],
        {
          cwd: root,
          env: { PATH: process.env.PATH ?? "", DOSSIERS_FILE: file },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
      });
      child.stderr.on("data", (chunk: Buffer) => {
        err = (err + chunk.toString("utf8")).slice(-4000);
      });
      child.once("exit", (code) =>
        code === 0 ? resolve(out) : reject(new Error(`dossier child exited with ${code}: ${err}`)),
      );
    });
    const last = output.trim().split("\n").at(-1) ?? "{}";
    return JSON.parse(last) as Measurement;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const count = Number(process.argv[2] ?? DOSSIER_COUNT);
  const result = await dossiersScenario(
    { log: (line) => process.stdout.write(`${line}\n`) },
    count,
  );
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
