import { randomUUID } from "node:crypto";
import { isoDateOf } from "../../domain/time.ts";
import type { CheckIn } from "../../generated/prisma/client.ts";
import type { AttendanceStatus, ReviewState } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";
import { queryRows, reviveTimestamps } from "../direct-sql.ts";

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

/**
 * Throws a unique violation (SQLSTATE 23505; see isUniqueViolation) when the day already has a
 * check-in. Hand-written, one prepared statement: Prisma's create cost about 0.8 ms of CPU a call
 * (measured), four times the statement through node-postgres. Returns the row as create does.
 */
export async function insertCheckIn(db: DbOrTx, checkIn: NewCheckIn): Promise<CheckIn> {
  const rows = await queryRows<{ row: Record<string, unknown> }>(db, insertCheckInStatement, [
    randomUUID(),
    checkIn.enrollmentId,
    checkIn.programId,
    checkIn.hostUnitId,
    isoDateOf(checkIn.localDate),
    checkIn.status,
    checkIn.reason ?? null,
    checkIn.latitude ?? null,
    checkIn.longitude ?? null,
    checkIn.accuracyM ?? null,
    checkIn.distanceM ?? null,
    checkIn.insideGeofence ?? null,
    checkIn.photoFileId ?? null,
    checkIn.review ?? "NONE",
    checkIn.recordedAt.toISOString(),
  ]);
  const row = rows[0]?.row;
  if (!row) throw new Error("insert into CheckIn returned no row");
  return reviveTimestamps(row, ["localDate", "reviewedAt", "recordedAt"]) as unknown as CheckIn;
}

// `attempts` takes its default (1), as with create.
const insertCheckInStatement = {
  name: "tandang_insert_check_in",
  text: `
    INSERT INTO "CheckIn" ("id", "enrollmentId", "programId", "hostUnitId", "localDate", "status",
      "reason", "latitude", "longitude", "accuracyM", "distanceM", "insideGeofence", "photoFileId",
      "review", "recordedAt")
    VALUES ($1::text, $2::text, $3::text, $4::text, $5::date, $6::text::"AttendanceStatus",
      $7::text, $8::float8, $9::float8, $10::float8, $11::float8, $12::boolean, $13::text,
      $14::text::"ReviewState", $15::timestamp)
    RETURNING to_jsonb("CheckIn") AS "row"`,
};

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
