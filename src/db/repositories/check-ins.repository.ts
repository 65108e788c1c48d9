import type { AttendanceStatus, ReviewState } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";

export interface NewCheckIn {
  enrollmentId: string;
  programId: string;
  hostUnitId: string | null;
  /** The working day in the host province's zone, at UTC midnight. */
  localDate: Date;
  status: AttendanceStatus;
  reason?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  accuracyM?: number | null;
  distanceM?: number | null;
  insideGeofence?: boolean | null;
  photoFileId?: string | null;
  review?: ReviewState;
  recordedAt: Date;
}

/** Throws Prisma's unique violation (P2002) when the day already has a check-in. */
export function insertCheckIn(db: DbOrTx, checkIn: NewCheckIn) {
  return db.checkIn.create({ data: checkIn });
}

export function findCheckInForDay(db: DbOrTx, enrollmentId: string, localDate: Date) {
  return db.checkIn.findUnique({ where: { enrollmentId_localDate: { enrollmentId, localDate } } });
}

export function findCheckInForReview(db: DbOrTx, checkInId: string) {
  return db.checkIn.findUnique({
    where: { id: checkInId },
    include: {
      enrollment: {
        include: {
          person: { include: { account: true } },
          hostUnit: true,
          program: { include: { hostProvince: true } },
        },
      },
    },
  });
}

/**
 * Replaces a flagged or rejected check-in with a new attempt, once: false when it changed
 * since it was read (another attempt or a review came first).
 */
export async function replaceFlaggedCheckIn(
  db: DbOrTx,
  existing: { id: string; attempts: number },
  record: NewCheckIn,
): Promise<boolean> {
  const result = await db.checkIn.updateMany({
    where: {
      id: existing.id,
      attempts: existing.attempts,
      review: { in: ["PENDING", "REJECTED"] },
    },
    data: {
      status: record.status,
      reason: record.reason ?? null,
      latitude: record.latitude ?? null,
      longitude: record.longitude ?? null,
      accuracyM: record.accuracyM ?? null,
      distanceM: record.distanceM ?? null,
      insideGeofence: record.insideGeofence ?? null,
      photoFileId: record.photoFileId ?? null,
      review: record.review ?? "NONE",
      reviewedById: null,
      reviewedAt: null,
      recordedAt: record.recordedAt,
      attempts: existing.attempts + 1,
    },
  });
  return result.count === 1;
}

/** Sets a participant's status for a day by a reviewer's correction (confirmed as reviewed). */
export function upsertCorrectedCheckIn(
  db: DbOrTx,
  record: NewCheckIn & { reviewedById: string | null },
) {
  const fields = {
    status: record.status,
    reason: record.reason ?? null,
    review: "CONFIRMED" as const,
    reviewedById: record.reviewedById,
    reviewedAt: record.recordedAt,
  };
  return db.checkIn.upsert({
    where: {
      enrollmentId_localDate: { enrollmentId: record.enrollmentId, localDate: record.localDate },
    },
    create: {
      enrollmentId: record.enrollmentId,
      programId: record.programId,
      hostUnitId: record.hostUnitId,
      localDate: record.localDate,
      recordedAt: record.recordedAt,
      ...fields,
    },
    update: fields,
  });
}

export function deleteCheckInForDay(db: DbOrTx, enrollmentId: string, localDate: Date) {
  return db.checkIn.deleteMany({ where: { enrollmentId, localDate } });
}

/** Decides a pending review once; false when someone else decided it first. */
export async function decideCheckInReview(
  db: DbOrTx,
  checkInId: string,
  decision: "CONFIRMED" | "REJECTED",
  reviewerPersonId: string | null,
  at: Date,
): Promise<boolean> {
  const result = await db.checkIn.updateMany({
    where: { id: checkInId, review: "PENDING" },
    data: { review: decision, reviewedById: reviewerPersonId, reviewedAt: at },
  });
  return result.count === 1;
}

export function listCheckInsOfEnrollment(db: DbOrTx, enrollmentId: string) {
  return db.checkIn.findMany({ where: { enrollmentId }, orderBy: { localDate: "asc" } });
}

/**
 * Telegram chats of the people who may review a check-in at this host unit: its mentors and the
 * program's coordinators (those limited to another unit excluded).
 */
export async function findCheckInReviewerChats(
  db: DbOrTx,
  programId: string,
  hostUnitId: string | null,
): Promise<{ personId: string; telegramUserId: bigint; locale: string | null }[]> {
  const grants = await db.roleGrant.findMany({
    where: {
      revokedAt: null,
      programId,
      OR: [
        ...(hostUnitId ? [{ role: "MENTOR" as const, hostUnitId }] : []),
        {
          role: "COORDINATOR",
          OR: [{ hostUnitId: null }, ...(hostUnitId ? [{ hostUnitId }] : [])],
        },
      ],
    },
    include: { person: { include: { account: true } } },
  });
  const chats = new Map<
    string,
    { personId: string; telegramUserId: bigint; locale: string | null }
  >();
  for (const grant of grants) {
    const account = grant.person.account;
    if (!account || account.unreachableAt) continue;
    chats.set(grant.personId, {
      personId: grant.personId,
      telegramUserId: account.telegramUserId,
      locale: account.locale,
    });
  }
  return [...chats.values()];
}

/** The participant's Telegram chat and language, to tell them of a correction. */
export function findAccountOfEnrollment(db: DbOrTx, enrollmentId: string) {
  return db.enrollment.findUnique({
    where: { id: enrollmentId },
    select: { person: { select: { account: { select: { telegramUserId: true, locale: true } } } } },
  });
}
