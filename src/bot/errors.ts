import { randomBytes } from "node:crypto";
import { GrammyError, HttpError } from "grammy";

/** Short code a user can quote to support; the log line carries the same code. */
export function createErrorReference(): string {
  return randomBytes(4).toString("hex").toUpperCase();
}

const unavailableCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
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
    if (typeof candidate.code === "string" && candidate.code === "ECONNREFUSED") return true;
    const message = typeof candidate.message === "string" ? candidate.message : "";
    if (unavailablePatterns.some((pattern) => pattern.test(message))) return true;
    current = candidate.cause;
  }
  return false;
}

export function isTelegramUnavailable(error: unknown): boolean {
  return error instanceof HttpError || (error instanceof GrammyError && error.error_code >= 500);
}

export class RetryLaterError extends Error {
  override name = "RetryLaterError";
}
