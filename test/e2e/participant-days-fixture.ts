import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SeededCohort, seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { type CohortHostUnit, cohortHostUnits } from "../../src/db/seed/sumbar-jatim-cohort.ts";
import { fixedClock } from "../../src/shared/clock.ts";
import { startTestBot, type TestBot } from "../support/bot-harness.ts";

/** Program of the participant-day tests: Mon 23 Nov – Fri 4 Dec 2026 in Jawa Timur (WIB). */
export const PROGRAM_START = "2026-11-23";
export const PROGRAM_END = "2026-12-04";
export const TELEGRAM_ID_BASE = 700000;
/** A regional day off of the host province inside the program (Thursday of the first week). */
export const REGIONAL_HOLIDAY = { date: "2026-11-26", name: "Hari Jadi Provinsi Jawa Timur" };

export interface ParticipantDays {
  bot: TestBot;
  clock: ReturnType<typeof fixedClock>;
  cohort: SeededCohort;
  dataDir: string;
  /** Moves the clock to an instant (UTC, ISO). */
  at(iso: string): void;
  /** The clock as Telegram message seconds. */
  nowSeconds(): number;
  participant(index: number): ReturnType<TestBot["api"]["user"]>;
  unitOf(index: number): CohortHostUnit;
  enrollmentOf(index: number): string;
  stop(): Promise<void>;
}

/**
 * The real bot on the fake Bot API with the Sumbar → Jatim cohort registered and placed (two
 * participants per host unit), stretched to two weeks so a weekend falls inside it.
 */
export async function startParticipantDays(startAt: string): Promise<ParticipantDays> {
  const clock = fixedClock(new Date(startAt));
  const dataDir = await mkdtemp(join(tmpdir(), "tandang-days-"));
  const bot = await startTestBot({ clock, env: { DATA_DIR: dataDir } });
  const db = bot.db.prisma;
  const cohort = await seedCohort(db, {
    telegramIdBase: TELEGRAM_ID_BASE,
    placed: true,
    startDate: PROGRAM_START,
  });
  await db.program.update({
    where: { id: cohort.programId },
    data: { endDate: new Date(`${PROGRAM_END}T00:00:00Z`) },
  });
  await db.holiday.createMany({
    data: [
      {
        date: new Date(`${REGIONAL_HOLIDAY.date}T00:00:00Z`),
        name: REGIONAL_HOLIDAY.name,
        kind: "REGIONAL",
        provinceCode: "35",
      },
      // Another province's regional day off must not count here.
      {
        date: new Date("2026-11-25T00:00:00Z"),
        name: "Hari Jadi Provinsi Sumatera Barat",
        kind: "REGIONAL",
        provinceCode: "13",
      },
    ],
  });
  return {
    bot,
    clock,
    cohort,
    dataDir,
    at: (iso) => clock.set(new Date(iso)),
    nowSeconds: () => Math.floor(clock.now().getTime() / 1000),
    participant: (index) => bot.api.user(TELEGRAM_ID_BASE + index),
    unitOf: (index) => cohortHostUnits[Math.floor(index / 2)] as CohortHostUnit,
    enrollmentOf: (index) => cohort.participants[index]?.enrollmentId ?? "",
    stop: async () => {
      await bot.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a staff person with a Telegram account and a role grant. */
export async function grantStaffRole(
  days: ParticipantDays,
  telegramUserId: number,
  role: "MENTOR" | "COORDINATOR",
  hostUnitIndex: number | null,
  fullName: string,
) {
  return days.bot.db.prisma.person.create({
    data: {
      fullName,
      account: { create: { telegramUserId: BigInt(telegramUserId), firstName: fullName } },
      roles: {
        create: {
          role,
          programId: days.cohort.programId,
          hostUnitId: hostUnitIndex === null ? null : days.cohort.hostUnitIds[hostUnitIndex],
        },
      },
    },
  });
}
