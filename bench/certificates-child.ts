/**
 * Child process of the `certs` bench scenario: builds N certificate PDFs (pdfkit, QR code)
 * through the heavy worker pool, as the delivery queue does, and prints one JSON line with the
 * time, the sizes and this process's peak memory (VmHWM: main thread and worker threads).
 */
import { performance } from "node:perf_hooks";
import type { CertificatePdfInput } from "../src/features/certificate/certificate-pdf.ts";
import {
  buildCertificatePdfInWorker,
  closeHeavyWork,
  configureHeavyWork,
  defaultHeavyWorkSettings,
} from "../src/workers/heavy-work.ts";
import { peakRssKb } from "./peak-rss.ts";

const count = Number(process.argv[2] ?? 1000);
const settings = defaultHeavyWorkSettings;
await configureHeavyWork(settings);

const input = (index: number): CertificatePdfInput => ({
  number: `TDG/2026/${String(index + 1).padStart(4, "0")}-7Q3K`,
  holderName: `Peserta Magang Nomor ${index} Binti Abdullah Nasution, S.E., M.Si.`,
  holderNip: `19850312 201001 2 ${String((index % 999) + 1).padStart(3, "0")}`,
  programName: "Magang ASN Provinsi Sumatera Barat di Provinsi Jawa Timur 2026",
  period: "30 November 2026 s.d. 11 Desember 2026",
  hostProvince: "Jawa Timur",
  hostAgency: "Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Timur",
  sendingProvince: "Sumatera Barat",
  hours: 80,
  signatories: [
    {
      name: "Dr. Budi Santoso, M.Si.",
      position: "Kepala BPSDM Provinsi Jawa Timur",
      nip: "19700101 199503 1 001",
    },
    {
      name: "Ir. Sri Lestari, M.T.",
      position: "Kepala BPSDM Provinsi Sumatera Barat",
      nip: "19720202 199803 2 002",
    },
  ],
  issuedOn: "14 Desember 2026",
  qrText: `https://tandang.example.go.id/verifikasi/TDG/2026/${String(index + 1).padStart(4, "0")}-7Q3K`,
  qrIsLink: true,
});

const rssBeforeMb = peakRssKb() / 1024;
// As many in flight as the pool holds threads and queue places, so none is refused as busy.
const inFlight = settings.threads * 2;
let next = 0;
let bytes = 0;
let maxBytes = 0;
const latencies: number[] = [];
const started = performance.now();
async function lane() {
  for (;;) {
    const index = next++;
    if (index >= count) return;
    const at = performance.now();
    const pdf = await buildCertificatePdfInWorker(input(index));
    latencies.push(performance.now() - at);
    bytes += pdf.length;
    maxBytes = Math.max(maxBytes, pdf.length);
  }
}
await Promise.all(Array.from({ length: inFlight }, lane));
const totalMs = performance.now() - started;
latencies.sort((a, b) => a - b);
await closeHeavyWork();
process.stdout.write(
  `${JSON.stringify({
    count,
    threads: settings.threads,
    totalMs,
    perSecond: (count * 1000) / totalMs,
    p50Ms: latencies[Math.floor(latencies.length * 0.5)] ?? Number.NaN,
    p99Ms:
      latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? Number.NaN,
    meanKb: bytes / count / 1024,
    maxKb: maxBytes / 1024,
    rssBeforeMb,
    rssMb: peakRssKb() / 1024,
  })}\n`,
);
