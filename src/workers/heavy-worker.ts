import { renderSvgToPng } from "../charts/render-png.ts";
import {
  buildCertificatePdf,
  type CertificatePdfInput,
} from "../features/certificate/certificate-pdf.ts";
import type { DossierData } from "../features/documents/dossier-data.service.ts";
import { buildDossierPdf } from "../features/documents/dossier-pdf.ts";
import type { ProgramReportData } from "../features/documents/program-report-data.service.ts";
import { buildProgramReportPdf } from "../features/documents/program-report-pdf.ts";
import type { RecapData } from "../features/recap/recap-data.service.ts";
import { buildRecapCsv, buildRecapWorkbook } from "../features/recap/recap-workbook.ts";
import { createI18n, type Locale, translatorFor } from "../i18n/i18n.ts";
import type { ImportKind } from "../imports/import-kinds.ts";
import { ImportLimitError, type ImportLimits } from "../imports/import-limits.ts";
import type { SpreadsheetFormat } from "../imports/read-sheet.ts";
import {
  type ImportContext,
  type ImportResult,
  parseImportFile,
} from "../imports/validate-import.ts";
import { jobDispatcher } from "./worker-pool.ts";

/**
 * The jobs that run in worker threads (see heavy-work.ts): spreadsheet parsing and checking,
 * the /rekap workbook and CSV, PNG rendering, and the dossier, program report and certificate PDFs. Inputs and results cross the thread boundary
 * by structured clone; byte buffers arrive as Uint8Array.
 */
export interface ParseImportTask {
  kind: ImportKind;
  content: Uint8Array;
  format: SpreadsheetFormat;
  context: ImportContext;
  limits: ImportLimits;
}

export type ParseImportOutcome =
  | { ok: true; result: ImportResult }
  | { ok: false; limit: ImportLimitError["limit"]; max: number };

export interface RecapFilesTask {
  locale: Locale;
  data: RecapData;
}

let i18n: ReturnType<typeof createI18n> | undefined;

function translator(locale: Locale) {
  i18n ??= createI18n();
  return translatorFor(i18n, locale);
}

const asBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export default jobDispatcher({
  parseImport: async (task: ParseImportTask): Promise<ParseImportOutcome> => {
    try {
      const result = await parseImportFile(
        task.kind,
        asBuffer(task.content),
        task.format,
        task.context,
        task.limits,
      );
      return { ok: true, result };
    } catch (error) {
      if (error instanceof ImportLimitError)
        return { ok: false, limit: error.limit, max: error.max };
      throw error;
    }
  },
  recapFiles: async (task: RecapFilesTask): Promise<{ xlsx: Uint8Array; csv: Uint8Array }> => {
    i18n ??= createI18n();
    const t = translatorFor(i18n, task.locale);
    return {
      xlsx: await buildRecapWorkbook(t, task.locale, task.data),
      csv: buildRecapCsv(t, task.data, task.locale),
    };
  },
  renderPng: (task: { svg: string }): Uint8Array => renderSvgToPng(task.svg),
  dossierPdf: (task: { locale: Locale; data: DossierData }): Promise<Uint8Array> =>
    buildDossierPdf(translator(task.locale), task.locale, task.data),
  programReportPdf: (task: { locale: Locale; data: ProgramReportData }): Promise<Uint8Array> =>
    buildProgramReportPdf(translator(task.locale), task.locale, task.data, renderSvgToPng),
  // Certificates are printed in Indonesian whatever the reader's language.
  certificatePdf: async (task: CertificatePdfInput): Promise<Uint8Array> => {
    i18n ??= createI18n();
    return buildCertificatePdf(translatorFor(i18n, "id"), task);
  },
});
