import { type SeededCohort, seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { cohortParticipants } from "../../src/db/seed/sumbar-jatim-cohort.ts";
import type { InProcessBot } from "../support/in-process-bot.ts";

/** The in-process harness's default clock is Monday 30 Nov 2026, 08:00 WIB: day one. */
export const PROGRAM_START = "2026-11-30";
export const PARTICIPANT_BASE = 7000;

/**
 * The Sumbar → Jatim cohort as one week from PROGRAM_START, every participant registered with
 * Telegram id PARTICIPANT_BASE + index; placed two per host unit unless `placed: false`.
 */
export function seedWeekCohort(
  t: InProcessBot,
  options: { placed?: boolean; count?: number } = {},
): Promise<SeededCohort> {
  return seedCohort(t.db.prisma, {
    startDate: PROGRAM_START,
    telegramIdBase: PARTICIPANT_BASE,
    placed: options.placed ?? true,
    participants: cohortParticipants.slice(0, options.count ?? 4),
  });
}

export function participantName(index: number): string {
  return cohortParticipants[index]?.fullName ?? "";
}
