import type { Db, DbOrTx } from "../../db/client.ts";
import { findProgramById, insertProgram } from "../../db/repositories/programs.repository.ts";
import { insertRoleGrantOnce } from "../../db/repositories/roles.repository.ts";
import { addDays, dateColumn, daysBetween, isoDateOf } from "../../domain/time.ts";
import { recordAudit } from "../audit/audit.service.ts";

/** The program with this id, or null. */
export function findProgram(db: DbOrTx, programId: string) {
  return findProgramById(db, programId);
}

export interface ProgramDraft {
  name: string;
  sendingProvinceCode: string;
  hostProvinceCode: string;
  /** YYYY-MM-DD */
  startDate: string;
  endDate: string;
  agreementRef: string | null;
}

/**
 * Creates a program (ACTIVE) and, when a person creates it, makes them its coordinator.
 * Shared by /programbaru and the command-line tool.
 */
export async function createProgram(
  db: Db,
  draft: ProgramDraft,
  creator: { personId: string | null; now: Date },
) {
  return db.$transaction(async (tx) => {
    const program = await insertProgram(tx, {
      name: draft.name,
      sendingProvinceCode: draft.sendingProvinceCode,
      hostProvinceCode: draft.hostProvinceCode,
      startDate: dateColumn(draft.startDate),
      endDate: dateColumn(draft.endDate),
      agreementRef: draft.agreementRef,
      createdById: creator.personId,
    });
    if (creator.personId) {
      await grantCoordinatorOfNewProgram(tx, program.id, creator.personId, creator.now);
    }
    await recordAudit(tx, {
      actorId: creator.personId,
      action: "program.created",
      programId: program.id,
      details: {
        sendingProvinceCode: draft.sendingProvinceCode,
        hostProvinceCode: draft.hostProvinceCode,
        startDate: draft.startDate,
        endDate: draft.endDate,
      },
      at: creator.now,
    });
    return program;
  });
}

/** The dates of a return visit: a given start, or the original shifted by N days; same length. */
export function returnVisitDates(
  original: { startDate: Date; endDate: Date },
  start: string,
): { startDate: string; endDate: string } {
  const length = daysBetween(isoDateOf(original.startDate), isoDateOf(original.endDate));
  return { startDate: start, endDate: addDays(start, length) };
}

/**
 * A return visit (kunjungan balasan): the same program with the provinces swapped, its settings
 * copied; participants and placements are not (the host now sends its own people).
 */
export async function createReturnVisit(
  db: Db,
  input: {
    originalId: string;
    name: string;
    startDate: string;
    personId: string | null;
    now: Date;
  },
) {
  const original = await findProgramById(db, input.originalId);
  if (!original) return undefined;
  const dates = returnVisitDates(original, input.startDate);
  return db.$transaction(async (tx) => {
    const program = await insertProgram(tx, {
      name: input.name,
      sendingProvinceCode: original.hostProvinceCode,
      hostProvinceCode: original.sendingProvinceCode,
      startDate: dateColumn(dates.startDate),
      endDate: dateColumn(dates.endDate),
      agreementRef: original.agreementRef,
      createdById: input.personId,
      returnOfProgramId: original.id,
      workingWeekdays: original.workingWeekdays,
      checkInOpensAt: original.checkInOpensAt,
      startOfDayAt: original.startOfDayAt,
      checkInClosesAt: original.checkInClosesAt,
      endOfDayAt: original.endOfDayAt,
      morningReminderAt: original.morningReminderAt,
      checkInNudgeMinutes: original.checkInNudgeMinutes,
      eveningReminderAt: original.eveningReminderAt,
      dailyRecapAt: original.dailyRecapAt,
      preStartReminderAt: original.preStartReminderAt,
      requireSelfie: original.requireSelfie,
    });
    if (input.personId) {
      await grantCoordinatorOfNewProgram(tx, program.id, input.personId, input.now);
    }
    await recordAudit(tx, {
      actorId: input.personId,
      action: "program.return_visit_created",
      programId: program.id,
      details: { returnOfProgramId: original.id, startDate: dates.startDate },
      at: input.now,
    });
    return program;
  });
}

/** Whoever creates a program coordinates it. */
function grantCoordinatorOfNewProgram(tx: DbOrTx, programId: string, personId: string, at: Date) {
  return insertRoleGrantOnce(tx, {
    personId,
    role: "COORDINATOR",
    programId,
    hostUnitId: null,
    side: null,
    grantedById: personId,
    grantedAt: at,
  });
}
