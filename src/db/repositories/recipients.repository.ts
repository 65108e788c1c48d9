import type { Role } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";

/** One person the bot writes to on its own, in their language. */
export interface Recipient {
  chatId: bigint;
  personId: string;
  fullName: string;
  locale: string | null;
}

export interface ParticipantFilter {
  /** Only those placed in a host unit (check-in happens there). */
  placedOnly?: boolean;
  hostUnitId?: string;
  /** Only those placed in one of these units (the sender's scope, features/access/scope.ts). */
  hostUnitIds?: readonly string[];
  /** Skip accounts marked unreachable (reminders); broadcasts try everyone and report. */
  reachableOnly?: boolean;
  /** Only those without a check-in on this local date. */
  withoutCheckInOn?: Date;
  /** Only those without a daily report on this local date. */
  withoutReportOn?: Date;
}

/** Registered participants of a program with a Telegram account, with their host unit. */
export function findParticipantRecipients(
  db: DbOrTx,
  programId: string,
  filter: ParticipantFilter = {},
) {
  return db.enrollment.findMany({
    where: {
      programId,
      status: "REGISTERED",
      ...(filter.hostUnitId
        ? { hostUnitId: filter.hostUnitId }
        : filter.placedOnly
          ? { hostUnitId: { not: null } }
          : {}),
      ...(filter.hostUnitIds ? { AND: [{ hostUnitId: { in: [...filter.hostUnitIds] } }] } : {}),
      person: {
        anonymisedAt: null,
        account: { is: filter.reachableOnly ? { unreachableAt: null } : {} },
      },
      ...(filter.withoutCheckInOn
        ? { checkIns: { none: { localDate: filter.withoutCheckInOn } } }
        : {}),
      ...(filter.withoutReportOn
        ? { dailyReports: { none: { localDate: filter.withoutReportOn } } }
        : {}),
    },
    select: {
      id: true,
      hostUnitId: true,
      hostUnit: { select: { id: true, name: true, address: true, mentorName: true } },
      person: {
        select: {
          id: true,
          fullName: true,
          account: { select: { telegramUserId: true, locale: true } },
        },
      },
    },
    orderBy: { registeredAt: "asc" },
  });
}

export type ParticipantRecipient = Awaited<ReturnType<typeof findParticipantRecipients>>[number];

export function countRegisteredParticipants(db: DbOrTx, programId: string) {
  return db.enrollment.count({ where: { programId, status: "REGISTERED" } });
}

/** Holders of a role in a program (coordinators, officials), one entry per account. */
export async function findStaffRecipients(
  db: DbOrTx,
  programId: string,
  role: Extract<Role, "COORDINATOR" | "OFFICIAL">,
  reachableOnly = false,
  /** Only grants for the whole program, not those limited to one host unit. */
  wholeProgramOnly = false,
): Promise<Recipient[]> {
  const grants = await db.roleGrant.findMany({
    where: {
      programId,
      role,
      revokedAt: null,
      ...(wholeProgramOnly ? { hostUnitId: null } : {}),
      person: { account: { is: reachableOnly ? { unreachableAt: null } : {} } },
    },
    select: {
      person: {
        select: {
          id: true,
          fullName: true,
          account: { select: { telegramUserId: true, locale: true } },
        },
      },
    },
    orderBy: { grantedAt: "asc" },
  });
  const byChat = new Map<string, Recipient>();
  for (const { person } of grants) {
    if (!person.account) continue;
    const key = person.account.telegramUserId.toString();
    if (!byChat.has(key)) {
      byChat.set(key, {
        chatId: person.account.telegramUserId,
        personId: person.id,
        fullName: person.fullName,
        locale: person.account.locale,
      });
    }
  }
  return [...byChat.values()];
}

/** The day's agenda for a host unit: items for everyone and items for that unit. */
export function findAgendaOn(db: DbOrTx, programId: string, date: Date) {
  return db.scheduleItem.findMany({
    where: { programId, date },
    orderBy: [{ startTime: "asc" }, { title: "asc" }],
  });
}

/** Names of the people behind chat ids (for the delivery report). */
export function findNamesByPersonIds(db: DbOrTx, personIds: string[]) {
  return db.person.findMany({
    where: { id: { in: personIds } },
    select: { id: true, fullName: true },
  });
}
