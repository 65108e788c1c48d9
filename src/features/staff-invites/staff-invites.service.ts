import type { Db } from "../../db/client.ts";
import {
  findInviteById,
  listUsableInvites,
} from "../../db/repositories/invite-admin.repository.ts";
import { revokeInvite } from "../../db/repositories/invites.repository.ts";
import { countRosterEntries } from "../../db/repositories/programs.repository.ts";
import type { InviteRole, ProgramSide } from "../../generated/prisma/enums.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { issueInvite } from "../invites/invite.service.ts";

export const defaultInviteDays = 14;
const participantUsesWithoutRoster = 50;

export async function createProgramInvite(
  db: Db,
  input: {
    role: InviteRole;
    programId: string;
    hostUnitId: string | null;
    side: ProgramSide | null;
    actorId: string | null;
    now: Date;
  },
) {
  // Participants: one use per roster entry (or 50 before a roster exists); staff: one person.
  const rosterSize =
    input.role === "PARTICIPANT" ? await countRosterEntries(db, input.programId) : 0;
  const maxUses = input.role === "PARTICIPANT" ? rosterSize || participantUsesWithoutRoster : 1;
  return db.$transaction(async (tx) => {
    const invite = await issueInvite(tx, {
      role: input.role,
      programId: input.programId,
      hostUnitId: input.hostUnitId,
      side: input.side,
      expiresAt: new Date(input.now.getTime() + defaultInviteDays * 24 * 60 * 60 * 1000),
      maxUses,
      createdById: input.actorId,
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "invite.created",
      programId: input.programId,
      details: { inviteId: invite.id, role: input.role, maxUses, hostUnitId: input.hostUnitId },
      at: input.now,
    });
    return invite;
  });
}

export function usableInvites(db: Db, programId: string, now: Date) {
  return listUsableInvites(db, programId, now);
}

export { findInviteById };

export async function revokeProgramInvite(
  db: Db,
  input: { inviteId: string; programId: string; actorId: string | null; now: Date },
) {
  await db.$transaction(async (tx) => {
    await revokeInvite(tx, input.inviteId, input.now);
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "invite.revoked",
      programId: input.programId,
      details: { inviteId: input.inviteId },
      at: input.now,
    });
  });
}
