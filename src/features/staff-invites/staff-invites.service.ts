import type { Db, DbOrTx } from "../../db/client.ts";
import {
  findHostUnitById,
  findHostUnitOfProgram,
  listHostUnits,
} from "../../db/repositories/host-units.repository.ts";
import {
  findInviteById,
  listUsableInvites,
} from "../../db/repositories/invite-admin.repository.ts";
import { revokeInvite } from "../../db/repositories/invites.repository.ts";
import { findProgramWithProvinces } from "../../db/repositories/program-lookup.repository.ts";
import { countRosterEntries } from "../../db/repositories/programs.repository.ts";
import type { InviteRole, ProgramSide } from "../../generated/prisma/enums.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { issueInvite } from "../invites/invite.service.ts";

export const defaultInviteDays = 14;

export interface ProgramZone {
  timeZone: string;
  zone: string;
}

/** The program's name and its host province's zone (invite expiry is shown in it). */
export async function programForInvites(
  db: DbOrTx,
  programId: string,
): Promise<{ name: string; zone: ProgramZone } | undefined> {
  const program = await findProgramWithProvinces(db, programId);
  if (!program) return undefined;
  const { timeZone, zone } = program.hostProvince;
  return { name: program.name, zone: { timeZone, zone } };
}

export function findInviteUnit(db: DbOrTx, hostUnitId: string) {
  return findHostUnitById(db, hostUnitId);
}

export function findInviteUnitOfProgram(db: DbOrTx, programId: string, hostUnitId: string) {
  return findHostUnitOfProgram(db, programId, hostUnitId);
}

export function inviteUnitsOfProgram(db: DbOrTx, programId: string) {
  return listHostUnits(db, programId);
}
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
