/**
 * The mentor's assessment of a participant at the end of a program: its criteria, its scores
 * and the days it is asked for. Pure: dates are "YYYY-MM-DD" in the host province's zone.
 */

import { addDays } from "./time.ts";
import { isWorkingDay, type WorkingDayRules, workingDaysBetween } from "./working-days.ts";

/** Criteria with a label in the locales (`assessment.criterion.<key>`); others show as written. */
export const KNOWN_CRITERIA = ["discipline", "initiative", "cooperation", "work_quality"] as const;

/** Days after the program's end date the assessment stays open when the program sets none. */
export const DEFAULT_CLOSE_AFTER_DAYS = 7;

/**
 * At most this many criteria: every press carries the scores given so far as one digit each in
 * its callback data, which Telegram limits to 64 bytes.
 */
export const MAX_CRITERIA = 12;

export const MIN_SCORE = 1;
export const MAX_SCORE = 5;

export function isKnownCriterion(key: string): key is (typeof KNOWN_CRITERIA)[number] {
  return (KNOWN_CRITERIA as readonly string[]).includes(key);
}

/** The program's criteria as rated: trimmed, without blanks or repeats, at most MAX_CRITERIA. */
export function criteriaOf(configured: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of configured) {
    const key = raw.trim();
    if (key !== "" && !seen.has(key)) seen.add(key);
  }
  const criteria = [...seen].slice(0, MAX_CRITERIA);
  return criteria.length > 0 ? criteria : [...KNOWN_CRITERIA];
}

/** "4352" → [4, 3, 5, 2]; undefined when a digit is not a score or there are too many. */
export function parseScoreDigits(digits: string, criteriaCount: number): number[] | undefined {
  if (digits.length > criteriaCount || !/^[1-5]*$/.test(digits)) return undefined;
  return [...digits].map(Number);
}

/** The scores in the criteria's order, as stored: { criterionKey: score }. */
export function scoresByCriterion(
  criteria: readonly string[],
  scores: readonly number[],
): Record<string, number> {
  return Object.fromEntries(criteria.map((key, index) => [key, scores[index] ?? 0]));
}

/** A stored scores value read back defensively: only whole scores from 1 to 5. */
export function readScores(value: unknown): Record<string, number> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const scores: Record<string, number> = {};
  for (const [key, score] of Object.entries(value)) {
    if (typeof score === "number" && Number.isInteger(score) && score >= 1 && score <= 5) {
      scores[key] = score;
    }
  }
  return scores;
}

/** The mean of the scores to two decimals; undefined without any. */
export function averageScore(scores: Record<string, number>): number | undefined {
  const values = Object.values(scores);
  if (values.length === 0) return undefined;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.round(mean * 100) / 100;
}

export interface AssessmentPeriod {
  startDate: string;
  endDate: string;
  /** The program's setting; null = DEFAULT_CLOSE_AFTER_DAYS after the end date. */
  closesOn: string | null;
}

/** The last local date assessments are accepted and reminded. */
export function assessmentClosesOn(period: Pick<AssessmentPeriod, "endDate" | "closesOn">): string {
  return period.closesOn ?? addDays(period.endDate, DEFAULT_CLOSE_AFTER_DAYS);
}

/**
 * Whether `date` is the program's last working day. `rules.daysOff` must cover `date` to the
 * end date: a later working day within the program makes it not the last.
 */
export function isLastWorkingDay(
  date: string,
  period: Pick<AssessmentPeriod, "startDate" | "endDate">,
  rules: WorkingDayRules,
): boolean {
  if (date < period.startDate || date > period.endDate) return false;
  if (!isWorkingDay(date, rules)) return false;
  return workingDaysBetween(addDays(date, 1), period.endDate, rules).length === 0;
}

/**
 * What the scheduler does about assessments on a local date: ask on the last working day,
 * remind on every working day after the end until the closing date (inclusive).
 */
export function assessmentJobOn(
  date: string,
  period: AssessmentPeriod,
  rules: WorkingDayRules,
): "request" | "reminder" | undefined {
  if (isLastWorkingDay(date, period, rules)) return "request";
  if (date > period.endDate && date <= assessmentClosesOn(period) && isWorkingDay(date, rules)) {
    return "reminder";
  }
  return undefined;
}

export type AssessmentWindow =
  | { kind: "not_yet"; opensOn: string; closesOn: string }
  | { kind: "open"; opensOn: string; closesOn: string }
  | { kind: "closed"; opensOn: string; closesOn: string };

/** Open from the last working day (`opensOn`) through the closing date, both inclusive. */
export function assessmentWindow(
  today: string,
  opensOn: string,
  closesOn: string,
): AssessmentWindow {
  if (today < opensOn) return { kind: "not_yet", opensOn, closesOn };
  if (today > closesOn) return { kind: "closed", opensOn, closesOn };
  return { kind: "open", opensOn, closesOn };
}
