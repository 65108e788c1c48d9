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
    select: { id: true, account: { select: { telegramUserId: true } } },
    take: limit,
  });
}
