import type { InviteRole, ProgramSide } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";

export interface NewInvite {
  code: string;
  role: InviteRole;
  programId: string | null;
  hostUnitId?: string | null;
  side?: ProgramSide | null;
  expiresAt: Date | null;
  maxUses: number | null;
  createdById: string | null;
}

export function insertInvite(db: DbOrTx, invite: NewInvite) {
  return db.invite.create({ data: invite });
}

export function findInviteByCode(db: DbOrTx, code: string) {
  return db.invite.findUnique({ where: { code } });
}

/** Takes one use atomically; false when the limit was reached meanwhile. */
export async function takeInviteUse(db: DbOrTx, inviteId: string): Promise<boolean> {
  const taken = await db.$executeRaw`
    UPDATE "Invite" SET "uses" = "uses" + 1
    WHERE "id" = ${inviteId} AND ("maxUses" IS NULL OR "uses" < "maxUses")`;
  return taken === 1;
}

export function revokeInvite(db: DbOrTx, inviteId: string, at: Date) {
  return db.invite.update({ where: { id: inviteId }, data: { revokedAt: at } });
}
