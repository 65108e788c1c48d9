import type { BroadcastStatus, Prisma } from "../../generated/prisma/client.ts";
import type { DbOrTx } from "../client.ts";

export interface NewBroadcast {
  programId: string;
  createdById: string | null;
  audience: Record<string, unknown>;
  contentKind: "text" | "photo" | "document";
  text: string | null;
  fileId: string | null;
  fileName: string | null;
  status: Extract<BroadcastStatus, "SCHEDULED" | "QUEUED">;
  scheduledFor: Date | null;
  progressChatId: bigint | null;
  progressMessageId: number | null;
  createdAt: Date;
  queuedAt: Date | null;
}

export function insertBroadcast(db: DbOrTx, broadcast: NewBroadcast) {
  return db.broadcast.create({
    data: { ...broadcast, audience: broadcast.audience as Prisma.InputJsonValue },
  });
}

export function findBroadcast(db: DbOrTx, id: string) {
  return db.broadcast.findUnique({ where: { id } });
}

export function listDueScheduledBroadcasts(db: DbOrTx, now: Date) {
  return db.broadcast.findMany({
    where: { status: "SCHEDULED", scheduledFor: { lte: now } },
    select: { id: true },
    orderBy: { scheduledFor: "asc" },
  });
}

/** SCHEDULED → QUEUED; false when another instance (or tick) did it first. */
export async function takeScheduledBroadcast(db: DbOrTx, id: string, at: Date): Promise<boolean> {
  const result = await db.broadcast.updateMany({
    where: { id, status: "SCHEDULED" },
    data: { status: "QUEUED", queuedAt: at },
  });
  return result.count === 1;
}

/** QUEUED → DONE; true for the one caller that finished it (it writes the final report). */
export async function finishBroadcast(db: DbOrTx, id: string, at: Date): Promise<boolean> {
  const result = await db.broadcast.updateMany({
    where: { id, status: "QUEUED" },
    data: { status: "DONE", finishedAt: at },
  });
  return result.count === 1;
}

export function listQueuedBroadcastIds(db: DbOrTx) {
  return db.broadcast.findMany({ where: { status: "QUEUED" }, select: { id: true } });
}

/**
 * Reserves the right to post a broadcast's progress message (0 stands for "being posted"), so
 * two instances do not both post one.
 */
export async function reserveProgressMessage(db: DbOrTx, id: string): Promise<boolean> {
  const result = await db.broadcast.updateMany({
    where: { id, progressMessageId: null, progressChatId: { not: null } },
    data: { progressMessageId: 0 },
  });
  return result.count === 1;
}

export async function setProgressMessage(db: DbOrTx, id: string, messageId: number | null) {
  await db.broadcast.update({ where: { id }, data: { progressMessageId: messageId } });
}

export function findHostUnitsOfProgram(db: DbOrTx, programId: string) {
  return db.hostUnit.findMany({
    where: { programId },
    select: { id: true, name: true, shortName: true },
    orderBy: { name: "asc" },
  });
}

export function findProgramForBroadcast(db: DbOrTx, programId: string) {
  return db.program.findUnique({ where: { id: programId }, include: { hostProvince: true } });
}

export function findLocaleOfPerson(db: DbOrTx, personId: string) {
  return db.telegramAccount.findUnique({ where: { personId }, select: { locale: true } });
}

/** SCHEDULED → CANCELLED; false when it was queued (or cancelled) first. */
export async function cancelScheduledBroadcast(db: DbOrTx, id: string, at: Date): Promise<boolean> {
  const result = await db.broadcast.updateMany({
    where: { id, status: "SCHEDULED" },
    data: { status: "CANCELLED", finishedAt: at },
  });
  return result.count === 1;
}

/** A program's announcements waiting for their time, soonest first. */
export function listScheduledBroadcasts(db: DbOrTx, programId: string, limit: number) {
  return db.broadcast.findMany({
    where: { programId, status: "SCHEDULED" },
    select: {
      id: true,
      createdById: true,
      audience: true,
      contentKind: true,
      text: true,
      scheduledFor: true,
    },
    orderBy: { scheduledFor: "asc" },
    take: limit,
  });
}
