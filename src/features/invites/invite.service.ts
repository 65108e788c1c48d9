import type { DbOrTx } from "../../db/client.ts";
import {
  findInviteByCode,
  insertInvite,
  type NewInvite,
  takeInviteUse,
} from "../../db/repositories/invites.repository.ts";
import type { Invite } from "../../generated/prisma/client.ts";
import { createInviteCode, isWellFormedInviteCode } from "./invite-code.ts";

export type InviteCheck =
  | { ok: true; invite: Invite }
  | { ok: false; reason: "unknown" | "expired" | "used_up" | "revoked" };

export async function issueInvite(db: DbOrTx, invite: Omit<NewInvite, "code">): Promise<Invite> {
  return insertInvite(db, { ...invite, code: createInviteCode() });
}

/** Looks a code up without using it (to explain what it is before the user commits). */
export async function checkInvite(db: DbOrTx, code: string, now: Date): Promise<InviteCheck> {
  if (!isWellFormedInviteCode(code)) return { ok: false, reason: "unknown" };
  const invite = await findInviteByCode(db, code);
  if (!invite) return { ok: false, reason: "unknown" };
  if (invite.revokedAt) return { ok: false, reason: "revoked" };
  if (invite.expiresAt && invite.expiresAt <= now) return { ok: false, reason: "expired" };
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) {
    return { ok: false, reason: "used_up" };
  }
  return { ok: true, invite };
}

/** Checks and takes one use; call inside the transaction that does what the invite grants. */
export async function redeemInvite(db: DbOrTx, code: string, now: Date): Promise<InviteCheck> {
  const check = await checkInvite(db, code, now);
  if (!check.ok) return check;
  if (!(await takeInviteUse(db, check.invite.id))) return { ok: false, reason: "used_up" };
  return check;
}
