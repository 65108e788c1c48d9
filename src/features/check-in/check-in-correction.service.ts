import type { Db } from "../../db/client.ts";
import {
  deleteCheckInForDay,
  findAccountOfEnrollment,
  findCheckInForDay,
  upsertCorrectedCheckIn,
} from "../../db/repositories/check-ins.repository.ts";
import {
  findEnrollmentByNip,
  findEnrollmentOfProgram,
} from "../../db/repositories/placement.repository.ts";
import { dateColumn } from "../../domain/time.ts";
import type { AttendanceStatus } from "../../generated/prisma/enums.ts";
import { recordAudit } from "../audit/audit.service.ts";

/** The status a reviewer sets: a recorded one, or ALPA (no check-in that day). */
export type CorrectedStatus = AttendanceStatus | "ALPA";

/** The codes reviewers type, as on the recap (H, TL, I, S, DL, TK). */
export const CORRECTION_CODES: Readonly<Record<string, CorrectedStatus>> = {
  H: "HADIR",
  TL: "TERLAMBAT",
  I: "IZIN",
  S: "SAKIT",
  DL: "DINAS_LUAR",
  TK: "ALPA",
};

export const MAX_CORRECTION_REASON = 500;

export interface CorrectionInput {
  programId: string;
  enrollment: { id: string; hostUnitId: string | null };
  /** "YYYY-MM-DD" in the host province's zone. */
  day: string;
  status: CorrectedStatus;
  reason: string;
  actorPersonId: string | null;
  now: Date;
}

/**
 * Sets a participant's status for a day, as a reviewer decided, with its audit entry (the
 * status before, the status after and the reason), in one transaction. ALPA removes the day's
 * check-in, so every count treats the day as missed; any other status stands as reviewed.
 * The caller has checked that the actor may review this participant.
 */
export async function correctCheckIn(
  db: Db,
  input: CorrectionInput,
): Promise<{ previous: CorrectedStatus }> {
  const date = dateColumn(input.day);
  return db.$transaction(async (tx) => {
    const existing = await findCheckInForDay(tx, input.enrollment.id, date);
    const previous: CorrectedStatus =
      existing && existing.review !== "REJECTED" ? existing.status : "ALPA";
    if (input.status === "ALPA") {
      await deleteCheckInForDay(tx, input.enrollment.id, date);
    } else {
      await upsertCorrectedCheckIn(tx, {
        enrollmentId: input.enrollment.id,
        programId: input.programId,
        hostUnitId: existing?.hostUnitId ?? input.enrollment.hostUnitId,
        localDate: date,
        status: input.status,
        reason: input.reason,
        recordedAt: input.now,
        reviewedById: input.actorPersonId,
      });
    }
    await recordAudit(tx, {
      actorId: input.actorPersonId,
      action: "checkin.corrected",
      programId: input.programId,
      details: {
        enrollmentId: input.enrollment.id,
        day: input.day,
        from: previous,
        fromReview: existing?.review ?? null,
        to: input.status,
        reason: input.reason,
      },
      at: input.now,
    });
    return { previous };
  });
}

/** The participant a correction names, by NIP within the program (null when not enrolled). */
export function findCorrectionSubject(db: Db, programId: string, nip: string) {
  return findEnrollmentByNip(db, programId, nip);
}

/** The Telegram account to tell about a correction (null when the participant has none). */
export async function findCorrectedParticipantAccount(db: Db, enrollmentId: string) {
  return (await findAccountOfEnrollment(db, enrollmentId))?.person.account ?? null;
}

/** The participant a correction started from a review button names (null when withdrawn). */
export function findCorrectionEnrollment(db: Db, programId: string, enrollmentId: string) {
  return findEnrollmentOfProgram(db, programId, enrollmentId);
}
