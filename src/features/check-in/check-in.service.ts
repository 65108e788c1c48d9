import type { DbOrTx } from "../../db/client.ts";
import {
  decideCheckInReview,
  findCheckInForDay,
  findCheckInForReview,
  insertCheckIn,
  type NewCheckIn,
  replaceFlaggedCheckIn,
} from "../../db/repositories/check-ins.repository.ts";
import { checkGeofence } from "../../domain/geo.ts";
import { dateColumn } from "../../domain/time.ts";
import type { CheckIn } from "../../generated/prisma/client.ts";
import type { AttendanceStatus } from "../../generated/prisma/enums.ts";
import type { ParticipantPlacement } from "../shared/participant-placement.ts";
import { checkInCalendar } from "./check-in-calendar.ts";
import { type CheckInDay, evaluateCheckInDay } from "./check-in-day.ts";

export type AbsenceStatus = Extract<AttendanceStatus, "IZIN" | "SAKIT" | "DINAS_LUAR">;

/** Attempts a participant has per day when a check-in was flagged or rejected (the first included). */
export const MAX_CHECKIN_ATTEMPTS_PER_DAY = 3;

/**
 * A check-in may be tried again (within the window) when a reviewer has not accepted it: it
 * waits for review (outside the geofence) or was rejected, and the day's attempts remain.
 */
export function mayRetryCheckIn(checkIn: Pick<CheckIn, "review" | "attempts">): boolean {
  return (
    (checkIn.review === "PENDING" || checkIn.review === "REJECTED") &&
    checkIn.attempts < MAX_CHECKIN_ATTEMPTS_PER_DAY
  );
}

export type CheckInReadiness =
  | { kind: "already"; checkIn: CheckIn }
  | Exclude<CheckInDay, { kind: "open" }>
  | (Extract<CheckInDay, { kind: "open" }> & { retryOf?: CheckIn });

/** What /hadir can do now: check in, or why not (day off, window, already done). */
export function checkInReadiness(
  db: DbOrTx,
  placement: ParticipantPlacement,
  at: Date,
): Promise<CheckInReadiness> {
  return readiness(db, placement, at, { lookUpWhenOpen: true });
}

/**
 * `lookUpWhenOpen: false` when about to record: on an open day the insert itself finds an
 * existing check-in (the unique key on enrollment and day), so the query before it is spared.
 */
async function readiness(
  db: DbOrTx,
  placement: ParticipantPlacement,
  at: Date,
  options: { lookUpWhenOpen: boolean },
): Promise<CheckInReadiness> {
  const calendar = await checkInCalendar(db, placement.program, at.getTime());
  const day = evaluateCheckInDay(at, placement.timeZone, placement.program, calendar);
  if ((day.kind === "open" && options.lookUpWhenOpen) || day.kind === "outside_window") {
    const existing = await findCheckInForDay(
      db,
      placement.enrollment.id,
      dateColumn(day.localDate),
    );
    if (existing && day.kind === "open" && mayRetryCheckIn(existing)) {
      return { ...day, retryOf: existing };
    }
    if (existing) return { kind: "already", checkIn: existing };
  }
  return day;
}

export interface LocationCheckInInput {
  latitude: number;
  longitude: number;
  accuracyM: number | null;
  photoFileId?: string | null;
  /** When the location was sent (judges on time or late); the record time is `now`. */
  locatedAt: Date;
}

export type CheckInOutcome =
  | { kind: "recorded"; checkIn: CheckIn }
  | { kind: "already"; checkIn: CheckIn }
  | { kind: "closed"; day: Exclude<CheckInDay, { kind: "open" }> };

/**
 * Records today's check-in from a location: inside the geofence it stands as is; outside (or
 * when the office has no coordinates) it is kept with the distance and waits for a review.
 */
