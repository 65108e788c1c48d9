import type { DbOrTx } from "../client.ts";

export function findInviteById(db: DbOrTx, inviteId: string) {
  return db.invite.findUnique({ where: { id: inviteId }, include: { hostUnit: true } });
}

/** Invites of a program that can still be used (not revoked, not expired), newest first. */
export function listUsableInvites(db: DbOrTx, programId: string, now: Date) {
  return db.invite.findMany({
    where: {
      programId,
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    include: { hostUnit: { select: { name: true, shortName: true } } },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
}
