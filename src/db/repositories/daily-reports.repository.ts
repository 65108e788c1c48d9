import type { DbOrTx } from "../client.ts";

export function findDailyReport(db: DbOrTx, enrollmentId: string, localDate: Date) {
  return db.dailyReport.findUnique({
    where: { enrollmentId_localDate: { enrollmentId, localDate } },
  });
}

/** Writes the day's text; replacing a report starts its photos afresh. */
export function upsertDailyReportText(
  db: DbOrTx,
  report: { enrollmentId: string; programId: string; localDate: Date; text: string; at: Date },
) {
  return db.dailyReport.upsert({
    where: {
      enrollmentId_localDate: { enrollmentId: report.enrollmentId, localDate: report.localDate },
    },
    create: {
      enrollmentId: report.enrollmentId,
      programId: report.programId,
      localDate: report.localDate,
      text: report.text,
      createdAt: report.at,
      updatedAt: report.at,
    },
    update: { text: report.text, photoFileIds: [], updatedAt: report.at },
  });
}

export function appendDailyReportPhoto(db: DbOrTx, reportId: string, fileId: string, at: Date) {
  return db.dailyReport.update({
    where: { id: reportId },
    data: { photoFileIds: { push: fileId }, updatedAt: at },
  });
}

export function findDailyReportById(db: DbOrTx, reportId: string) {
  return db.dailyReport.findUnique({ where: { id: reportId } });
}

export function listDailyReportsOfEnrollment(db: DbOrTx, enrollmentId: string) {
  return db.dailyReport.findMany({ where: { enrollmentId }, orderBy: { localDate: "asc" } });
}
