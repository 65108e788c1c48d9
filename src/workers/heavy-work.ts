import type { CertificatePdfInput } from "../features/certificate/certificate-pdf.ts";
import type { DossierData } from "../features/documents/dossier-data.service.ts";
import type { ProgramReportData } from "../features/documents/program-report-data.service.ts";
import type { RecapData } from "../features/recap/recap-data.service.ts";
import type { Locale } from "../i18n/i18n.ts";
import type { ImportKind } from "../imports/import-kinds.ts";
import { ImportLimitError, type ImportLimits } from "../imports/import-limits.ts";
import type { SpreadsheetFormat } from "../imports/read-sheet.ts";
import type { ImportContext, ImportResult } from "../imports/validate-import.ts";
import type { ParseImportOutcome } from "./heavy-worker.ts";
import {
  createWorkerPool,
  WorkerLimitError,
  type WorkerPool,
  workerScript,
} from "./worker-pool.ts";

/** The process-wide pool for CPU-heavy work; set from the config at start-up. */
export interface HeavyWorkSettings {
  threads: number;
  timeoutSeconds: number;
  memoryMb: number;
}

export const defaultHeavyWorkSettings: HeavyWorkSettings = {
  threads: 2,
  timeoutSeconds: 60,
  memoryMb: 256,
};

let settings = defaultHeavyWorkSettings;
let pool: WorkerPool | undefined;

/** Takes effect for the pool made next (the current one, if any, is closed). */
export async function configureHeavyWork(next: HeavyWorkSettings): Promise<void> {
  settings = next;
  await closeHeavyWork();
}

export async function closeHeavyWork(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.close();
}

function heavyPool(): WorkerPool {
  pool ??= createWorkerPool({
    file: workerScript("heavy-worker", import.meta.url),
    size: settings.threads,
    timeoutMs: settings.timeoutSeconds * 1000,
    memoryMb: settings.memoryMb,
  });
  return pool;
}

const asBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Reads and checks an import file in a worker thread. A file past a cap, or a check stopped by
 * the time or memory cap, throws ImportLimitError; nothing of it is returned.
 */
export async function parseImportInWorker(input: {
  kind: ImportKind;
  content: Buffer;
  format: SpreadsheetFormat;
  context: ImportContext;
  limits: ImportLimits;
}): Promise<ImportResult> {
  // A copy the worker owns: the caller's buffer may be a slice of a shared pool.
  const content = new Uint8Array(input.content);
  try {
    const outcome = await heavyPool().run<ParseImportOutcome>(
      "parseImport",
      { ...input, content },
      { transferList: [content.buffer] },
    );
    if (!outcome.ok) throw new ImportLimitError(outcome.limit, outcome.max);
    return outcome.result;
  } catch (error) {
    if (error instanceof WorkerLimitError) throw new ImportLimitError(error.limit, error.max);
    throw error;
  }
}

/** The /rekap XLSX and CSV, built in a worker thread; WorkerLimitError past a cap. */
export async function buildRecapFilesInWorker(
  locale: Locale,
  data: RecapData,
): Promise<{ xlsx: Buffer; csv: Buffer }> {
  const files = await heavyPool().run<{ xlsx: Uint8Array; csv: Uint8Array }>("recapFiles", {
    locale,
    data,
  });
  return { xlsx: asBuffer(files.xlsx), csv: asBuffer(files.csv) };
}

/** An SVG drawn to PNG (resvg) in a worker thread; WorkerLimitError past a cap. */
export async function renderPngInWorker(svg: string): Promise<Buffer> {
  return asBuffer(await heavyPool().run<Uint8Array>("renderPng", { svg }));
}

/** A participant's dossier PDF (documents feature), built in a worker thread. */
export async function buildDossierPdfInWorker(locale: Locale, data: DossierData): Promise<Buffer> {
  return asBuffer(await heavyPool().run<Uint8Array>("dossierPdf", { locale, data }));
}

/** The program report PDF with its charts, built in a worker thread. */
export async function buildProgramReportPdfInWorker(
  locale: Locale,
  data: ProgramReportData,
): Promise<Buffer> {
  return asBuffer(await heavyPool().run<Uint8Array>("programReportPdf", { locale, data }));
}

/** One certificate PDF (pdfkit, QR code included) built in a worker thread; WorkerLimitError past a cap. */
export async function buildCertificatePdfInWorker(input: CertificatePdfInput): Promise<Buffer> {
  return asBuffer(await heavyPool().run<Uint8Array>("certificatePdf", input));
}
