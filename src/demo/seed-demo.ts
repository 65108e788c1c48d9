import type { Db, DbOrTx } from "../db/client.ts";
import { seedCohort } from "../db/seed/seed-cohort.ts";
import { type CohortParticipant, cohortProgram } from "../db/seed/sumbar-jatim-cohort.ts";
import { findProvince } from "../domain/provinces.ts";
import { addDays, dayOfWeek, localDate } from "../domain/time.ts";
import { checkInvite, issueInvite } from "../features/invites/invite.service.ts";
import {
  findAccount,
  findPersonByNip,
  findProgramOfStaff,
  findUsableParticipantInvite,
  insertRosterEntry,
  insertScheduleItems,
  insertStaffPerson,
  listEnrolledTelegramIds,
  renameProgram,
} from "./demo.repository.ts";
import {
  DEMO_AGENDA,
  DEMO_COORDINATOR,
  DEMO_OFFICIAL,
  type DemoStaffPerson,
  NEWCOMER,
  NEWCOMER_TELEGRAM_ID,
  PARTICIPANT_ID_BASE,
  REGISTERED_PARTICIPANTS,
} from "./demo-people.ts";

export interface DemoPlace {
  name: string;
  latitude: number;
  longitude: number;
}

/** What the chat front ends need to know about the seeded world. */
export interface DemoWorld {
  programId: string;
  programName: string;
  startDate: string;
  endDate: string;
  /** True when this start seeded the data (first run or after --reset). */
  freshlySeeded: boolean;
  inviteCode: string;
  participant: { telegramId: number; fullName: string; phone: string; office: DemoPlace };
  newcomer: {
    telegramId: number;
    fullName: string;
    nip: string;
    phone: string;
    registered: boolean;
    office: DemoPlace;
  };
  coordinator: DemoStaffPerson;
  official: DemoStaffPerson;
  /** Everyone enrolled, so the built-in Bot API can deliver to them (broadcasts, reminders). */
  enrolledTelegramIds: number[];
}

/** Monday of the week `now` falls in, in the host province's zone. */
export function mondayOfWeek(now: Date, timeZone: string): string {
  const today = localDate(now, timeZone);
  return addDays(today, 1 - dayOfWeek(today));
}

/** The host province's zone (Jawa Timur: WIB), in which the demo week and --at are read. */
export const DEMO_TIME_ZONE =
  findProvince(cohortProgram.hostProvinceCode)?.timeZone ?? "Asia/Jakarta";

/**
 * Seeds the demo world once (the Sumbar → Jatim cohort in this week, a coordinator, an official,
 * the week's agenda), then on every start reads back what the front ends need.
 */
export async function ensureDemoWorld(db: Db, now: Date): Promise<DemoWorld> {
  let freshlySeeded = false;
  if (!(await findAccount(db, BigInt(DEMO_COORDINATOR.telegramId)))) {
    await db.$transaction(async (tx) => seedDemoWorld(tx, mondayOfWeek(now, DEMO_TIME_ZONE)), {
      timeout: 60_000,
    });
    freshlySeeded = true;
  }
  return readDemoWorld(db, now, freshlySeeded);
}

async function seedDemoWorld(db: DbOrTx, monday: string): Promise<void> {
  const cohort = await seedCohort(db, {
    telegramIdBase: PARTICIPANT_ID_BASE,
    placed: true,
    startDate: monday,
    participants: REGISTERED_PARTICIPANTS,
  });
  // The cohort's 2024 name would look odd on a program running this week.
  await renameProgram(
    db,
    cohort.programId,
    cohortProgram.name.replace(/\d{4}$/, monday.slice(0, 4)),
  );
  // The last of the 26 is on the roster but not registered: they join through the invite.
  await insertRosterEntry(db, { ...NEWCOMER, programId: cohort.programId });
  for (const staff of [DEMO_COORDINATOR, DEMO_OFFICIAL]) {
    await insertStaffPerson(db, {
      ...staff,
      telegramUserId: BigInt(staff.telegramId),
      programId: cohort.programId,
      side: "SENDING",
    });
  }
  await insertScheduleItems(
    db,
    DEMO_AGENDA.map((item, index) => ({
      ...item,
      programId: cohort.programId,
      date: addDays(monday, index),
    })),
  );
}

async function readDemoWorld(db: Db, now: Date, freshlySeeded: boolean): Promise<DemoWorld> {
  const program = await findProgramOfStaff(db, BigInt(DEMO_COORDINATOR.telegramId));
  if (!program) throw new Error("the demo database has no demo program: start with --reset");
  const inviteCode = await usableInviteCode(db, program.id, now);
  const participantAccount = await findAccount(db, BigInt(PARTICIPANT_ID_BASE));
  const firstUnit = program.hostUnits[0];
  const fallbackOffice: DemoPlace = {
    name: firstUnit?.shortName ?? firstUnit?.name ?? "",
    latitude: firstUnit?.latitude ?? -7.2597,
    longitude: firstUnit?.longitude ?? 112.6761,
  };
  const participantUnit = participantAccount?.person?.enrollments.find(
    (enrollment) => enrollment.programId === program.id,
  )?.hostUnit;
  const first = REGISTERED_PARTICIPANTS[0] as CohortParticipant;
  const newcomerPerson = await findPersonByNip(db, NEWCOMER.nip);
  const enrolled = await listEnrolledTelegramIds(db, program.id);
  return {
    programId: program.id,
    programName: program.name,
    startDate: program.startDate.toISOString().slice(0, 10),
    endDate: program.endDate.toISOString().slice(0, 10),
    freshlySeeded,
    inviteCode,
    participant: {
      telegramId: PARTICIPANT_ID_BASE,
      fullName: participantAccount?.person?.fullName ?? first.fullName,
      phone: participantAccount?.person?.phone ?? first.phone,
      office:
        participantUnit?.latitude != null && participantUnit.longitude != null
          ? {
              name: participantUnit.shortName ?? participantUnit.name,
              latitude: participantUnit.latitude,
              longitude: participantUnit.longitude,
            }
          : fallbackOffice,
    },
    newcomer: {
      telegramId: NEWCOMER_TELEGRAM_ID,
      fullName: NEWCOMER.fullName,
      nip: NEWCOMER.nip,
      phone: NEWCOMER.phone,
      registered: newcomerPerson !== null,
      office: fallbackOffice,
    },
    coordinator: DEMO_COORDINATOR,
    official: DEMO_OFFICIAL,
    enrolledTelegramIds: enrolled.map(Number),
  };
}

async function usableInviteCode(db: Db, programId: string, now: Date): Promise<string> {
  const existing = await findUsableParticipantInvite(db, programId, now);
  if (existing && (await checkInvite(db, existing.code, now)).ok) return existing.code;
  const coordinator = await findAccount(db, BigInt(DEMO_COORDINATOR.telegramId));
  const invite = await issueInvite(db, {
    role: "PARTICIPANT",
    programId,
    expiresAt: null,
    maxUses: null,
    createdById: coordinator?.personId ?? null,
  });
  return invite.code;
}
