import type { DbOrTx } from "../client.ts";

/**
 * Participants whose every program ended before the cutoff and who hold no staff role:
 * their personal data has reached the end of the retention period stated at consent.
 */
export function findPersonsPastRetention(db: DbOrTx, cutoff: Date, limit: number) {
  return db.person.findMany({
    where: {
      enrollments: { some: {}, every: { program: { endDate: { lt: cutoff } } } },
      roles: { none: { revokedAt: null } },
    },
    select: { id: true },
    take: limit,
  });
}

/** Roster rows of programs that ended before the cutoff (people who never registered too). */
export async function deleteRosterPastRetention(db: DbOrTx, cutoff: Date): Promise<number> {
  const result = await db.rosterEntry.deleteMany({
    where: { program: { endDate: { lt: cutoff } } },
  });
  return result.count;
}

/** Mentor names and phones of host units of programs that ended before the cutoff. */
export async function clearMentorsPastRetention(db: DbOrTx, cutoff: Date): Promise<number> {
  const result = await db.hostUnit.updateMany({
    where: {
      program: { endDate: { lt: cutoff } },
      OR: [
        { mentorName: { not: null } },
        { mentorPhone: { not: null } },
        { mentorUsername: { not: null } },
      ],
    },
    data: { mentorName: null, mentorPhone: null, mentorUsername: null },
  });
  return result.count;
}

/** Telegram accounts that belong to no person and were last seen before the cutoff. */
export async function deleteIdleAccounts(db: DbOrTx, cutoff: Date): Promise<number> {
  const result = await db.telegramAccount.deleteMany({
    where: { personId: null, lastSeenAt: { lt: cutoff } },
  });
  return result.count;
}

/**
 * Settled outbox rows (sent, failed, unreachable, cancelled) older than the cutoff lose their
 * text and recipient; kind, status, attempts, broadcast and times stay for delivery reports.
 */
export async function anonymiseSettledOutbox(db: DbOrTx, cutoff: Date): Promise<number> {
  return db.$executeRaw`
    UPDATE "OutboxMessage"
    SET "payload" = '{}'::jsonb, "chatId" = 0, "personId" = NULL, "lastError" = NULL,
        "dedupeKey" = 'anonymised:' || "id"
    WHERE "status" IN ('SENT', 'FAILED', 'UNREACHABLE', 'CANCELLED')
      AND COALESCE("sentAt", "createdAt") < ${cutoff}
      AND ("chatId" <> 0 OR "payload" <> '{}'::jsonb)`;
}

/** Conversation state untouched since the cutoff: an unfinished conversation expires. */
export async function deleteIdleChatState(db: DbOrTx, cutoff: Date): Promise<number> {
  const result = await db.chatState.deleteMany({ where: { updatedAt: { lt: cutoff } } });
  return result.count;
}

/** Which of these enrollment ids still exist (the others' files are orphans). */
export async function existingEnrollmentIds(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  const rows = await db.enrollment.findMany({ where: { id: { in: ids } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

/** Registration requests of programs that ended before the cutoff, decided or not. */
export async function deleteRegistrationRequestsPastRetention(
  db: DbOrTx,
  cutoff: Date,
): Promise<number> {
  const result = await db.registrationRequest.deleteMany({
    where: { program: { endDate: { lt: cutoff } } },
  });
  return result.count;
}

/** Registration attempts older than the cutoff (the limit only counts the last hour). */
export async function deleteRegistrationAttemptsBefore(db: DbOrTx, cutoff: Date): Promise<number> {
  const result = await db.registrationAttempt.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return result.count;
}
