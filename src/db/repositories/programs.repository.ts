import type { ProgramSide } from "../../generated/prisma/enums.ts";
import type { DbOrTx } from "../client.ts";

export interface NewProgram {
  name: string;
  sendingProvinceCode: string;
  hostProvinceCode: string;
  startDate: Date;
  endDate: Date;
  agreementRef: string | null;
  createdById: string | null;
  returnOfProgramId?: string | null;
  workingWeekdays?: number[];
  checkInOpensAt?: string;
  startOfDayAt?: string;
  checkInClosesAt?: string;
  endOfDayAt?: string;
  morningReminderAt?: string;
  checkInNudgeMinutes?: number;
  eveningReminderAt?: string;
  dailyRecapAt?: string;
  preStartReminderAt?: string;
  requireSelfie?: boolean;
}

export function insertProgram(db: DbOrTx, program: NewProgram) {
  return db.program.create({ data: { ...program, status: "ACTIVE" } });
}

export function findProgramById(db: DbOrTx, programId: string) {
  return db.program.findUnique({ where: { id: programId } });
}

/** Programs still running or planned; `ids` undefined means every program (administrators). */
export function listOpenPrograms(db: DbOrTx, ids: string[] | undefined, limit = 30) {
  return db.program.findMany({
    where: {
      status: { in: ["ACTIVE", "DRAFT"] },
      ...(ids === undefined ? {} : { id: { in: ids } }),
    },
    orderBy: [{ startDate: "desc" }, { name: "asc" }],
    take: limit,
  });
}

export function countRosterEntries(db: DbOrTx, programId: string) {
  return db.rosterEntry.count({ where: { programId } });
}

export type { ProgramSide };
