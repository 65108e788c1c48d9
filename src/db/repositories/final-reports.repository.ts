import type { DbOrTx } from "../client.ts";

export interface FinalReportContent {
  text?: string | null;
  fileId?: string | null;
  fileName?: string | null;
  mimeType?: string | null;
  fileSize?: number | null;
  storedPath?: string | null;
}

export function findFinalReport(db: DbOrTx, enrollmentId: string) {
  return db.finalReport.findUnique({ where: { enrollmentId } });
}

/** A new submission replaces the earlier one entirely (text or file, not both). */
export function saveFinalReport(
  db: DbOrTx,
  enrollmentId: string,
  content: FinalReportContent,
  at: Date,
) {
  const data = {
    text: content.text ?? null,
    fileId: content.fileId ?? null,
    fileName: content.fileName ?? null,
    mimeType: content.mimeType ?? null,
    fileSize: content.fileSize ?? null,
    storedPath: content.storedPath ?? null,
    submittedAt: at,
  };
  return db.finalReport.upsert({
    where: { enrollmentId },
    create: { enrollmentId, ...data },
    update: data,
  });
}

export function saveFeedback(
  db: DbOrTx,
  feedback: {
    enrollmentId: string;
    hostRating: number;
    mentorRating: number;
    comment: string | null;
    at: Date;
  },
) {
  const data = {
    hostRating: feedback.hostRating,
    mentorRating: feedback.mentorRating,
    comment: feedback.comment,
    submittedAt: feedback.at,
  };
  return db.feedback.upsert({
    where: { enrollmentId: feedback.enrollmentId },
    create: { enrollmentId: feedback.enrollmentId, ...data },
    update: data,
  });
}
