import type { DbOrTx } from "../../src/db/client.ts";
import { seedCohort } from "../../src/db/seed/seed-cohort.ts";
import { issueInvite } from "../../src/features/invites/invite.service.ts";
import type { Role } from "../../src/generated/prisma/enums.ts";

/**
 * Small factories shared by tests; each creates what it needs and returns the ids.
 * Additive: other features add their own factories below.
 */

/** A person with a Telegram account holding one role grant (of a program, maybe one unit). */
export async function grantRole(
  db: DbOrTx,
  telegramUserId: number | bigint,
  role: Role,
  programId: string | null,
  hostUnitId?: string,
): Promise<{ personId: string; grantId: string }> {
  const id = BigInt(telegramUserId);
  const account = await db.telegramAccount.findUnique({ where: { telegramUserId: id } });
  let personId = account?.personId ?? null;
  if (!personId) {
    const person = await db.person.create({ data: { fullName: `${role} ${id}` } });
    personId = person.id;
    await db.telegramAccount.upsert({
      where: { telegramUserId: id },
      create: { telegramUserId: id, personId, firstName: role.toLowerCase() },
      update: { personId },
    });
  }
  const grant = await db.roleGrant.create({
    data: { personId, role, programId, hostUnitId: hostUnitId ?? null },
  });
  return { personId, grantId: grant.id };
}

/** A program open for registration (no roster) and an unlimited participant invite code for it. */
export async function openProgramInvite(db: DbOrTx, startDate = "2026-11-30"): Promise<string> {
  const open = await seedCohort(db, { startDate, participants: [] });
  const invite = await issueInvite(db, {
    role: "PARTICIPANT",
    programId: open.programId,
    expiresAt: null,
    maxUses: null,
    createdById: null,
  });
  return invite.code;
}
