import type { DbOrTx } from "../db/client.ts";
import type { ProgramSide, Role } from "../generated/prisma/enums.ts";

/** The few queries the demo needs beyond the shared seed: its staff, agenda and look-ups. */

/** The program a staff member's active grants point at (the demo grants exactly one). */
export async function findProgramOfStaff(db: DbOrTx, telegramUserId: bigint) {
  const account = await db.telegramAccount.findUnique({
    where: { telegramUserId },
    include: { person: { include: { roles: { where: { revokedAt: null } } } } },
  });
  const programId = account?.person?.roles.find((grant) => grant.programId)?.programId;
  if (!programId) return null;
  return db.program.findUnique({
    where: { id: programId },
    include: { hostUnits: { orderBy: { createdAt: "asc" } } },
  });
}

export function renameProgram(db: DbOrTx, programId: string, name: string) {
  return db.program.update({ where: { id: programId }, data: { name } });
}

export function findAccount(db: DbOrTx, telegramUserId: bigint) {
  return db.telegramAccount.findUnique({
    where: { telegramUserId },
    include: {
      person: {
        include: { enrollments: { include: { hostUnit: true } } },
      },
    },
  });
}

export function findPersonByNip(db: DbOrTx, nip: string) {
  return db.person.findUnique({ where: { nip } });
}

export interface NewStaffPerson {
  fullName: string;
  firstName: string;
  position: string;
  ownAgency: string;
  phone: string;
  telegramUserId: bigint;
  role: Role;
  programId: string;
  side: ProgramSide;
}

/** A coordinator or official: person, Telegram account and role grant in one write. */
export function insertStaffPerson(db: DbOrTx, staff: NewStaffPerson) {
  return db.person.create({
    data: {
      fullName: staff.fullName,
      position: staff.position,
      ownAgency: staff.ownAgency,
      phone: staff.phone,
      account: { create: { telegramUserId: staff.telegramUserId, firstName: staff.firstName } },
      roles: { create: { role: staff.role, programId: staff.programId, side: staff.side } },
    },
  });
}

export interface NewRosterEntry {
  programId: string;
  nip: string;
  fullName: string;
  position: string;
  ownAgency: string;
  phone: string;
}

export function insertRosterEntry(db: DbOrTx, entry: NewRosterEntry) {
  return db.rosterEntry.create({ data: entry });
}

export interface NewScheduleItem {
  programId: string;
  date: string;
  startTime: string;
  endTime: string;
  title: string;
  place: string;
}

export function insertScheduleItems(db: DbOrTx, items: NewScheduleItem[]) {
  return db.scheduleItem.createMany({
    data: items.map((item) => ({ ...item, date: new Date(`${item.date}T00:00:00Z`) })),
  });
}

/** The newest participant invite of the program that can still be used at `now`. */
export function findUsableParticipantInvite(db: DbOrTx, programId: string, now: Date) {
  return db.invite.findFirst({
    where: {
      programId,
      role: "PARTICIPANT",
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    orderBy: { createdAt: "desc" },
  });
}

/** Telegram ids of everyone registered in the program, so the built-in Bot API knows their chats. */
export async function listEnrolledTelegramIds(db: DbOrTx, programId: string): Promise<bigint[]> {
  const accounts = await db.telegramAccount.findMany({
    where: { person: { enrollments: { some: { programId } } } },
    select: { telegramUserId: true },
  });
  return accounts.map((account) => account.telegramUserId);
}

/**
 * The highest update_id the bot ever stored. The built-in Bot API forgets everything on exit
 * while the database remembers handled ids, so a restarted demo must number updates above it.
 */
export async function findHighestUpdateId(db: DbOrTx): Promise<number> {
  const result = await db.inboxUpdate.aggregate({ _max: { updateId: true } });
  return Number(result._max.updateId ?? 0n);
}
