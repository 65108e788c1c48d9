import type { Db } from "../../db/client.ts";
import {
  deleteChatState,
  readChatState,
  writeChatState,
} from "../../db/repositories/chat-state.repository.ts";
import {
  deleteProgramHolidays,
  findHolidayOn,
  insertHoliday,
} from "../../db/repositories/days-off.repository.ts";
import { findProgramDaysOff } from "../../db/repositories/holidays.repository.ts";
import { findProgramById } from "../../db/repositories/programs.repository.ts";
import { dateColumn } from "../../domain/time.ts";
import type { HolidayKind } from "../../generated/prisma/enums.ts";
import { recordAudit } from "../audit/audit.service.ts";

/** What /libur was asked to do, kept while the coordinator picks the program. */
export type DaysOffAction =
  | { action: "list" }
  | { action: "add"; date: string; name: string }
  | { action: "remove"; date: string };

const waitKey = (user: bigint) => `libur-wait:${user}`;

export async function savePendingDaysOffAction(
  db: Db,
  telegramUserId: bigint,
  action: DaysOffAction,
): Promise<void> {
  await writeChatState(db, waitKey(telegramUserId), action);
}

/** The action kept while the program was being picked, removed as it is read. */
export async function takePendingDaysOffAction(
  db: Db,
  telegramUserId: bigint,
): Promise<DaysOffAction | undefined> {
  const key = waitKey(telegramUserId);
  const action = await readChatState<DaysOffAction>(db, key);
  await deleteChatState(db, key);
  return action;
}

export async function daysOffOfProgram(db: Db, programId: string) {
  const program = await findProgramById(db, programId);
  if (!program) return undefined;
  const days = await findProgramDaysOff(db, program, program.startDate, program.endDate);
  return { program, days };
}

/** Adds a day off; false when the same one is already there (adding twice changes nothing). */
export async function addDayOff(
  db: Db,
  input: {
    date: string;
    name: string;
    kind: HolidayKind;
    programId: string | null;
    provinceCode: string | null;
    actorId: string | null;
    now: Date;
  },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const where = {
      date: dateColumn(input.date),
      kind: input.kind,
      programId: input.programId,
      provinceCode: input.provinceCode,
    };
    if (await findHolidayOn(tx, where)) return false;
    await insertHoliday(tx, { ...where, name: input.name, createdById: input.actorId });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "day_off.added",
      programId: input.programId,
      details: { date: input.date, kind: input.kind, provinceCode: input.provinceCode },
      at: input.now,
    });
    return true;
  });
}

export async function removeProgramDayOff(
  db: Db,
  input: { programId: string; date: string; actorId: string | null; now: Date },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await deleteProgramHolidays(tx, input.programId, dateColumn(input.date));
    if (count === 0) return false;
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "day_off.removed",
      programId: input.programId,
      details: { date: input.date },
      at: input.now,
    });
    return true;
  });
}
