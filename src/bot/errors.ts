import { randomBytes } from "node:crypto";

/** Short code a user can quote to support; the log line carries the same code. */
export function createErrorReference(): string {
  return randomBytes(4).toString("hex").toUpperCase();
}

// Prisma's codes, and node-postgres's socket errors that Prisma turns into them (the hot path's
// statements go straight through node-postgres: src/db/direct-sql.ts).
const unavailableCodes = new Set([
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "ECONNREFUSED",
  "ENOTFOUND",
  "ECONNRESET",
  "ETIMEDOUT",
]);
const unavailablePatterns = [
  /ECONNREFUSED/,
  /ECONNRESET/,
  /connection terminated/i,
  /Connection terminated/,
  /database system is (starting up|shutting down)/i,
  /the database is unavailable/i,
  /Can't reach database/i,
  /timeout exceeded when trying to connect/i,
];

/**
 * True when the database could not be reached: the update is then left unhandled in the inbox
 * and tried again, instead of being answered with an apology and forgotten.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") break;
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof candidate.code === "string" && unavailableCodes.has(candidate.code)) return true;
    const message = typeof candidate.message === "string" ? candidate.message : "";
    if (unavailablePatterns.some((pattern) => pattern.test(message))) return true;
    current = candidate.cause;
  }
  return false;
}

/**
 * The SQLSTATE of a database error (PostgreSQL's `code`, or what Prisma's driver adapter keeps
 * as `originalCode`), else Prisma's own code: for a log line that must not quote the data.
 */
export function databaseErrorCode(error: unknown): string | undefined {
  let fallback: string | undefined;
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") break;
    const candidate = current as {
      code?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
    };
    const original = candidate.meta?.driverAdapterError?.cause?.originalCode;
    if (typeof original === "string") return original;
    if (typeof candidate.code === "string") {
      if (/^[0-9A-Z]{5}$/.test(candidate.code) && !candidate.code.startsWith("P")) {
        return candidate.code;
      }
      fallback ??= candidate.code;
    }
    current = candidate.cause;
  }
  return fallback;
}

/** PostgreSQL refused the values themselves (SQLSTATE class 22): sending them again won't help. */
export function isDataException(error: unknown): boolean {
  return databaseErrorCode(error)?.startsWith("22") ?? false;
}

export class RetryLaterError extends Error {
  override name = "RetryLaterError";
}
