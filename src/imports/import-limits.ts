/** The caps on one imported file; each one the user hears about with its number. */
export interface ImportLimits {
  /** Data rows (the header not counted). */
  maxRows: number;
  /** XLSX: the sum of the unpacked sizes of every part of the zip. */
  maxUnpackedBytes: number;
  /** XLSX: unpacked ÷ packed size of one part larger than 1 MB. */
  maxCompressionRatio: number;
}

export const defaultImportLimits: ImportLimits = {
  maxRows: 20_000,
  maxUnpackedBytes: 50 * 1024 * 1024,
  maxCompressionRatio: 200,
};

/**
 * Which cap refused a file, and its number in the unit the user reads: megabytes for
 * bytes/unpacked/memory, rows, N for an N:1 ratio, seconds for time, waiting jobs for busy.
 */
export type ImportLimit = "bytes" | "rows" | "unpacked" | "ratio" | "time" | "memory" | "busy";

export class ImportLimitError extends Error {
  override name = "ImportLimitError";
  constructor(
    readonly limit: ImportLimit,
    readonly max: number,
  ) {
    super(`import refused by the ${limit} limit (${max})`);
  }
}

export const megabytes = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;