export async function recordLocationCheckIn(
  db: DbOrTx,
  placement: ParticipantPlacement,
  input: LocationCheckInInput,
  now: Date,
): Promise<CheckInOutcome> {
  const ready = await readiness(db, placement, input.locatedAt, { lookUpWhenOpen: false });
  if (ready.kind === "already") return ready;
  if (ready.kind !== "open") return { kind: "closed", day: ready };
  const unit = placement.hostUnit;
  const geofence =
    unit.latitude !== null && unit.longitude !== null
      ? checkGeofence({
          point: { latitude: input.latitude, longitude: input.longitude },
          accuracyMetres: input.accuracyM ?? undefined,
          office: { latitude: unit.latitude, longitude: unit.longitude },
          radiusMetres: unit.geofenceRadiusM,
        })
      : undefined;
  const inside = geofence?.inside ?? false;
  return insertOnce(db, {
    ...baseRecord(placement, ready.localDate, now),
    status: ready.status,
    latitude: input.latitude,
    longitude: input.longitude,
    accuracyM: input.accuracyM,
    distanceM: geofence ? Math.round(geofence.distanceMetres) : null,
    insideGeofence: geofence ? inside : null,
    photoFileId: input.photoFileId ?? null,
    review: inside ? "NONE" : "PENDING",
  });
}

/** Izin, sakit or dinas luar, with the participant's reason. */
export async function recordAbsenceCheckIn(
  db: DbOrTx,
  placement: ParticipantPlacement,
  status: AbsenceStatus,
  reason: string,
  now: Date,
): Promise<CheckInOutcome> {
  const ready = await readiness(db, placement, now, { lookUpWhenOpen: false });
  if (ready.kind === "already") return ready;
  if (ready.kind !== "open") return { kind: "closed", day: ready };
  return insertOnce(db, {
    ...baseRecord(placement, ready.localDate, now),
    status,
    reason,
  });
}

function baseRecord(placement: ParticipantPlacement, localDate: string, now: Date) {
  return {
    enrollmentId: placement.enrollment.id,
    programId: placement.program.id,
    hostUnitId: placement.hostUnit.id,
    localDate: dateColumn(localDate),
    recordedAt: now,
  };
}

/**
 * Two check-ins racing for the same day: the unique key keeps one, the other sees it. A day
 * whose check-in was flagged or rejected takes the new attempt in its place while attempts remain.
 */
async function insertOnce(db: DbOrTx, record: NewCheckIn): Promise<CheckInOutcome> {
  try {
    return { kind: "recorded", checkIn: await insertCheckIn(db, record) };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await findCheckInForDay(db, record.enrollmentId, record.localDate);
    if (!existing) throw error;
    if (mayRetryCheckIn(existing) && (await replaceFlaggedCheckIn(db, existing, record))) {
      const replaced = await findCheckInForDay(db, record.enrollmentId, record.localDate);
      if (replaced) return { kind: "recorded", checkIn: replaced };
    }
    const current = await findCheckInForDay(db, record.enrollmentId, record.localDate);
    return { kind: "already", checkIn: current ?? existing };
  }
}

/**
 * Prisma's P2002, PostgreSQL's 23505 (node-postgres), or a raw query's P2010 that carries 23505
 * (a hand-written statement inside a transaction goes through Prisma: see direct-sql.ts).
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    if (typeof current !== "object") return false;
    const candidate = current as {
      code?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
    };
    if (candidate.code === "P2002" || candidate.code === "23505") return true;
    if (candidate.meta?.driverAdapterError?.cause?.originalCode === "23505") return true;
    current = candidate.cause;
  }
  return false;
}

export type ReviewOutcome =
  | { kind: "not_found" }
  | { kind: "already_decided"; checkIn: CheckIn }
  | {
      kind: "decided";
      decision: "CONFIRMED" | "REJECTED";
      checkIn: NonNullable<Awaited<ReturnType<typeof findCheckInForReview>>>;
    };

export function loadCheckInForReview(db: DbOrTx, checkInId: string) {
  return findCheckInForReview(db, checkInId);
}

/** Confirms or rejects a flagged check-in once; the caller has checked the reviewer's rights. */
export async function decideReview(
  db: DbOrTx,
  checkInId: string,
  decision: "CONFIRMED" | "REJECTED",
  reviewerPersonId: string | null,
  now: Date,
): Promise<ReviewOutcome> {
  const checkIn = await findCheckInForReview(db, checkInId);
  if (!checkIn) return { kind: "not_found" };
  if (checkIn.review !== "PENDING") return { kind: "already_decided", checkIn };
  const decided = await decideCheckInReview(db, checkInId, decision, reviewerPersonId, now);
  if (!decided) {
    const current = await findCheckInForReview(db, checkInId);
    return { kind: "already_decided", checkIn: current ?? checkIn };
  }
  return { kind: "decided", decision, checkIn };
}
