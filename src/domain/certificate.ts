/**
 * Certificate numbers and eligibility: pure rules, no database.
 *
 * A number is `TDG/<year>/<sequence>-<check>`: the sequence counts the year's certificates
 * (four digits, more when needed), the check is four characters drawn at random from an
 * alphabet without look-alikes (no 0/O, 1/I/L). The number is printed and in the QR code, so it
 * is public; the check part means that knowing one number (or the sequence) does not let anyone
 * walk the list of holders: each further guess has one chance in about a million.
 */

export const CERTIFICATE_PREFIX = "TDG";
/** 31 characters: digits 2–9 and capitals without I, L, O. */
export const CHECK_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CHECK_LENGTH = 4;

const NUMBER_PATTERN = new RegExp(
  `^${CERTIFICATE_PREFIX}/(\\d{4})/(\\d{4,})-([${CHECK_ALPHABET}]{${CHECK_LENGTH}})$`,
);

/** The random check part from random bytes (one byte per character, rejection-free modulo is fine for a check). */
export function checkPart(randomBytes: Uint8Array): string {
  if (randomBytes.length < CHECK_LENGTH) {
    throw new RangeError(`need ${CHECK_LENGTH} random bytes, got ${randomBytes.length}`);
  }
  let text = "";
  for (let index = 0; index < CHECK_LENGTH; index++) {
    text += CHECK_ALPHABET[(randomBytes[index] ?? 0) % CHECK_ALPHABET.length];
  }
  return text;
}

export function formatCertificateNumber(year: number, sequence: number, check: string): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError("bad year");
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError("bad sequence");
  const number = `${CERTIFICATE_PREFIX}/${year}/${String(sequence).padStart(4, "0")}-${check}`;
  if (!NUMBER_PATTERN.test(number)) throw new RangeError("bad check part");
  return number;
}

/** The prefix every number of a year starts with ("TDG/2026/"). */
export function yearPrefix(year: number): string {
  return `${CERTIFICATE_PREFIX}/${year}/`;
}

/** The sequence of a number of that year, or undefined for anything else. */
export function sequenceOf(number: string): number | undefined {
  const match = NUMBER_PATTERN.exec(number);
  return match ? Number(match[2]) : undefined;
}

/**
 * What someone typed or scanned, as a number to look up: trimmed, upper-cased, spaces dropped;
 * undefined when it cannot be a certificate number (answered exactly like an unknown one).
 */
export function normaliseCertificateNumber(input: string): string | undefined {
  const cleaned = input.trim().replace(/\s+/g, "").toUpperCase();
  if (cleaned.length > 40) return undefined;
  return NUMBER_PATTERN.test(cleaned) ? cleaned : undefined;
}

export interface EligibilityRules {
  /** Percent, 0–100. */
  minAttendancePercent: number;
  needsFinalReport: boolean;
}

export interface EligibilityFacts {
  /** 0..1; null when no working day counted. */
  attendanceRate: number | null;
  hasFinalReport: boolean;
}

export type EligibilityProblem = "attendance" | "final_report";

export interface Eligibility {
  eligible: boolean;
  problems: EligibilityProblem[];
}

/**
 * Eligible when the attendance rate reaches the threshold (exactly at it counts) and, when the
 * program asks for it, a final report was submitted. The comparison is made on whole
 * thousandths of a percent so that 4 of 5 days (0.8) meets 80% despite floating point.
 */
export function certificateEligibility(
  rules: EligibilityRules,
  facts: EligibilityFacts,
): Eligibility {
  const problems: EligibilityProblem[] = [];
  const rate = facts.attendanceRate ?? 0;
  const reached = Math.round(rate * 100_000) >= Math.round(rules.minAttendancePercent * 1000);
  if (facts.attendanceRate === null || !reached) problems.push("attendance");
  if (rules.needsFinalReport && !facts.hasFinalReport) problems.push("final_report");
  return { eligible: problems.length === 0, problems };
}
