import type { Prisma } from "../../generated/prisma/client.ts";
import type { DbOrTx } from "../client.ts";

export interface NewRegistrationRequest {
  programId: string;
  inviteCode: string;
  telegramUserId: bigint;
  telegramName: string | null;
  nip: string;
  nipMasked: string;
  phone: string;
  reason: string;
  answers: Prisma.InputJsonValue;
  createdAt: Date;
}

export function insertRegistrationRequest(db: DbOrTx, request: NewRegistrationRequest) {
  return db.registrationRequest.create({ data: request });
}

export function findRegistrationRequest(db: DbOrTx, id: string) {
  return db.registrationRequest.findUnique({ where: { id } });
}

export function findPendingRegistrationRequest(
  db: DbOrTx,
  telegramUserId: bigint,
  programId: string,
) {
  return db.registrationRequest.findFirst({
    where: { telegramUserId, programId, status: "PENDING" },
  });
}

/**
 * Decides a pending request once: the first decision wins, a later one changes nothing (false).
 * The decided request keeps no phone, Telegram name, full NIP or answers: they either became the
 * participant's registration or were refused.
 */
export async function decidePendingRegistrationRequest(
  db: DbOrTx,
  id: string,
  decision: { status: "APPROVED" | "REJECTED"; decidedById: string | null; decidedAt: Date },
): Promise<boolean> {
  const result = await db.registrationRequest.updateMany({
    where: { id, status: "PENDING" },
    data: { ...decision, phone: null, telegramName: null, nip: null, answers: {} },
  });
  return result.count === 1;
}

export interface NewRegistrationAttempt {
  telegramUserId: bigint;
  inviteCode: string;
  programId: string;
  outcome: string;
  createdAt: Date;
}

export function insertRegistrationAttempt(db: DbOrTx, attempt: NewRegistrationAttempt) {
  return db.registrationAttempt.create({ data: attempt });
}

/** When the refused attempts after `since` were made, oldest first (by account or by invite). */
export async function listRegistrationAttemptTimes(
  db: DbOrTx,
  where: { telegramUserId: bigint } | { inviteCode: string },
  since: Date,
): Promise<Date[]> {
  const rows = await db.registrationAttempt.findMany({
    where: { ...where, createdAt: { gt: since } },
    select: { createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => row.createdAt);
}

/** Attempts older than any limit window are of no use; they go. */
export function deleteRegistrationAttemptsBefore(db: DbOrTx, before: Date) {
  return db.registrationAttempt.deleteMany({ where: { createdAt: { lt: before } } });
}
