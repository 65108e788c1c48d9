import type { Db, DbOrTx } from "../../db/client.ts";
import { findInviteByCode } from "../../db/repositories/invites.repository.ts";
import {
  createPersonForAccount,
  findAccountByTelegramId,
  findAccountByUsername,
  insertRoleGrantOnce,
  revokeRoleGrants,
} from "../../db/repositories/roles.repository.ts";
import type { ProgramSide, Role } from "../../generated/prisma/enums.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { redeemInvite } from "../invites/invite.service.ts";

export const roleWords: Record<string, Exclude<Role, "ADMIN">> = {
  koordinator: "COORDINATOR",
  coordinator: "COORDINATOR",
  pejabat: "OFFICIAL",
  official: "OFFICIAL",
  pembimbing: "MENTOR",
  mentor: "MENTOR",
};

/** The person behind a Telegram account, created for staff who have none (name from Telegram). */
export async function ensureStaffPerson(
  db: DbOrTx,
  telegramUserId: bigint,
  fullName: string,
): Promise<string> {
  const account = await findAccountByTelegramId(db, telegramUserId);
  if (account?.personId) return account.personId;
  const person = await createPersonForAccount(db, telegramUserId, fullName);
  return person.id;
}

/** `12345` or `@username`; only people who have opened the bot once can be found. */
/** True when the code is an invite for staff (participant invites are registration's). */
export async function isStaffInvite(db: DbOrTx, code: string): Promise<boolean> {
  const invite = await findInviteByCode(db, code);
  return !!invite && invite.role !== "PARTICIPANT";
}

export async function findStaffAccount(db: DbOrTx, reference: string) {
  if (/^\d{1,20}$/.test(reference)) return findAccountByTelegramId(db, BigInt(reference));
  const username = /^@?([A-Za-z0-9_]{4,32})$/.exec(reference)?.[1];
  return username ? findAccountByUsername(db, username) : null;
}

export interface GrantInput {
  telegramUserId: bigint;
  fullName: string;
  role: Exclude<Role, "ADMIN">;
  programId: string | null;
  hostUnitId: string | null;
  side: ProgramSide | null;
  grantedById: string | null;
  now: Date;
}

export async function grantRole(db: Db, input: GrantInput): Promise<void> {
  await db.$transaction(async (tx) => {
    const personId = await ensureStaffPerson(tx, input.telegramUserId, input.fullName);
    const grant = await insertRoleGrantOnce(tx, {
      personId,
      role: input.role,
      programId: input.programId,
      hostUnitId: input.hostUnitId,
      side: input.side,
      grantedById: input.grantedById,
      grantedAt: input.now,
    });
    await recordAudit(tx, {
      actorId: input.grantedById,
      action: "role.granted",
      programId: input.programId,
      details: { grantId: grant.id, role: input.role, hostUnitId: input.hostUnitId },
      at: input.now,
    });
  });
}

export async function revokeRole(
  db: Db,
  input: { personId: string; role: Role; programId?: string; actorId: string | null; now: Date },
): Promise<number> {
  return db.$transaction(async (tx) => {
    const { count } = await revokeRoleGrants(
      tx,
      { personId: input.personId, role: input.role, programId: input.programId },
      input.now,
    );
    if (count > 0) {
      await recordAudit(tx, {
        actorId: input.actorId,
        action: "role.revoked",
        programId: input.programId ?? null,
        details: { role: input.role, revoked: count },
        at: input.now,
      });
    }
    return count;
  });
}

export type StaffInviteResult =
  | { ok: true; role: Role; programId: string | null }
  | { ok: false; reason: "unknown" | "expired" | "used_up" | "revoked" };

/** Redeems a staff invite and grants its role in one transaction: both happen or neither. */
export async function redeemStaffInvite(
  db: Db,
  input: { code: string; telegramUserId: bigint; fullName: string; now: Date },
): Promise<StaffInviteResult> {
  return db.$transaction(async (tx) => {
    const check = await redeemInvite(tx, input.code, input.now);
    if (!check.ok) return check;
    const { invite } = check;
    if (invite.role === "PARTICIPANT") return { ok: false, reason: "unknown" };
    const personId = await ensureStaffPerson(tx, input.telegramUserId, input.fullName);
    const grant = await insertRoleGrantOnce(tx, {
      personId,
      role: invite.role,
      programId: invite.programId,
      hostUnitId: invite.hostUnitId,
      side: invite.side,
      grantedById: invite.createdById,
      grantedAt: input.now,
    });
    await recordAudit(tx, {
      actorId: personId,
      action: "role.invite_redeemed",
      programId: invite.programId,
      details: { inviteId: invite.id, grantId: grant.id, role: invite.role },
      at: input.now,
    });
    return { ok: true, role: invite.role, programId: invite.programId };
  });
}
