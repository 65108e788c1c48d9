import type { Prisma } from "../../generated/prisma/client.ts";
import type { DbOrTx } from "../client.ts";

const settingsSelect = {
  id: true,
  name: true,
  endDate: true,
  certificateHours: true,
  certificateMinAttendance: true,
  certificateNeedsFinalReport: true,
  certificateSignatories: true,
  assessmentCriteria: true,
  assessmentClosesOn: true,
} as const;

/** The end-of-program settings of a program (JP, thresholds, signatories, assessment). */
export function findProgramSettings(db: DbOrTx, programId: string) {
  return db.program.findUnique({ where: { id: programId }, select: settingsSelect });
}

export type ProgramSettingsRow = NonNullable<Awaited<ReturnType<typeof findProgramSettings>>>;

export interface ProgramSettingsChange {
  certificateHours?: number | null;
  certificateMinAttendance?: number;
  certificateNeedsFinalReport?: boolean;
  certificateSignatories?: Prisma.InputJsonValue;
  assessmentCriteria?: string[];
  assessmentClosesOn?: Date | null;
}

export function updateProgramSettings(
  db: DbOrTx,
  programId: string,
  change: ProgramSettingsChange,
) {
  return db.program.update({ where: { id: programId }, data: change, select: settingsSelect });
}
